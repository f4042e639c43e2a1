package readinesstab

import (
	"math"
	"time"

	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/models/health"
	"github.com/opsdeck/opsdeck/models/maintenance"
	"github.com/opsdeck/opsdeck/models/readiness"
	"github.com/opsdeck/opsdeck/models/slo"
	"github.com/opsdeck/opsdeck/ui/bus"
)

// HealthObservation turns a health board (the Health tab's, or one probed headless) into the
// health-check evidence: each check's latest probe.
func HealthObservation(b health.Board, at time.Time) *readiness.HealthObs {
	o := &readiness.HealthObs{At: at}
	for _, c := range b.Checks {
		l := c.Last
		p := readiness.HealthProbe{Name: c.Name, URL: c.URL, Status: l.Status, Latency: l.Latency, Err: l.Err}
		if l.Redirect {
			if p.Status < 300 || p.Status > 399 {
				p.Status = 302
			}
			p.Err = "" // the redirect is the finding
		}
		o.Probes = append(o.Probes, p)
	}
	return o
}

// SLOObservation turns SLO reports into the SLO evidence: each SLO's compliance over its window,
// with maintenance windows taken out when any touch it (uptime is measured outside them, seed 000).
func SLOObservation(reports []slo.Report, at time.Time) *readiness.SLOObs {
	o := &readiness.SLOObs{At: at}
	for _, r := range reports {
		c := r.Compliance
		if r.Excluded != nil {
			c = r.Excluded.Compliance
		}
		o.SLOs = append(o.SLOs, readiness.SLOStatus{
			Name: r.SLO.Name, Kind: string(r.SLO.SLI.Kind), Objective: r.SLO.Objective,
			Window: r.SLO.EffectiveWindow(), Compliance: c.Value, Met: c.Met,
			HasData: !c.NoTraffic && !math.IsNaN(c.Value),
		})
	}
	return o
}

// withTestPage lays the last test page sent from the console over the pager's dry run: a page that
// reached the pager is better evidence than one that was only built.
func withTestPage(p *readiness.PagerObs, sent *bus.ActionMsg) *readiness.PagerObs {
	if sent == nil {
		return p
	}
	o := readiness.PagerObs{Configured: true}
	if p != nil {
		o = *p
	}
	o.Tested, o.At = true, sent.At
	o.DryRun = sent.Result == action.ResultDryRun
	o.TestOK = sent.Result == action.ResultOK || sent.Result == action.ResultExisting || o.DryRun
	o.Detail = "test page " + string(sent.Result) + " at " + sent.At.UTC().Format("2006-01-02 15:04 UTC")
	if sent.RequestID != "" {
		o.Detail += ", request " + sent.RequestID
	}
	if sent.Detail != "" {
		o.Detail += ": " + sent.Detail
	}
	return &o
}

// MaintenanceObservation turns the Maintenance tab's windows into the maintenance evidence: the
// configured windows still ahead against the status page's (recent or ahead).
func MaintenanceObservation(msg bus.MaintenanceMsg, now time.Time) *readiness.MaintenanceObs {
	o := &readiness.MaintenanceObs{Err: msg.Err, At: msg.At}
	for _, w := range msg.Declared {
		if w.End.After(now) {
			o.Declared = append(o.Declared, readiness.Window{Name: w.Name, Start: w.Start, End: w.End})
		}
	}
	for _, w := range msg.Published {
		if w.End.After(now.Add(-maintenance.RecentHorizon)) {
			o.Published = append(o.Published, readiness.Window{Name: w.Name, Start: w.Start, End: w.End})
		}
	}
	return o
}
