package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/models/readiness"
	"github.com/opsdeck/opsdeck/sources/descriptor"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/prometheus"
	"github.com/opsdeck/opsdeck/sources/readinessfile"
	"github.com/opsdeck/opsdeck/sources/statuspage"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/readinesstab"
)

func init() {
	registerTab(tabBuilder{slot: slotReadiness, title: "Readiness", build: buildReadinessTab})
}

// readinessPath is the answers file of env: the config's file, or readiness.toml in the working
// directory. In the demo it is a file in the state directory, created from the shipped demo answers
// on first use, so a walkthrough started in the demo resumes in the next demo.
func readinessPath(app *App, e *config.Env) (string, error) {
	if f := e.Readiness.File; f != "" {
		if rest, ok := strings.CutPrefix(f, "~/"); ok {
			if h, err := os.UserHomeDir(); err == nil {
				return filepath.Join(h, rest), nil
			}
		}
		return f, nil
	}
	if app.demo == nil {
		return config.DefaultReadinessFile, nil
	}
	return demoReadinessFile()
}

// demoReadinessFile returns $XDG_STATE_HOME/opsdeck/demo-readiness.toml (~/.local/state when unset),
// writing the demo answers there when the file does not exist yet.
func demoReadinessFile() (string, error) {
	dir := os.Getenv("XDG_STATE_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		h, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("demo readiness file: no XDG_STATE_HOME and no home directory: %w", err)
		}
		dir = filepath.Join(h, ".local", "state")
	}
	dir = filepath.Join(dir, "opsdeck")
	path := filepath.Join(dir, "demo-readiness.toml")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("demo readiness file: %w", err)
	}
	s, _, err := readinessfile.Parse("demo", readinessfile.Demo())
	if err != nil {
		return "", err
	}
	return path, readinessfile.Write(path, s)
}

func buildReadinessTab(app *App, e *config.Env, sh *ui.Shared) ui.Tab {
	path, perr := readinessPath(app, e)
	g := newReadinessGatherer(e, app.now)
	return readinesstab.New(sh, readinesstab.Config{
		Gather:  g.gather,
		Every:   e.Readiness.Refresh.Or(config.DefaultReadinessRefresh),
		Timeout: e.Readiness.Timeout.Or(config.DefaultReadinessTimeout) + 20*time.Second,
		Path:    path,
		Load: func() (readiness.Sheet, []string, error) {
			if perr != nil {
				return readiness.Sheet{}, nil, perr
			}
			s, warns, err := readinessfile.Read(path)
			out := make([]string, len(warns))
			for i, w := range warns {
				out[i] = w.String()
			}
			return s, out, err
		},
		Save: func(s readiness.Sheet) error {
			if perr != nil {
				return perr
			}
			return readinessfile.Write(path, s)
		},
	})
}

// readinessGatherer gathers the evidence opsdeck fetches itself for env: the descriptor and the
// published pages, the backup and synthetic-test metrics, the pager (a dry-run test page) and the
// maintenance windows on the status page.
type readinessGatherer struct {
	env   *config.Env
	now   func() time.Time
	pages *descriptor.Client
	prom  *prometheus.Client
	promE error
	sp    *statuspage.Client
	spE   error
}

func newReadinessGatherer(e *config.Env, now func() time.Time) *readinessGatherer {
	r := e.Readiness
	g := &readinessGatherer{env: e, now: now, pages: descriptor.New(descriptor.Config{
		DescriptorURL: r.DescriptorURL, SLAURL: r.SLAURL, SupportURL: r.SupportURL, SecurityURL: r.SecurityURL,
		Timeout: r.Timeout.Or(config.DefaultReadinessTimeout),
	})}
	if (r.BackupQuery != "" || r.SyntheticQuery != "") && e.Prometheus.Enabled() {
		ep, err := e.Prometheus.Endpoint("prometheus", "Bearer")
		g.promE = err
		if err == nil {
			g.prom = prometheus.New(prometheus.Config{Endpoint: ep, Method: prometheus.Method(strings.ToUpper(e.Prometheus.Method)), Retries: 1})
		}
	}
	if e.Statuspage.Enabled() && e.Statuspage.PageID != "" {
		ep, err := e.Statuspage.Endpoint("statuspage", "OAuth")
		g.spE = err
		if err == nil {
			g.sp = statuspage.New(ep, e.Statuspage.PageID)
		}
	}
	return g
}

