package slotab_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/models/slo"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/prometheus"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/slotab"
)

// TestFaults drives the SLOs tab, measuring the demo's SLOs on the simulated Prometheus as
// cmd/opsdeck wires it (one retry after a rate limit, errors in words), while Prometheus hangs,
// answers 500, rate-limits or sends broken JSON: keys keep answering, the last measurement stays
// marked STALE with its age and the error, and the next round after the fault recovers.
func TestFaults(t *testing.T) {
	faultmatrix.RunTab(t, faultmatrix.TabCase{
		Name:   "slos tab",
		Prefix: "/prometheus/api/v1/",
		Ready:  "measured ", // the status line once a round is in: "measured 7m ago"
		Stale:  true,
		Width:  200, Height: 50, // the STALE line and the status line fit on one row
		Build: onSim,
	})
}

// onSim builds the tab as cmd/opsdeck does, its source on the simulator (tg); the fault and render
// tests share it.
func onSim(t testing.TB, tg faultmatrix.Target, sh *ui.Shared) ui.Tab {
	p := tg.Env.Prometheus
	c := prometheus.New(prometheus.Config{Endpoint: tg.Endpoint(t, p.Upstream, "prometheus", "Bearer"),
		Method: prometheus.Method(strings.ToUpper(p.Method)), Retries: 1})
	var slos []slo.SLO
	for _, cs := range tg.Env.SLOs {
		s, err := cs.Model()
		if err != nil {
			t.Fatal(err)
		}
		slos = append(slos, s)
	}
	measure := func(ctx context.Context, at time.Time, maint []slo.Interval) []slotab.Measurement {
		out := make([]slotab.Measurement, len(slos))
		var wg sync.WaitGroup
		sem := make(chan struct{}, 2)
		for i, s := range slos {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				obs, warns, err := c.Observe(ctx, s, at, prometheus.Options{SeriesStep: p.Bucket.Duration, Maintenance: maint})
				if err != nil {
					err = errors.New(httpx.Human(err))
				}
				out[i] = slotab.Measurement{SLO: s, Obs: obs, Warnings: warns, Err: err}
			}()
		}
		wg.Wait()
		return out
	}
	return slotab.New(sh, slotab.Config{Measure: measure, SLOs: slos, Every: time.Hour, Timeout: 20 * time.Second})
}
