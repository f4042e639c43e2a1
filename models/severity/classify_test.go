package severity_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/opsdeck/opsdeck/models/severity"
)

// TestReportsScaleCells checks each step of seed 003's escalation scale and its strict edges.
func TestReportsScaleCells(t *testing.T) {
	cases := []struct {
		name    string
		reports []int
		want    severity.Level
	}{
		{seed + " escalation: 2 or fewer partner reports = no escalation", []int{0, 1, 2}, severity.None},
		{seed + " escalation: more than 2 partner reports = SEV 3", []int{3, 4, 5}, severity.Sev3},
		{seed + " escalation: more than 5 partner reports = SEV 2", []int{6, 10, 15}, severity.Sev2},
		{seed + " escalation: more than 15 partner reports = SEV 1", []int{16, 40}, severity.Sev1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, n := range tc.reports {
				got := severity.ByReports(n)
				if got.Level != tc.want {
					t.Errorf("ByReports(%d) = %v (%q), want %v", n, got.Level, got.Rule, tc.want)
				}
				if got.Basis != severity.BasisReports {
					t.Errorf("ByReports(%d).Basis = %q, want reports", n, got.Basis)
				}
			}
		})
	}
}

func TestClassify(t *testing.T) {
	cases := []struct {
		name      string
		in        severity.Input
		wantLevel severity.Level
		wantBasis severity.Basis
		wantNotes int
	}{
		{
			name:      seed + " impact matrix comes first: 150,000 users major beats a C3 outage",
			in:        severity.Input{Affected: severity.Affected{Users: 150_000, Impact: severity.ImpactMajor}, Capability: severity.Event{Tier: severity.C3, Kind: severity.Outage, Duration: time.Hour}},
			wantLevel: severity.Sev2, wantBasis: severity.BasisImpact, wantNotes: 1,
		},
		{
			name:      seed + " impact matrix comes first even when the capability table is more severe",
			in:        severity.Input{Affected: severity.Affected{Users: 2_000, Impact: severity.ImpactMajor}, Capability: severity.Event{Capability: "App UI", Kind: severity.Outage, Duration: 3 * time.Hour}},
			wantLevel: severity.Sev3, wantBasis: severity.BasisImpact, wantNotes: 1,
		},
		{
			name:      seed + " below the lowest band falls back to the capability tables",
			in:        severity.Input{Affected: severity.Affected{Users: 400, Impact: severity.ImpactMajor}, Capability: severity.Event{Capability: "Webtriggers", Kind: severity.Outage, Duration: 3 * time.Hour}},
			wantLevel: severity.Sev1, wantBasis: severity.BasisCapability, wantNotes: 1,
		},
		{
			name:      seed + " capability only",
			in:        severity.Input{Capability: severity.Event{Capability: "App deployment", Kind: severity.Degradation, Duration: 30 * time.Minute}},
			wantLevel: severity.Sev3, wantBasis: severity.BasisCapability,
		},
		{
			name:      seed + " partner reports escalate a capability SEV 3 to SEV 2",
			in:        severity.Input{Capability: severity.Event{Tier: severity.C3, Kind: severity.Outage, Duration: time.Hour}, Reports: 7},
			wantLevel: severity.Sev2, wantBasis: severity.BasisReports, wantNotes: 1,
		},
		{
			name:      seed + " partner reports never lower: 3 reports beside an impact SEV 1",
			in:        severity.Input{Affected: severity.Affected{Apps: 150, Impact: severity.ImpactMajor}, Reports: 3},
			wantLevel: severity.Sev1, wantBasis: severity.BasisImpact, wantNotes: 1,
		},
		{
			name:      seed + " partner reports alone",
			in:        severity.Input{Reports: 16},
			wantLevel: severity.Sev1, wantBasis: severity.BasisReports,
		},
		{
			name:      seed + " reports after the no-incident degradation cell",
			in:        severity.Input{Capability: severity.Event{Tier: severity.C3, Kind: severity.Degradation, Duration: time.Hour}, Reports: 4},
			wantLevel: severity.Sev3, wantBasis: severity.BasisReports, wantNotes: 1,
		},
		{
			name:      seed + " only the no-incident degradation cell: no SEV, and the rule says so",
			in:        severity.Input{Capability: severity.Event{Tier: severity.C3, Kind: severity.Degradation, Duration: time.Hour}},
			wantLevel: severity.None, wantBasis: severity.BasisCapability,
		},
		{
			name:      "nothing given",
			in:        severity.Input{},
			wantLevel: severity.None, wantBasis: severity.BasisNone,
		},
		{
			name:      seed + " below band and 2 reports: no SEV, both rules listed",
			in:        severity.Input{Affected: severity.Affected{Users: 10, Impact: severity.ImpactMinor}, Reports: 2},
			wantLevel: severity.None, wantBasis: severity.BasisNone, wantNotes: 2,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := severity.Classify(tc.in)
			if got.Level != tc.wantLevel || got.Basis != tc.wantBasis || len(got.Notes) != tc.wantNotes {
				t.Errorf("Classify(%+v) = %v basis %q notes %q (rule %q), want %v basis %q with %d notes",
					tc.in, got.Level, got.Basis, got.Notes, got.Rule, tc.wantLevel, tc.wantBasis, tc.wantNotes)
			}
			if got.Level.Valid() && !strings.HasPrefix(got.Rule, got.Level.String()+":") {
				t.Errorf("Classify(%+v).Rule = %q, want it to start with %q", tc.in, got.Rule, got.Level)
			}
			if !got.Level.Valid() && !strings.HasPrefix(got.Rule, "no SEV") {
				t.Errorf("Classify(%+v).Rule = %q, want it to start with \"no SEV\"", tc.in, got.Rule)
			}
		})
	}
}

