package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/models/maintenance"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/statuspage"
	"github.com/opsdeck/opsdeck/ui/confirm"
)

func init() {
	register(&command{name: "maintenance", summary: "declare a maintenance window on the status page (maintenance declare ...)",
		usage: "declare --title TEXT --start WHEN (--end WHEN | --duration 2h) [--component NAME]... [--yes] [--dry-run]", run: runMaintenance})
}

// statuspageFor builds env's Statuspage client; nil when [statuspage] is not set.
// statuspageFor builds the Statuspage client of env (nil when none is configured) and returns the
// key it resolved, for the audit log to redact.
func statuspageFor(e *config.Env) (*statuspage.Client, httpx.Secret, error) {
	if !e.Statuspage.Enabled() || e.Statuspage.PageID == "" {
		return nil, httpx.Secret{}, nil
	}
	ep, err := e.Statuspage.Endpoint("statuspage", "OAuth")
	if err != nil {
		return nil, httpx.Secret{}, err
	}
	return statuspage.New(ep, e.Statuspage.PageID), ep.Auth.Secret, nil
}

// components reads the page's components for the form.
func components(c *statuspage.Client) func(ctx context.Context) ([]action.Component, error) {
	return func(ctx context.Context) ([]action.Component, error) {
		cs, err := c.Components(ctx)
		if err != nil {
			return nil, err
		}
		out := make([]action.Component, 0, len(cs))
		for _, x := range cs {
			out = append(out, action.Component{ID: x.ID, Name: x.Name})
		}
		return out, nil
	}
}

// declareRequest is a declaration for the console's dialog, with its cancel as the undo.
func (x *actions) declareRequest(c *statuspage.Client, d action.Declaration) confirm.Request {
	env, page := x.env.Name, "page "+c.PageID()
	return confirm.Request{
		Kind: action.DeclareMaintenance, Target: c.PageID(), Confirm: x.policy.Confirmation(action.DeclareMaintenance),
		Plan: func(context.Context) (action.Plan, error) {
			p := c.DeclarePlan(d)
			p.Env = env
			return p, nil
		},
		Send: func(ctx context.Context) (confirm.Done, error) {
			if err := x.policy.Allow(action.DeclareMaintenance); err != nil {
				return confirm.Done{}, err
			}
			w, out, err := c.Declare(ctx, d, x.app.now())
			// The console owns the screen: an audit failure goes into the dialog, never to stderr.
			aerr := x.audit(action.DeclareMaintenance, page, d.Summary(), "", out, err)
			done := confirm.Done{Outcome: out, Message: out.Detail, Value: w, AuditErr: aerr}
			if err == nil && out.Result == action.ResultOK {
				undo := x.cancelRequest(c, w)
				done.Undo = &undo
			}
			return done, err
		},
	}
}

// cancelRequest cancels the window just declared: the undo of a declaration.
func (x *actions) cancelRequest(c *statuspage.Client, w maintenance.Window) confirm.Request {
	page := "page " + c.PageID()
	return confirm.Request{
		Kind: action.CancelMaintenance, Target: c.PageID(), Confirm: x.policy.Confirmation(action.CancelMaintenance),
		Plan: func(context.Context) (action.Plan, error) { return c.CancelPlan(w), nil },
		Send: func(ctx context.Context) (confirm.Done, error) {
			if err := x.policy.Allow(action.CancelMaintenance); err != nil {
				return confirm.Done{}, err
			}
			cw, out, err := c.Cancel(ctx, w)
			aerr := x.audit(action.CancelMaintenance, page, c.CancelPlan(w).Summary, "", out, err)
			return confirm.Done{Outcome: out, Message: out.Detail, Value: cw, AuditErr: aerr}, err
		},
	}
}

