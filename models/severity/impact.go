package severity

import (
	"fmt"
	"strings"
)

// Impact is a row of seed 003's impact matrix: how badly the affected users or apps are hurt.
type Impact int

// The rows of the impact matrix. ImpactUnknown means the caller did not say.
const (
	ImpactUnknown Impact = iota
	ImpactMajor
	ImpactMinor
)

// String returns "major", "minor" or "unknown".
func (i Impact) String() string {
	switch i {
	case ImpactMajor:
		return "major"
	case ImpactMinor:
		return "minor"
	}
	return "unknown"
}

// ParseImpact reads "major" or "minor".
func ParseImpact(s string) (Impact, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "major":
		return ImpactMajor, nil
	case "minor":
		return ImpactMinor, nil
	}
	return ImpactUnknown, fmt.Errorf("impact %q is neither major nor minor", s)
}

// Band is a column of seed 003's impact matrix. BelowBands means fewer affected users or apps than
// the lowest column names.
type Band int

// The columns of the impact matrix (seed 003).
const (
	BelowBands Band = iota
	BandSmall       // 1,000-100,000 affected users or 3-10 affected apps
	BandLarge       // 100,001-5,000,000 users or 11-100 apps
	BandHuge        // more than 5,000,000 users or more than 100 apps
)

// The band edges of seed 003's impact matrix. The seed writes the columns as closed ranges
// ("1,000-100,000", "100,001-5,000,000", "3-10", "11-100") and the last as "more than", so each
// edge number belongs to the column that names it: exactly 100,000 users is the first column,
// 100,001 the second, exactly 5,000,000 the second, 5,000,001 the third; 10 apps the first, 11 the
// second, 100 the second, 101 the third.
const (
	MinUsers      = 1_000
	SmallMaxUsers = 100_000
	LargeMaxUsers = 5_000_000
	MinApps       = 3
	SmallMaxApps  = 10
	LargeMaxApps  = 100
)

// UserBand returns the impact-matrix column for a number of affected end users. Fewer than 1,000
// (including 0 and unknown negative counts) is BelowBands.
func UserBand(users int) Band {
	switch {
	case users > LargeMaxUsers:
		return BandHuge
	case users > SmallMaxUsers:
		return BandLarge
	case users >= MinUsers:
		return BandSmall
	}
	return BelowBands
}

// AppBand returns the impact-matrix column for a number of affected apps. Fewer than 3 is BelowBands.
func AppBand(apps int) Band {
	switch {
	case apps > LargeMaxApps:
		return BandHuge
	case apps > SmallMaxApps:
		return BandLarge
	case apps >= MinApps:
		return BandSmall
	}
	return BelowBands
}

// String returns the column heading as the seed writes it.
func (b Band) String() string {
	switch b {
	case BandSmall:
		return "1,000-100,000 users or 3-10 apps"
	case BandLarge:
		return "100,001-5,000,000 users or 11-100 apps"
	case BandHuge:
		return "more than 5,000,000 users or more than 100 apps"
	}
	return "below 1,000 users and 3 apps"
}

// impactMatrix is seed 003's impact matrix: rows major and minor, columns BandSmall..BandHuge.
var impactMatrix = map[Impact][4]Level{
	ImpactMajor: {None, Sev3, Sev2, Sev1},
	ImpactMinor: {None, Sev3, Sev3, Sev2},
}

// Affected is what is known about the reach of an event: affected end users and affected apps (0
// when unknown) and whether the impact on them is major or minor.
type Affected struct {
	Users  int
	Apps   int
	Impact Impact
}

// Known reports whether any count is given.
func (a Affected) Known() bool { return a.Users > 0 || a.Apps > 0 }

// Band returns the impact-matrix column of a: the higher of the users' and the apps' columns, so
// either count alone can place the event (the seed's columns read "users or apps").
func (a Affected) Band() Band { return max(UserBand(a.Users), AppBand(a.Apps)) }

// ByImpact classifies an event by seed 003's impact matrix. Below the lowest column (fewer than
// 1,000 users and fewer than 3 apps) the matrix gives no severity: the result is None and says so,
// and Classify then falls back to the capability tables or partner reports when they are given.
// An impact that is neither major nor minor gives None with the reason.
func ByImpact(a Affected) Result {
	what := a.describe()
	rows, ok := impactMatrix[a.Impact]
	if !ok {
		return Result{Basis: BasisImpact, Rule: fmt.Sprintf("no SEV by impact: %s, but not whether the impact is major or minor (seed 003 impact matrix)", what)}
	}
	b := a.Band()
	if b == BelowBands {
		return Result{Basis: BasisImpact, Rule: fmt.Sprintf(
			"no SEV by impact: %s is below the lowest column of seed 003's impact matrix (1,000-100,000 users or 3-10 apps)", what)}
	}
	l := rows[b]
	return Result{Level: l, Basis: BasisImpact, Rule: fmt.Sprintf(
		"%s: %s impact on %s, in the column %q of seed 003's impact matrix", l, a.Impact, what, b.String())}
}

// describe says what was counted, for example "150,000 users" or "150,000 users, 4 apps".
func (a Affected) describe() string {
	var parts []string
	if a.Users > 0 {
		parts = append(parts, Count(a.Users)+" "+plural(a.Users, "user", "users"))
	}
	if a.Apps > 0 {
		parts = append(parts, Count(a.Apps)+" "+plural(a.Apps, "app", "apps"))
	}
	if len(parts) == 0 {
		return "no affected users or apps given"
	}
	return strings.Join(parts, ", ")
}

// Count writes n with thousands separators: 150000 -> "150,000".
func Count(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
