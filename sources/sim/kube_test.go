package sim_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/models/deploy"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/kube"
	"github.com/opsdeck/opsdeck/sources/sim"
)

func kubeClient(t *testing.T, s *sim.Sim, timeout time.Duration) *kube.Client {
	k := s.Config().Envs["staging"].Kubernetes
	tok, _ := k.Resolve()
	c := kube.New(kube.Target{Server: k.Server, Token: tok}, k.Namespace, k.Deployment, timeout)
	c.SetSettle(20 * time.Millisecond)
	return c
}

func TestSimKubeRollbackProgress(t *testing.T) {
	s, clk := startSim(t)
	c := kubeClient(t, s, 2*time.Second)
	ctx := context.Background()
	rs, err := c.Releases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cur, _ := deploy.Current(rs)
	if len(rs) != 5 || cur.Version != 5 || cur.Status != deploy.StatusSucceeded {
		t.Fatalf("demo deployment: %d revisions, current %+v", len(rs), cur)
	}
	target, _ := deploy.Find(rs, 3)
	if _, out, err := c.Rollback(ctx, action.Rollback, 3); err != nil || out.Result != action.ResultOK {
		t.Fatalf("Rollback = %+v, %v", out, err)
	}
	var phases []deploy.Phase
	for i := 0; i < 8; i++ {
		p, err := c.Progress(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(phases) == 0 || phases[len(phases)-1] != p.Phase {
			phases = append(phases, p.Phase)
		}
		clk.t = clk.t.Add(time.Second)
	}
	if len(phases) < 3 || phases[0] != deploy.PhaseAccepted || phases[len(phases)-1] != deploy.PhaseComplete {
		var w []string
		for _, p := range phases {
			w = append(w, p.Word())
		}
		t.Errorf("rollout phases = %v, want accepted ... progressing ... complete", w)
	}
	rs, _ = c.Releases(ctx)
	if rs[0].Version != 6 || !rs[0].Current || rs[0].Artifacts[0].Ref != target.Artifacts[0].Ref || !strings.Contains(rs[0].Description, "was revision 3") {
		t.Errorf("after rollback the newest revision is %+v, want revision 6 running revision 3's image", rs[0])
	}
	if _, ok := deploy.Find(rs, 3); ok {
		t.Errorf("revision 3 is still listed; the controller renumbers it (§8.6)")
	}
}

func TestSimKubeTimeoutAfterAccepted(t *testing.T) {
	s, _ := startSim(t)
	s.AddFault(sim.Fault{Path: sim.AfterPrefix + "/kube/", Hang: true, Times: 1})
	c := kubeClient(t, s, 300*time.Millisecond)
	_, out, err := c.Rollback(context.Background(), action.Rollback, 2)
	if err != nil {
		t.Fatalf("Rollback = %v", err)
	}
	patches := 0
	for _, r := range s.Requests() {
		if r.Method == "PATCH" {
			patches++
		}
	}
	if patches != 1 || !strings.Contains(out.Detail, "not sent again") {
		t.Errorf("%d PATCHes, %+v; want one, found by the check", patches, out)
	}
}

func TestSimKubeAuth(t *testing.T) {
	s, _ := startSim(t)
	k := s.Config().Envs["staging"].Kubernetes
	c := kube.New(kube.Target{Server: k.Server, Token: httpx.NewSecret("wrong-token")}, k.Namespace, k.Deployment, time.Second)
	if _, err := c.Releases(context.Background()); httpx.KindOf(err) != httpx.KindAuth {
		t.Errorf("wrong token: %v", err)
	}
	other := kube.New(kube.Target{Server: k.Server, Token: httpx.NewSecret(s.Token("kube"))}, "kube-system", "web", time.Second)
	if _, err := other.Releases(context.Background()); err == nil || !strings.Contains(err.Error(), "forbidden") {
		t.Errorf("other namespace: %v", err)
	}
}
