package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/models/deploy"
	"github.com/opsdeck/opsdeck/sources/heroku"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/kube"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/confirm"
	"github.com/opsdeck/opsdeck/ui/deploytab"
)

func init() {
	registerTab(tabBuilder{slot: slotDeployments, title: "Deployments", build: buildDeployTab})
	register(&command{name: "rollback", summary: "roll the deployment back to a release (--to VERSION), follow it until current",
		usage: "--to VERSION [--yes] [--dry-run] [--watch 5m]", run: runRollback})
	registerGetter(&getter{name: "releases", summary: "list the deployer's releases (Heroku releases or Kubernetes revisions)", run: getReleases})
}

// deployer is a rollback driver: Heroku or Kubernetes, behind the same funcs.
type deployer struct {
	driver   string // "heroku", "kubernetes"
	target   string // the app or deployment name: what is typed to confirm
	label    string // for screens: "opsdeck-demo", "shop/web"
	releases func(ctx context.Context) ([]deploy.Release, error)
	plan     func(ctx context.Context, kind action.Kind, tgt deploy.Release) (action.Plan, error)
	rollback func(ctx context.Context, kind action.Kind, tgt, cur deploy.Release) (deploy.Release, action.Outcome, error)
	progress func(ctx context.Context, created deploy.Release) (deploy.Progress, error)
	refresh  time.Duration
	secret   httpx.Secret // the API token, as resolved for the client: redacted from audit lines
}

// deployerFor builds env's deployer: Heroku when [heroku] is set, else Kubernetes; nil when neither.
func deployerFor(e *config.Env) (*deployer, error) {
	switch {
	case e.Heroku.App != "":
		ep, err := e.Heroku.Endpoint("heroku", "Bearer")
		if err != nil {
			return nil, err
		}
		c := heroku.New(ep, e.Heroku.App)
		return &deployer{
			driver: "heroku", target: e.Heroku.App, label: e.Heroku.App, refresh: e.Heroku.Refresh.Or(config.DefaultDeployRefresh), secret: ep.Auth.Secret,
			releases: func(ctx context.Context) ([]deploy.Release, error) { return c.Releases(ctx, 200) },
			plan: func(_ context.Context, kind action.Kind, tgt deploy.Release) (action.Plan, error) {
				return c.RollbackPlan(kind, tgt), nil
			},
			rollback: func(ctx context.Context, kind action.Kind, tgt, cur deploy.Release) (deploy.Release, action.Outcome, error) {
				return c.Rollback(ctx, kind, tgt, cur.Version)
			},
			progress: func(ctx context.Context, created deploy.Release) (deploy.Progress, error) {
				r, err := c.Release(ctx, created.ID)
				if err != nil {
					return deploy.Progress{}, err
				}
				return deploy.ReleaseProgress(r), nil
			},
		}, nil
	case e.Kubernetes.Enabled():
		k := e.Kubernetes
		var t kube.Target
		if k.Kubeconfig != "" {
			var err error
			if t, err = kube.LoadKubeconfig(k.Kubeconfig, k.Context); err != nil {
				return nil, err
			}
		}
		if k.Server != "" {
			t.Server = k.Server
		}
		if k.CAFile != "" {
			t.CAFile = k.CAFile
		}
		if k.IsSet() {
			sec, err := k.Resolve()
			if err != nil {
				return nil, fmt.Errorf("kubernetes: %w", err)
			}
			t.Token = sec
		}
		c := kube.New(t, k.Namespace, k.Deployment, k.Timeout.Or(10*time.Second))
		return &deployer{
			driver: "kubernetes", target: k.Deployment, label: c.Name(), refresh: k.Refresh.Or(config.DefaultDeployRefresh), secret: t.Token,
			releases: c.Releases,
			plan: func(ctx context.Context, kind action.Kind, tgt deploy.Release) (action.Plan, error) {
				return c.RollbackPlan(ctx, kind, tgt.Version)
			},
			rollback: func(ctx context.Context, kind action.Kind, tgt, _ deploy.Release) (deploy.Release, action.Outcome, error) {
				return c.Rollback(ctx, kind, tgt.Version)
			},
			progress: func(ctx context.Context, _ deploy.Release) (deploy.Progress, error) { return c.Progress(ctx) },
		}, nil
	}
	return nil, nil
}

