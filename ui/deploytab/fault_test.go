package deploytab_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/models/deploy"
	"github.com/opsdeck/opsdeck/sources/heroku"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/deploytab"
)

// TestFaults drives the Deployments tab, listing the demo app's releases from the simulated Heroku
// API, while the API hangs, answers 500, rate-limits or sends broken JSON: keys keep answering, the
// releases read before stay marked STALE with their age and the error, and the next read recovers.
// Only the listing is exercised; the rollback flow has its own tests.
func TestFaults(t *testing.T) {
	faultmatrix.RunTab(t, faultmatrix.TabCase{
		Name:   "deployments tab",
		Prefix: "/heroku/apps/",
		Ready:  "Initial release", // v1 of the demo app, at the bottom of the list
		Stale:  true,
		Build:  onSim,
	})
}

// onSim builds the tab as cmd/opsdeck does, its source on the simulator (tg); the fault and render
// tests share it.
func onSim(t testing.TB, tg faultmatrix.Target, sh *ui.Shared) ui.Tab {
	h := tg.Env.Heroku
	c := heroku.New(tg.Endpoint(t, h.Upstream, "heroku", "Bearer"), h.App)
	return deploytab.New(sh, deploytab.Config{Driver: "heroku", Target: h.App,
		Releases: func(ctx context.Context) ([]deploy.Release, error) { return c.Releases(ctx, 200) },
		Every:    time.Hour})
}
