package readinesstab

import (
	"math"
	"time"

	"github.com/opsdeck/opsdeck/models/health"
	"github.com/opsdeck/opsdeck/models/readiness"
	"github.com/opsdeck/opsdeck/models/slo"
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
