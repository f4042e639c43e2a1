package incident_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/opsdeck/opsdeck/models/incident"
	"github.com/opsdeck/opsdeck/models/severity"
)

const seed = "003_817c9236db34d12c.txt"

var t0 = time.Date(2026, 5, 7, 10, 0, 0, 0, time.UTC)

func TestClocks(t *testing.T) {
	sev2 := incident.Declared{Label: "P2", Level: severity.Sev2}
	cases := []struct {
		name        string
		inc         incident.Incident
		now         time.Time
		wantApplies bool
		wantOverdue bool
		wantLate    time.Duration
		wantText    string
	}{
		{
			name: seed + " first update: SEV 2 with no update 59m after start is due in 1m",
			inc:  incident.Incident{Declared: sev2, Started: t0}, now: t0.Add(59 * time.Minute),
			wantApplies: true, wantText: "due in 1m",
		},
		{
			name: seed + " first update: SEV 2 at exactly 1h with no update is not yet overdue",
			inc:  incident.Incident{Declared: sev2, Started: t0}, now: t0.Add(time.Hour),
			wantApplies: true, wantText: "due now",
		},
		{
			name: seed + " first update: SEV 2 with no update 1h25m after start is overdue",
			inc:  incident.Incident{Declared: sev2, Started: t0}, now: t0.Add(85 * time.Minute),
			wantApplies: true, wantOverdue: true, wantText: "OVERDUE 25m",
		},
		{
			name: seed + " first update: an update at exactly 1h is on time",
			inc:  incident.Incident{Declared: sev2, Started: t0, Updates: []incident.Update{{At: t0.Add(time.Hour)}}}, now: t0.Add(3 * time.Hour),
			wantApplies: true, wantText: "sent 11:00",
		},
		{
			name: seed + " first update: an update at 1h10m was 10m late",
			inc:  incident.Incident{Declared: sev2, Started: t0, Updates: []incident.Update{{At: t0.Add(2 * time.Hour)}, {At: t0.Add(70 * time.Minute)}}}, now: t0.Add(3 * time.Hour),
			wantApplies: true, wantLate: 10 * time.Minute, wantText: "sent 10m late",
		},
		{
			name: seed + " first update: SEV 3 has no clock",
			inc:  incident.Incident{Declared: incident.Declared{Label: "P3", Level: severity.Sev3}, Started: t0}, now: t0.Add(5 * time.Hour),
			wantText: "no clock",
		},
		{
			name: seed + " first update: the computed SEV 1 applies even when nothing is declared",
			inc:  incident.Incident{Computed: severity.Result{Level: severity.Sev1}, Started: t0}, now: t0.Add(2 * time.Hour),
			wantApplies: true, wantOverdue: true, wantText: "OVERDUE 1h00m",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.inc.Clocks(tc.now)
			if c.Applies != tc.wantApplies || c.Overdue != tc.wantOverdue || c.Late != tc.wantLate {
				t.Errorf("Clocks(%v) = applies %v overdue %v late %v, want %v %v %v", tc.now, c.Applies, c.Overdue, c.Late, tc.wantApplies, tc.wantOverdue, tc.wantLate)
			}
			if got := c.FirstUpdateText(time.UTC); got != tc.wantText {
				t.Errorf("FirstUpdateText = %q, want %q", got, tc.wantText)
			}
		})
	}
}

func TestInvestigationClock(t *testing.T) {
	sev1 := incident.Declared{Label: "P1", Level: severity.Sev1}
	cases := []struct {
		name string
		inc  incident.Incident
		now  time.Time
		want bool
	}{
		{seed + " investigation: acknowledged 10m after the page is on time", incident.Incident{Declared: sev1, Started: t0, Paged: t0, Acknowledged: t0.Add(10 * time.Minute)}, t0.Add(time.Hour), false},
		{seed + " investigation: acknowledged at exactly 15m is on time", incident.Incident{Declared: sev1, Started: t0, Paged: t0, Acknowledged: t0.Add(15 * time.Minute)}, t0.Add(time.Hour), false},
		{seed + " investigation: acknowledged 16m after the page is late", incident.Incident{Declared: sev1, Started: t0, Paged: t0, Acknowledged: t0.Add(16 * time.Minute)}, t0.Add(time.Hour), true},
		{seed + " investigation: unacknowledged 14m after the page is not late yet", incident.Incident{Declared: sev1, Started: t0, Paged: t0}, t0.Add(14 * time.Minute), false},
		{seed + " investigation: unacknowledged 20m after the page is late", incident.Incident{Declared: sev1, Started: t0, Paged: t0}, t0.Add(20 * time.Minute), true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.inc.Clocks(tc.now).InvestigationLate; got != tc.want {
				t.Errorf("InvestigationLate at %v = %v, want %v", tc.now, got, tc.want)
			}
		})
	}
}

