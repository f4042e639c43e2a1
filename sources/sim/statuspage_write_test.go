package sim_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/sources/sim"
	"github.com/opsdeck/opsdeck/sources/statuspage"
)

func spClient(t *testing.T, s *sim.Sim, env string, timeout time.Duration) *statuspage.Client {
	sp := s.Config().Envs[env].Statuspage
	ep, err := sp.Endpoint("statuspage", "OAuth")
	if err != nil {
		t.Fatal(err)
	}
	ep.Timeout = timeout
	return statuspage.New(ep, sp.PageID)
}

func TestSimDeclareMaintenance(t *testing.T) {
	s, clk := startSim(t)
	c := spClient(t, s, "prod", 2*time.Second)
	ctx := context.Background()
	comps, err := c.Components(ctx)
	if err != nil || len(comps) == 0 {
		t.Fatalf("components: %v, %v", comps, err)
	}
	d := action.NewDeclaration("Database upgrade", clk.t.Add(3*time.Hour).Truncate(time.Minute), 90*time.Minute)
	d.Components = []action.Component{{ID: comps[0].ID, Name: comps[0].Name}}
	w, out, err := c.Declare(ctx, d, clk.t)
	if err != nil || out.Result != action.ResultOK {
		t.Fatalf("Declare = %+v, %v", out, err)
	}
	ws, err := c.Maintenances(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, x := range ws {
		if x.ID == w.ID && x.Name == "Database upgrade" && len(x.Components) == 1 {
			found = true
		}
	}
	if !found {
		t.Errorf("the declared window is not listed: %+v", ws)
	}
	_, again, err := c.Declare(ctx, d, clk.t)
	if err != nil || again.Result != action.ResultExisting || again.RequestID != w.ID {
		t.Errorf("declaring again = %+v, %v; want the existing window", again, err)
	}
	if _, out, err := c.Cancel(ctx, w); err != nil || out.Result != action.ResultOK {
		t.Fatalf("Cancel = %+v, %v", out, err)
	}
	ws, _ = c.Maintenances(ctx)
	for _, x := range ws {
		if x.ID == w.ID && x.Status != "completed" {
			t.Errorf("cancelled window is %s", x.Status)
		}
	}
}

func TestSimDeclareTimeoutAfterAccepted(t *testing.T) {
	s, clk := startSim(t)
	s.AddFault(sim.Fault{Path: sim.AfterPrefix + "/statuspage/v1/pages/", Hang: true, Times: 1})
	c := spClient(t, s, "prod", 300*time.Millisecond)
	d := action.NewDeclaration("Cache migration", clk.t.Add(time.Hour), time.Hour)
	_, out, err := c.Declare(context.Background(), d, clk.t)
	if err != nil {
		t.Fatalf("Declare = %v", err)
	}
	posts := 0
	for _, r := range s.Requests() {
		if r.Method == "POST" {
			posts++
		}
	}
	if posts != 1 || !strings.Contains(out.Detail, "not sent again") {
		t.Errorf("%d POSTs, %+v; want one, found by the check", posts, out)
	}
}

func TestSimDeclareStopsWhenTheCheckFails(t *testing.T) {
	s, clk := startSim(t)
	s.AddFault(sim.Fault{Path: "/statuspage/v1/pages/opsdeckprod01/incidents", Status: 500, Times: 1})
	c := spClient(t, s, "prod", time.Second)
	d := action.NewDeclaration("Broken", clk.t.Add(time.Hour), time.Hour)
	// looking for the same window fails: nothing may be created blindly
	_, _, err := c.Declare(context.Background(), d, clk.t)
	if err == nil || !strings.Contains(err.Error(), "look for the same window failed") || !strings.Contains(err.Error(), "nothing was sent") {
		t.Errorf("Declare with a failing check = %v", err)
	}
	for _, r := range s.Requests() {
		if r.Method == "POST" {
			t.Errorf("a POST was sent although the check failed")
		}
	}
}