// multiFlag collects a repeated string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// runMaintenance is `opsdeck maintenance declare ...`.
func runMaintenance(app *App, args []string) (code int) {
	if len(args) == 0 || args[0] != "declare" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(app.stderr, "Usage: opsdeck maintenance declare --title TEXT --start WHEN (--end WHEN | --duration 2h) [flags]\n\nRun 'opsdeck maintenance declare --help' for the flags.")
			return exitOK
		}
		return app.fail("usage: opsdeck maintenance declare --title TEXT --start WHEN (--end WHEN | --duration 2h); `opsdeck get maintenance` lists windows")
	}
	fs := app.flagSet("maintenance declare", "--title TEXT --start WHEN (--end WHEN | --duration D)", false)
	var h headless
	h.flags(fs)
	var title, start, end, message string
	var dur time.Duration
	var comps multiFlag
	var noRemind, noAutoStart, noAutoEnd, noSetComps, utc bool
	fs.StringVar(&title, "title", "", "the window's title, as subscribers see it")
	fs.StringVar(&start, "start", "", "start: now, +30m, 03:00, \"2026-05-07 03:00\" (local time) or RFC 3339")
	fs.StringVar(&end, "end", "", "end: a time as for --start")
	fs.DurationVar(&dur, "duration", 0, "length of the window, instead of --end")
	fs.Var(&comps, "component", "an affected component, by name or id (repeat for several)")
	fs.StringVar(&message, "message", "", "the text of the first update (a default says what and when)")
	fs.BoolVar(&noRemind, "no-remind", false, "do not remind subscribers before the start")
	fs.BoolVar(&noAutoStart, "no-auto-start", false, "do not move the window to in progress at its start")
	fs.BoolVar(&noAutoEnd, "no-auto-complete", false, "do not complete the window at its end")
	fs.BoolVar(&noSetComps, "no-set-components", false, "do not set the components under maintenance")
	fs.BoolVar(&utc, "utc", false, "read --start and --end in UTC instead of local time")
	if _, code, ok := app.parseInterleaved(fs, args[1:]); !ok {
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
	if err := x.policy.Allow(action.DeclareMaintenance); err != nil {
		x.warn(x.refused(action.DeclareMaintenance, "page "+e.Statuspage.PageID))
		return app.fail("%v", err)
	}
	loc := time.Local
	if utc {
		loc = time.UTC
	}
	now := app.now()
	s, err := action.ParseStart(start, now, loc)
	if err != nil {
		return app.fail("--start: %v", err)
	}
	var en time.Time
	switch {
	case dur > 0 && end != "":
		return app.fail("give --end or --duration, not both")
	case dur > 0:
		en = s.Add(dur)
	default:
		if en, err = action.ParseEnd(end, s, now, loc); err != nil {
			return app.fail("--end: %v", err)
		}
	}
	d := action.Declaration{Name: title, Start: s, End: en, Message: message, RemindSubscribers: !noRemind,
		AutoInProgress: !noAutoStart, AutoComplete: !noAutoEnd, SetUnderMaintenance: !noSetComps, Notify: true}
	if err := d.Check(now); err != nil {
		return app.fail("%v", err)
	}
	c, key, err := statuspageFor(e)
	if err != nil {
		return app.fail("%v", err)
	}
	if c == nil {
		return app.fail("environment %q has no status page: add [env.%s.statuspage] with base_url, page_id and a key", e.Name, e.Name)
	}
	x.uses(key)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if len(comps) > 0 {
		all, err := components(c)(ctx)
		if err != nil {
			return app.fail("reading the page's components: %v", err)
		}
		for _, want := range comps {
			found := false
			for _, cp := range all {
				if strings.EqualFold(cp.Name, want) || cp.ID == want {
					d.Components, found = append(d.Components, cp), true
				}
			}
			if !found {
				var names []string
				for _, cp := range all {
					names = append(names, cp.Name)
				}
				return app.fail("--component %q: no such component (have %s)", want, strings.Join(names, ", "))
			}
		}
	}
	p := c.DeclarePlan(d)
	p.Env = e.Name
	if h.dryRun {
		fmt.Fprintf(app.stdout, "%s\n\n%s\n(dry run: nothing was sent)\n", p.Summary, indent(p.Request()))
		x.dryRun(p)
		return exitOK
	}
	if err := x.confirmHeadless(h, p, x.policy.Confirmation(action.DeclareMaintenance), c.PageID(), nil); err != nil {
		return app.fail("%v", err)
	}
	w, out, err := c.Declare(ctx, d, now)
	aerr := x.record(action.DeclareMaintenance, p.Target, d.Summary(), "", out, err)
	if err != nil {
		return app.fail("%v", err)
	}
	if aerr != nil {
		defer func() { code = exitUsage }() // declared, but not recorded: say so in the exit code
	}
	fmt.Fprintln(app.stdout, out.Detail)
	if w.URL != "" {
		fmt.Fprintln(app.stdout, w.URL)
	}
	return exitOK
}