func TestClassifyEscalationNote(t *testing.T) {
	got := severity.Classify(severity.Input{Capability: severity.Event{Tier: severity.C3, Kind: severity.Outage, Duration: time.Hour}, Reports: 7})
	want := []string{`escalated from SEV 3: outage of a C3 capability for 1h, in the column "less than 2 hours" of seed 003's capability outage table`}
	if diff := cmp.Diff(want, got.Notes); diff != "" {
		t.Errorf("Classify notes (-want +got):\n%s", diff)
	}
	if got.Rule != "SEV 2: 7 partner reports is more than 5, in seed 003's escalation scale" {
		t.Errorf("Classify rule = %q", got.Rule)
	}
}

// TestResponseTargets checks seed 003's response targets for major incidents.
func TestResponseTargets(t *testing.T) {
	start := time.Date(2026, 5, 7, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		name     string
		level    severity.Level
		applies  bool
		investig time.Duration
		firstUpd time.Duration
	}{
		{seed + " response targets: SEV 1 investigate within 15 minutes, first update within 1 hour", severity.Sev1, true, 15 * time.Minute, time.Hour},
		{seed + " response targets: SEV 2 investigate within 15 minutes, first update within 1 hour", severity.Sev2, true, 15 * time.Minute, time.Hour},
		{seed + " response targets: SEV 3 has no clock (business hours)", severity.Sev3, false, 0, 0},
		{"no SEV has no clock", severity.None, false, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := severity.TargetsFor(tc.level)
			if got.Applies != tc.applies || got.Investigate != tc.investig || got.FirstUpdate != tc.firstUpd || got.Rule == "" {
				t.Errorf("TargetsFor(%v) = %+v, want applies=%v investigate=%v first update=%v", tc.level, got, tc.applies, tc.investig, tc.firstUpd)
			}
		})
	}
	if got, want := severity.FirstUpdateDue(start), start.Add(time.Hour); !got.Equal(want) {
		t.Errorf("FirstUpdateDue(%v) = %v, want %v", start, got, want)
	}
	if got, want := severity.InvestigationDue(start), start.Add(15*time.Minute); !got.Equal(want) {
		t.Errorf("InvestigationDue(%v) = %v, want %v", start, got, want)
	}
}

func TestLevelOrderAndParse(t *testing.T) {
	if got := severity.Max(severity.Sev3, severity.None, severity.Sev1, severity.Sev2); got != severity.Sev1 {
		t.Errorf("Max = %v, want SEV 1", got)
	}
	if got := severity.Max(); got != severity.None {
		t.Errorf("Max() = %v, want no SEV", got)
	}
	for in, want := range map[string]severity.Level{"1": severity.Sev1, "SEV 2": severity.Sev2, "sev-3": severity.Sev3, "critical": severity.Sev1, "Minor": severity.Sev3} {
		got, err := severity.ParseLevel(in)
		if err != nil || got != want {
			t.Errorf("ParseLevel(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := severity.ParseLevel("sev4"); err == nil {
		t.Error("ParseLevel(sev4) succeeded, want an error")
	}
}
