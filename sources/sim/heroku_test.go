package sim_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/models/deploy"
	"github.com/opsdeck/opsdeck/sources/heroku"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/sim"
)

// clock is a settable simulator clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func startSim(t *testing.T) (*sim.Sim, *clock) {
	c := &clock{t: time.Date(2026, 5, 7, 12, 0, 0, 0, time.UTC)}
	s, err := sim.Start(sim.Options{Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, c
}

func herokuClient(t *testing.T, s *sim.Sim, timeout time.Duration) *heroku.Client {
	h := s.Config().Envs["prod"].Heroku
	ep, err := h.Endpoint("heroku", "Bearer")
	if err != nil {
		t.Fatal(err)
	}
	ep.Timeout = timeout
	c := heroku.New(ep, h.App)
	c.SetSettle(20 * time.Millisecond)
	return c
}

func TestSimHerokuRollbackBecomesCurrent(t *testing.T) {
	s, clk := startSim(t)
	c := herokuClient(t, s, 2*time.Second)
	ctx := context.Background()
	rs, err := c.Releases(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	cur, ok := deploy.Current(rs)
	if len(rs) != 30 || !ok || cur.Version != 30 {
		t.Fatalf("demo app: %d releases, current %s", len(rs), cur.Label())
	}
	if failed, _ := deploy.Find(rs, 28); failed.Status != deploy.StatusFailed || failed.Rollbackable {
		t.Errorf("v28 = %+v, want the failed demo release", failed)
	}
	target, ok := deploy.Previous(rs)
	if !ok || target.Version != 29 {
		t.Fatalf("Previous = %s", target.Label())
	}
	created, out, err := c.Rollback(ctx, action.Rollback, target, cur.Version)
	if err != nil {
		t.Fatal(err)
	}
	if created.Version != 31 || created.Description != "Rollback to v29" || out.Result != action.ResultOK {
		t.Fatalf("Rollback = %+v %+v", created, out)
	}
	if p := deploy.ReleaseProgress(created); p.Phase != deploy.PhaseProgressing {
		t.Errorf("just created: %s, want progressing (pending)", p.Phase.Word())
	}
	clk.t = clk.t.Add(5 * time.Second) // the simulator's release delay passes
	now, err := c.Release(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p := deploy.ReleaseProgress(now); p.Phase != deploy.PhaseComplete {
		t.Errorf("after the delay: %s (%+v), want complete", p.Phase.Word(), now)
	}
	rs, _ = c.Releases(ctx, 5)
	if cur, _ := deploy.Current(rs); cur.Version != 31 || cur.Artifacts[0].Ref != target.Artifacts[0].Ref {
		t.Errorf("current after rollback = %+v, want v31 running v29's slug", cur)
	}
}

func TestSimHerokuTimeoutAfterAccepted(t *testing.T) {
	s, _ := startSim(t)
	s.AddFault(sim.Fault{Path: sim.AfterPrefix + "/heroku/apps/", Hang: true, Times: 1})
	c := herokuClient(t, s, 300*time.Millisecond)
	ctx := context.Background()
	rs, _ := c.Releases(ctx, 0)
	target, _ := deploy.Find(rs, 27)
	created, out, err := c.Rollback(ctx, action.Rollback, target, 30)
	if err != nil {
		t.Fatalf("Rollback = %v, want the check to find the release", err)
	}
	posts := 0
	for _, r := range s.Requests() {
		if r.Method == "POST" {
			posts++
		}
	}
	rs, _ = c.Releases(ctx, 0)
	if posts != 1 || len(rs) != 31 || created.Version != 31 || !strings.Contains(out.Detail, "not sent again") {
		t.Errorf("after an accepted-then-hung rollback: %d POSTs, %d releases, %+v", posts, len(rs), out)
	}
}

func TestSimHerokuFailsOnFault(t *testing.T) {
	s, _ := startSim(t)
	s.AddFault(sim.Fault{Path: "/heroku/apps/opsdeck-demo/releases", Status: 503, Times: 1})
	c := herokuClient(t, s, time.Second)
	_, err := c.Releases(context.Background(), 0)
	if err != nil {
		t.Errorf("one 503 on a GET should be retried: %v", err)
	}
	s.AddFault(sim.Fault{Path: "/heroku/apps/opsdeck-demo/releases", Status: 422, Times: 1})
	_, _, err = c.Rollback(context.Background(), action.Rollback, deploy.Release{ID: "x", Version: 2, Status: deploy.StatusSucceeded, Rollbackable: true}, 30)
	if err == nil || !strings.Contains(err.Error(), "HTTP 422") || !strings.Contains(err.Error(), "nothing was changed") {
		t.Errorf("rollback on a 422 fault: %v", err)
	}
	bad := heroku.New(httpx.Endpoint{BaseURL: s.URL("/heroku"), Auth: httpx.Auth{Secret: httpx.NewSecret("nope-nope")}}, "opsdeck-demo")
	if _, err := bad.Releases(context.Background(), 0); httpx.KindOf(err) != httpx.KindAuth {
		t.Errorf("bad token: %v", err)
	}
}
