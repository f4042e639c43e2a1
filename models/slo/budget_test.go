package slo_test

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/opsdeck/opsdeck/models/slo"
)

var now = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

func mustSLO(t *testing.T, objective float64) slo.SLO {
	t.Helper()
	s, err := slo.New("app", objective, 0, slo.SLI{Kind: slo.Availability, Metric: "http_requests_total"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestNewDefaultsTo28Days(t *testing.T) {
	s := mustSLO(t, 0.999)
	if s.Window != 28*24*time.Hour {
		t.Errorf("New window = %v, want 672h (seed 002: SLOs are measured over 28 days)", s.Window)
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		slo  slo.SLO
		want bool
	}{
		{"ok", slo.SLO{Name: "a", Objective: 0.99, SLI: slo.SLI{Kind: slo.Availability, Metric: "m"}}, true},
		{"objective as percent", slo.SLO{Name: "a", Objective: 99.9, SLI: slo.SLI{Kind: slo.Availability, Metric: "m"}}, false},
		{"objective 1", slo.SLO{Name: "a", Objective: 1, SLI: slo.SLI{Kind: slo.Availability, Metric: "m"}}, false},
		{"no name", slo.SLO{Objective: 0.99, SLI: slo.SLI{Kind: slo.Availability, Metric: "m"}}, false},
		{"window under an hour", slo.SLO{Name: "a", Objective: 0.99, Window: time.Minute, SLI: slo.SLI{Kind: slo.Availability, Metric: "m"}}, false},
		{"no metric", slo.SLO{Name: "a", Objective: 0.99, SLI: slo.SLI{Kind: slo.Availability}}, false},
		{"bad kind", slo.SLO{Name: "a", Objective: 0.99, SLI: slo.SLI{Kind: "uptime", Metric: "m"}}, false},
		{"bad selector", slo.SLO{Name: "a", Objective: 0.99, SLI: slo.SLI{Kind: slo.Availability, Metric: "m", Selector: "job=app"}}, false},
		{"latency without threshold", slo.SLO{Name: "a", Objective: 0.99, SLI: slo.SLI{Kind: slo.Latency, Metric: "m"}}, false},
		{"raw without placeholder", slo.SLO{Name: "a", Objective: 0.99, SLI: slo.SLI{Kind: slo.Availability, GoodQuery: "sum(x[5m])", TotalQuery: "sum(y[{{.window}}])"}}, false},
		{"raw half", slo.SLO{Name: "a", Objective: 0.99, SLI: slo.SLI{Kind: slo.Availability, GoodQuery: "sum(x[{{.window}}])"}}, false},
		{"raw ok", slo.SLO{Name: "a", Objective: 0.99, SLI: slo.SLI{Kind: slo.Availability, GoodQuery: "sum(x[{{.window}}])", TotalQuery: "sum(y[{{.window}}])"}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.slo.Validate()
			if (err == nil) != tc.want {
				t.Errorf("Validate() = %v, want ok=%v", err, tc.want)
			}
		})
	}
}

func TestComplianceAndBudget(t *testing.T) {
	nan := math.NaN()
	start := now.Add(-28 * 24 * time.Hour)
	for _, tc := range []struct {
		name      string
		objective float64
		ev        slo.Events
		want      slo.Compliance
		wantB     slo.Budget
	}{
		{
			name: "seed 002 99.9% half spent", objective: 0.999, ev: slo.Events{Good: 999500, Total: 1e6},
			want:  slo.Compliance{Value: 0.9995, Met: true},
			wantB: slo.Budget{Allowed: 1000, Spent: 500, Remaining: 0.5, TotalMinutes: 40.32, RemainingMinutes: 20.16},
		},
		{
			name: "budget exactly spent", objective: 0.999, ev: slo.Events{Good: 999000, Total: 1e6},
			want:  slo.Compliance{Value: 0.999, Met: true},
			wantB: slo.Budget{Allowed: 1000, Spent: 1000, Remaining: 0, TotalMinutes: 40.32, RemainingMinutes: 0, Exhausted: true},
		},
		{
			name: "overspent", objective: 0.99, ev: slo.Events{Good: 9700, Total: 10000},
			want:  slo.Compliance{Value: 0.97, Met: false},
			wantB: slo.Budget{Allowed: 100, Spent: 300, Remaining: -2, TotalMinutes: 403.2, RemainingMinutes: -806.4, Exhausted: true},
		},
		{
			name: "untouched", objective: 0.99, ev: slo.Events{Good: 10000, Total: 10000},
			want:  slo.Compliance{Value: 1, Met: true},
			wantB: slo.Budget{Allowed: 100, Spent: 0, Remaining: 1, TotalMinutes: 403.2, RemainingMinutes: 403.2},
		},
		{
			name: "zero traffic is NaN and nothing spent", objective: 0.999, ev: slo.Events{},
			want:  slo.Compliance{Value: nan, Met: true, NoTraffic: true},
			wantB: slo.Budget{Remaining: 1, TotalMinutes: 40.32, RemainingMinutes: 40.32, NoTraffic: true},
		},
		{
			name: "NaN from an empty ratio", objective: 0.999, ev: slo.Events{Good: nan, Total: nan},
			want:  slo.Compliance{Value: nan, Met: true, NoTraffic: true},
			wantB: slo.Budget{Remaining: 1, TotalMinutes: 40.32, RemainingMinutes: 40.32, NoTraffic: true},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := mustSLO(t, tc.objective)
			in := slo.Inputs{Good: tc.ev.Good, Total: tc.ev.Total, Objective: tc.objective, WindowStart: start, WindowEnd: now}
			tc.want.Inputs, tc.wantB.Inputs = in, in
			opts := cmp.Options{cmpopts.EquateNaNs(), cmpopts.EquateApprox(0, 1e-9)}
			if diff := cmp.Diff(tc.want, s.Compliance(tc.ev, now), opts); diff != "" {
				t.Errorf("Compliance(%+v) mismatch (-want +got):\n%s", tc.ev, diff)
			}
			if diff := cmp.Diff(tc.wantB, s.Budget(tc.ev, now), opts); diff != "" {
				t.Errorf("Budget(%+v) mismatch (-want +got):\n%s", tc.ev, diff)
			}
		})
	}
}

func TestBudgetWindowIsInputs(t *testing.T) {
	s := mustSLO(t, 0.999)
	s.Window = 7 * 24 * time.Hour
	b := s.Budget(slo.Events{Good: 10, Total: 10}, now)
	if got, want := b.Window(), 7*24*time.Hour; got != want {
		t.Errorf("Budget().Window() = %v, want %v", got, want)
	}
	if got, want := b.TotalMinutes, 0.001*7*24*60; math.Abs(got-want) > 1e-9 {
		t.Errorf("Budget().TotalMinutes = %v, want %v", got, want)
	}
}
