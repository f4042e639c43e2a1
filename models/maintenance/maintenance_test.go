package maintenance_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/opsdeck/opsdeck/models/maintenance"
)

var now = time.Date(2026, 5, 7, 12, 0, 0, 0, time.UTC)

func win(id, status string, start, end time.Duration) maintenance.Window {
	return maintenance.Window{ID: id, Name: "window " + id, Status: status, Start: now.Add(start), End: now.Add(end), Source: "statuspage"}
}

func TestPhase(t *testing.T) {
	h := time.Hour
	day := 24 * h
	cases := []struct {
		name string
		w    maintenance.Window
		want maintenance.Phase
	}{
		{"scheduled, running now is active", win("a", "scheduled", -h, h), maintenance.Active},
		{"starts exactly now is active (start included)", win("a", "scheduled", 0, h), maintenance.Active},
		{"ends exactly now is recent (end excluded)", win("a", "scheduled", -h, 0), maintenance.Recent},
		{"in_progress past its scheduled end stays active", win("a", "in_progress", -3*h, -h), maintenance.Active},
		{"verifying is active", win("a", "verifying", -3*h, -h), maintenance.Active},
		{"starts in 3 days is upcoming", win("a", "scheduled", 3*day, 3*day+h), maintenance.Upcoming},
		{"starts in exactly 14 days is upcoming", win("a", "scheduled", 14*day, 14*day+h), maintenance.Upcoming},
		{"starts in 14 days and 1s is not listed", win("a", "scheduled", 14*day+time.Second, 15*day), maintenance.Other},
		{"completed 2 days ago is recent", win("a", "completed", -2*day-h, -2*day), maintenance.Recent},
		{"completed exactly 7 days ago is recent", win("a", "completed", -7*day-h, -7*day), maintenance.Recent},
		{"completed 8 days ago is not listed", win("a", "completed", -8*day-h, -8*day), maintenance.Other},
		{"completed early, inside its slot, is recent not active", win("a", "completed", -h, h), maintenance.Recent},
		{"config window without status, running now", win("a", "", -h, h), maintenance.Active},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.w.Phase(now); got != tc.want {
				t.Errorf("Phase(%v..%v %q) = %v, want %v", tc.w.Start, tc.w.End, tc.w.Status, got, tc.want)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	h := time.Hour
	ws := []maintenance.Window{
		win("up2", "scheduled", 50*h, 52*h),
		win("act", "in_progress", -h, h),
		win("old", "completed", -30*h, -28*h),
		win("up1", "scheduled", 5*h, 6*h),
		win("older", "completed", -60*h, -58*h),
		win("far", "scheduled", 400*h, 401*h),
		win("up1", "scheduled", 5*h, 6*h), // the same window from a second endpoint
	}
	b := maintenance.Classify(ws, now)
	ids := func(ws []maintenance.Window) []string {
		var out []string
		for _, w := range ws {
			out = append(out, w.ID)
		}
		return out
	}
	got := [][]string{ids(b.Active), ids(b.Upcoming), ids(b.Recent)}
	want := [][]string{{"act"}, {"up1", "up2"}, {"old", "older"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Classify (-want +got):\n%s", diff)
	}
}

// TestInside is the helper the SLO tab uses to measure uptime outside maintenance windows (seeds
// 000_03458319a446afb3.txt and 001_837e3ae390f22e52.txt).
func TestInside(t *testing.T) {
	h := time.Hour
	ws := []maintenance.Window{win("a", "completed", -5*h, -4*h), win("b", "scheduled", h, 2*h)}
	cases := []struct {
		name string
		at   time.Time
		want string
	}{
		{"001 uptime outside windows: inside the first", now.Add(-270 * time.Minute), "a"},
		{"001 uptime outside windows: at the start edge (included)", now.Add(-5 * h), "a"},
		{"001 uptime outside windows: at the end edge (excluded)", now.Add(-4 * h), ""},
		{"001 uptime outside windows: between windows", now, ""},
		{"001 uptime outside windows: inside a future window, status ignored", now.Add(90 * time.Minute), "b"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w, ok := maintenance.Inside(ws, tc.at)
			if ok != (tc.want != "") || w.ID != tc.want {
				t.Errorf("Inside(%v) = %q, %v; want %q", tc.at, w.ID, ok, tc.want)
			}
		})
	}
}

func TestBanner(t *testing.T) {
	h := time.Hour
	if s, ok := maintenance.Banner([]maintenance.Window{win("u", "scheduled", h, 2*h)}, now, time.UTC); ok {
		t.Errorf("Banner with no active window = %q, want none", s)
	}
	got, ok := maintenance.Banner([]maintenance.Window{win("a", "in_progress", -h, 2*h), win("b", "scheduled", -h, 3*h)}, now, time.UTC)
	want := "MAINTENANCE in progress: window a until 14:00 UTC (+1 more)"
	if !ok || got != want {
		t.Errorf("Banner = %q, %v; want %q", got, ok, want)
	}
	got, _ = maintenance.Banner([]maintenance.Window{win("a", "in_progress", -3*h, -h)}, now, time.UTC)
	if want := "MAINTENANCE in progress: window a (past its scheduled end 11:00 UTC)"; got != want {
		t.Errorf("Banner overrun = %q, want %q", got, want)
	}
}
