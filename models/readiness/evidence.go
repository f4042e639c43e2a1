package readiness

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Rule names one live check that can back an answer.
type Rule string

// The live evidence rules.
const (
	RuleHealthCheck Rule = "health-check"          // the health-check resource answers 200 over HTTPS within 3 s, no redirect (seed 002)
	RuleSLOs        Rule = "slos"                  // availability and latency SLOs over 28 days, currently met (seed 002)
	RuleMaintenance Rule = "maintenance-published" // maintenance windows published on the status page (seed 001)
	RulePager       Rule = "pager"                 // a pager is configured and a test page can be sent (seeds 000, 002)
	RuleBackup      Rule = "backup-freshness"      // the last successful backup is within the RPO (seed 000)
	RuleSynthetic   Rule = "synthetic-tests"       // synthetic tests report through a metric (seed 002)
	RuleDescriptor  Rule = "descriptor"            // the app descriptor has an HTTPS baseUrl and lifecycle callbacks (seed 004)
	RuleLicensing   Rule = "descriptor-licensing"  // the descriptor enables licensing, so lic reaches every request (seed 004)
	RuleSLAURL      Rule = "sla-url"               // the published SLA answers (seed 000)
	RuleSupportURL  Rule = "support-url"           // the support URL answers (seed 000)
	RuleSecurityURL Rule = "security-url"          // the security statement answers (seed 004)
)

// Rules returns every rule in display order.
func Rules() []Rule {
	return []Rule{RuleHealthCheck, RuleSLOs, RuleMaintenance, RulePager, RuleBackup, RuleSynthetic,
		RuleDescriptor, RuleLicensing, RuleSLAURL, RuleSupportURL, RuleSecurityURL}
}

// Title is the rule's name for people.
func (r Rule) Title() string {
	switch r {
	case RuleHealthCheck:
		return "Health-check resource"
	case RuleSLOs:
		return "SLOs over 28 days"
	case RuleMaintenance:
		return "Maintenance windows published"
	case RulePager:
		return "Pager"
	case RuleBackup:
		return "Backup freshness"
	case RuleSynthetic:
		return "Synthetic tests reporting"
	case RuleDescriptor:
		return "App descriptor"
	case RuleLicensing:
		return "Descriptor licensing"
	case RuleSLAURL:
		return "SLA page"
	case RuleSupportURL:
		return "Support page"
	case RuleSecurityURL:
		return "Security statement page"
	}
	return string(r)
}

// Status is the outcome of a live check.
type Status int

// The outcomes of a check. Unknown means the data to decide is missing (not configured, not yet
// fetched, or the upstream could not be read); it never counts as a pass or a failure.
const (
	Unknown Status = iota
	Pass
	Fail
)

// String returns "unknown", "pass" or "fail".
func (s Status) String() string {
	switch s {
	case Pass:
		return "pass"
	case Fail:
		return "fail"
	}
	return "unknown"
}

// Check is one thing looked at while evaluating a rule, with its own outcome.
type Check struct {
	What   string // what was checked: "https://app.example.com/health: status"
	Status Status
	Detail string // what was found: "HTTP 200 in 180ms"
}

// Evidence is a rule's verdict over the latest observations, with everything that was checked.
type Evidence struct {
	Rule    Rule
	Status  Status
	Summary string    // one line for lists
	Checks  []Check   // what was checked, in order
	At      time.Time // when the observations were made; zero when there were none
}

// combine derives an overall status from checks: any failure fails, then any unknown is unknown,
// otherwise pass. No checks at all is unknown.
func combine(cs []Check) Status {
	if len(cs) == 0 {
		return Unknown
	}
	st := Pass
	for _, c := range cs {
		switch c.Status {
		case Fail:
			return Fail
		case Unknown:
			st = Unknown
		}
	}
	return st
}

func unknown(r Rule, why string) Evidence {
	return Evidence{Rule: r, Status: Unknown, Summary: why}
}

// httpsCheck checks that raw is an https URL. Plain http to a loopback host (a local run or the
// demo simulator) cannot be judged and is unknown; http elsewhere fails (seed 004: "Only serve
// content over HTTPS").
func httpsCheck(what, raw string) Check {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return Check{What: what, Status: Fail, Detail: fmt.Sprintf("%q is not an absolute URL", raw)}
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return Check{What: what, Status: Pass, Detail: "https"}
	case "http":
		if isLoopback(u.Hostname()) {
			return Check{What: what, Status: Unknown, Detail: "http on a loopback host: HTTPS cannot be verified locally"}
		}
		return Check{What: what, Status: Fail, Detail: "plain http: the products only talk HTTPS (seed 004)"}
	}
	return Check{What: what, Status: Fail, Detail: fmt.Sprintf("scheme %q is not https", u.Scheme)}
}

func isLoopback(host string) bool {
	host = strings.Trim(strings.ToLower(host), "[]")
	return host == "localhost" || host == "::1" || strings.HasPrefix(host, "127.")
}

// Ago formats an age for people: "45s", "12m", "6h", "3d 4h".
func Ago(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 48*time.Hour:
		h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
		if m == 0 || h >= 10 {
			return fmt.Sprintf("%dh", h)
		}
		return fmt.Sprintf("%dh%02dm", h, m)
	}
	days, h := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
	if h == 0 {
		return fmt.Sprintf("%dd", days)
	}
	return fmt.Sprintf("%dd %dh", days, h)
}

// Dur formats a duration limit compactly: "3s", "24h", "28d".
func Dur(d time.Duration) string {
	switch {
	case d >= 48*time.Hour && d%(24*time.Hour) == 0:
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	case d > 0 && d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d > 0 && d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	case d >= time.Second:
		return d.Round(time.Millisecond).String()
	}
	return fmt.Sprintf("%dms", d/time.Millisecond)
}
