package slo_test

import (
	"math"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/models/slo"
)

const (
	h   = time.Hour
	day = 24 * time.Hour
)

func TestBurn(t *testing.T) {
	s := mustSLO(t, 0.999)
	for _, tc := range []struct {
		name      string
		ev        slo.Events
		wantRatio float64
		wantRate  float64
	}{
		{"no errors", slo.Events{Good: 1000, Total: 1000}, 0, 0},
		{"exactly on budget is 1x", slo.Events{Good: 999, Total: 1000}, 0.001, 1},
		{"14.4x", slo.Events{Good: 985600, Total: 1e6}, 0.0144, 14.4},
		{"all bad", slo.Events{Good: 0, Total: 10}, 1, 1000},
		{"zero traffic is NaN", slo.Events{}, math.NaN(), math.NaN()},
		{"NaN from an empty ratio", slo.Events{Good: math.NaN(), Total: math.NaN()}, math.NaN(), math.NaN()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := s.Burn(tc.ev, h, now)
			if !approx(b.ErrorRatio, tc.wantRatio) || !approx(b.Rate, tc.wantRate) {
				t.Errorf("Burn(%+v) = ratio %v rate %v, want %v %v", tc.ev, b.ErrorRatio, b.Rate, tc.wantRatio, tc.wantRate)
			}
			if b.WindowStart != now.Add(-h) || b.Window != h || b.Objective != 0.999 || b.Good != tc.ev.Good && !math.IsNaN(tc.ev.Good) {
				t.Errorf("Burn(%+v) inputs = %+v, want window 1h ending %v", tc.ev, b.Inputs, now)
			}
		})
	}
}

func approx(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
}

func TestRuleThreshold(t *testing.T) {
	for _, tc := range []struct {
		name   string
		window time.Duration
		want   []float64
	}{
		{"seed 002 28-day window keeps the Workbook budget shares", 28 * day, []float64{13.44, 5.6, 2.8, 2.8 / 3}},
		{"30-day window is the Workbook table", 30 * day, []float64{14.4, 6, 3, 1}},
		{"zero window defaults to 28 days", 0, []float64{13.44, 5.6, 2.8, 2.8 / 3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for i, r := range slo.Rules {
				if got := r.Threshold(tc.window); !approx(got, tc.want[i]) {
					t.Errorf("Rules[%d] (%v over %v/%v).Threshold(%v) = %v, want %v", i, r.Severity, r.Long, r.Short, tc.window, got, tc.want[i])
				}
			}
		})
	}
}

// burns builds one Burn per window from burn rates (NaN: no traffic).
func burns(s slo.SLO, rates map[time.Duration]float64) []slo.Burn {
	var out []slo.Burn
	for _, w := range slo.BurnWindows {
		r, ok := rates[w]
		ev := slo.Events{Good: 1e6, Total: 1e6}
		switch {
		case !ok:
		case math.IsNaN(r):
			ev = slo.Events{}
		default:
			ev.Good = 1e6 - r*s.BudgetRatio()*1e6
		}
		out = append(out, s.Burn(ev, w, now))
	}
	return out
}

func TestAlerts(t *testing.T) {
	s := mustSLO(t, 0.999) // 28 days: thresholds 13.44, 5.6, 2.8, 0.933
	nan := math.NaN()
	for _, tc := range []struct {
		name   string
		rates  map[time.Duration]float64
		firing []bool
		want   slo.Severity
	}{
		{"quiet", nil, []bool{false, false, false, false}, slo.OK},
		{"page 1h and 5m above 13.44", map[time.Duration]float64{h: 14, 5 * time.Minute: 20}, []bool{true, false, false, false}, slo.Page},
		{"page 1h only: short window recovered", map[time.Duration]float64{h: 14, 5 * time.Minute: 1}, []bool{false, false, false, false}, slo.OK},
		{"page 5m only: a blip", map[time.Duration]float64{h: 2, 5 * time.Minute: 100}, []bool{false, false, false, false}, slo.OK},
		{"page 6h and 30m above 5.6", map[time.Duration]float64{6 * h: 6, 30 * time.Minute: 6}, []bool{false, true, false, false}, slo.Page},
		{"ticket 1d and 2h above 2.8", map[time.Duration]float64{day: 3, 2 * h: 3}, []bool{false, false, true, false}, slo.Ticket},
		{"ticket 3d and 6h above 0.933", map[time.Duration]float64{3 * day: 1, 6 * h: 1}, []bool{false, false, false, true}, slo.Ticket},
		{"exactly at the threshold does not fire", map[time.Duration]float64{3 * day: 2.8 / 3, 6 * h: 2.8 / 3}, []bool{false, false, false, false}, slo.OK},
		{"page wins over ticket", map[time.Duration]float64{h: 20, 5 * time.Minute: 20, 3 * day: 1, 6 * h: 1}, []bool{true, false, false, true}, slo.Page},
		{"no traffic anywhere", map[time.Duration]float64{5 * time.Minute: nan, 30 * time.Minute: nan, h: nan, 2 * h: nan, 6 * h: nan, day: nan, 3 * day: nan}, []bool{false, false, false, false}, slo.NoData},
		{"no traffic in 5m still tickets", map[time.Duration]float64{5 * time.Minute: nan, h: 20, day: 3, 2 * h: 3}, []bool{false, false, true, false}, slo.Ticket},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, got := s.Alerts(burns(s, tc.rates))
			if got != tc.want {
				t.Errorf("Alerts() state = %v, want %v", got, tc.want)
			}
			for i, r := range rows {
				if r.Firing != tc.firing[i] {
					t.Errorf("row %d (%v %v/%v > %.3g): long %.4g short %.4g firing=%v, want %v", i, r.Severity, r.Long, r.Short, r.Threshold, r.LongBurn, r.ShortBurn, r.Firing, tc.firing[i])
				}
			}
		})
	}
}

func TestSeverityWords(t *testing.T) {
	for v, want := range map[slo.Severity]string{slo.NoData: "NO DATA", slo.OK: "OK", slo.Ticket: "TICKET", slo.Page: "PAGE"} {
		if got := v.String(); got != want {
			t.Errorf("Severity(%d).String() = %q, want %q", int(v), got, want)
		}
	}
}
