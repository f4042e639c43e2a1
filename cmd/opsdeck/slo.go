package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/models/slo"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/prometheus"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/slotab"
)

func init() {
	registerTab(tabBuilder{slot: slotSLOs, title: "SLOs", build: buildSLOTab})
	registerGetter(&getter{name: "slos", summary: "measure every SLO once (exit 1 when any is in a paging burn state)", run: getSLOs,
		flags: func(fs flagAdder) {
			fs.StringVar(&sloAt, "at", "", "measure as of this `time` (RFC 3339 or unix seconds) instead of now, for a look back")
		}})
}

// sloAt is the --at flag of `get slos`.
var sloAt string

// sloRoundTimeout bounds one measuring round of every SLO.
const sloRoundTimeout = 60 * time.Second

// sloSetup is everything needed to measure env's SLOs.
type sloSetup struct {
	slos   []slo.SLO
	client *prometheus.Client
	opts   prometheus.Options
	maint  []slo.Interval
}

// newSLOSetup builds the Prometheus client and the SLO models of env. Config validation has already
// reported bad entries; an entry that still does not make a model is an error here.
func newSLOSetup(e *config.Env) (*sloSetup, error) {
	if len(e.SLOs) == 0 {
		return nil, fmt.Errorf("environment %q has no SLOs: add [[env.%s.slo]] entries (see docs/slo.md)", e.Name, e.Name)
	}
	if !e.Prometheus.Enabled() {
		return nil, fmt.Errorf("environment %q has SLOs but no [env.%s.prometheus] base_url to measure them with", e.Name, e.Name)
	}
	ep, err := e.Prometheus.Endpoint("prometheus", "Bearer")
	if err != nil {
		return nil, err
	}
	st := &sloSetup{
		client: prometheus.New(prometheus.Config{Endpoint: ep, Method: prometheus.Method(strings.ToUpper(e.Prometheus.Method)), Retries: 1}),
		opts:   prometheus.Options{SeriesStep: e.Prometheus.Bucket.Duration},
		maint:  configMaintenance(e),
	}
	var errs []error
	for _, c := range e.SLOs {
		m, err := c.Model()
		if err != nil {
			errs = append(errs, fmt.Errorf("slo %q: %s", c.Name, strings.ReplaceAll(err.Error(), "\n", "; ")))
			continue
		}
		st.slos = append(st.slos, m)
	}
	return st, errors.Join(errs...)
}

// configMaintenance returns the maintenance windows the config lists; entries that do not parse are
// left to config validation.
func configMaintenance(e *config.Env) []slo.Interval {
	var out []slo.Interval
	for _, w := range e.MaintenanceWindows {
		a, err1 := time.Parse(time.RFC3339, w.Start)
		b, err2 := time.Parse(time.RFC3339, w.End)
		if err1 == nil && err2 == nil && b.After(a) {
			out = append(out, slo.Interval{Start: a, End: b, Name: w.Name})
		}
	}
	return out
}

// measure measures every SLO at at, up to five SLOs at a time, each sending its own queries
// concurrently (4 in flight): 20 queries, Prometheus's default --query.max-concurrency.
func (st *sloSetup) measure(ctx context.Context, at time.Time, maint []slo.Interval) []slotab.Measurement {
	out := make([]slotab.Measurement, len(st.slos))
	sem := make(chan struct{}, 5)
	var wg sync.WaitGroup
	for i, s := range st.slos {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			o := st.opts
			o.Maintenance = maint
			obs, warns, err := st.client.Observe(ctx, s, at, o)
			out[i] = slotab.Measurement{SLO: s, Obs: obs, Warnings: warns, Err: err}
		}()
	}
	wg.Wait()
	return out
}

func buildSLOTab(app *App, e *config.Env, sh *ui.Shared) ui.Tab {
	st, err := newSLOSetup(e)
	if st == nil {
		return ui.NewNotice(sh, "SLOs", err.Error())
	}
	if err != nil && len(st.slos) == 0 {
		return ui.NewNotice(sh, "SLOs", err.Error())
	}
	// The tab names the source already: it shows errors in words (httpx.Human), not with the request.
	measure := func(ctx context.Context, at time.Time, maint []slo.Interval) []slotab.Measurement {
		ms := st.measure(ctx, at, maint)
		for i := range ms {
			if ms[i].Err != nil {
				ms[i].Err = errors.New(httpx.Human(ms[i].Err))
			}
		}
		return ms
	}
	return slotab.New(sh, slotab.Config{
		Measure: measure, SLOs: st.slos, Maintenance: st.maint,
		Every: e.Prometheus.Refresh.Or(config.DefaultPrometheusRefresh), Timeout: sloRoundTimeout,
	})
}
