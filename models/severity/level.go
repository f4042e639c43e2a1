// Package severity holds the incident severity framework of seed 003 (003_817c9236db34d12c.txt) as
// pure rules: the impact matrix by affected users or apps, the capability outage and degradation
// tables by tier and duration, escalation by the number of partner reports, the capability-to-tier
// list, and the response targets for major incidents. It does no I/O and never reads the clock.
//
// Every result says which rule gave it, in words, so the person on call can check it against the
// seed. Where the seed leaves a boundary open this package decides it and says so in the doc
// comment of the rule (see docs/incidents.md for the full list).
package severity

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Level is an incident severity: SEV 1 (critical) is the most severe, SEV 3 (minor) the least.
// The zero value None means no rule of seed 003 makes the event an incident.
type Level int

// The severity levels of seed 003: "SEV 1 - CRITICAL, SEV 2 - MAJOR, and SEV 3 - MINOR".
const (
	None Level = 0
	Sev1 Level = 1
	Sev2 Level = 2
	Sev3 Level = 3
)

// String returns "SEV 1", "SEV 2", "SEV 3", or "no SEV" for None.
func (l Level) String() string {
	switch l {
	case Sev1, Sev2, Sev3:
		return "SEV " + strconv.Itoa(int(l))
	}
	return "no SEV"
}

// Short returns "SEV1", "SEV2", "SEV3" or "-" for None: the form narrow table columns use.
func (l Level) Short() string {
	switch l {
	case Sev1, Sev2, Sev3:
		return "SEV" + strconv.Itoa(int(l))
	}
	return "-"
}

// Name returns the seed's word for the level: CRITICAL, MAJOR, MINOR, or "" for None.
func (l Level) Name() string {
	switch l {
	case Sev1:
		return "CRITICAL"
	case Sev2:
		return "MAJOR"
	case Sev3:
		return "MINOR"
	}
	return ""
}

// Valid reports whether l is SEV 1, 2 or 3.
func (l Level) Valid() bool { return l >= Sev1 && l <= Sev3 }

// Major reports whether l is a major incident (SEV 1 or SEV 2), the levels the response targets of
// seed 003 apply to.
func (l Level) Major() bool { return l == Sev1 || l == Sev2 }

// MoreSevere reports whether l is more severe than o. Every level is more severe than None.
func (l Level) MoreSevere(o Level) bool {
	switch {
	case !l.Valid():
		return false
	case !o.Valid():
		return true
	}
	return l < o
}

// Max returns the most severe of the levels (None when none is valid).
func Max(levels ...Level) Level {
	m := None
	for _, l := range levels {
		if l.MoreSevere(m) {
			m = l
		}
	}
	return m
}

// ParseLevel reads a level written as "1", "sev1", "SEV 2", "sev-3" or "critical"/"major"/"minor".
func ParseLevel(s string) (Level, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.NewReplacer(" ", "", "-", "", "_", "").Replace(t)
	t = strings.TrimPrefix(t, "sev")
	switch t {
	case "1", "critical":
		return Sev1, nil
	case "2", "major":
		return Sev2, nil
	case "3", "minor":
		return Sev3, nil
	}
	return None, fmt.Errorf("%q is not a severity (want SEV 1, SEV 2 or SEV 3)", s)
}

// MarshalJSON writes a level as its number, 0 for None, so scripts compare it without parsing.
func (l Level) MarshalJSON() ([]byte, error) { return json.Marshal(int(l)) }

// Tier is a capability tier of seed 003: C1 is the most critical tier and C3 the least.
type Tier int

// The capability tiers of seed 003. NoTier means the tier is unknown.
const (
	NoTier Tier = 0
	C1     Tier = 1
	C2     Tier = 2
	C3     Tier = 3
)

// String returns "C1", "C2", "C3" or "-" when unknown.
func (t Tier) String() string {
	if t >= C1 && t <= C3 {
		return "C" + strconv.Itoa(int(t))
	}
	return "-"
}

// ParseTier reads "C1", "c2" or "3".
func ParseTier(s string) (Tier, error) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "C1", "1":
		return C1, nil
	case "C2", "2":
		return C2, nil
	case "C3", "3":
		return C3, nil
	}
	return NoTier, fmt.Errorf("%q is not a capability tier (want C1, C2 or C3)", s)
}

// MarshalText writes a tier as "C1"/"C2"/"C3" (empty when unknown).
func (t Tier) MarshalText() ([]byte, error) {
	if t >= C1 && t <= C3 {
		return []byte(t.String()), nil
	}
	return []byte(""), nil
}
