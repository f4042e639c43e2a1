package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/models/health"
	"github.com/opsdeck/opsdeck/sources/healthcheck"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/healthtab"
)

func init() {
	registerTab(tabBuilder{slot: slotHealth, title: "Health", build: buildHealthTab})
	registerGetter(&getter{name: "health", summary: "probe every health check once (exit 1 when any is down)", run: getHealth})
}

// healthProber builds the prober and the rules of env's health section.
// The duration returned is the whole round's timeout.
func healthProber(e *config.Env) (*healthcheck.Prober, health.Rules, time.Duration) {
	h := e.Health
	targets := make([]healthcheck.Target, len(h.Checks))
	for i, c := range h.Checks {
		targets[i] = healthcheck.Target{Name: c.Name, URL: c.URL}
	}
	timeout := h.Timeout.Or(config.DefaultHealthTimeout)
	cfg := healthcheck.Config{Targets: targets, Timeout: timeout, Concurrency: h.Concurrency}
	return healthcheck.New(cfg), health.Rules{Slow: h.Slow.Or(config.DefaultHealthSlow), History: h.History}, healthcheck.RoundTimeout(cfg)
}

func buildHealthTab(app *App, e *config.Env, sh *ui.Shared) ui.Tab {
	p, rules, round := healthProber(e)
	return healthtab.New(sh, healthtab.Config{
		Probe: p.Probe, Every: e.Health.Refresh.Or(config.DefaultHealthRefresh), Timeout: round, Rules: rules,
	})
}

// getHealth probes once and prints the board.
func getHealth(ctx context.Context, app *App, e *config.Env, g getOptions, out io.Writer) (int, error) {
	if len(e.Health.Checks) == 0 {
		return exitUsage, fmt.Errorf("environment %q has no health checks: add [[env.%s.health.check]] with name and url", e.Name, e.Name)
	}
	p, rules, _ := healthProber(e)
	res, err := p.Probe(ctx)
	if err != nil {
		return exitUsage, err
	}
	b := health.NewBoard(rules).Record(res)
	code := exitOK
	if !b.Count().AllUp() {
		code = exitProblem
	}
	switch g.format {
	case "json":
		type row struct {
			health.Check
			LatencyMS float64 `json:"latency_ms"`
		}
		rows := make([]row, len(b.Checks))
		for i, c := range b.Checks {
			rows[i] = row{Check: c, LatencyMS: float64(c.Last.Latency.Microseconds()) / 1000}
		}
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return code, enc.Encode(map[string]any{"env": e.Name, "at": app.now().UTC(), "all_up": code == exitOK, "checks": rows})
	default:
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "STATE\tCHECK\tSTATUS\tLATENCY\tERROR\tURL")
		for _, c := range b.Checks {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\n", c.State, c.Name, c.Last.Status, ui.Millis(c.Last.Latency), strings.ReplaceAll(c.Last.Err, "\t", " "), c.URL)
		}
		return code, tw.Flush()
	}
}
