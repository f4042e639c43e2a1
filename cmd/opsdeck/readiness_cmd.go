package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/models/health"
	"github.com/opsdeck/opsdeck/models/readiness"
	"github.com/opsdeck/opsdeck/models/slo"
	"github.com/opsdeck/opsdeck/sources/readinessfile"
	"github.com/opsdeck/opsdeck/ui/readinesstab"
)

func init() {
	register(&command{name: "readiness", summary: "export the readiness checklist (export --format md) or check it in a pipeline (check)",
		usage: "export|check [flags]", run: runReadiness})
}

const readinessUsage = `Usage:
  opsdeck readiness export [--format md] [--out FILE] [--file ANSWERS] [--evidence=false]
  opsdeck readiness check [--file ANSWERS] [--evidence=false]

export writes a dated Markdown document: a summary, every approval-ticket question of seed 002 with
the team's answer and the live evidence (or marked MISSING), the live evidence, and the checklist.
check exits 1 while any required item is failing or unanswered, 0 when every required item passes
or does not apply, 2 when the answers file or the config cannot be read.`

func runReadiness(app *App, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(app.stderr, readinessUsage)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	sub := args[0]
	if sub != "export" && sub != "check" {
		return app.fail("readiness: unknown subcommand %q (export or check)\n\n%s", sub, readinessUsage)
	}
	fs := app.flagSet("readiness "+sub, "[flags]", false)
	var format, out, file string
	var evidence bool
	var timeout time.Duration
	if sub == "export" {
		fs.StringVar(&format, "format", "md", "output format: md")
		fs.StringVar(&out, "out", "", "write to `file` instead of standard output")
	}
	fs.StringVar(&file, "file", "", "answers `file` (default: the config's [readiness] file, or readiness.toml)")
	fs.BoolVar(&evidence, "evidence", true, "gather live evidence (health, SLOs, descriptor, pages, metrics, pager, status page)")
	fs.DurationVar(&timeout, "timeout", 60*time.Second, "give up gathering evidence after this long")
	pos, code, ok := app.parseInterleaved(fs, args[1:])
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return app.fail("readiness %s: unexpected argument %q", sub, pos[0])
	}
	if sub == "export" {
		if err := oneOf("format", format, "md"); err != nil {
			return app.fail("readiness export: %v", err)
		}
	}
	// With --file and no config anywhere, only the answers are checked: the demo's simulated
	// evidence must never be mixed with a real answers file.
	var e *config.Env
	if _, err := config.Find(app.configPath); file != "" && errors.Is(err, config.ErrNotFound) {
		if evidence {
			fmt.Fprintln(app.stderr, "opsdeck: no config file: checking the answers without live evidence")
		}
		evidence = false
	} else {
		if !app.loadConfig(true) {
			return exitUsage
		}
		env, ok := app.env()
		if !ok {
			return exitUsage
		}
		e = env
	}
	path := file
	if path == "" {
		p, err := readinessPath(app, e)
		if err != nil {
			return app.fail("%v", err)
		}
		path = p
	}
	sheet, warns, err := readinessfile.Read(path)
	for _, w := range warns {
		fmt.Fprintln(app.stderr, w)
	}
	if err != nil {
		fmt.Fprintln(app.stderr, err)
		return app.fail("readiness: %s cannot be used; fix the lines above", path)
	}
	var obs readiness.Observations
	if evidence {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		obs = gatherAllReadiness(ctx, app, e)
		cancel()
	}
	obs.Now = app.now()
	ev := readiness.Evaluate(obs)
	items := readiness.Checklist()
	if sub == "check" {
		return readinessCheck(app.stdout, items, sheet, ev, path)
	}
	name, envName := "", ""
	if e != nil {
		name, envName = e.Name, e.Name
	}
	if obs.Descriptor != nil && obs.Descriptor.Key != "" {
		name = obs.Descriptor.Key
	}
	doc := readiness.Document{App: name, Env: envName, Source: path, Date: app.now(), Items: items, Sheet: sheet, Evidence: ev}
	w := app.stdout
	var f *os.File
	if out != "" {
		f, err = os.Create(out)
		if err != nil {
			return app.fail("readiness export: %v", err)
		}
		w = f
	}
	err = readiness.WriteMarkdown(w, doc)
	if f != nil {
		err = errors.Join(err, f.Close())
	}
	if err != nil {
		return app.fail("readiness export: %v", err)
	}
	return exitOK
}

