package slo_test

import (
	"math"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/models/slo"
)

func TestExhaustion(t *testing.T) {
	s := mustSLO(t, 0.999)
	for _, tc := range []struct {
		name      string
		ev        slo.Events // over 28 days
		burn      slo.Events // over 1h
		wantIn    time.Duration
		wantAlrdy bool
		wantNever bool
	}{
		// Half the budget left at 2x: the whole budget lasts 14 days, half of it 7.
		{"half left at 2x lasts 7 days", slo.Events{Good: 999500, Total: 1e6}, slo.Events{Good: 998, Total: 1000}, 7 * day, false, false},
		{"all left at 14.4x lasts 46.67h", slo.Events{Good: 1e6, Total: 1e6}, slo.Events{Good: 9856, Total: 10000}, 46*h + 40*time.Minute, false, false},
		{"budget exactly spent is already exhausted", slo.Events{Good: 999000, Total: 1e6}, slo.Events{Good: 900, Total: 1000}, 0, true, false},
		{"no errors now never runs out", slo.Events{Good: 999500, Total: 1e6}, slo.Events{Good: 1000, Total: 1000}, 0, false, true},
		{"no traffic now never runs out", slo.Events{Good: 999500, Total: 1e6}, slo.Events{}, 0, false, true},
		{"zero traffic over the window never runs out", slo.Events{}, slo.Events{}, 0, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := s.Exhaustion(s.Budget(tc.ev, now), s.Burn(tc.burn, h, now))
			if e.In != tc.wantIn || e.Already != tc.wantAlrdy || e.Never != tc.wantNever {
				t.Errorf("Exhaustion() = in %v already %v never %v, want %v %v %v", e.In, e.Already, e.Never, tc.wantIn, tc.wantAlrdy, tc.wantNever)
			}
			if !tc.wantNever && e.At != now.Add(tc.wantIn) {
				t.Errorf("Exhaustion().At = %v, want %v", e.At, now.Add(tc.wantIn))
			}
		})
	}
}

// dailyBuckets returns 28+extra daily buckets of 1000 events ending at now, with bad events put in
// the bucket that ends `ago` days before now.
func dailyBuckets(extra int, bad map[int]float64) []slo.Bucket {
	n := 28 + extra
	out := make([]slo.Bucket, n)
	for i := range out {
		ago := n - 1 - i
		out[i] = slo.Bucket{End: now.Add(-time.Duration(ago) * day), Step: day, Total: 1000, Good: 1000 - bad[ago]}
	}
	return out
}

func sumWindow(bs []slo.Bucket, start time.Time) slo.Events {
	var ev slo.Events
	for _, b := range bs {
		if !b.Start().Before(start) {
			ev.Good += b.Good
			ev.Total += b.Total
		}
	}
	return ev
}

func TestRecovery(t *testing.T) {
	s := mustSLO(t, 0.99) // 28 000 events allow 280 bad ones
	start := now.Add(-28 * day)
	for _, tc := range []struct {
		name      string
		bad       map[int]float64 // bad events by days ago
		extra     int             // buckets older than the window
		assumed   float64
		target    float64
		wantAt    time.Time
		wantAlrdy bool
		wantNever bool
	}{
		{"burst 10 days ago ages out in 18 days", map[int]float64{10: 400}, 0, 0, 0, now.Add(18 * day), false, false},
		{"two bursts: back above 0 when the older one goes", map[int]float64{20: 200, 5: 200}, 0, 0, 0, now.Add(8 * day), false, false},
		{"two bursts: back to 50% when the newer one goes too", map[int]float64{20: 200, 5: 200}, 0, 0, 0.5, now.Add(23 * day), false, false},
		{"within budget already at 0", map[int]float64{3: 100}, 0, 0, 0, now, true, false},
		{"new errors at half the budget rate still recover", map[int]float64{10: 400}, 0, 0.005, 0, now.Add(18 * day), false, false},
		{"new errors above the budget rate never recover", map[int]float64{10: 400}, 0, 0.02, 0, time.Time{}, false, true},
		{"window shorter than data: older buckets ignored", map[int]float64{10: 400, 30: 5000}, 5, 0, 0, now.Add(18 * day), false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bs := dailyBuckets(tc.extra, tc.bad)
			c := s.Compliance(sumWindow(bs, start), now)
			r := s.Recovery(c, bs, tc.assumed, tc.target)
			if !r.At.Equal(tc.wantAt) || r.Already != tc.wantAlrdy || r.Never != tc.wantNever {
				t.Errorf("Recovery(target %v, assumed %v) = at %v already %v never %v, want at %v already %v never %v",
					tc.target, tc.assumed, r.At.Sub(now), r.Already, r.Never, tc.wantAt.Sub(now), tc.wantAlrdy, tc.wantNever)
			}
		})
	}
}

func TestBurnDown(t *testing.T) {
	s := mustSLO(t, 0.99)
	bs := dailyBuckets(3, map[int]float64{10: 140, 30: 9999})
	c := s.Compliance(sumWindow(bs, now.Add(-28*day)), now)
	pts := s.BurnDown(c, bs)
	if len(pts) != 28 {
		t.Fatalf("BurnDown() has %d points, want 28 (window shorter than data)", len(pts))
	}
	if pts[0].V != 1 || !pts[0].T.Equal(now.Add(-27*day)) {
		t.Errorf("BurnDown()[0] = %+v, want 1 at -27d", pts[0])
	}
	if got := pts[27-10].V; got != 0.5 {
		t.Errorf("BurnDown() after the burst = %v, want 0.5 (140 of 280 spent)", got)
	}
	if got := pts[27].V; got != 0.5 {
		t.Errorf("BurnDown() at the end = %v, want 0.5", got)
	}
}

func TestSLISeriesNaN(t *testing.T) {
	pts := slo.SLISeries([]slo.Bucket{{End: now, Step: h, Good: 9, Total: 10}, {End: now, Step: h}})
	if pts[0].V != 0.9 || !math.IsNaN(pts[1].V) {
		t.Errorf("SLISeries() = %+v, want 0.9 then NaN", pts)
	}
}
