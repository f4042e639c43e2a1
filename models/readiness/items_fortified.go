package readiness

// The Cloud Fortified items and the approval-ticket questions (seed 002), and the development
// checklist (seed 004).
var fortifiedItems = []Item{
	// --- Cloud Fortified (seed 002)
	{
		ID: "cf.slos", Section: SectionFortified, Title: "SLIs and SLOs over 28 days",
		Question: "Are SLIs defined with SLOs measured over 28 days (app availability 99.9%, installation callbacks and webhooks 99%), and are they met?",
		Why:      "A Cloud Fortified app is reliable when it consistently meets the SLO of each SLI, measured over 28 days.",
		Cites: []Citation{
			cite(seed002, "Creating a reliable experience for customers", "In the Cloud Fortified program, SLOs are measured over 28 days."),
			cite(seed002, "Creating a reliable experience for customers", "A Cloud Fortified app is considered reliable when it consistently meets the SLO of each SLI."),
		},
		Required: true, Evidence: []Rule{RuleSLOs},
	},
	{
		ID: "cf.alerts", Section: SectionFortified, Title: "Alerts on SLO breach",
		Question: "Does an alert page the team when an SLI breaches its SLO, so issues are found by monitoring rather than by customers?",
		Why:      "The program cuts the mean time to detect (MTTD) by alerting on breaches.",
		Cites: []Citation{
			cite(seed002, "Detecting incidents before customers", "reduces the Mean Time To Detect (MTTD) by sending alerts when a metric is breached"),
			cite(seed002, "Detecting incidents before customers", "detect issues by monitoring rather than relying on customers to report issues"),
		},
		Required: true, Evidence: []Rule{RulePager, RuleSLOs},
	},
	{
		ID: "cf.synthetic", Section: SectionFortified, Title: "Synthetic tests",
		Question: "Do synthetic tests simulate users of the app through Jira or Confluence, run regularly against the Developer First Rollout instance, and report their results?",
		Why:      "Synthetic tests spot product changes that quickly degrade the app's core capabilities.",
		Cites: []Citation{
			cite(seed002, "2. Implement synthetic tests:", "run them regularly against your Developer First Rollout instance"),
			cite(seed002, "2. Implement synthetic tests:", "Synthetic tests let you spot cases where product changes quickly degrade your app's core capabilities."),
		},
		Required: true, Evidence: []Rule{RuleSynthetic},
	},
	{
		ID: "cf.health-check", Section: SectionFortified, Title: "Health-check resource",
		Question: "Does the app expose a health-check resource that answers an unauthenticated GET with 200 over HTTPS within 3 s, without redirects?",
		Why:      "Atlassian measures app availability by calling it about every 60 s; only a 200 within 3 s counts.",
		Cites: []Citation{
			cite(seed002, "3. Identify or implement a health check resource (for Connect apps):", "you must provide the URL of a health check resource for your app"),
		},
		Required: true, Evidence: []Rule{RuleHealthCheck},
	},
	{
		ID: "cf.breach-notifications", Section: SectionFortified, Title: "Breach e-mails received",
		Question: "Do you receive the e-mail notifications sent when an SLI breaches its SLO, and do the developer console metrics match your own?",
		Why:      "The notification is Atlassian's view of your reliability; missing or suspicious data must be reported.",
		Cites: []Citation{
			cite(seed002, "6. Final steps", "Make sure you receive email notifications when SLIs breach their SLOs."),
			cite(seed002, "6. Final steps", "Confirm the metrics on the developer console match your expectations."),
		},
		Required: true,
	},
	{
		ID: "cf.deprecation", Section: SectionFortified, Title: "Deprecation notices",
		Question: "Who watches deprecation notices, and how do you make sure you act within the deprecation period?",
		Why:      "APIs the app relies on go away on a schedule.",
		Cites: []Citation{
			cite(seed002, "Deprecation", "Act on deprecation notices within the deprecation period."),
		},
	},

	// --- Approval ticket (seed 002 "4. Submit this information in your approval ticket:")
	ticket("ticket.scaling-factors", ticketScalability, "Scaling factors",
		"What are the app's scaling factors (database accesses, concurrent request processing, queues, bulk operations, non-linear operations, pagination, N+1 API calls)?",
		"Explain your app's scaling factors", nil),
	ticket("ticket.scale-behaviour", ticketScalability, "Behaviour at scale",
		"What do you expect the app to do with thousands of concurrent users, large datasets and distributed users?",
		"Explain what do you expect your app to do in the presence of:", nil),
	ticket("ticket.rate-limits", ticketScalability, "Rate limits",
		"How will the app respond to rate limits from Atlassian APIs?",
		"Explain how you'll respond to rate limits from Atlassian APIs.", nil),
	ticket("ticket.scale-testing", ticketScalability, "Testing at scale",
		"What testing will you undertake to assess the app's ability to work at scale?",
		"Explain the testing you'll undertake to assess your app", nil),
	ticket("ticket.early-rollout", ticketEarlyRollout, "Developer First Rollout testing",
		"What pre- or post-deployment testing do you do against the Developer First Rollout instance?",
		"Describe any pre- or post-deployment testing you do against the Developer First Rollout instance.",
		[]Rule{RuleSynthetic}),
	ticket("ticket.bad-deploy", ticketRecovery, "Severe deployment issue",
		"What process do you follow when a new deployment has a severe issue (rollback, roll forward or similar)?",
		"Describe the process you follow when you determine a new deployment of your app has a severe issue", nil),
	ticket("ticket.fix-duration", ticketRecovery, "Fix to production",
		"How long does a fix typically take from being merged to being fully deployed to production?",
		"Describe the typical duration from where the fix is merged into the code to where it is fully deployed to production.", nil),
	ticket("ticket.data-recovery", ticketRecovery, "Lost or corrupt data",
		"If the app stores data, how would you recover from lost or corrupt data stores?",
		"If your app stores data, describe how you would recover from lost or corrupt data stores.", nil),
	ticket("ticket.backups", ticketRecovery, "Backup frequency and retention",
		"What are your backup frequency and retention, and how fast can you perform a data restore?",
		"Define your backup frequency and retention. Tell us how fast you can perform a data restore.",
		[]Rule{RuleBackup}),
	ticket("ticket.restore-testing", ticketRecovery, "Restore testing",
		"How is the data restore process tested, if it is?",
		"Describe testing of your data restore process, if there is any.", nil),
	ticket("ticket.availability", ticketIncidents, "Response availability",
		"During what time is the team available to respond to issues, and how is it notified (including outside business hours)?",
		"Define the time during which your team is available to respond to issues.",
		[]Rule{RulePager}),
	ticket("ticket.discovery", ticketIncidents, "Discovering issues",
		"How do you typically discover production issues (support tickets, monitoring, other means)?",
		"Describe how you typically discover production issues with your app", []Rule{RuleHealthCheck}),
	ticket("ticket.alerting", ticketIncidents, "Alerting metrics and thresholds",
		"If you alert automatically on production metrics, which metrics do you monitor and at what thresholds?",
		"please summarize the types of metrics you monitor and the alert thresholds", []Rule{RuleSLOs, RulePager}),
	ticket("ticket.team-comms", ticketIncidents, "Team communication",
		"How do team members communicate with each other during incidents?",
		"Describe how your team members communicate with each other during incidents.", nil),
	ticket("ticket.customer-comms", ticketIncidents, "Customer communication",
		"How does the team communicate with customers during incidents?",
		"Describe how your team communicates with customers during incidents.", nil),

	// --- Development checklist (seed 004 "Development checklist")
	dev("dev.https-base-url", "HTTPS base URL",
		"Does the descriptor's base URL start with https://?",
		"The products only talk to apps over HTTPS.",
		"Ensure your descriptor's base URL starts with HTTPS.", []Rule{RuleDescriptor}),
	dev("dev.https-only", "HTTPS only",
		"Is every page, resource and callback served over HTTPS only?",
		"Cloud products only serve content over HTTPS; mixed content breaks in the iframe.",
		"Only serve content over HTTPS.", []Rule{RuleHealthCheck, RuleDescriptor}),
	dev("dev.browsers", "Supported browsers",
		"Is the app tested and supported on every browser the cloud products support?",
		"Customers use the app in whatever browser the product supports.",
		"Test and support your add-on for cloud application-supported browsers.", nil),
	dev("dev.localization", "Localization",
		"Does the app use the localization parameters of each request to serve content in the right language?",
		"Customers are all around the world; the product tells the app the user's language on every request.",
		"Use localization parameters with each request to serve content appropriate languages.", nil),
	dev("dev.security-statement", "Security statement",
		"Is a security statement about your data storage practices published? Give the URL.",
		"Admins need to know where their data goes before installing.",
		"Publish a security statement about your data storage practices.", []Rule{RuleSecurityURL}),
	{
		ID: "dev.tenant-user-key", Section: SectionDevelopment, Title: "Tenant ID plus user key",
		Question: "Is user data stored against an identifier combining the tenant ID and the user key (never the instance URL, user name or e-mail)?",
		Why:      "Instance URLs change without warning and user keys are only unique within an instance.",
		Cites: []Citation{
			cite(seed004, "Development checklist", "Store user data against an identifier combined from tenant ID and user key."),
			cite(seed004, "Architecture overview", "An instance URL is liable to change without warning."),
		},
		Required: true,
	},
	{
		ID: "dev.retention-policy", Section: SectionDevelopment, Title: "Data retention policy",
		Question: "Is your data retention policy published (Atlassian removes product data 15 days after cancellation)?",
		Why:      "Customers need to know what happens to their data in the app once they cancel.",
		Cites: []Citation{
			cite(seed004, "Development checklist", "Publish your own data retention policies."),
			cite(seed004, "Purchasing & licensing", "We remove cloud product data 15 days after cancellation. For this reason, publish your own data retention policy."),
		},
		Required: true,
	},
	{
		ID: "dev.resilience", Section: SectionDevelopment, Title: "Resilient to slow instances",
		Question: "Does the app stay usable when cloud instances are slow or unavailable (timeouts, retries with backoff, graceful errors)?",
		Why:      "Instances restart in maintenance windows and outside them, and are slow while caches repopulate.",
		Cites: []Citation{
			cite(seed004, "Development checklist", "Develop your add-on to be resilient when cloud instances are slow or unavailable."),
			cite(seed004, "Software upgrades and system restarts", "initial requests to these instances may have higher latency as caches are repopulated"),
		},
		Required: true,
	},
	{
		ID: "dev.license-check", Section: SectionDevelopment, Title: "License checked per request",
		Question: "Does the app check the license parameter on every request and apply the right restrictions (descriptor enableLicensing for paid apps)?",
		Why:      "Installation and licensing are separate: an instance can have the app installed without a valid license.",
		Cites: []Citation{
			cite(seed004, "Development checklist", "Always check the license parameter on each request and observe the appropriate restrictions."),
			cite(seed004, "Purchasing & licensing", "always check the license status on each request and serve an appropriate response"),
		},
		Required: true, Evidence: []Rule{RuleLicensing},
	},
}

