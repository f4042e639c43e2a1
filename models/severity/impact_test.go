package severity_test

import (
	"strings"
	"testing"

	"github.com/opsdeck/opsdeck/models/severity"
)

// seed is the file every rule in this package comes from.
const seed = "003_817c9236db34d12c.txt"

// TestImpactMatrixCells checks every cell of seed 003's impact matrix with the lower and upper edge
// of its column, counted in users and in apps.
func TestImpactMatrixCells(t *testing.T) {
	type probe struct{ users, apps int }
	small := []probe{{users: 1_000}, {users: 50_000}, {users: 100_000}, {apps: 3}, {apps: 10}}
	large := []probe{{users: 100_001}, {users: 5_000_000}, {apps: 11}, {apps: 100}}
	huge := []probe{{users: 5_000_001}, {users: 80_000_000}, {apps: 101}, {apps: 4_000}}
	cases := []struct {
		name   string
		impact severity.Impact
		probes []probe
		want   severity.Level
	}{
		{seed + " impact matrix: Major x 1,000-100,000 users or 3-10 apps = SEV 3", severity.ImpactMajor, small, severity.Sev3},
		{seed + " impact matrix: Major x 100,001-5,000,000 users or 11-100 apps = SEV 2", severity.ImpactMajor, large, severity.Sev2},
		{seed + " impact matrix: Major x more than 5,000,000 users or more than 100 apps = SEV 1", severity.ImpactMajor, huge, severity.Sev1},
		{seed + " impact matrix: Minor x 1,000-100,000 users or 3-10 apps = SEV 3", severity.ImpactMinor, small, severity.Sev3},
		{seed + " impact matrix: Minor x 100,001-5,000,000 users or 11-100 apps = SEV 3", severity.ImpactMinor, large, severity.Sev3},
		{seed + " impact matrix: Minor x more than 5,000,000 users or more than 100 apps = SEV 2", severity.ImpactMinor, huge, severity.Sev2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, p := range tc.probes {
				a := severity.Affected{Users: p.users, Apps: p.apps, Impact: tc.impact}
				got := severity.ByImpact(a)
				if got.Level != tc.want {
					t.Errorf("ByImpact(%+v) = %v, want %v (rule %q)", a, got.Level, tc.want, got.Rule)
				}
				if got.Basis != severity.BasisImpact {
					t.Errorf("ByImpact(%+v).Basis = %q, want impact", a, got.Basis)
				}
				if !strings.HasPrefix(got.Rule, tc.want.String()+":") || !strings.Contains(got.Rule, "impact matrix") {
					t.Errorf("ByImpact(%+v).Rule = %q, want it to start with %q and name the impact matrix", a, got.Rule, tc.want)
				}
			}
		})
	}
}

// TestImpactBoundaries pins the edges decided in impact.go: each edge number belongs to the column
// that names it, and fewer than 1,000 users and 3 apps is below the matrix.
func TestImpactBoundaries(t *testing.T) {
	cases := []struct {
		name string
		a    severity.Affected
		want severity.Level
	}{
		{seed + " below lowest band: 999 users is no SEV", severity.Affected{Users: 999, Impact: severity.ImpactMajor}, severity.None},
		{seed + " below lowest band: 2 apps is no SEV", severity.Affected{Apps: 2, Impact: severity.ImpactMajor}, severity.None},
		{seed + " below lowest band: 999 users and 2 apps is no SEV", severity.Affected{Users: 999, Apps: 2, Impact: severity.ImpactMajor}, severity.None},
		{seed + " edge: exactly 1,000 users is the first column", severity.Affected{Users: 1_000, Impact: severity.ImpactMajor}, severity.Sev3},
		{seed + " edge: exactly 100,000 users is the first column", severity.Affected{Users: 100_000, Impact: severity.ImpactMajor}, severity.Sev3},
		{seed + " edge: 100,001 users is the second column", severity.Affected{Users: 100_001, Impact: severity.ImpactMajor}, severity.Sev2},
		{seed + " edge: exactly 5,000,000 users is the second column", severity.Affected{Users: 5_000_000, Impact: severity.ImpactMajor}, severity.Sev2},
		{seed + " edge: 5,000,001 users is the third column", severity.Affected{Users: 5_000_001, Impact: severity.ImpactMajor}, severity.Sev1},
		{seed + " edge: exactly 10 apps is the first column", severity.Affected{Apps: 10, Impact: severity.ImpactMajor}, severity.Sev3},
		{seed + " edge: 11 apps is the second column", severity.Affected{Apps: 11, Impact: severity.ImpactMajor}, severity.Sev2},
		{seed + " edge: exactly 100 apps is the second column", severity.Affected{Apps: 100, Impact: severity.ImpactMajor}, severity.Sev2},
		{seed + " edge: 101 apps is the third column", severity.Affected{Apps: 101, Impact: severity.ImpactMajor}, severity.Sev1},
		{seed + " users or apps: the higher column wins (500 users, 12 apps)", severity.Affected{Users: 500, Apps: 12, Impact: severity.ImpactMajor}, severity.Sev2},
		{seed + " users or apps: the higher column wins (6,000,000 users, 4 apps)", severity.Affected{Users: 6_000_000, Apps: 4, Impact: severity.ImpactMinor}, severity.Sev2},
		{seed + " impact not said: no SEV", severity.Affected{Users: 200_000}, severity.None},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := severity.ByImpact(tc.a)
			if got.Level != tc.want {
				t.Errorf("ByImpact(%+v) = %v (%q), want %v", tc.a, got.Level, got.Rule, tc.want)
			}
		})
	}
}

func TestImpactBelowBandSaysWhy(t *testing.T) {
	got := severity.ByImpact(severity.Affected{Users: 500, Impact: severity.ImpactMajor})
	want := "no SEV by impact: 500 users is below the lowest column of seed 003's impact matrix (1,000-100,000 users or 3-10 apps)"
	if got.Rule != want {
		t.Errorf("ByImpact(500 users).Rule = %q, want %q", got.Rule, want)
	}
}

func TestImpactRuleWords(t *testing.T) {
	got := severity.ByImpact(severity.Affected{Users: 150_000, Impact: severity.ImpactMajor})
	want := `SEV 2: major impact on 150,000 users, in the column "100,001-5,000,000 users or 11-100 apps" of seed 003's impact matrix`
	if got.Rule != want {
		t.Errorf("ByImpact(150,000 users major).Rule = %q, want %q", got.Rule, want)
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 100001: "100,001", 5000000: "5,000,000", -1200: "-1,200"} {
		if got := severity.Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}
