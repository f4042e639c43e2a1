package sim_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/sources/opsgenie"
	"github.com/opsdeck/opsdeck/sources/pagerduty"
	"github.com/opsdeck/opsdeck/sources/sim"
)

// pageVia pages once through the environment's configured driver.
func pageVia(t *testing.T, p config.Pager, a action.Alert, timeout time.Duration) (action.Outcome, error) {
	ep, err := p.Endpoint("pager", "")
	if err != nil {
		t.Fatal(err)
	}
	ep.Timeout = timeout
	if p.Driver == config.PagerPagerDuty {
		return pagerduty.NewEvents(ep).Page(context.Background(), a)
	}
	return opsgenie.NewPager(ep, p.Driver).Page(context.Background(), a)
}

func TestSimPageTwiceOneAlert(t *testing.T) {
	for _, env := range []string{"prod", "staging"} {
		t.Run(env, func(t *testing.T) {
			s, _ := startSim(t)
			p := s.Config().Envs[env].Pager
			a := action.Alert{Summary: "checkout is down", Severity: action.SEV1, Source: p.Source, Env: env,
				DedupKey: action.DedupKey(action.Subject{Env: env, Source: "pagerduty", IncidentID: "PSIM1"})}
			for i := 0; i < 2; i++ {
				if _, err := pageVia(t, p, a, time.Second); err != nil {
					t.Fatal(err)
				}
			}
			alerts := s.PagerAlerts()
			if len(alerts) != 1 || alerts[0].Events != 2 || alerts[0].Key != a.DedupKey {
				t.Errorf("%s: two pages gave %+v, want one alert with two events", p.Driver, alerts)
			}
			want := map[string]string{config.PagerPagerDuty: "critical", config.PagerJSM: "P1"}[p.Driver]
			if len(alerts) == 1 && alerts[0].Severity != want {
				t.Errorf("severity = %q, want %q", alerts[0].Severity, want)
			}
		})
	}
}

func TestSimPageTimeoutAfterAccepted(t *testing.T) {
	s, _ := startSim(t)
	s.AddFault(sim.Fault{Path: sim.AfterPrefix + "/events/v2/enqueue", Hang: true, Times: 1})
	p := s.Config().Envs["prod"].Pager
	a := action.Alert{Summary: "checkout is down", Severity: action.SEV2, Source: "demo", DedupKey: "opsdeck/prod/summary/x"}
	out, err := pageVia(t, p, a, 300*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if alerts := s.PagerAlerts(); len(alerts) != 1 || out.Attempts != 2 {
		t.Errorf("timeout then retry: %+v, %d attempts; want one alert (the retry reused the dedup key)", alerts, out.Attempts)
	}
}

func TestSimPageRefusesBadKey(t *testing.T) {
	s, _ := startSim(t)
	p := s.Config().Envs["prod"].Pager
	p.Token = "not-the-routing-key"
	a := action.Alert{Summary: "x", Severity: action.SEV3, Source: "demo", DedupKey: "k"}
	if _, err := pageVia(t, p, a, time.Second); err == nil {
		t.Errorf("a bad routing key was accepted")
	}
	if n := len(s.PagerAlerts()); n != 0 {
		t.Errorf("%d alerts after a refused page", n)
	}
}