// readinessCheck prints what keeps the checklist from passing and returns the exit code.
func readinessCheck(w io.Writer, items []readiness.Item, s readiness.Sheet, ev map[readiness.Rule]readiness.Evidence, path string) int {
	a := readiness.Assess(items, s, ev)
	p := a.Counts
	fmt.Fprintf(w, "%s: %d of %d items answered (%d pass, %d fail, %d n/a)\n", path, p.Answered(), p.Total, p.Passed, p.Failed, p.NotAppl)
	for _, f := range a.Failing {
		fmt.Fprintf(w, "FAILING     %-26s %s\n", f.Item.ID, f.Reason)
	}
	for _, it := range a.Unanswered {
		fmt.Fprintf(w, "UNANSWERED  %-26s %s\n", it.ID, it.Title)
	}
	for _, id := range a.Unknown {
		fmt.Fprintf(w, "IGNORED     %-26s not a checklist item\n", id)
	}
	for _, r := range readiness.Rules() {
		if e := ev[r]; e.Status == readiness.Fail {
			fmt.Fprintf(w, "EVIDENCE    %-26s FAIL: %s\n", r, e.Summary)
		}
	}
	if a.OK() {
		fmt.Fprintln(w, "ready: every required item passes or does not apply")
		return exitOK
	}
	fmt.Fprintf(w, "not ready: %s failing, %s unanswered\n",
		readiness.Plural(len(a.Failing), "required item"), readiness.Plural(len(a.Unanswered), "required item"))
	return exitProblem
}

// gatherAllReadiness gathers every piece of live evidence once, headless: the health checks and the
// SLOs as their tabs measure them, and the readiness tab's own probes.
func gatherAllReadiness(ctx context.Context, app *App, e *config.Env) readiness.Observations {
	type part struct {
		health *readiness.HealthObs
		slos   *readiness.SLOObs
	}
	done := make(chan part, 2)
	go func() {
		if len(e.Health.Checks) == 0 {
			done <- part{}
			return
		}
		p, rules, _ := healthProber(e)
		res, err := p.Probe(ctx)
		if err != nil {
			done <- part{health: &readiness.HealthObs{Err: err.Error(), At: app.now()}}
			return
		}
		done <- part{health: readinesstab.HealthObservation(health.NewBoard(rules).Record(res), app.now())}
	}()
	go func() {
		if len(e.SLOs) == 0 {
			done <- part{}
			return
		}
		st, err := newSLOSetup(e)
		if st == nil {
			done <- part{slos: &readiness.SLOObs{Err: err.Error(), At: app.now()}}
			return
		}
		at := app.now()
		var reports []slo.Report
		var failed []readiness.SLOStatus
		for _, m := range st.measure(ctx, at, st.maint) {
			if m.Err != nil {
				failed = append(failed, readiness.SLOStatus{Name: m.SLO.Name, Kind: string(m.SLO.SLI.Kind), Objective: m.SLO.Objective,
					Window: m.SLO.EffectiveWindow(), Err: strings.ReplaceAll(m.Err.Error(), "\n", "; ")})
				continue
			}
			reports = append(reports, slo.Evaluate(m.SLO, m.Obs, st.maint))
		}
		o := readinesstab.SLOObservation(reports, at)
		o.SLOs = append(o.SLOs, failed...)
		done <- part{slos: o}
	}()
	obs, _ := newReadinessGatherer(e, app.now).gather(ctx, readinesstab.Need{Maintenance: true})
	for range 2 {
		p := <-done
		if p.health != nil {
			obs.Health = p.health
		}
		if p.slos != nil {
			obs.SLOs = p.slos
		}
	}
	return obs
}
