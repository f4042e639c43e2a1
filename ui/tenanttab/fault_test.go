package tenanttab_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/models/license"
	"github.com/opsdeck/opsdeck/sources/marketplace"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/tenanttab"
)

// TestFaults drives the Tenants tab, loading the demo's licenses from the simulated Marketplace
// (the client cmd/opsdeck builds, installations from the simulator's memory as in the demo), while
// the licenses API hangs, answers 500, rate-limits or sends broken JSON: keys keep answering, the
// table loaded before stays with "STALE (data AGE old)" and the error, and the next load recovers.
func TestFaults(t *testing.T) {
	faultmatrix.RunTab(t, faultmatrix.TabCase{
		Name:   "tenants tab",
		Prefix: "/marketplace/prod/rest/",
		Ready:  "loaded ", // the footer once a load is in: "loaded 7m ago"
		Stale:  true,
		Build:  onSim,
	})
}

// onSim builds the tab as cmd/opsdeck does, its source on the simulator (tg); the fault and render
// tests share it.
func onSim(t testing.TB, tg faultmatrix.Target, sh *ui.Shared) ui.Tab {
	mp := tg.Env.Marketplace
	c, err := marketplace.New(marketplace.Config{Endpoint: tg.Endpoint(t, mp.Upstream, "marketplace", ""),
		VendorID: mp.VendorID, DeveloperID: mp.DeveloperID, AppKey: mp.AppKey, Limit: mp.PageSize})
	if err != nil {
		t.Fatal(err)
	}
	s, env := tg.Sim, tg.Env.Name
	return tenanttab.New(sh, tenanttab.Config{
		Licenses: func(ctx context.Context, progress func(int)) ([]license.License, error) {
			return c.Licenses(ctx, progress)
		},
		Installations: func(context.Context) ([]license.Installation, error) { return s.Installations(env), nil },
		Every:         time.Hour, Timeout: 20 * time.Second,
	})
}
