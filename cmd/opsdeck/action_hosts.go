package main

// This file adds the actions to the tabs other engineers own (Maintenance: declare maintenance;
// Incidents: page support; Readiness: send a test page) by wrapping their tabs in a confirm.Host.

import (
	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/models/incident"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/confirm"
)

func init() {
	for _, slot := range []int{slotMaintenance, slotIncidents, slotReadiness} {
		registerTabWrapper(slot, func(app *App, e *config.Env, sh *ui.Shared, t ui.Tab) ui.Tab {
			return confirm.NewHost(t, sh, app.hostActions(e, slot))
		})
	}
}

// hostActions are the actions a wrapped tab offers.
func (a *App) hostActions(e *config.Env, slot int) confirm.Actions {
	x := a.actionsFor(e)
	acts := confirm.Actions{Env: e.Name, Policy: x.policy, Refused: x.refused}
	switch slot {
	case slotMaintenance:
		if c, key, err := statuspageFor(e); err == nil && c != nil {
			x.uses(key)
			acts.Components = components(c)
			acts.Declare = func(d action.Declaration) confirm.Request { return x.declareRequest(c, d) }
		}
	case slotIncidents:
		if p, err := pagerFor(e); err == nil && p != nil {
			acts.Page = func(summary string, sev action.Severity, inc *incident.Incident) confirm.Request {
				return x.pageRequest(p, x.alert(summary, sev, inc, "", ""))
			}
		}
	case slotReadiness:
		if p, err := pagerFor(e); err == nil && p != nil {
			acts.TestPage = func() confirm.Request {
				return x.pageRequest(p, action.TestAlert(e.Name, pageSource(e), a.now()))
			}
		}
	}
	return acts
}
