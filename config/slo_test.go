package config_test

import (
	"strings"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/models/slo"
)

func TestSLOEntries(t *testing.T) {
	src := `[env.prod.prometheus]
base_url = "https://prom.example.com"
token_env = "PROM_TOKEN"

[[env.prod.slo]]
name = "checkout"
kind = "availability"
metric = "http_requests_total"
selector = { job = "checkout" }
objective = 99.9
runbook = "https://runbooks.example.com/checkout"

[[env.prod.slo]]
name = "api-latency"
kind = "latency"
metric = "http_request_duration_seconds"
selector = { job = "api" }
threshold = "500ms"
objective = 0.99
window = "7d"

[[env.prod.slo]]
name = "installs"
template = "install-callback"
matchers = 'handler="/lifecycle/installed"'
`
	f, ps := config.Parse("c.toml", src)
	if len(ps) != 0 {
		t.Fatalf("Parse() problems: %v", ps)
	}
	e := f.Envs["prod"]
	var got []slo.SLO
	for _, s := range e.SLOs {
		m, err := s.Model()
		if err != nil {
			t.Fatalf("Model(%s) = %v", s.Name, err)
		}
		got = append(got, m)
	}
	if got[0].Objective != 0.999 || got[0].Window != 28*24*time.Hour || got[0].Runbook != "https://runbooks.example.com/checkout" {
		t.Errorf("checkout = %+v, want 99.9%% over 28d (seed 002) with its runbook", got[0])
	}
	if want := `sum(increase(http_requests_total{job="checkout",code!~"5.."}[28d]))`; got[0].SLI.Good(28*24*time.Hour) != want {
		t.Errorf("checkout good query = %s, want %s", got[0].SLI.Good(28*24*time.Hour), want)
	}
	if got[1].SLI.Threshold != 0.5 || got[1].Window != 7*24*time.Hour {
		t.Errorf("api-latency = %+v, want threshold 0.5 s over 7d", got[1])
	}
	if want := `sum(increase(http_requests_total{handler="/lifecycle/installed",code=~"200|204"}[1h]))`; got[2].SLI.Good(time.Hour) != want || got[2].Objective != 0.99 {
		t.Errorf("installs = %s at %v, want %s at 0.99 (template, matchers overridden)", got[2].SLI.Good(time.Hour), got[2].Objective, want)
	}
}

func TestSLOProblemsHaveKeysAndLines(t *testing.T) {
	src := `[[env.prod.slo]]
name = "a"
kind = "uptime"
metric = "x"
objective = 0.99

[[env.prod.slo]]
name = "b"
kind = "availability"
metric = "http_requests_total"
matchers = 'job=app'
objective = 0.99

[[env.prod.slo]]
name = "c"
template = "nope"

[[env.prod.slo]]
name = "d"
kind = "latency"
metric = "h"
objective = 0.99

[env.prod.prometheus]
method = "PUT"
`
	_, ps := config.Parse("c.toml", src)
	want := map[string]string{
		"env.prod.slo[0].kind":       "is not availability, latency or probe",
		"env.prod.slo[1].matchers":   "must be quoted",
		"env.prod.slo[2].template":   "is not a template",
		"env.prod.slo[3].threshold":  "needs a threshold",
		"env.prod.prometheus.method": "is not GET or POST",
	}
	for _, p := range ps.Errors() {
		w, ok := want[p.Key]
		if !ok || !strings.Contains(p.Msg, w) {
			t.Errorf("unexpected problem %v", p)
			continue
		}
		if p.Line == 0 {
			t.Errorf("problem without a line: %v", p)
		}
		delete(want, p.Key)
	}
	for k, w := range want {
		t.Errorf("missing problem at %s: %s", k, w)
	}
}
