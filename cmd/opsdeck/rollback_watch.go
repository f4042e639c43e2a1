package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/models/deploy"
	"github.com/opsdeck/opsdeck/models/health"
	"github.com/opsdeck/opsdeck/models/slo"
)

// ioWriter is io.Writer, for the getter signatures.
type ioWriter = io.Writer

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// watchEvery is how often the headless watch probes the health checks and measures the SLOs.
var watchEvery = 30 * time.Second

// observe probes env's health checks and measures its SLOs once, as one observation.
func observe(ctx context.Context, e *config.Env, now time.Time) (deploy.Observation, []string) {
	o := deploy.Observation{At: now}
	var down []string
	if len(e.Health.Checks) > 0 {
		p, rules, _ := healthProber(e)
		if res, err := p.Probe(ctx); err == nil {
			b := health.NewBoard(rules).Record(res)
			o.ChecksTotal = len(b.Checks)
			for _, c := range b.Checks {
				if c.State == health.Down {
					down = append(down, c.Name)
				}
			}
			o.ChecksUp = o.ChecksTotal - len(down)
		}
	}
	if st, err := newSLOSetup(e); st != nil && err == nil {
		for _, m := range st.measure(ctx, now, st.maint) {
			if m.Err != nil {
				continue
			}
			r := slo.Evaluate(m.SLO, m.Obs, st.maint)
			if b := rateOf(r, 5*time.Minute); !math.IsNaN(b) {
				o.Burn, o.BurnKnown = math.Max(o.Burn, b), true
			}
		}
	}
	return o, down
}

// watchAfterRollback watches the health checks and the short-window burn rate for d after a
// rollback, prints each look, records the verdict and exits 0 when the service recovered.
func (a *App) watchAfterRollback(x *actions, d *deployer, e *config.Env, tgt deploy.Release, d0 time.Duration) int {
	start := a.now()
	w := deploy.Watch{Start: start, For: d0}
	fmt.Fprintf(a.stdout, "watching health checks and the 5m burn rate for %s\n", d0)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		o, down := observe(ctx, e, a.now())
		cancel()
		w = w.Record(o)
		line := w.Summary()
		if len(down) > 0 {
			line += " (down: " + strings.Join(down, ", ") + ")"
		}
		fmt.Fprintf(a.stdout, "%s  %s\n", a.now().UTC().Format("15:04:05"), line)
		if v := w.Verdict(a.now()); v != deploy.Watching {
			aerr := x.warn(x.recordWatch(d, action.Rollback, tgt, v, line))
			fmt.Fprintf(a.stdout, "after the rollback to %s: %s\n", tgt.Label(), v.Word())
			switch {
			case v != deploy.Recovered:
				return exitProblem
			case aerr != nil:
				return exitUsage // recovered, but the verdict is not recorded: printed
			}
			return exitOK
		}
		time.Sleep(min(watchEvery, max(time.Second, w.End().Sub(a.now()))))
	}
}