// diffNotes is what a rollback from cur to tgt changes, as lines for the preview.
func diffNotes(cur, tgt deploy.Release, all []deploy.Release) []string {
	d := deploy.Compare(cur, tgt, all)
	var out []string
	for _, c := range d.Changes {
		out = append(out, fmt.Sprintf("%-12s %s -> %s", c.Field, orNone(c.From), orNone(c.To)))
	}
	var undone []string
	for _, u := range d.Undone {
		undone = append(undone, u.Label())
	}
	if len(undone) > 0 {
		out = append(out, fmt.Sprintf("%-12s %s", "undoes", strings.Join(undone, ", ")))
	}
	return out
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// rollbackRequest is a rollback (or roll forward) from cur to tgt for the console's dialog.
func (x *actions) rollbackRequest(d *deployer, kind action.Kind, tgt, cur deploy.Release, all []deploy.Release) confirm.Request {
	env := x.env.Name
	x.uses(d.secret)
	return confirm.Request{
		Kind: kind, Target: d.target, Confirm: x.policy.Confirmation(kind), Notes: diffNotes(cur, tgt, all),
		Plan: func(ctx context.Context) (action.Plan, error) {
			p, err := d.plan(ctx, kind, tgt)
			p.Env = env
			return p, err
		},
		Send: func(ctx context.Context) (confirm.Done, error) {
			if err := x.policy.Allow(kind); err != nil {
				return confirm.Done{}, err
			}
			created, out, err := d.rollback(ctx, kind, tgt, cur)
			aerr := x.audit(kind, d.label, fmt.Sprintf("%s %s from %s to %s", kind.Word(), d.label, cur.Label(), tgt.Label()), "", out, err)
			return confirm.Done{Outcome: out, Message: out.Detail, Value: created, AuditErr: aerr}, err
		},
	}
}

func buildDeployTab(app *App, e *config.Env, sh *ui.Shared) ui.Tab {
	x := app.actionsFor(e)
	d, err := deployerFor(e)
	cfg := deploytab.Config{Policy: x.policy, Refused: x.refused}
	if err != nil {
		cfg.Driver, cfg.Target = "deployer", "not usable"
		cfg.Releases = func(context.Context) ([]deploy.Release, error) { return nil, err }
		return deploytab.New(sh, cfg)
	}
	if d == nil {
		return deploytab.New(sh, cfg)
	}
	x.uses(d.secret) // the watch's verdict is recorded too
	var last lastReleases
	cfg.Driver, cfg.Target, cfg.Every = d.driver, d.label, d.refresh
	cfg.Releases = func(ctx context.Context) ([]deploy.Release, error) {
		rs, err := d.releases(ctx)
		if err == nil {
			last.set(rs)
		}
		return rs, err
	}
	cfg.Rollback = func(kind action.Kind, tgt, cur deploy.Release) confirm.Request {
		return x.rollbackRequest(d, kind, tgt, cur, last.get())
	}
	cfg.Progress = d.progress
	cfg.RecordWatch = func(kind action.Kind, tgt deploy.Release, v deploy.Verdict, summary string) error {
		return x.recordWatch(d, kind, tgt, v, summary)
	}
	return deploytab.New(sh, cfg)
}

// lastReleases is the latest listing, for the notes of a rollback's preview. The list command writes
// it on its goroutine; the tab reads it when a dialog opens, and a rollback's Send when it builds the
// roll forward, each on another.
type lastReleases struct {
	mu sync.Mutex
	rs []deploy.Release
}

func (l *lastReleases) set(rs []deploy.Release) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rs = rs
}

func (l *lastReleases) get() []deploy.Release {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rs
}

// recordWatch writes the verdict of the watch that follows a rollback to the audit log and returns
// the failure to write it.
func (x *actions) recordWatch(d *deployer, kind action.Kind, tgt deploy.Release, v deploy.Verdict, summary string) error {
	res := action.ResultOK
	if v != deploy.Recovered {
		res = action.ResultFailed
	}
	return x.write(action.Entry{Time: x.app.now().UTC(), User: x.user, Host: x.host, Env: x.env.Name, Action: action.Kind(string(kind) + ".watch"),
		Target: d.label, Summary: fmt.Sprintf("after the %s to %s: %s", kind.Word(), tgt.Label(), v.Word()), Result: res, Detail: summary})
}

