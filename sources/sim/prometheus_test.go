package sim_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/models/slo"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/prometheus"
	"github.com/opsdeck/opsdeck/sources/sim"
)

var simClock = time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)

func promClient(t *testing.T, s *sim.Sim, env string) (*prometheus.Client, *config.Env) {
	t.Helper()
	e := s.Config().Envs[env]
	ep, err := e.Prometheus.Endpoint("prometheus", "Bearer")
	if err != nil {
		t.Fatal(err)
	}
	return prometheus.New(prometheus.Config{Endpoint: ep}), e
}

func TestPrometheusDemoStory(t *testing.T) {
	s, err := sim.Start(sim.Options{Now: func() time.Time { return simClock }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, e := promClient(t, s, "prod")
	var maint []slo.Interval
	for _, w := range e.MaintenanceWindows {
		a, _ := time.Parse(time.RFC3339, w.Start)
		b, _ := time.Parse(time.RFC3339, w.End)
		maint = append(maint, slo.Interval{Start: a, End: b, Name: w.Name})
	}
	got := map[string]slo.Report{}
	for _, cs := range e.SLOs {
		m, err := cs.Model()
		if err != nil {
			t.Fatal(err)
		}
		obs, _, err := c.Observe(context.Background(), m, simClock, prometheus.Options{Maintenance: maint})
		if err != nil {
			t.Fatalf("Observe(%s) = %v", m.Name, err)
		}
		got[m.Name] = slo.Evaluate(m, obs, maint)
	}
	for name, want := range map[string]slo.Severity{
		"checkout-availability": slo.Page, "api-latency": slo.Ticket, "health-check": slo.OK,
		"installation-callback": slo.OK, "webhook": slo.OK,
	} {
		r := got[name]
		if r.State != want {
			t.Errorf("%s state = %v (burns %v), want %v", name, r.State, rates(r), want)
		}
		if r.Compliance.Total <= 0 || len(r.Series) != 672 || len(r.Day) != 48 {
			t.Errorf("%s: %v events, %d series buckets, %d day buckets", name, r.Compliance.Total, len(r.Series), len(r.Day))
		}
	}
	ck := got["checkout-availability"]
	if rem := ck.Budget.Remaining; !(rem > 0.1 && rem < 0.5) || ck.Exhaustion.Never || ck.Exhaustion.In > 24*time.Hour {
		t.Errorf("checkout budget remaining %.3f, exhausted in %v: want a budget being burnt fast", rem, ck.Exhaustion.In)
	}
	hc := got["health-check"]
	if hc.Excluded == nil || !(hc.Budget.Remaining < 0.5) || !(hc.Excluded.Budget.Remaining > 0.8) {
		t.Errorf("health-check raw %.3f, excluded %+v: want the outage inside maintenance to count raw only (seed 000)", hc.Budget.Remaining, hc.Excluded)
	}
	if p95 := got["api-latency"].Quantiles[1]; p95.Label() != "p95" || !(p95.Value > 0.25 && p95.Value < 0.5) {
		t.Errorf("api-latency %s = %v, want between 0.25 and 0.5 s", p95.Label(), p95.Value)
	}
	var order []string
	rs := make([]slo.Report, 0, len(got))
	for _, r := range got {
		rs = append(rs, r)
	}
	slo.Sort(rs)
	for _, r := range rs {
		order = append(order, r.SLO.Name)
	}
	if order[0] != "checkout-availability" {
		t.Errorf("worst first = %v, want checkout-availability first", order)
	}

	// The same seed and clock give the same numbers.
	s2, _ := sim.Start(sim.Options{Now: func() time.Time { return simClock }})
	defer s2.Close()
	c2, _ := promClient(t, s2, "prod")
	m, _ := e.SLOs[0].Model()
	obs2, _, err := c2.Observe(context.Background(), m, simClock, prometheus.Options{})
	if err != nil || obs2.Window != got[m.Name].Compliance.Inputs.Events() {
		t.Errorf("second simulator: %+v %v, want %+v", obs2.Window, err, got[m.Name].Compliance.Inputs)
	}
}

func rates(r slo.Report) map[string]float64 {
	out := map[string]float64{}
	for _, b := range r.Burns {
		out[slo.Duration(b.Window)] = math.Round(b.Rate*100) / 100
	}
	return out
}

func TestPrometheusAnswersOnlyItsQueries(t *testing.T) {
	s, err := sim.Start(sim.Options{Now: func() time.Time { return simClock }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, e := promClient(t, s, "prod")
	m, _ := e.SLOs[0].Model()
	ctx := context.Background()

	for _, w := range []time.Duration{7 * time.Minute, 28 * 24 * time.Hour} { // any window of a demo query
		if _, err := c.Query(ctx, m.SLI.Good(w), simClock); err != nil {
			t.Errorf("Query(good over %v) = %v", w, err)
		}
	}
	_, err = c.Query(ctx, `sum(rate(http_requests_total[5m]))`, simClock)
	var api *prometheus.APIError
	if !errors.As(err, &api) || api.Type != "bad_data" || !strings.Contains(httpx.Human(err), "HTTP 400") {
		t.Errorf("Query(other PromQL) = %v, want HTTP 400 bad_data", err)
	}
	_, err = c.QueryRange(ctx, m.SLI.Good(time.Hour), prometheus.Range{Start: simClock.Add(-30 * 24 * time.Hour), End: simClock, Step: time.Minute})
	if !errors.As(err, &api) || !strings.Contains(api.Message, "11,000 points") {
		t.Errorf("QueryRange(43200 points) = %v, want the resolution error", err)
	}
	post := prometheus.New(prometheus.Config{Method: prometheus.Post, Endpoint: httpx.Endpoint{BaseURL: e.Prometheus.BaseURL,
		Auth: httpx.Auth{Scheme: "Bearer", Secret: httpx.NewSecret(e.Prometheus.Token)}}})
	if _, err := post.Query(ctx, m.SLI.Total(time.Hour), simClock); err != nil {
		t.Errorf("POST Query() = %v", err)
	}
	anon := prometheus.New(prometheus.Config{Endpoint: httpx.Endpoint{BaseURL: e.Prometheus.BaseURL}})
	if _, err := anon.Query(ctx, m.SLI.Total(time.Hour), simClock); httpx.KindOf(err) != httpx.KindAuth {
		t.Errorf("Query() without the token = %v, want refused credentials", err)
	}
}