// gather runs every probe concurrently. Failures become evidence (unknown or fail), never an error.
// The status page is read only when need asks for it: in the console the Maintenance tab reads it
// and publishes the windows.
func (g *readinessGatherer) gather(ctx context.Context, need readinesstab.Need) (readiness.Observations, error) {
	var obs readiness.Observations
	var wg sync.WaitGroup
	run := func(f func()) { wg.Add(1); go func() { defer wg.Done(); f() }() }
	run(func() { g.pages.Probe(ctx).Fill(&obs) })
	run(func() {
		obs.Backup = g.metric(ctx, g.env.Readiness.BackupQuery, g.env.Readiness.RPO.Or(config.DefaultRPO))
	})
	run(func() {
		obs.Synthetic = g.metric(ctx, g.env.Readiness.SyntheticQuery, g.env.Readiness.SyntheticMaxAge.Or(config.DefaultSyntheticMaxAge))
	})
	if need.Maintenance {
		run(func() { obs.Maintenance = g.maintenance(ctx) })
	}
	obs.Pager = g.pager()
	wg.Wait()
	obs.Now = g.now()
	return obs, nil
}

// metric runs a query whose value is a Unix time; nil when no query is configured.
func (g *readinessGatherer) metric(ctx context.Context, q string, limit time.Duration) *readiness.MetricObs {
	if q == "" {
		return nil
	}
	m := &readiness.MetricObs{Query: q, Limit: limit}
	switch {
	case g.promE != nil:
		m.Err = g.promE.Error()
	case g.prom == nil:
		m.Err = "no [prometheus] section to run the query on"
	default:
		res, err := g.prom.Query(ctx, q, time.Time{})
		switch {
		case err != nil:
			m.Err = httpx.Human(err)
		case res.Type == prometheus.Scalar:
			m.Found, m.Value = !math.IsNaN(res.Scalar.V), res.Scalar.V
		case res.Type == prometheus.Vector:
			// the newest sample counts when the query returns several series
			for _, s := range res.Vector {
				if !math.IsNaN(s.V) && (!m.Found || s.V > m.Value) {
					m.Found, m.Value = true, s.V
				}
			}
		default:
			m.Err = fmt.Sprintf("the query returned a %s, expected a vector or a scalar", res.Type)
		}
	}
	m.At = g.now()
	return m
}

// maintenance compares the config's maintenance windows still ahead with the status page's.
func (g *readinessGatherer) maintenance(ctx context.Context) *readiness.MaintenanceObs {
	if g.sp == nil && g.spE == nil {
		return nil
	}
	now := g.now()
	o := &readiness.MaintenanceObs{}
	for _, w := range g.env.MaintenanceWindows {
		a, b, err := w.Times()
		if err == nil && b.After(now) {
			o.Declared = append(o.Declared, readiness.Window{Name: w.Name, Start: a, End: b})
		}
	}
	if g.spE != nil {
		o.Err, o.At = g.spE.Error(), now
		return o
	}
	ws, err := g.sp.Maintenances(ctx)
	o.At = g.now()
	if err != nil {
		o.Err = httpx.Human(err)
		return o
	}
	for _, w := range ws {
		if w.End.After(now.Add(-7 * 24 * time.Hour)) {
			o.Published = append(o.Published, readiness.Window{Name: w.Name, Start: w.Start, End: w.End})
		}
	}
	return o
}

// pager checks that the pager is configured and builds the test page without sending it, with the
// same driver the "send a test page" action uses: the key resolves and the alert is complete (a dry
// run; sending one is that action, with its confirmation, and its result replaces the dry run).
func (g *readinessGatherer) pager() *readiness.PagerObs {
	now := g.now()
	drv, err := pagerFor(g.env)
	o := &readiness.PagerObs{Configured: drv != nil || err != nil, Driver: g.env.Pager.Driver, At: now}
	if !o.Configured {
		return o
	}
	o.Tested, o.DryRun = true, true
	if err == nil && !g.env.Pager.Credentials.IsSet() {
		err = errors.New("no key configured (token_env, token_file or token_cmd)")
	}
	if err != nil {
		o.Detail = "the key does not resolve: " + err.Error()
		return o
	}
	a := action.TestAlert(g.env.Name, pageSource(g.env), now)
	if err := a.Check(); err != nil {
		o.Detail = err.Error()
		return o
	}
	plan := drv.plan(a)
	o.TestOK = true
	o.Detail = fmt.Sprintf("%s %s to %s built with the key, not sent (T sends one)", plan.Method, httpx.StripQuery(plan.URL), drv.name)
	return o
}
