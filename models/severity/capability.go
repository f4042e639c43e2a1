package severity

import (
	"fmt"
	"strings"
	"time"
)

// Kind is the type of a capability incident in seed 003: an outage (the capability does not work)
// or a degradation (it works, but worse).
type Kind int

// The two kinds of capability incident of seed 003.
const (
	KindUnknown Kind = iota
	Outage
	Degradation
)

// String returns "outage", "degradation" or "unknown".
func (k Kind) String() string {
	switch k {
	case Outage:
		return "outage"
	case Degradation:
		return "degradation"
	}
	return "unknown"
}

// Span is a duration column of seed 003's capability tables.
type Span int

// The duration columns of the capability tables.
const (
	Under2h  Span = iota // "Less than 2 hours"
	From2To5             // "2-5 hours"
	Over5h               // "More than 5 hours"
)

// The duration edges of the capability tables. The seed's middle column reads "2-5 hours" between
// "Less than 2 hours" and "More than 5 hours", so both edges belong to the middle column: exactly 2h
// is 2-5 hours (not less than 2), exactly 5h is 2-5 hours (not more than 5), and 5h plus any time is
// more than 5 hours. A zero or negative duration (just started) is less than 2 hours.
const (
	ShortEdge = 2 * time.Hour
	LongEdge  = 5 * time.Hour
)

// SpanOf returns the duration column for d.
func SpanOf(d time.Duration) Span {
	switch {
	case d > LongEdge:
		return Over5h
	case d >= ShortEdge:
		return From2To5
	}
	return Under2h
}

// String returns the column heading as the seed writes it.
func (s Span) String() string {
	switch s {
	case From2To5:
		return "2-5 hours"
	case Over5h:
		return "more than 5 hours"
	}
	return "less than 2 hours"
}

// outageTable and degradationTable are seed 003's capability tables: rows C1..C3 (index 1..3),
// columns Under2h, From2To5, Over5h. None in the degradation table is the seed's "—" cell: a C3
// degradation shorter than 2 hours is no incident.
var (
	outageTable = [4][3]Level{
		C1: {Sev2, Sev1, Sev1},
		C2: {Sev2, Sev2, Sev2},
		C3: {Sev3, Sev3, Sev2},
	}
	degradationTable = [4][3]Level{
		C1: {Sev2, Sev1, Sev1},
		C2: {Sev3, Sev2, Sev2},
		C3: {None, Sev3, Sev3},
	}
)

// Event is a capability incident: which capability (by name, or just its tier), outage or
// degradation, and how long it has lasted so far.
type Event struct {
	// Capability is a name from seed 003's list; when set and known, its tier is used.
	Capability string
	// Tier is used when Capability is empty or not in the list.
	Tier     Tier
	Kind     Kind
	Duration time.Duration
}

// ByCapability classifies e by seed 003's capability outage or degradation table. A capability
// name that is not in the list and no tier, or an unknown kind, gives None with the reason.
func ByCapability(e Event) Result {
	tier, label := e.Tier, ""
	if e.Capability != "" {
		if c, ok := Lookup(e.Capability); ok {
			tier, label = c.Tier, c.Name
		} else if tier == NoTier {
			return Result{Basis: BasisCapability, Rule: fmt.Sprintf(
				"no SEV by capability: %q is not in seed 003's capability list", e.Capability)}
		}
	}
	if tier < C1 || tier > C3 {
		return Result{Basis: BasisCapability, Rule: "no SEV by capability: no capability or tier given"}
	}
	var table [4][3]Level
	switch e.Kind {
	case Outage:
		table = outageTable
	case Degradation:
		table = degradationTable
	default:
		return Result{Basis: BasisCapability, Rule: "no SEV by capability: say whether it is an outage or a degradation"}
	}
	span := SpanOf(e.Duration)
	l := table[tier][span]
	what := tier.String() + " capability"
	if label != "" {
		what = fmt.Sprintf("%s capability (%s)", tier, label)
	}
	lasted := fmt.Sprintf("%s of a %s for %s", e.Kind, what, FormatDuration(e.Duration))
	if l == None {
		return Result{Basis: BasisCapability, Rule: fmt.Sprintf(
			"no SEV: %s, in the column %q, is no incident (the \"—\" cell of seed 003's capability %s table)",
			lasted, span.String(), e.Kind)}
	}
	return Result{Level: l, Basis: BasisCapability, Rule: fmt.Sprintf(
		"%s: %s, in the column %q of seed 003's capability %s table", l, lasted, span.String(), e.Kind)}
}

// FormatDuration writes d in hours and minutes the way people say it: "2h30m", "45m", "5h", "0m".
// A duration that is not a whole number of minutes keeps its seconds ("5h0m20s"), so a value just past
// an edge of the tables never reads as the edge itself.
func FormatDuration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	if d%time.Minute != 0 {
		return d.Round(time.Second).String()
	}
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return fmt.Sprintf("%dm", m)
	case m == 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh%02dm", h, m)
}

// Normalize folds a capability, component or incident name for matching: lower case, ASCII letters
// and digits only, words separated by single spaces ("Issue search (JQL)" is "issue search jql").
func Normalize(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}
