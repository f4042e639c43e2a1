package action

import (
	"fmt"
	"strconv"
	"strings"
)

// Severity is an incident's SEV level as seed 003 defines it: 1 critical, 2 major, 3 minor.
type Severity int

// The severities of seed 003 (003_817c9236db34d12c.txt: "SEV 1 - CRITICAL, SEV 2 - MAJOR, and
// SEV 3 - MINOR").
const (
	SEV1 Severity = 1
	SEV2 Severity = 2
	SEV3 Severity = 3
)

// String is "SEV1".
func (s Severity) String() string { return "SEV" + strconv.Itoa(int(s)) }

// ParseSeverity reads "SEV1", "sev 2", "SEV-3", "1"... Anything else is an error: a page never goes
// out with a guessed severity.
func ParseSeverity(s string) (Severity, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	t = strings.TrimPrefix(t, "SEV")
	t = strings.TrimLeft(t, " -_")
	n, err := strconv.Atoi(t)
	if err != nil || n < 1 || n > 3 {
		return 0, fmt.Errorf("severity %q: want SEV1, SEV2 or SEV3 (seed 003)", s)
	}
	return Severity(n), nil
}

// PagerDuty is the Events API v2 payload.severity for the SEV: SEV1 critical, SEV2 error, SEV3
// warning. PagerDuty's fourth value, info, is for events that should not wake anyone and is never
// sent for an incident.
func (s Severity) PagerDuty() string {
	switch s {
	case SEV1:
		return "critical"
	case SEV2:
		return "error"
	case SEV3:
		return "warning"
	}
	return ""
}

// Priority is the Opsgenie / JSM alert priority for the SEV: SEV1 P1, SEV2 P2, SEV3 P3 (Opsgenie's
// default; P4 and P5 are below any incident).
func (s Severity) Priority() string {
	if s >= SEV1 && s <= SEV3 {
		return "P" + strconv.Itoa(int(s))
	}
	return ""
}

// Valid reports whether s is one of SEV1-SEV3.
func (s Severity) Valid() bool { return s >= SEV1 && s <= SEV3 }