// getReleases prints the deployer's releases.
func getReleases(ctx context.Context, app *App, e *config.Env, g getOptions, out ioWriter) (int, error) {
	d, err := deployerFor(e)
	if err != nil {
		return exitUsage, err
	}
	if d == nil {
		return exitUsage, fmt.Errorf("environment %q has no deployer: add [env.%s.heroku] or [env.%s.kubernetes]", e.Name, e.Name, e.Name)
	}
	rs, err := d.releases(ctx)
	if err != nil {
		return exitUsage, err
	}
	if g.format == "json" {
		return exitOK, writeJSON(out, map[string]any{"env": e.Name, "driver": d.driver, "target": d.label, "releases": rs})
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tSTATUS\tCURRENT\tCREATED\tAUTHOR\tDESCRIPTION")
	for _, r := range rs {
		cur := ""
		if r.Current {
			cur = "current"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Label(), r.Status.Word(), cur, r.Time.UTC().Format("2006-01-02 15:04"), r.Author, r.Description)
	}
	return exitOK, tw.Flush()
}

// runRollback is `opsdeck rollback --to VERSION`: preview, confirm (--yes, or the typed name on a
// terminal), send, follow the rollout until the release is current, then watch the health checks.
func runRollback(app *App, args []string) int {
	fs := app.flagSet("rollback", "--to VERSION [--yes] [--dry-run]", false)
	var h headless
	h.flags(fs)
	var to string
	var watch, timeout time.Duration
	fs.StringVar(&to, "to", "", "the `version` to roll back to (v42 or 42; a Kubernetes revision); the previous release when empty")
	fs.DurationVar(&watch, "watch", deploy.DefaultWatch, "after the rollout, watch the health checks this long (0 to skip)")
	fs.DurationVar(&timeout, "timeout", 10*time.Minute, "give up waiting for the rollout after this long")
	if _, code, ok := app.parseInterleaved(fs, args); !ok {
		return code
	}
	if !app.loadConfig(true) {
		return exitUsage
	}
	e, ok := app.env()
	if !ok {
		return exitUsage
	}
	x := app.actionsFor(e)
	if err := x.policy.Allow(action.Rollback); err != nil {
		x.warn(x.refused(action.Rollback, e.Name))
		return app.fail("%v", err)
	}
	d, err := deployerFor(e)
	if err != nil {
		return app.fail("%v", err)
	}
	if d == nil {
		return app.fail("environment %q has no deployer: add [env.%s.heroku] or [env.%s.kubernetes]", e.Name, e.Name, e.Name)
	}
	x.uses(d.secret)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	rs, err := d.releases(ctx)
	if err != nil {
		return app.fail("%v", err)
	}
	cur, ok := deploy.Current(rs)
	if !ok {
		return app.fail("no release of %s is current: nothing to roll back from", d.label)
	}
	var tgt deploy.Release
	if to == "" {
		if tgt, ok = deploy.Previous(rs); !ok {
			return app.fail("no earlier release of %s can be rolled back to", d.label)
		}
	} else {
		v, err := strconv.Atoi(strings.TrimPrefix(strings.ToLower(to), "v"))
		if err != nil {
			return app.fail("--to %q: give a version number like v42", to)
		}
		if tgt, ok = deploy.Find(rs, v); !ok {
			return app.fail("%s has no release v%d", d.label, v)
		}
	}
	if tgt.Version == cur.Version {
		return app.fail("%s is already current", tgt.Label())
	}
	if !tgt.Rollbackable {
		return app.fail("%s is %s and cannot be rolled back to", tgt.Label(), tgt.Status.Word())
	}
	p, err := d.plan(ctx, action.Rollback, tgt)
	if err != nil {
		return app.fail("rollback: %v; nothing was sent", err)
	}
	p.Env = e.Name
	notes := diffNotes(cur, tgt, rs)
	if h.dryRun {
		fmt.Fprintf(app.stdout, "%s\n", p.Summary)
		for _, n := range notes {
			fmt.Fprintf(app.stdout, "  %s\n", n)
		}
		fmt.Fprintf(app.stdout, "\n%s\n(dry run: nothing was sent)\n", indent(p.Request()))
		if x.dryRun(p) != nil {
			return exitUsage // printed
		}
		return exitOK
	}
	if err := x.confirmHeadless(h, p, x.policy.Confirmation(action.Rollback), d.target, notes); err != nil {
		return app.fail("%v", err)
	}
	created, out, err := d.rollback(ctx, action.Rollback, tgt, cur)
	aerr := x.record(action.Rollback, d.label, fmt.Sprintf("rollback %s from %s to %s", d.label, cur.Label(), tgt.Label()), "", out, err)
	if err != nil {
		return app.fail("%v", err)
	}
	fmt.Fprintf(app.stdout, "%s\n", out.Detail)
	code := exitOK
	if out.Result != action.ResultExisting {
		code = app.followRollback(ctx, x, d, e, tgt, created, timeout, watch)
	}
	if aerr != nil && code == exitOK {
		return exitUsage // sent, not recorded: printed by record
	}
	return code
}

// followRollback follows the rollout a rollback created until the release is current, then
// watches the health checks for watch.
func (a *App) followRollback(ctx context.Context, x *actions, d *deployer, e *config.Env, tgt, created deploy.Release, timeout, watch time.Duration) int {
	for {
		pr, err := d.progress(ctx, created)
		if err != nil {
			fmt.Fprintf(a.stderr, "opsdeck: reading the rollout: %v\n", err)
		} else {
			fmt.Fprintf(a.stdout, "rollout: %s: %s\n", pr.Phase.Word(), pr.Detail)
			if pr.Phase == deploy.PhaseFailed {
				return a.fail("rollback to %s failed: %s", tgt.Label(), pr.Detail)
			}
			if pr.Phase == deploy.PhaseComplete {
				break
			}
		}
		select {
		case <-ctx.Done():
			return a.fail("rollback to %s sent, but the rollout did not complete within %s", tgt.Label(), timeout)
		case <-time.After(2 * time.Second):
		}
	}
	fmt.Fprintf(a.stdout, "%s is current on %s\n", tgt.Label(), d.label)
	if watch <= 0 {
		return exitOK
	}
	return a.watchAfterRollback(x, d, e, tgt, watch)
}
