package incidenttab_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/models/incident"
	"github.com/opsdeck/opsdeck/sources/opsgenie"
	"github.com/opsdeck/opsdeck/sources/pagerduty"
	"github.com/opsdeck/opsdeck/sources/platformstatus"
	"github.com/opsdeck/opsdeck/sources/statuspage"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/incidenttab"
)

// TestFaults drives the Incidents tab, merging PagerDuty, the app's status page, JSM and the
// platform's status page on the simulator, while PagerDuty hangs, answers 500, rate-limits or sends
// broken JSON: keys keep answering, PagerDuty's incidents read before stay with "pagerduty STALE (AGE
// old)" and the error, the other sources are unaffected, and the next read recovers.
func TestFaults(t *testing.T) {
	faultmatrix.RunTab(t, faultmatrix.TabCase{
		Name:   "incidents tab",
		Prefix: "/pagerduty/",
		Ready:  "Disk usage 85% on worker-3", // a PagerDuty incident of the demo
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
	e := tg.Env
	pd := pagerduty.New(tg.Endpoint(t, e.PagerDuty.Upstream, "pagerduty", "Token token="), e.PagerDuty.ServiceIDs, e.PagerDuty.Urgencies)
	sp := statuspage.New(tg.Endpoint(t, e.Statuspage.Upstream, "statuspage", "OAuth"), e.Statuspage.PageID)
	og := opsgenie.New(tg.Endpoint(t, e.Opsgenie.Upstream, "jsm", "GenieKey"), e.Opsgenie.Flavor, e.Opsgenie.CloudID)
	pl := platformstatus.New(tg.Endpoint(t, e.Platform.Upstream, "platform", ""))
	return incidenttab.New(sh, incidenttab.Config{Every: time.Hour, Timeout: 20 * time.Second, Loc: time.UTC,
		Sources: []incidenttab.Source{
			{Name: "pagerduty", Fetch: pd.Incidents},
			{Name: "statuspage", Fetch: sp.Incidents},
			{Name: "jsm", Fetch: og.Alerts},
			{Name: "platform", Fetch: func(ctx context.Context) ([]incident.Incident, error) {
				s, err := pl.Fetch(ctx)
				return s.Incidents, err
			}},
		}})
}
