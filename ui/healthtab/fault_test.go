package healthtab_test

import (
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/models/health"
	"github.com/opsdeck/opsdeck/sources/healthcheck"
	"github.com/opsdeck/opsdeck/sources/sim"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/healthtab"
)

// TestFaults drives the Health tab, probing the simulator's eight checks, while one check hangs,
// answers 500 or is rate limited: keys keep answering during the round, every check stays listed,
// the failing one shows the failure in words, and the next round after the fault is gone is clean.
// A probe reads the status only, so a broken body is not a fault here.
func TestFaults(t *testing.T) {
	faultmatrix.RunTab(t, faultmatrix.TabCase{
		Name:   "health tab",
		Prefix: "/health/prod/app-us",
		Ready:  "app-us",
		Faults: []faultmatrix.TabFault{
			{Name: "hang", Fault: sim.Fault{Hang: true}, Words: "timed out"},
			{Name: "http_500", Fault: sim.Fault{Status: 500}, Words: "HTTP 500"},
			{Name: "http_429_retry_after", Fault: sim.Fault{Status: 429, RetryAfter: 30}, Words: "rate limited"},
		},
		Build: onSim,
	})
}

// onSim builds the tab as cmd/opsdeck does, its source on the simulator (tg); the fault and render
// tests share it.
func onSim(t testing.TB, tg faultmatrix.Target, sh *ui.Shared) ui.Tab {
	var targets []healthcheck.Target
	for _, c := range tg.Env.Health.Checks {
		targets = append(targets, healthcheck.Target{Name: c.Name, URL: tg.URL(c.URL)})
	}
	p := healthcheck.New(healthcheck.Config{Targets: targets, Timeout: tg.Timeout})
	return healthtab.New(sh, healthtab.Config{Probe: p.Probe, Every: time.Hour,
		Timeout: tg.Timeout + 5*time.Second, Rules: health.Rules{Slow: time.Second}})
}
