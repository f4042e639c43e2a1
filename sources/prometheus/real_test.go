package prometheus_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/internal/promtest"
	"github.com/opsdeck/opsdeck/models/slo"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/prometheus"
)

// Tolerances of the real-server test. Compliance and budget over 28 days come back exact, because
// the generated counters start at 0 on the first sample; burn rates are compared within 2% (relative)
// so the test also holds on Prometheus 3.x, whose left-open ranges drop one sample at the window's
// start and extrapolate (G5; Debian's 2.42 answers them exactly).
const (
	exactTolerance = 1e-9
	burnTolerance  = 0.02
)

func TestRealPrometheus(t *testing.T) {
	promtest.Require(t)
	// End one minute in the past, whole minutes: never in the future (G3), and every query is sent
	// with time=end so the 5-minute lookback cannot empty them (G4).
	end := time.Now().Truncate(time.Minute).Add(-time.Minute)
	burst := promtest.Burst{Start: end.Add(-71 * time.Hour), Length: time.Hour, ErrorRatio: 0.3} // 3 days ago
	data, truth := promtest.Backfill(t, t.TempDir(), promtest.History{
		End: end, Days: 28, Step: time.Minute, BaselineErrorRatio: 0.0002, Bursts: []promtest.Burst{burst},
	})
	srv := promtest.Start(t, data)
	c := prometheus.New(prometheus.Config{Endpoint: httpx.Endpoint{BaseURL: srv.URL, Timeout: 30 * time.Second}})
	ctx := context.Background()

	avail, err := slo.New("availability", 0.999, 0, slo.SLI{Kind: slo.Availability, Metric: promtest.RequestsMetric, Selector: promtest.Selector})
	if err != nil {
		t.Fatal(err)
	}
	maint := []slo.Interval{{Start: burst.Start, End: burst.Start.Add(burst.Length), Name: "burst as maintenance"}}
	obs, warns, err := c.Observe(ctx, avail, end, prometheus.Options{Maintenance: maint})
	if err != nil {
		t.Fatalf("Observe(availability) error = %v\n(prometheus log: %s)", err, srv.Log)
	}
	if len(warns) > 0 {
		t.Errorf("Observe() warnings = %v", warns)
	}
	r := slo.Evaluate(avail, obs, maint)

	g, tot := truth.Requests(end.Add(-avail.Window), end)
	want := avail.Compliance(slo.Events{Good: g, Total: tot}, end)
	wantBudget := avail.Budget(slo.Events{Good: g, Total: tot}, end)
	if math.Abs(r.Compliance.Value-want.Value) > exactTolerance || r.Compliance.Total != tot {
		t.Errorf("28d availability = %.9f of %v requests, want %.9f of %v", r.Compliance.Value, r.Compliance.Total, want.Value, tot)
	}
	if math.Abs(r.Budget.Remaining-wantBudget.Remaining) > 1e-6 {
		t.Errorf("budget remaining = %.6f, want %.6f", r.Budget.Remaining, wantBudget.Remaining)
	}
	t.Logf("28d availability %.6f (%v good of %v), budget remaining %.4f (%.1f of %.1f min)",
		r.Compliance.Value, r.Compliance.Good, r.Compliance.Total, r.Budget.Remaining, r.Budget.RemainingMinutes, r.Budget.TotalMinutes)

	for _, b := range r.Burns {
		g, tot := truth.Requests(end.Add(-b.Window), end)
		wantRate := avail.Burn(slo.Events{Good: g, Total: tot}, b.Window, end).Rate
		if math.Abs(b.Rate-wantRate) > burnTolerance*wantRate+exactTolerance {
			t.Errorf("burn over %v = %.4f, want %.4f ±%v%%", b.Window, b.Rate, wantRate, burnTolerance*100)
		}
		t.Logf("burn %4v = %.4f (want %.4f)", slo.Duration(b.Window), b.Rate, wantRate)
	}
	burnOf := func(w time.Duration) float64 {
		for _, b := range r.Burns {
			if b.Window == w {
				return b.Rate
			}
		}
		return math.NaN()
	}
	// The burst 3 days ago shows in the 3d burn rate, not in the 1h one (issue 4, done when).
	// The 3d/6h ticket threshold (0.933x for 28 days) is the line: above it over 3d, below it over 1h.
	line := slo.Rules[3].Threshold(avail.Window)
	if b3d, b1h := burnOf(72*time.Hour), burnOf(time.Hour); !(b3d > 2*line && b1h < line/2) {
		t.Errorf("3d burn %.3f, 1h burn %.3f: want the burst in 3d (> %.2fx) and not in 1h (< %.2fx)", b3d, b1h, 2*line, line/2)
	}

	// Uptime with the burst hour declared maintenance (seeds 000, 001): the burst's events go.
	bg, bt := truth.Requests(burst.Start, burst.Start.Add(burst.Length))
	wantExcl := (g - bg) / (tot - bt)
	if r.Excluded == nil || r.Excluded.Estimated != 0 || math.Abs(r.Excluded.Compliance.Value-wantExcl) > exactTolerance {
		t.Errorf("availability excluding maintenance = %+v, want %.6f", r.Excluded, wantExcl)
	}

	// The window's series adds up to the window's total, and the burn-down drops at the burst.
	var seriesTotal float64
	for _, b := range obs.Series {
		seriesTotal += b.Total
	}
	if math.Abs(seriesTotal-tot) > 0.01*tot {
		t.Errorf("series total %v, want %v ±1%%", seriesTotal, tot)
	}
	down := avail.BurnDown(r.Compliance, obs.Series)
	var before, after float64
	for _, p := range down {
		if !p.T.After(burst.Start) {
			before = p.V
		}
		if !p.T.After(burst.Start.Add(burst.Length)) {
			after = p.V
		}
	}
	if wantDrop := (bt - bg) / (avail.BudgetRatio() * seriesTotal); math.Abs((before-after)-wantDrop) > 0.02*wantDrop {
		t.Errorf("burn-down drops %.4f over the burst, want %.4f", before-after, wantDrop)
	}
	if len(obs.Day) != 48 {
		t.Errorf("24h sparkline has %d buckets, want 48", len(obs.Day))
	}

	// Latency SLI: share under 0.5 s, and p95 from the histogram buckets.
	lat, err := slo.New("latency", 0.85, 0, slo.SLI{Kind: slo.Latency, Metric: promtest.LatencyMetric, Selector: promtest.Selector, Threshold: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	lobs, _, err := c.Observe(ctx, lat, end, prometheus.Options{})
	if err != nil {
		t.Fatalf("Observe(latency) error = %v", err)
	}
	lr := slo.Evaluate(lat, lobs, nil)
	fast, all := truth.Fast(end.Add(-lat.Window), end)
	if math.Abs(lr.Compliance.Value-fast/all) > exactTolerance {
		t.Errorf("28d latency SLI = %.9f, want %.9f", lr.Compliance.Value, fast/all)
	}
	for _, q := range lr.Quantiles {
		if q.Label() == "p95" && math.Abs(q.Value-promtest.NormalP95) > 1e-9 {
			t.Errorf("p95 = %v, want %v", q.Value, promtest.NormalP95)
		}
	}
	inBurst, err := c.Query(ctx, lat.SLI.QuantileQueries()[1].Query, burst.Start.Add(30*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := inBurst.Sum(); v != promtest.BurstP95 {
		t.Errorf("p95 during the burst = %v, want %v", v, promtest.BurstP95)
	}
}
