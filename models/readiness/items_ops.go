package readiness

// The operations-guide items: SLA, performance, maintenance, business continuity and support
// (seeds 000 and 001).
var opsItems = []Item{
	// --- Service level agreement (seed 000 "Define a service level agreement (SLA)", seed 001 §1)
	{
		ID: "sla.uptime", Section: SectionSLA, Title: "Uptime target",
		Question: "What uptime do you commit to, measured outside your documented maintenance windows (for example 99.9%)?",
		Why:      "Customers in every timezone rely on the app; the uptime target is validated in performance tests, monitored at runtime and guaranteed by scaling. Time inside a documented maintenance window does not count against it.",
		Cites: []Citation{
			cite(seed000, "Define a service level agreement (SLA)", "Time during which the app is operational, outside of your documented maintenance windows"),
			cite(seed001, "1. Defining your Service Level Agreement (SLA)", "outside of your documented maintenance windows"),
		},
		Required: true, Evidence: []Rule{RuleSLOs, RuleHealthCheck},
	},
	{
		ID: "sla.ui-latency", Section: SectionSLA, Title: "UI response times",
		Question: "What user-interface response time do you target, as a percentile (90th or 95th) and a threshold?",
		Why:      "Pages rendered inside Jira or Confluence are the customers' experience of the app; a percentile target catches the slow tail an average hides.",
		Cites: []Citation{
			cite(seed000, "Define a service level agreement (SLA)", "User interface response times For example, average response time, mean response time, 90th or 95th percentile response time."),
			cite(seed001, "1. Defining your Service Level Agreement (SLA)", "User interface response times"),
		},
		Required: true, Evidence: []Rule{RuleSLOs},
	},
	{
		ID: "sla.rest-latency", Section: SectionSLA, Title: "REST response times",
		Question: "What response time do your service calls (REST) target, as a percentile (90th or 95th) and a threshold?",
		Why:      "Service calls carry lifecycle callbacks, webhooks and API traffic; their latency is tracked separately from the UI.",
		Cites: []Citation{
			cite(seed000, "Define a service level agreement (SLA)", "Service calls response times (e.g., REST)"),
			cite(seed001, "1. Defining your Service Level Agreement (SLA)", "Service calls (e.g. REST) response times"),
		},
		Required: true, Evidence: []Rule{RuleSLOs},
	},
	{
		ID: "sla.rto", Section: SectionSLA, Title: "Recovery time objective",
		Question: "What is your recovery time objective (RTO): within how long is the service restored after a major incident?",
		Why:      "The RTO sets what the recovery procedures and their dry runs must achieve.",
		Cites: []Citation{
			cite(seed000, "Define a service level agreement (SLA)", "Recovery time objective (RTO) Duration of time within which the service must be restored after a major incident (e.g., 8h)."),
			cite(seed001, "1. Defining your Service Level Agreement (SLA)", "RTO (Recovery Time Objective)"),
		},
		Required: true,
	},
	{
		ID: "sla.rpo", Section: SectionSLA, Title: "Recovery point objective",
		Question: "What is your recovery point objective (RPO): how much data may be lost in a major incident?",
		Why:      "The backup strategy must meet the RPO; opsdeck checks backup freshness against it.",
		Cites: []Citation{
			cite(seed000, "Define a service level agreement (SLA)", "Recovery point objective (RPO) Maximum tolerable period in which data might be lost due to a major incident (e.g., 24h)."),
			cite(seed001, "1. Defining your Service Level Agreement (SLA)", "RPO (Recovery Point Objective)"),
		},
		Required: true, Evidence: []Rule{RuleBackup},
	},
	{
		ID: "sla.support-availability", Section: SectionSLA, Title: "Support availability",
		Question: "What are the support team's hours of operation (for example 24x7x365, or 8 hours a day, 5 days a week in your timezone)?",
		Why:      "Customers cover all timezones; they need to know when a person will answer.",
		Cites: []Citation{
			cite(seed000, "Define a service level agreement (SLA)", "Availability Hours of operation for the support team"),
			cite(seed001, "1. Defining your Service Level Agreement (SLA)", "Hours of operation for the support team"),
		},
		Required: true,
	},
	{
		ID: "sla.initial-response", Section: SectionSLA, Title: "Initial response per level",
		Question: "What initial response time do you commit to for each level, 1 to 4 (for example 1 h, 4 h, 8 h, 24 h)?",
		Why:      "The time between a customer's first request and the first support response is part of the SLA, per severity level.",
		Cites: []Citation{
			cite(seed000, "Define a service level agreement (SLA)", "Level 1: 1 hour - Level 2: 4 hours - Level 3: 8 hours - Level 4: 24 hours"),
			cite(seed001, "1. Defining your Service Level Agreement (SLA)", "Level 1: 1 hour - Level 2: 4 hours - Level 3: 8 hours - Level 4: 24 hours"),
		},
		Required: true,
	},
	{
		ID: "sla.resolution", Section: SectionSLA, Title: "Resolution time",
		Question: "What resolution time do you target between a customer's first request and the issue being resolved?",
		Why:      "Resolution time completes the support terms of the SLA.",
		Cites: []Citation{
			cite(seed000, "Define a service level agreement (SLA)", "Resolution time Time elapsed between the customer's first request and the issue being resolved."),
			cite(seed001, "1. Defining your Service Level Agreement (SLA)", "Resolution time"),
		},
		Required: true,
	},
	{
		ID: "sla.published", Section: SectionSLA, Title: "SLA published",
		Question: "Is the SLA, with its support and service level terms, published online? Give the URL.",
		Why:      "A published SLA is what customers and Atlassian hold the app to.",
		Cites: []Citation{
			cite(seed000, "Publish your SLA", "You should publish a SLA outlining your support and service level terms online."),
		},
		Required: true, Evidence: []Rule{RuleSLAURL},
	},

	// --- Performance (seed 000 "Manage your app performance", "Performance testing", "Monitor your SLA")
	{
		ID: "perf.horizontal", Section: SectionPerformance, Title: "Horizontal scaling",
		Question: "Does the app scale horizontally, by adding nodes rather than only resources to existing nodes?",
		Why:      "Resource needs are hard to predict for thousands of customers; horizontal scaling is the design the guide encourages.",
		Cites: []Citation{
			cite(seed000, "Manage your app performance", "we encourage you to design your apps to scale horizontally"),
			cite(seed001, "Scalability", "we encourage you to design your add-ons to scale horizontally"),
		},
	},
	{
		ID: "perf.load", Section: SectionPerformance, Title: "Load testing",
		Question: "Do you load test the app under the load expected in production, and when did the last run pass?",
		Why:      "Load tests validate that the app behaves as expected at the load it will see live, and size its first deployment.",
		Cites: []Citation{
			cite(seed000, "Performance testing", "Load testing Test the app under the load that is expected when the app is live"),
			cite(seed001, "Performance testing", "Load testing"),
		},
		Required: true,
	},
	{
		ID: "perf.stress", Section: SectionPerformance, Title: "Stress testing",
		Question: "Do you stress test the app to find its limits and how it behaves well above the expected load?",
		Why:      "Knowing where the app breaks tells you when to scale before it does.",
		Cites: []Citation{
			cite(seed000, "Performance testing", "Stress testing Identify the limits of the app"),
			cite(seed001, "Performance testing", "Stress testing"),
		},
		Required: true,
	},
	{
		ID: "perf.soak", Section: SectionPerformance, Title: "Soak testing",
		Question: "Do you soak test the app (a load test over a long period) for memory leaks and degrading performance?",
		Why:      "Leaks and poor database indexing only show over time.",
		Cites: []Citation{
			cite(seed000, "Performance testing", "Soak testing Identify potential memory leaks, degrading performance because of poor database indexing"),
			cite(seed001, "Performance testing", "Soak testing"),
		},
		Required: true,
	},
	{
		ID: "perf.spike", Section: SectionPerformance, Title: "Spike testing",
		Question: "Do you spike test the app to see how it reacts to a sudden burst of requests?",
		Why:      "Bursts follow product events, installs and restarts of cloud instances.",
		Cites: []Citation{
			cite(seed000, "Performance testing", "Spike testing Understand how the app will react to a sudden burst of requests."),
			cite(seed001, "Performance testing", "Spike testing"),
		},
		Required: true,
	},
	{
		ID: "perf.environments", Section: SectionPerformance, Title: "Test environments",
		Question: "Do performance tests run both in isolation (mocked product REST APIs) and end to end in an environment close to production?",
		Why:      "Isolation finds problems in your own code; the end-to-end run finds the ones that only appear against real cloud instances.",
		Cites: []Citation{
			cite(seed000, "Performance testing", "In isolation, using mock implementations of Atlassian products REST APIs."),
			cite(seed000, "Performance testing", "a performance testing environment that is as close as possible to the production environment"),
		},
	},
	{
		ID: "perf.monitoring", Section: SectionPerformance, Title: "Resource monitoring",
		Question: "Do you monitor resource use at runtime (CPU, memory, disk space) with procedures to scale at set thresholds?",
		Why:      "The SLA is only kept if you see a resource running out before customers do.",
		Cites: []Citation{
			cite(seed000, "Monitor your SLA", "At a minimum, you should monitor utilization of resources by your apps (CPU, memory, disk space, etc.)."),
			cite(seed001, "Monitoring your SLA", "procedures in place to scale resources once specific thresholds are met"),
		},
		Required: true, Evidence: []Rule{RuleSLOs},
	},

	// --- Maintenance (seed 000 "Maintain your apps", seed 001 "Maintenance Windows")
	{
		ID: "maint.versioning", Section: SectionMaintenance, Title: "Versioning and upgrades",
		Question: "How are new versions released and upgraded (descriptor version changes picked up by the Marketplace polling service)?",
		Why:      "Atlassian detects app updates by polling; a versioning scheme keeps fixes and features flowing without manual steps.",
		Cites: []Citation{
			cite(seed000, "Versioning and upgrading", "We automatically detect updates to apps with a polling service."),
			cite(seed001, "Versioning and Upgrading", "We automatically detect updates to add-ons with a polling service."),
		},
		Required: true, Evidence: []Rule{RuleDescriptor},
	},
	{
		ID: "maint.regression", Section: SectionMaintenance, Title: "Regression testing",
		Question: "Do new features get tested and regression tests run before every release?",
		Why:      "A release must not break what customers already use.",
		Cites: []Citation{
			cite(seed000, "Test, test, and if you're in doubt... Test some more!", "run regression tests to ensure existing functionality is not broken when you release new versions"),
		},
		Required: true,
	},
	{
		ID: "maint.transparent", Section: SectionMaintenance, Title: "Transparent maintenance",
		Question: "Is maintenance transparent to end users (no downtime during upgrades)?",
		Why:      "The app upgrades independently of the products; ideally users never notice.",
		Cites: []Citation{
			cite(seed001, "Maintenance Windows", "Ideally, your solution should be architected in a way that ensures maintenance is transparent to end-users."),
		},
	},
	{
		ID: "maint.windows-published", Section: SectionMaintenance, Title: "Maintenance windows published",
		Question: "When maintenance is not transparent, are maintenance windows published online (on the status page) ahead of time?",
		Why:      "Uptime is measured outside documented maintenance windows, and customers plan around them.",
		Cites: []Citation{
			cite(seed001, "Maintenance Windows", "make sure you publish your maintenance windows online"),
		},
		Required: true, Evidence: []Rule{RuleMaintenance},
	},
	{
		ID: "maint.windows-message", Section: SectionMaintenance, Title: "Message during maintenance",
		Question: "During a maintenance window, do users trying the app get a meaningful message instead of an error page?",
		Why:      "A clear message avoids support tickets and lost trust while the app is down on purpose.",
		Cites: []Citation{
			cite(seed001, "Maintenance Windows", "provide a meaningful error message to users trying to access your add-ons at this time"),
		},
		Required: true,
	},

	// --- Business continuity (seed 000 "Business continuity planning", seed 001 §4)
	{
		ID: "bc.backups-rpo", Section: SectionContinuity, Title: "Backups meet the RPO",
		Question: "Does the backup schedule meet the RPO (for a 24 h RPO, a full backup of all app data every night)?",
		Why:      "Data lost between two backups is data lost for good; the schedule is what makes the RPO true.",
		Cites: []Citation{
			cite(seed000, "Business continuity planning", "you should have a data backup strategy that ensures your RPO (Recovery Point Objective) is met"),
			cite(seed001, "4. Addressing Business Continuity Planning", "a data backup strategy that ensures your RPO (Recovery Point Objective) is met"),
		},
		Required: true, Evidence: []Rule{RuleBackup},
	},
	{
		ID: "bc.backups-offsite", Section: SectionContinuity, Title: "Backups off-site",
		Question: "Are backups kept on a different site from the one running the app?",
		Why:      "A backup in the same site is lost with it.",
		Cites: []Citation{
			cite(seed000, "Business continuity planning", "keeping the backups on a different site to the one that is running the app"),
			cite(seed001, "4. Addressing Business Continuity Planning", "keeping the backups on a different site to the one that is running the add-on"),
		},
		Required: true,
	},
	{
		ID: "bc.recovery-procedures", Section: SectionContinuity, Title: "Recovery procedures",
		Question: "Are there written procedures to restore the app after a major outage, and where do they live?",
		Why:      "Under pressure, a team follows the procedure it wrote before the outage.",
		Cites: []Citation{
			cite(seed000, "Business continuity planning", "you should have procedures in place to restore your apps in the case of a major outage"),
			cite(seed001, "4. Addressing Business Continuity Planning", "you should have procedures in place to restore your add-ons in the case of a major outage"),
		},
		Required: true,
	},
	{
		ID: "bc.recovery-dry-runs", Section: SectionContinuity, Title: "Recovery dry runs",
		Question: "Have the recovery procedures been rehearsed in dry runs, and how often are they tested?",
		Why:      "An untested restore is a hope, not a plan: \"Hope for the best, plan for the worst!\"",
		Cites: []Citation{
			cite(seed000, "Business continuity planning", "we suggest you do a few dry runs. Ideally, you should be testing your disaster recovery procedures regularly."),
			cite(seed001, "4. Addressing Business Continuity Planning", "we suggest you do a few dry runs"),
		},
		Required: true,
	},

	// --- Support (seed 000 "Provide support", seed 001 §5)
	{
		ID: "support.url", Section: SectionSupport, Title: "Support URL",
		Question: "Is there a support URL that clearly outlines how a customer gets technical support?",
		Why:      "Required for every paid-via-Atlassian app; it is where customers go when something breaks.",
		Cites: []Citation{
			cite(seed000, "Provide support", "Provide a support URL for all paid-via-Atlassian apps."),
			cite(seed001, "5. Providing Support", "Provide a support URL for all paid-via-Atlassian add-ons"),
		},
		Required: true, Evidence: []Rule{RuleSupportURL},
	},
	{
		ID: "support.hours", Section: SectionSupport, Title: "Support hours 8x5",
		Question: "Is support offered at least 8 hours a day, 5 days a week in your local time zone?",
		Why:      "The minimum support coverage for paid-via-Atlassian apps.",
		Cites: []Citation{
			cite(seed000, "Provide support", "Offer support at least 8 hours a day, 5 days a week in your local time zone for all paid-via-Atlassian apps."),
			cite(seed001, "5. Providing Support", "Offer support at least 8 hours a day, 5 days a week in your local time zone"),
		},
		Required: true,
	},
	{
		ID: "support.tracker", Section: SectionSupport, Title: "Issue tracker",
		Question: "Do you track customer-reported bugs and feature requests in an issue tracker? Which one?",
		Why:      "A tracker keeps customer reports from getting lost; any tracker will do.",
		Cites: []Citation{
			cite(seed000, "Provide support", "Use an issue tracker like Jira to resolve and track customer-reported bugs and feature requests"),
			cite(seed001, "5. Providing Support", "Use an issue tracker like JIRA to resolve and track customer-reported bugs and feature requests"),
		},
		Required: true,
	},
	{
		ID: "support.emergency-contact", Section: SectionSupport, Title: "24x7 emergency contact",
		Question: "Has Atlassian been given an email address or phone number that reaches the team 24x7 for emergencies?",
		Why:      "Data loss and downtime do not wait for business hours; Atlassian must be able to reach you at any time.",
		Cites: []Citation{
			cite(seed000, "Provide support", "Provide Atlassian with 24x7 emergency contact information."),
			cite(seed001, "5. Providing Support", "Provide Atlassian with 24/7 emergency contact information"),
		},
		Required: true, Evidence: []Rule{RulePager},
	},
}
