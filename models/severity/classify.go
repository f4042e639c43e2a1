package severity

import (
	"fmt"
	"time"
)

// Basis names the rule of seed 003 a result comes from.
type Basis string

// The rules of seed 003.
const (
	BasisNone       Basis = ""
	BasisImpact     Basis = "impact"     // the impact matrix (affected users or apps)
	BasisCapability Basis = "capability" // the capability outage and degradation tables
	BasisReports    Basis = "reports"    // escalation by number of partner reports
)

// Result is a severity and the rule that gave it, in words.
type Result struct {
	// Level is the severity; None when no rule makes the event an incident.
	Level Level `json:"sev"`
	// Basis is the rule that decided Level.
	Basis Basis `json:"basis"`
	// Rule says in words which cell of which seed 003 table gave Level, with the inputs.
	Rule string `json:"rule"`
	// Notes are the other rules that were considered and why they did not decide.
	Notes []string `json:"notes,omitempty"`
}

// String returns the level and the rule: "SEV 2: major impact on ...".
func (r Result) String() string { return r.Rule }

// Input is everything known about an event. Any part may be missing.
type Input struct {
	// Affected is the number of affected users or apps; used when Known.
	Affected Affected
	// Capability is the affected capability and how long it has been out or degraded; used when
	// Kind is set.
	Capability Event
	// Reports is the number of partner reports gathered through service desks and Community posts.
	Reports int
}

// Classify applies seed 003's framework to in:
//
//  1. The impact matrix is the primary reference when affected users or apps are known and fall in
//     one of its columns.
//  2. Otherwise (unknown, or below the lowest column) the capability tables decide, when an outage
//     or degradation is given.
//  3. Partner reports escalate: when they call for a more severe level than steps 1-2 gave, they
//     decide; they never lower it.
//
// The result names the deciding rule; the others are kept as notes. With no usable input the
// result is None and says what is missing.
func Classify(in Input) Result {
	var impact, capability, reports *Result
	var out Result
	if in.Affected.Known() || in.Affected.Impact != ImpactUnknown {
		r := ByImpact(in.Affected)
		impact = &r
		if r.Level.Valid() {
			out = r
		}
	}
	if in.Capability.Kind != KindUnknown || in.Capability.Capability != "" || in.Capability.Tier != NoTier {
		r := ByCapability(in.Capability)
		capability = &r
		if r.Level.Valid() && !out.Level.Valid() {
			out = r
		}
	}
	base := out
	if in.Reports > 0 {
		r := ByReports(in.Reports)
		reports = &r
		if r.Level.MoreSevere(out.Level) {
			out = r
		}
	}
	if !out.Level.Valid() {
		var tried []string
		for _, r := range []*Result{impact, capability, reports} {
			if r != nil {
				tried = append(tried, r.Rule)
			}
		}
		switch len(tried) {
		case 0:
			return Result{Rule: "no SEV: give affected users or apps, a capability outage or degradation, or partner reports (seed 003)"}
		case 1:
			for _, r := range []*Result{impact, capability, reports} {
				if r != nil {
					return *r
				}
			}
		}
		return Result{Rule: "no SEV: no rule of seed 003 gives a severity for what was given", Notes: tried}
	}
	var notes []string
	if impact != nil && !impact.Level.Valid() {
		notes = append(notes, impact.Rule)
	}
	if capability != nil && out.Basis != BasisCapability && base.Basis != BasisCapability {
		if base.Basis == BasisImpact {
			notes = append(notes, "not used, the impact matrix comes first: "+capability.Rule)
		} else {
			notes = append(notes, capability.Rule)
		}
	}
	if reports != nil {
		if out.Basis == BasisReports {
			if base.Level.Valid() {
				notes = append(notes, "escalated from "+base.Rule)
			}
		} else {
			notes = append(notes, "not escalated by partner reports ("+reports.Rule+")")
		}
	}
	out.Notes = notes
	return out
}

// The escalation thresholds of seed 003: "More than 2" reports is SEV 3, "More than 5" SEV 2, "More
// than 15" SEV 1. "More than" is strict: exactly 2 reports escalate to nothing, exactly 5 to SEV 3,
// exactly 15 to SEV 2.
const (
	ReportsSev3 = 2
	ReportsSev2 = 5
	ReportsSev1 = 15
)

// ByReports is seed 003's escalation scale by number of partner reports.
func ByReports(n int) Result {
	var l Level
	var step string
	switch {
	case n > ReportsSev1:
		l, step = Sev1, "more than 15"
	case n > ReportsSev2:
		l, step = Sev2, "more than 5"
	case n > ReportsSev3:
		l, step = Sev3, "more than 2"
	default:
		return Result{Basis: BasisReports, Rule: fmt.Sprintf(
			"no SEV by reports: %d partner %s, escalation starts at more than 2 (seed 003)", n, plural(n, "report", "reports"))}
	}
	return Result{Level: l, Basis: BasisReports, Rule: fmt.Sprintf(
		"%s: %d partner reports is %s, in seed 003's escalation scale", l, n, step)}
}

// The response targets of seed 003 for major incidents (SEV 1 and SEV 2): "start an investigation
// within 15 minutes of being paged and publish an initial status update within 1 hour of the incident
// start time", the start being "the point when the incident started impacting customers or partners".
const (
	InvestigateWithin = 15 * time.Minute
	FirstUpdateWithin = time.Hour
)

// Targets are the response targets for one level.
type Targets struct {
	// Applies is true for SEV 1 and SEV 2.
	Applies bool
	// Investigate is the time from the page to the start of the investigation.
	Investigate time.Duration
	// FirstUpdate is the time from the incident start to the first status update.
	FirstUpdate time.Duration
	// Rule says the targets in words.
	Rule string
}

// TargetsFor returns the response targets for l. SEV 3 has no clock: "teams treat these incidents
// as high priority during local business hours and within existing release schedules" (seed 003).
func TargetsFor(l Level) Targets {
	if l.Major() {
		return Targets{Applies: true, Investigate: InvestigateWithin, FirstUpdate: FirstUpdateWithin,
			Rule: l.String() + ": investigate within 15 minutes of the page, first status update within 1 hour of the incident start (seed 003)"}
	}
	if l == Sev3 {
		return Targets{Rule: "SEV 3: high priority during local business hours, within existing release schedules; no response clock (seed 003)"}
	}
	return Targets{Rule: "no SEV: no response targets"}
}

// FirstUpdateDue is when the first status update is due for an incident that started impacting
// customers at start. An update at exactly the due time is on time ("within 1 hour").
func FirstUpdateDue(start time.Time) time.Time { return start.Add(FirstUpdateWithin) }

// InvestigationDue is when the investigation must have started for a page sent at paged.
func InvestigationDue(paged time.Time) time.Time { return paged.Add(InvestigateWithin) }
