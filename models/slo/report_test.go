package slo_test

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsdeck/opsdeck/models/slo"
)

// observation builds an observation with the given 28-day events and the same burn rate r in every
// burn window.
func observation(window slo.Events, r float64, s slo.SLO) slo.Observation {
	obs := slo.Observation{At: now, Window: window, Burn: map[time.Duration]slo.Events{}}
	for _, w := range slo.BurnWindows {
		obs.Burn[w] = slo.Events{Good: 1e6 - r*s.BudgetRatio()*1e6, Total: 1e6}
	}
	return obs
}

func TestEvaluate(t *testing.T) {
	s := mustSLO(t, 0.999)
	r := slo.Evaluate(s, observation(slo.Events{Good: 999500, Total: 1e6}, 20, s), nil)
	if r.State != slo.Page {
		t.Errorf("Evaluate() state = %v, want PAGE at 20x everywhere", r.State)
	}
	if len(r.Burns) != len(slo.BurnWindows) || r.Burns[2].Window != time.Hour || r.Burns[2].Rate != 20 {
		t.Errorf("Evaluate() burns = %+v, want one per window, 1h at 20x", r.Burns)
	}
	// half of 28 days at 20x: 0.5 * 672h / 20 = 16.8h
	if want := time.Duration(16.8 * float64(time.Hour)); r.Exhaustion.In != want {
		t.Errorf("Evaluate() exhaustion in %v, want %v", r.Exhaustion.In, want)
	}
	if r.Excluded != nil {
		t.Errorf("Evaluate() without maintenance has Excluded = %+v", r.Excluded)
	}
	if len(r.Recovery) != 2 || !r.Recovery[0].Already || r.Recovery[1].Already != true {
		t.Errorf("Evaluate() recovery = %+v, want already at 0%% and 50%%", r.Recovery)
	}
	if r.Effective() != r.Budget {
		t.Error("Effective() without maintenance is not the raw budget")
	}

	missing := slo.Evaluate(s, slo.Observation{At: now, Window: slo.Events{Good: 10, Total: 10}}, nil)
	if missing.State != slo.NoData || !math.IsNaN(missing.Burns[0].Rate) {
		t.Errorf("Evaluate() without burn windows = %v, burn %v, want NO DATA and NaN", missing.State, missing.Burns[0].Rate)
	}
}

func TestEvaluateMaintenance(t *testing.T) {
	s := mustSLO(t, 0.99)
	bs := dailyBuckets(0, map[int]float64{2: 300}) // 300 bad of 280 allowed: overspent raw
	obs := slo.Observation{At: now, Window: sumWindow(bs, now.Add(-28*day)), Series: bs}
	ivs := []slo.Interval{{Start: now.Add(-3 * day), End: now.Add(-2 * day), Name: "upgrade"}}
	r := slo.Evaluate(s, obs, ivs)
	if !r.Budget.Exhausted {
		t.Errorf("raw budget remaining %v, want exhausted", r.Budget.Remaining)
	}
	if r.Excluded == nil || r.Effective().Remaining != 1 {
		t.Fatalf("Evaluate() with the burst inside maintenance: Effective() = %+v, want 1 remaining", r.Effective())
	}
	if !r.Recovery[0].Already || !r.Recovery[1].Already || r.Exhaustion.Already {
		t.Errorf("forecasts %+v / %+v, want them from the budget outside maintenance (whole)", r.Recovery, r.Exhaustion)
	}
	if diff := cmp.Diff([]slo.Interval{{Start: now.Add(-3 * day), End: now.Add(-2 * day), Name: "upgrade"}}, r.Excluded.Intervals); diff != "" {
		t.Errorf("Excluded.Intervals mismatch (-want +got):\n%s", diff)
	}
}

func TestSortWorstFirst(t *testing.T) {
	s := mustSLO(t, 0.999)
	mk := func(name string, good float64, rate float64) slo.Report {
		s := s
		s.Name = name
		return slo.Evaluate(s, observation(slo.Events{Good: good, Total: 1e6}, rate, s), nil)
	}
	rs := []slo.Report{
		mk("healthy", 1e6, 0),
		mk("no-traffic", 0, 0),
		mk("half", 999500, 0),
		mk("half-paging", 999500, 20),
		mk("overspent", 998000, 0),
	}
	rs[1] = slo.Evaluate(rs[1].SLO, slo.Observation{At: now}, nil)
	slo.Sort(rs)
	var got []string
	for _, r := range rs {
		got = append(got, r.SLO.Name)
	}
	want := []string{"overspent", "half-paging", "half", "healthy", "no-traffic"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Sort() mismatch (-want +got):\n%s", diff)
	}
}
