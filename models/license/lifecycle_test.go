package license_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsdeck/opsdeck/models/license"
)

// now is mid-day on 2025-06-15 (UTC); "today" below is that date.
var now = time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC)

func day(offset int) time.Time { return license.Date(2025, 6, 15).AddDate(0, 0, offset) }

func trial(start, end int) license.License {
	return license.License{CloudID: "c", Type: license.TypeEvaluation, Status: license.StatusActive,
		StartDate: day(start), EndDate: day(end)}
}

func paid(status license.Status, end int) license.License {
	return license.License{CloudID: "c", Type: license.TypeCommercial, Status: status,
		StartDate: day(end - 365), EndDate: day(end)}
}

func TestEvaluate(t *testing.T) {
	tests := []struct {
		name string
		lic  license.License
		now  time.Time
		want license.Lifecycle
	}{
		{
			name: "seed 004 line 37: a trial 46 days long (start and end dates included) with 20 days left",
			lic:  trial(-25, 20),
			want: license.Lifecycle{State: license.StateTrial, Valid: true, HasEnd: true, DaysLeft: 20, TrialDays: 46},
		},
		{
			name: "seed 004 line 37: a 31-day trial (30 days plus one to the next bill) is the shortest normal one",
			lic:  trial(-1, 29),
			want: license.Lifecycle{State: license.StateTrial, Valid: true, HasEnd: true, DaysLeft: 29, TrialDays: 31},
		},
		{
			name: "seed 004 line 37: a 30-day trial is shorter than 31 days: warning",
			lic:  trial(-1, 28),
			want: license.Lifecycle{State: license.StateTrial, Valid: true, HasEnd: true, DaysLeft: 28, TrialDays: 30, TrialOutOfRange: true},
		},
		{
			name: "seed 004 line 37: a 61-day trial is the longest normal one",
			lic:  trial(-1, 59),
			want: license.Lifecycle{State: license.StateTrial, Valid: true, HasEnd: true, DaysLeft: 59, TrialDays: 61},
		},
		{
			name: "seed 004 line 37: a 62-day trial is longer than 61 days: warning",
			lic:  trial(-1, 60),
			want: license.Lifecycle{State: license.StateTrial, Valid: true, HasEnd: true, DaysLeft: 60, TrialDays: 62, TrialOutOfRange: true},
		},
		{
			name: "seed 004 line 37: a 31-day trial starting today ends on the 31st day, its end date",
			lic:  trial(0, 30),
			want: license.Lifecycle{State: license.StateTrial, Valid: true, HasEnd: true, DaysLeft: 30, TrialDays: 31},
		},
		{
			name: "seed 004 line 37: a trial on its last day is still valid",
			lic:  trial(-40, 0),
			want: license.Lifecycle{State: license.StateTrial, Valid: true, HasEnd: true, DaysLeft: 0, TrialDays: 41},
		},
		{
			name: "a trial still reported active the day after its end stays valid (status is authoritative)",
			lic:  trial(-40, -1),
			want: license.Lifecycle{State: license.StateTrial, Valid: true, HasEnd: true, DaysLeft: -1, TrialDays: 40},
		},
		{
			name: "seed 004 line 37: a trial without a start date has no length to check",
			lic:  license.License{Type: license.TypeEvaluation, Status: license.StatusActive, EndDate: day(10)},
			want: license.Lifecycle{State: license.StateTrial, Valid: true, HasEnd: true, DaysLeft: 10},
		},
		{
			name: "seed 004 line 41: an expired trial is removed 15 days after it lapsed, the day after its end date",
			lic:  license.License{Type: license.TypeEvaluation, Status: license.StatusInactive, StartDate: day(-50), EndDate: day(-5)},
			want: license.Lifecycle{State: license.StateExpired, HasEnd: true, DaysLeft: -5, TrialDays: 46,
				RemovalDate: day(11), DaysToRemoval: 11},
		},
		{
			name: "an active commercial license renews at its end date",
			lic:  paid(license.StatusActive, 40),
			want: license.Lifecycle{State: license.StateActive, Valid: true, HasEnd: true, DaysLeft: 40},
		},
		{
			name: "an active license without an end date",
			lic:  license.License{Type: license.TypeCommunity, Status: license.StatusActive},
			want: license.Lifecycle{State: license.StateActive, Valid: true},
		},
		{
			name: "seed 004 lines 39 and 41: cancelled, valid until the end of the billing period, removal 15 days after the day after it",
			lic:  paid(license.StatusCancelled, 10),
			want: license.Lifecycle{State: license.StateCancelled, Valid: true, HasEnd: true, DaysLeft: 10,
				RemovalDate: day(26), DaysToRemoval: 26},
		},
		{
			name: "seed 004 line 39: cancelled, last day of the billing period is still valid",
			lic:  paid(license.StatusCancelled, 0),
			want: license.Lifecycle{State: license.StateCancelled, Valid: true, HasEnd: true, DaysLeft: 0,
				RemovalDate: day(16), DaysToRemoval: 16},
		},
		{
			name: "seed 004 lines 39 and 41: cancelled, the day after the period the cancellation takes effect: removal in 15 days",
			lic:  paid(license.StatusCancelled, -1),
			want: license.Lifecycle{State: license.StateExpired, HasEnd: true, DaysLeft: -1,
				RemovalDate: day(15), DaysToRemoval: 15},
		},
		{
			name: "seed 004 line 41: removal day, 15 days after the cancellation took effect",
			lic:  paid(license.StatusCancelled, -16),
			want: license.Lifecycle{State: license.StateExpired, HasEnd: true, DaysLeft: -16,
				RemovalDate: day(0), DaysToRemoval: 0},
		},
		{
			name: "seed 004 line 41: 16 days after the cancellation took effect the data is gone",
			lic:  paid(license.StatusCancelled, -17),
			want: license.Lifecycle{State: license.StateExpired, HasEnd: true, DaysLeft: -17,
				RemovalDate: day(-1), DaysToRemoval: -1},
		},
		{
			name: "seed 004 line 39: cancelled without an end date cannot be checked: stays valid",
			lic:  license.License{Type: license.TypeCommercial, Status: license.StatusCancelled},
			want: license.Lifecycle{State: license.StateCancelled, Valid: true},
		},
		{
			name: "seed 004 line 41: inactive (expired) commercial license, removal 3 days ahead",
			lic:  paid(license.StatusInactive, -13),
			want: license.Lifecycle{State: license.StateExpired, HasEnd: true, DaysLeft: -13,
				RemovalDate: day(3), DaysToRemoval: 3},
		},
		{
			name: "an undocumented status is not a valid license",
			lic:  license.License{Type: license.TypeCommercial, Status: "suspended", EndDate: day(5)},
			want: license.Lifecycle{State: license.StateUnknown, HasEnd: true, DaysLeft: 5},
		},
		{
			name: "days count on the UTC calendar: 23:30 in UTC-5 is already tomorrow",
			lic:  trial(-20, 20),
			now:  time.Date(2025, 6, 15, 23, 30, 0, 0, time.FixedZone("EST", -5*3600)),
			want: license.Lifecycle{State: license.StateTrial, Valid: true, HasEnd: true, DaysLeft: 19, TrialDays: 41},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			at := tc.now
			if at.IsZero() {
				at = now
			}
			got := license.Evaluate(tc.lic, at)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Evaluate() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLifecyclePredicates(t *testing.T) {
	tests := []struct {
		name                      string
		lic                       license.License
		soon, removalDue, removed bool
		days                      string
	}{
		{"seed 004 line 37: trial ending today is ending this week", trial(-40, 0), true, false, false, "ends today"},
		{"seed 004 line 37: trial ending in 7 days is ending this week", trial(-40, 7), true, false, false, "7d left"},
		{"seed 004 line 37: trial ending in 8 days is not", trial(-40, 8), false, false, false, "8d left"},
		{"trial ended yesterday, still reported active", trial(-40, -1), false, false, false, "ended 1d ago"},
		{"active license renewal", paid(license.StatusActive, 30), false, false, false, "renews 30d"},
		{"active license past its end", paid(license.StatusActive, -2), false, false, false, "overdue 2d"},
		{"seed 004 line 39: cancelled, still valid, removal not yet due", paid(license.StatusCancelled, 3), false, false, false, "3d left"},
		{"seed 004 lines 39 and 41: the day the cancellation takes effect, removal due in 15 days", paid(license.StatusCancelled, -1), false, true, false, "removal 15d"},
		{"seed 004 line 41: removal due today, 15 days after the cancellation took effect", paid(license.StatusInactive, -16), false, true, false, "removal today"},
		{"seed 004 line 41: removed", paid(license.StatusInactive, -17), false, false, true, "data removed"},
		{"no end date", license.License{Status: license.StatusActive}, false, false, false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lc := license.Evaluate(tc.lic, now)
			if got := lc.TrialEndingSoon(); got != tc.soon {
				t.Errorf("TrialEndingSoon() = %v, want %v", got, tc.soon)
			}
			if got := lc.RemovalDue(); got != tc.removalDue {
				t.Errorf("RemovalDue() = %v, want %v", got, tc.removalDue)
			}
			if got := lc.DataRemoved(); got != tc.removed {
				t.Errorf("DataRemoved() = %v, want %v", got, tc.removed)
			}
			if got := lc.DaysText(); got != tc.days {
				t.Errorf("DaysText() = %q, want %q", got, tc.days)
			}
		})
	}
}

func TestParseState(t *testing.T) {
	for s := license.State(0); s < license.NumStates; s++ {
		got, ok := license.ParseState(s.String())
		if !ok || got != s {
			t.Errorf("ParseState(%q) = %v, %v; want %v, true", s.String(), got, ok, s)
		}
	}
	if _, ok := license.ParseState("valid"); ok {
		t.Errorf("ParseState(%q) ok, want not ok", "valid")
	}
}
