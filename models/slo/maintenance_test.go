package slo_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsdeck/opsdeck/models/slo"
)

func TestMerge(t *testing.T) {
	start, end := now.Add(-28*day), now
	at := func(d time.Duration) time.Time { return now.Add(d) }
	for _, tc := range []struct {
		name string
		in   []slo.Interval
		want []slo.Interval
	}{
		{"none", nil, nil},
		{"clipped to the window", []slo.Interval{{Start: at(-30 * day), End: at(-27 * day), Name: "a"}, {Start: at(-h), End: at(h), Name: "b"}},
			[]slo.Interval{{Start: start, End: at(-27 * day), Name: "a"}, {Start: at(-h), End: end, Name: "b"}}},
		{"overlapping merged once", []slo.Interval{{Start: at(-5 * h), End: at(-3 * h), Name: "b"}, {Start: at(-6 * h), End: at(-4 * h), Name: "a"}},
			[]slo.Interval{{Start: at(-6 * h), End: at(-3 * h), Name: "a + b"}}},
		{"outside and empty dropped", []slo.Interval{{Start: at(h), End: at(2 * h)}, {Start: at(-h), End: at(-h)}, {Start: at(-h), End: at(-2 * h)}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, slo.Merge(tc.in, start, end)); diff != "" {
				t.Errorf("Merge() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestExcludeMaintenance(t *testing.T) {
	s := mustSLO(t, 0.99)
	// Hourly buckets of 100 events, 28 days plus 2 older days; the hour ending 48h ago had 60 bad
	// events: a deploy during a published maintenance window (seed 001).
	var bs []slo.Bucket
	for ago := 30*24 - 1; ago >= 0; ago-- {
		b := slo.Bucket{End: now.Add(-time.Duration(ago) * h), Step: h, Good: 100, Total: 100}
		if ago == 48 {
			b.Good = 40
		}
		bs = append(bs, b)
	}
	c := s.Compliance(sumWindow(bs, now.Add(-28*day)), now)
	if c.Total != 67200 || c.Good != 67140 {
		t.Fatalf("window events = %v/%v, want 67140/67200", c.Good, c.Total)
	}
	for _, tc := range []struct {
		name        string
		ivs         []slo.Interval
		wantRemoved slo.Events
		wantValue   float64
		wantMinutes float64
	}{
		{"seed 000 uptime outside the maintenance hour", []slo.Interval{{Start: now.Add(-49 * h), End: now.Add(-48 * h)}},
			slo.Events{Good: 40, Total: 100}, 1, 0.01 * (28*24*60 - 60)},
		{"half a bucket removes half its events", []slo.Interval{{Start: now.Add(-49 * h), End: now.Add(-48*h - 30*time.Minute)}},
			slo.Events{Good: 20, Total: 50}, 67120.0 / 67150, 0.01 * (28*24*60 - 30)},
		{"overlapping intervals count once", []slo.Interval{{Start: now.Add(-49 * h), End: now.Add(-48 * h)}, {Start: now.Add(-49 * h), End: now.Add(-48*h - 30*time.Minute)}},
			slo.Events{Good: 40, Total: 100}, 1, 0.01 * (28*24*60 - 60)},
		{"maintenance before the window changes nothing", []slo.Interval{{Start: now.Add(-29 * day), End: now.Add(-28*day - h)}},
			slo.Events{}, 67140.0 / 67200, 0.01 * 28 * 24 * 60},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := s.ExcludeMaintenance(c, bs, tc.ivs, nil)
			if !approx(x.Removed.Good, tc.wantRemoved.Good) || !approx(x.Removed.Total, tc.wantRemoved.Total) {
				t.Errorf("ExcludeMaintenance().Removed = %+v, want %+v", x.Removed, tc.wantRemoved)
			}
			if !approx(x.Compliance.Value, tc.wantValue) {
				t.Errorf("ExcludeMaintenance().Compliance.Value = %v, want %v", x.Compliance.Value, tc.wantValue)
			}
			if !approx(x.Budget.TotalMinutes, tc.wantMinutes) {
				t.Errorf("ExcludeMaintenance().Budget.TotalMinutes = %v, want %v", x.Budget.TotalMinutes, tc.wantMinutes)
			}
			if c.Value != 67140.0/67200 {
				t.Errorf("raw compliance changed to %v", c.Value)
			}
		})
	}

	// A measured interval is taken as counted, not prorated: the 30 minutes straddling nothing
	// held all 60 bad events of that hour.
	half := slo.Interval{Start: now.Add(-49 * h), End: now.Add(-48*h - 30*time.Minute)}
	x := s.ExcludeMaintenance(c, bs, []slo.Interval{half}, []slo.Measured{{Interval: half, Events: slo.Events{Good: 0, Total: 60}}})
	if x.Removed != (slo.Events{Good: 0, Total: 60}) || x.Estimated != 0 || x.Compliance.Value != 1 {
		t.Errorf("ExcludeMaintenance(measured) removed %+v (estimated %d), value %v; want the measured 0/60 and 100%%", x.Removed, x.Estimated, x.Compliance.Value)
	}
	if x := s.ExcludeMaintenance(c, bs, []slo.Interval{half}, nil); x.Estimated != 1 {
		t.Errorf("ExcludeMaintenance(unmeasured).Estimated = %d, want 1", x.Estimated)
	}
}
