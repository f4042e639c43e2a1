package slo_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsdeck/opsdeck/models/slo"
)

func TestDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		28 * day: "28d", 3 * day: "3d", day: "1d", 6 * h: "6h", 30 * time.Minute: "30m", 5 * time.Minute: "5m",
		90 * time.Second: "90s", 1500 * time.Millisecond: "1500ms", 36 * h: "36h", 0: "0s",
	} {
		if got := slo.Duration(d); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestQueries(t *testing.T) {
	for _, tc := range []struct {
		name       string
		sli        slo.SLI
		good, tot  string
		quantiles  []string
		wantLabels []string
	}{
		{
			name: "availability, reference section 7", sli: slo.SLI{Kind: slo.Availability, Metric: "http_requests_total", Selector: `job="app"`},
			good: `sum(increase(http_requests_total{job="app",code!~"5.."}[28d]))`,
			tot:  `sum(increase(http_requests_total{job="app"}[28d]))`,
		},
		{
			name: "availability without selector, status label", sli: slo.SLI{Kind: slo.Availability, Metric: "requests_total", CodeLabel: "status", BadCodes: "5..|429"},
			good: `sum(increase(requests_total{status!~"5..|429"}[28d]))`,
			tot:  `sum(increase(requests_total[28d]))`,
		},
		{
			name: "installation callback good codes", sli: slo.SLI{Kind: slo.Availability, Metric: "http_requests_total", Selector: ` handler = "/installed" , method='POST'`, GoodCodes: "200|204"},
			good: `sum(increase(http_requests_total{handler="/installed",method="POST",code=~"200|204"}[28d]))`,
			tot:  `sum(increase(http_requests_total{handler="/installed",method="POST"}[28d]))`,
		},
		{
			name: "latency, reference section 7", sli: slo.SLI{Kind: slo.Latency, Metric: "http_request_duration_seconds", Selector: `job="app"`, Threshold: 0.5},
			good:       `sum(increase(http_request_duration_seconds_bucket{job="app",le="0.5"}[28d]))`,
			tot:        `sum(increase(http_request_duration_seconds_count{job="app"}[28d]))`,
			quantiles:  []string{`histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket{job="app"}[5m])))`, `histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{job="app"}[5m])))`},
			wantLabels: []string{"p90", "p95"},
		},
		{
			name: "latency, custom quantile window", sli: slo.SLI{Kind: slo.Latency, Metric: "rpc_seconds", Threshold: 1, Quantiles: []float64{0.999}, QuantileWindow: 15 * time.Minute},
			good:       `sum(increase(rpc_seconds_bucket{le="1"}[28d]))`,
			tot:        `sum(increase(rpc_seconds_count[28d]))`,
			quantiles:  []string{`histogram_quantile(0.999, sum by (le) (rate(rpc_seconds_bucket[15m])))`},
			wantLabels: []string{"p99.9"},
		},
		{
			name: "probe, seed 002 health check", sli: slo.SLI{Kind: slo.Probe, Metric: "probe_success", Selector: `instance="https://app.example.com/health"`},
			good: `sum(sum_over_time(probe_success{instance="https://app.example.com/health"}[28d]))`,
			tot:  `sum(count_over_time(probe_success{instance="https://app.example.com/health"}[28d]))`,
		},
		{
			name: "raw PromQL from config", sli: slo.SLI{Kind: slo.Availability, GoodQuery: `sum(increase(ok_total[{{.window}}]))`, TotalQuery: `sum(increase(all_total[{{.window}}]))`},
			good: `sum(increase(ok_total[28d]))`,
			tot:  `sum(increase(all_total[28d]))`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.sli.Validate(); err != nil {
				t.Fatalf("Validate() = %v", err)
			}
			if got := tc.sli.Good(28 * day); got != tc.good {
				t.Errorf("Good(28d) = %s\nwant          %s", got, tc.good)
			}
			if got := tc.sli.Total(28 * day); got != tc.tot {
				t.Errorf("Total(28d) = %s\nwant           %s", got, tc.tot)
			}
			if got, want := tc.sli.Ratio(28*day), tc.good+"\n/\n"+tc.tot; got != want {
				t.Errorf("Ratio(28d) = %s, want %s", got, want)
			}
			var qs, labels []string
			for _, q := range tc.sli.QuantileQueries() {
				qs, labels = append(qs, q.Query), append(labels, q.Label())
			}
			if diff := cmp.Diff(tc.quantiles, qs); diff != "" {
				t.Errorf("QuantileQueries() mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantLabels, labels); diff != "" {
				t.Errorf("Quantile labels mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestQueriesAreWindowed(t *testing.T) {
	q := slo.SLI{Kind: slo.Availability, Metric: "http_requests_total"}
	for _, w := range slo.BurnWindows {
		want := "[" + slo.Duration(w) + "]"
		if !strings.Contains(q.Good(w), want) || !strings.Contains(q.Total(w), want) {
			t.Errorf("Good/Total(%v) = %s / %s, want range %s", w, q.Good(w), q.Total(w), want)
		}
	}
}

func TestSelectorErrors(t *testing.T) {
	for _, sel := range []string{
		`job=app`, `{job="app"}`, `job="app" code="200"`, `job`, `="x"`, `job=="x"`, `job="unterminated`, `1job="a"`,
	} {
		q := slo.SLI{Kind: slo.Availability, Metric: "m", Selector: sel}
		if err := q.Validate(); err == nil {
			t.Errorf("Validate() of selector %q = nil, want an error", sel)
		}
	}
	for _, sel := range []string{``, `job="app"`, `job=~"a|b", code!="500"`, `path="/a\"b"`, `x!~'y'`, `job="a",` /* PromQL allows a trailing comma */} {
		q := slo.SLI{Kind: slo.Availability, Metric: "m", Selector: sel}
		if err := q.Validate(); err != nil {
			t.Errorf("Validate() of selector %q = %v, want nil", sel, err)
		}
	}
}

func TestTemplates(t *testing.T) {
	want := map[string]float64{"health-check": 0.999, "installation-callback": 0.99, "webhook": 0.99} // reference section 5
	if diff := cmp.Diff([]string{"health-check", "installation-callback", "webhook"}, slo.TemplateNames()); diff != "" {
		t.Errorf("TemplateNames() mismatch (-want +got):\n%s", diff)
	}
	for name, obj := range want {
		s, ok := slo.Template(name)
		if !ok {
			t.Fatalf("Template(%q) missing", name)
		}
		if s.Objective != obj || s.Window != 28*day {
			t.Errorf("Template(%q) = %v over %v, want %v over 28d (seed 002)", name, s.Objective, s.Window, obj)
		}
		if err := s.Validate(); err != nil {
			t.Errorf("Template(%q).Validate() = %v", name, err)
		}
	}
	if s, _ := slo.Template("installation-callback"); !strings.Contains(s.SLI.Good(day), `code=~"200|204"`) {
		t.Errorf("installation-callback good query %s does not count 200/204 as good (reference section 5)", s.SLI.Good(day))
	}
	if s, ok := slo.Template("install-callback"); !ok || s.Name != "installation-callback" {
		t.Errorf(`Template("install-callback") = %v, %v, want the installation-callback template`, s.Name, ok)
	}
	if _, ok := slo.Template("nope"); ok {
		t.Error(`Template("nope") found`)
	}
}