// The approval-ticket headings of seed 002, as the export groups them.
const (
	ticketScalability  = "Your app's scalability characteristics"
	ticketEarlyRollout = "Testing against Developer First Rollout instances"
	ticketRecovery     = "Your service recovery plan"
	ticketIncidents    = "Your existing incident management process"
)

// TicketHeadings returns the approval-ticket headings of seed 002 in order.
func TicketHeadings() []string {
	return []string{ticketScalability, ticketEarlyRollout, ticketRecovery, ticketIncidents}
}

var ticketWhy = map[string]string{
	ticketScalability:  "Atlassian wants to see that you have considered your app's scalability characteristics and validated them to a reasonable degree.",
	ticketEarlyRollout: "Cloud Fortified apps are expected to use Developer First Rollout instances to detect unexpected behaviour as early as possible when product changes roll out.",
	ticketRecovery:     "Atlassian wants a straightforward approach for rolling out fixes to production and managing data restores if necessary.",
	ticketIncidents:    "Atlassian wants to understand your approach to incident management to collaborate on improving incident response.",
}

// ticket builds an approval-ticket item: its question is asked verbatim in the approval ticket.
func ticket(id, heading, title, question, quote string, ev []Rule) Item {
	return Item{
		ID: id, Section: SectionTicket, Title: title, Question: question, Why: ticketWhy[heading],
		Cites:    []Citation{cite(seed002, heading, quote)},
		Required: true, Ticket: heading, Evidence: ev,
	}
}

// dev builds a development-checklist item of seed 004.
func dev(id, title, question, why, quote string, ev []Rule) Item {
	return Item{
		ID: id, Section: SectionDevelopment, Title: title, Question: question, Why: why,
		Cites:    []Citation{cite(seed004, "Development checklist", quote)},
		Required: true, Evidence: ev,
	}
}

// items is the whole checklist; Checklist orders it by section.
var items = append(append([]Item(nil), opsItems...), fortifiedItems...)
