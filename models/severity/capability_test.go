package severity_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/models/severity"
)

// Durations probing each column of the capability tables, edges included (see SpanOf).
var (
	under2h  = []time.Duration{0, 30 * time.Minute, 2*time.Hour - time.Second}
	from2to5 = []time.Duration{2 * time.Hour, 3*time.Hour + 30*time.Minute, 5 * time.Hour}
	over5h   = []time.Duration{5*time.Hour + time.Second, 5*time.Hour + time.Minute, 26 * time.Hour}
)

type capCell struct {
	tier severity.Tier
	col  string
	durs []time.Duration
	want severity.Level
}

func cellName(table string, c capCell) string {
	return fmt.Sprintf("%s capability %s table: %s x %s = %v", seed, table, c.tier, c.col, c.want)
}

func runCells(t *testing.T, kind severity.Kind, cells []capCell) {
	t.Helper()
	for _, c := range cells {
		t.Run(cellName(kind.String(), c), func(t *testing.T) {
			for _, d := range c.durs {
				e := severity.Event{Tier: c.tier, Kind: kind, Duration: d}
				got := severity.ByCapability(e)
				if got.Level != c.want {
					t.Errorf("ByCapability(%s %s for %v) = %v (%q), want %v", c.tier, kind, d, got.Level, got.Rule, c.want)
				}
				if got.Basis != severity.BasisCapability {
					t.Errorf("ByCapability(%+v).Basis = %q, want capability", e, got.Basis)
				}
				if !strings.Contains(got.Rule, "capability "+kind.String()+" table") {
					t.Errorf("ByCapability(%+v).Rule = %q, want it to name the %s table", e, got.Rule, kind)
				}
			}
		})
	}
}

// TestCapabilityOutageCells checks all nine cells of seed 003's capability outage table.
func TestCapabilityOutageCells(t *testing.T) {
	runCells(t, severity.Outage, []capCell{
		{severity.C1, "less than 2 hours", under2h, severity.Sev2},
		{severity.C1, "2-5 hours", from2to5, severity.Sev1},
		{severity.C1, "more than 5 hours", over5h, severity.Sev1},
		{severity.C2, "less than 2 hours", under2h, severity.Sev2},
		{severity.C2, "2-5 hours", from2to5, severity.Sev2},
		{severity.C2, "more than 5 hours", over5h, severity.Sev2},
		{severity.C3, "less than 2 hours", under2h, severity.Sev3},
		{severity.C3, "2-5 hours", from2to5, severity.Sev3},
		{severity.C3, "more than 5 hours", over5h, severity.Sev2},
	})
}

// TestCapabilityDegradationCells checks all nine cells of seed 003's capability degradation table,
// including the "—" cell (C3, less than 2 hours) that is no incident.
func TestCapabilityDegradationCells(t *testing.T) {
	runCells(t, severity.Degradation, []capCell{
		{severity.C1, "less than 2 hours", under2h, severity.Sev2},
		{severity.C1, "2-5 hours", from2to5, severity.Sev1},
		{severity.C1, "more than 5 hours", over5h, severity.Sev1},
		{severity.C2, "less than 2 hours", under2h, severity.Sev3},
		{severity.C2, "2-5 hours", from2to5, severity.Sev2},
		{severity.C2, "more than 5 hours", over5h, severity.Sev2},
		{severity.C3, "less than 2 hours (the — cell, no incident)", under2h, severity.None},
		{severity.C3, "2-5 hours", from2to5, severity.Sev3},
		{severity.C3, "more than 5 hours", over5h, severity.Sev3},
	})
}

func TestSpanEdges(t *testing.T) {
	cases := []struct {
		name string
		d    time.Duration
		want severity.Span
	}{
		{seed + " edge: 1h59m59s is less than 2 hours", 2*time.Hour - time.Second, severity.Under2h},
		{seed + " edge: exactly 2h is 2-5 hours", 2 * time.Hour, severity.From2To5},
		{seed + " edge: exactly 5h is 2-5 hours", 5 * time.Hour, severity.From2To5},
		{seed + " edge: 5h and 1ns is more than 5 hours", 5*time.Hour + 1, severity.Over5h},
		{seed + " edge: a negative duration is less than 2 hours", -time.Minute, severity.Under2h},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := severity.SpanOf(tc.d); got != tc.want {
				t.Errorf("SpanOf(%v) = %v, want %v", tc.d, got, tc.want)
			}
		})
	}
}

func TestDegradationNoIncidentCellSaysWhy(t *testing.T) {
	got := severity.ByCapability(severity.Event{Capability: "App logging", Kind: severity.Degradation, Duration: 90 * time.Minute})
	if got.Level != severity.None || !strings.Contains(got.Rule, "no incident") || !strings.Contains(got.Rule, "App logging") {
		t.Errorf("ByCapability(App logging degraded 90m) = %v %q, want no SEV naming the no-incident cell", got.Level, got.Rule)
	}
}

// TestIssueExample is the issue's acceptance example: App UI degraded for 150 minutes is SEV 1.
func TestIssueExample(t *testing.T) {
	got := severity.ByCapability(severity.Event{Capability: "App UI", Kind: severity.Degradation, Duration: 150 * time.Minute})
	want := `SEV 1: degradation of a C1 capability (App UI) for 2h30m, in the column "2-5 hours" of seed 003's capability degradation table`
	if got.Level != severity.Sev1 || got.Rule != want {
		t.Errorf("ByCapability(App UI degraded 150m) = %v %q, want SEV 1 %q", got.Level, got.Rule, want)
	}
}

func TestCapabilityNameWinsOverTier(t *testing.T) {
	// Webtriggers is C1 in seed 003; a wrong tier given beside the name is ignored.
	got := severity.ByCapability(severity.Event{Capability: "webtriggers", Tier: severity.C3, Kind: severity.Outage, Duration: 3 * time.Hour})
	if got.Level != severity.Sev1 {
		t.Errorf("ByCapability(webtriggers outage 3h) = %v (%q), want SEV 1", got.Level, got.Rule)
	}
}

func TestCapabilityMissingInputs(t *testing.T) {
	cases := []struct {
		name string
		e    severity.Event
		want string
	}{
		{"unknown capability", severity.Event{Capability: "Teleportation", Kind: severity.Outage}, "not in seed 003's capability list"},
		{"no tier", severity.Event{Kind: severity.Outage}, "no capability or tier given"},
		{"no kind", severity.Event{Tier: severity.C1}, "outage or a degradation"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := severity.ByCapability(tc.e)
			if got.Level != severity.None || !strings.Contains(got.Rule, tc.want) {
				t.Errorf("ByCapability(%+v) = %v %q, want no SEV saying %q", tc.e, got.Level, got.Rule, tc.want)
			}
		})
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0m", 45 * time.Minute: "45m", 2 * time.Hour: "2h", 150 * time.Minute: "2h30m",
		5*time.Hour + 20*time.Second: "5h0m20s", -time.Hour: "0m",
	} {
		if got := severity.FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Issue search (JQL)", "issue search jql"},
		{"  Jira Service Management — Customer portal ", "jira service management customer portal"},
		{"REST-API/v2", "rest api v2"},
		{"Bitbucket Pipelines (Cloud only)", "bitbucket pipelines cloud only"},
		{"Ünïcode näme", "n code n me"},
		{"", ""},
		{"---", ""},
	} {
		if got := severity.Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
