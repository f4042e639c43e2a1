package maintenancetab_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/models/maintenance"
	"github.com/opsdeck/opsdeck/sources/platformstatus"
	"github.com/opsdeck/opsdeck/sources/statuspage"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/maintenancetab"
)

// TestFaults drives the Maintenance tab, reading the app's own status page and the platform's on
// the simulator, while the app's status page hangs, answers 500, rate-limits or sends broken JSON:
// keys keep answering, the windows read before stay with "statuspage STALE (AGE old)" and the error,
// the platform's windows are unaffected, and the next read recovers.
func TestFaults(t *testing.T) {
	faultmatrix.RunTab(t, faultmatrix.TabCase{
		Name:   "maintenance tab",
		Prefix: "/statuspage/v1/",
		Ready:  "Database failover test", // the active window on the demo's own page
		Stale:  true,
		// The source's error line quotes the request ("statuspage: GET /statuspage/v1/pages/…: rate
		// limited…"), which pushes the cause past 120 columns: see docs/proof.md, bugs.
		Width: 200, Height: 50,
		Build: onSim,
	})
}

// onSim builds the tab as cmd/opsdeck does, its source on the simulator (tg); the fault and render
// tests share it.
func onSim(t testing.TB, tg faultmatrix.Target, sh *ui.Shared) ui.Tab {
	sp := statuspage.New(tg.Endpoint(t, tg.Env.Statuspage.Upstream, "statuspage", "OAuth"), tg.Env.Statuspage.PageID)
	pl := platformstatus.New(tg.Endpoint(t, tg.Env.Platform.Upstream, "platform", ""))
	return maintenancetab.New(sh, maintenancetab.Config{Every: time.Hour, Timeout: 20 * time.Second, Loc: time.UTC,
		Sources: []maintenancetab.Source{
			{Name: "statuspage", Fetch: sp.Maintenances},
			{Name: "platform", Fetch: func(ctx context.Context) ([]maintenance.Window, error) {
				s, err := pl.Fetch(ctx)
				return s.Maintenances, err
			}},
		}})
}