func TestDeclaredLevel(t *testing.T) {
	for in, want := range map[string]severity.Level{
		"P1": severity.Sev1, "p2": severity.Sev2, "P3": severity.Sev3, "P4": severity.None, "P5": severity.None,
		"SEV-1": severity.Sev1, "sev 2": severity.Sev2, "critical": severity.Sev1, "major": severity.Sev2, "minor": severity.Sev3,
		"high": severity.None, "low": severity.None, "none": severity.None, "": severity.None,
	} {
		if got := incident.DeclaredLevel(in); got != want {
			t.Errorf("DeclaredLevel(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestLevelIsTheMoreSevere(t *testing.T) {
	inc := incident.Incident{Declared: incident.Declared{Level: severity.Sev3}, Computed: severity.Result{Level: severity.Sev1}}
	if got := inc.Level(); got != severity.Sev1 {
		t.Errorf("Level() = %v, want SEV 1 (computed beats a lower declared)", got)
	}
	inc = incident.Incident{Declared: incident.Declared{Level: severity.Sev2}}
	if got := inc.Level(); got != severity.Sev2 {
		t.Errorf("Level() = %v, want SEV 2 (declared when nothing is computed)", got)
	}
}

func TestLinkCopiesStatusPageUpdatesToThePage(t *testing.T) {
	page := incident.Incident{Source: incident.PagerDuty, ID: "PABC", Declared: incident.Declared{Level: severity.Sev2}, Started: t0}
	sp := incident.Incident{Source: incident.Statuspage, ID: "sp1", TracksUpdates: true, Started: t0,
		Updates: []incident.Update{{At: t0.Add(20 * time.Minute), Status: "investigating", Body: "Looking"}},
		Links:   []incident.Ref{{Source: incident.PagerDuty, ID: "PABC"}}}
	other := incident.Incident{Source: incident.PagerDuty, ID: "PXYZ", Declared: incident.Declared{Level: severity.Sev2}, Started: t0}
	got := incident.Link([]incident.Incident{page, sp, other})
	want := []incident.Update{{At: t0.Add(20 * time.Minute), Status: "investigating", Body: "Looking", Via: "statuspage:sp1"}}
	if diff := cmp.Diff(want, got[0].Updates); diff != "" {
		t.Errorf("linked page updates (-want +got):\n%s", diff)
	}
	if got[0].Clocks(t0.Add(2 * time.Hour)).Overdue {
		t.Error("a page answered by a linked status page incident is overdue")
	}
	if !got[2].Clocks(t0.Add(2 * time.Hour)).Overdue {
		t.Error("an unanswered SEV 2 page two hours old is not overdue")
	}
	if len(page.Updates) != 0 {
		t.Error("Link changed its input")
	}
}

func TestSort(t *testing.T) {
	now := t0.Add(3 * time.Hour)
	list := []incident.Incident{
		{Source: incident.Platform, ID: "a", Started: t0.Add(2 * time.Hour)},
		{Source: incident.Statuspage, ID: "b", Declared: incident.Declared{Level: severity.Sev3}, Started: t0},
		{Source: incident.PagerDuty, ID: "c", Declared: incident.Declared{Level: severity.Sev1}, Started: t0.Add(170 * time.Minute)},
		{Source: incident.PagerDuty, ID: "d", Declared: incident.Declared{Level: severity.Sev2}, Started: t0},
	}
	incident.Sort(list, now)
	var got []string
	for _, inc := range list {
		got = append(got, inc.ID)
	}
	if diff := cmp.Diff([]string{"d", "c", "b", "a"}, got); diff != "" {
		t.Errorf("Sort order (-want +got):\n%s", diff)
	}
}

func TestCountByLevel(t *testing.T) {
	got := incident.CountByLevel([]incident.Incident{
		{Declared: incident.Declared{Level: severity.Sev2}}, {Declared: incident.Declared{Level: severity.Sev2}}, {},
	})
	want := map[severity.Level]int{severity.Sev2: 2, severity.None: 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CountByLevel (-want +got):\n%s", diff)
	}
}

func TestShort(t *testing.T) {
	for d, want := range map[time.Duration]string{
		30 * time.Second: "30s", 12 * time.Minute: "12m", 125 * time.Minute: "2h05m", 76 * time.Hour: "3d4h", -5 * time.Minute: "5m",
	} {
		if got := incident.Short(d); got != want {
			t.Errorf("Short(%v) = %q, want %q", d, got, want)
		}
	}
}
