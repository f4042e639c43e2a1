package main

import (
	"context"
	"fmt"
	"time"

	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/models/incident"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/opsgenie"
	"github.com/opsdeck/opsdeck/sources/pagerduty"
	"github.com/opsdeck/opsdeck/ui/confirm"
)

func init() {
	register(&command{name: "page", summary: "page support (PagerDuty Events v2, JSM or Opsgenie), deduplicated per incident",
		usage: "--summary TEXT --severity SEV1|SEV2|SEV3 [--incident ID] [--link URL] [--test] [--yes] [--dry-run]", run: runPage})
}

// pager is a page-support driver.
type pager struct {
	name   string       // "PagerDuty", "JSM", "Opsgenie"
	secret httpx.Secret // the routing or API key, as resolved for the client: redacted from audit lines
	plan   func(a action.Alert) action.Plan
	page   func(ctx context.Context, a action.Alert) (action.Outcome, error)
}

// pagerFor builds env's pager from [pager]; nil when the section is not set.
func pagerFor(e *config.Env) (*pager, error) {
	p := e.Pager
	if !p.Enabled() {
		return nil, nil
	}
	ep, err := p.Endpoint("pager", "")
	if err != nil {
		return nil, err
	}
	switch p.Driver {
	case config.PagerPagerDuty:
		c := pagerduty.NewEvents(ep)
		return &pager{name: "PagerDuty", secret: ep.Auth.Secret, plan: c.PagePlan, page: c.Page}, nil
	case config.PagerJSM, config.PagerOpsgenie:
		c := opsgenie.NewPager(ep, p.Driver)
		name := "JSM"
		if p.Driver == config.PagerOpsgenie {
			name = "Opsgenie"
		}
		return &pager{name: name, secret: ep.Auth.Secret, plan: c.PagePlan, page: c.Page}, nil
	}
	return nil, fmt.Errorf("pager: driver %q: use pagerduty, jsm or opsgenie", p.Driver)
}

// pageSource is the alert's source: [pager] source, else the app or deployment, else "opsdeck".
func pageSource(e *config.Env) string {
	switch {
	case e.Pager.Source != "":
		return e.Pager.Source
	case e.Heroku.App != "":
		return e.Heroku.App
	case e.Kubernetes.Deployment != "":
		return e.Kubernetes.Deployment
	}
	return "opsdeck"
}

// alert builds a page: the dedup key comes from the incident when there is one, else from the
// summary, so a second press or a retry updates the same alert.
func (x *actions) alert(summary string, sev action.Severity, inc *incident.Incident, incidentID, link string) action.Alert {
	a := action.Alert{Summary: summary, Severity: sev, Source: pageSource(x.env), Env: x.env.Name, Time: x.app.now(),
		Details: map[string]string{"paged by": x.user + "@" + x.host, "environment": x.env.Name, "via": "opsdeck"}}
	subj := action.Subject{Env: x.env.Name, Summary: summary}
	switch {
	case inc != nil:
		subj.Source, subj.IncidentID = string(inc.Source), inc.ID
		a.Incident = string(inc.Source) + " " + inc.ID
		if inc.URL != "" {
			a.Links = append(a.Links, action.Link{Href: inc.URL, Text: "incident"})
		}
	case incidentID != "":
		subj.Source, subj.IncidentID = "incident", incidentID
		a.Incident = incidentID
	}
	if link != "" {
		a.Links = append(a.Links, action.Link{Href: link, Text: "link"})
	}
	a.DedupKey = action.DedupKey(subj)
	return a
}

// pageRequest is a page for the console's dialog.
func (x *actions) pageRequest(p *pager, a action.Alert) confirm.Request {
	kind := action.Page
	if a.Test {
		kind = action.TestPage
	}
	x.uses(p.secret)
	return confirm.Request{
		Kind: kind, Target: a.Source, Confirm: x.policy.Confirmation(kind),
		Plan: func(context.Context) (action.Plan, error) { return p.plan(a), nil },
		Send: func(ctx context.Context) (confirm.Done, error) {
			if err := x.policy.Allow(kind); err != nil {
				return confirm.Done{}, err
			}
			out, err := p.page(ctx, a)
			pl := p.plan(a)
			aerr := x.audit(kind, a.Source, pl.Summary, a.DedupKey, out, err)
			return confirm.Done{Outcome: out, Message: out.Detail, AuditErr: aerr}, err
		},
	}
}

// runPage is `opsdeck page`.
func runPage(app *App, args []string) int {
	fs := app.flagSet("page", "--summary TEXT --severity SEV", false)
	var h headless
	h.flags(fs)
	var summary, sevText, incidentID, link string
	var test bool
	fs.StringVar(&summary, "summary", "", "what is wrong, for the person paged")
	fs.StringVar(&sevText, "severity", "", "SEV1 (critical), SEV2 (error) or SEV3 (warning), seed 003")
	fs.StringVar(&incidentID, "incident", "", "the incident `id` the page is about: the same id always updates the same alert")
	fs.StringVar(&link, "link", "", "a `URL` for the responder (runbook, dashboard)")
	fs.BoolVar(&test, "test", false, "send the readiness checklist's test page (SEV3, says it is a test)")
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
	kind := action.Page
	if test {
		kind = action.TestPage
	}
	if err := x.policy.Allow(kind); err != nil {
		x.warn(x.refused(kind, pageSource(e)))
		return app.fail("%v", err)
	}
	var a action.Alert
	if test {
		a = action.TestAlert(e.Name, pageSource(e), app.now())
	} else {
		sev, err := action.ParseSeverity(sevText)
		if err != nil {
			return app.fail("--severity: %v", err)
		}
		if summary == "" {
			return app.fail("--summary is required")
		}
		a = x.alert(summary, sev, nil, incidentID, link)
	}
	p, err := pagerFor(e)
	if err != nil {
		return app.fail("%v", err)
	}
	if p == nil {
		return app.fail("environment %q has no pager: add [env.%s.pager] with driver and key", e.Name, e.Name)
	}
	x.uses(p.secret)
	pl := p.plan(a)
	if h.dryRun {
		fmt.Fprintf(app.stdout, "%s\n\n%s\n(dry run: nothing was sent)\n", pl.Summary, indent(pl.Request()))
		if x.dryRun(pl) != nil {
			return exitUsage // printed
		}
		return exitOK
	}
	if err := x.confirmHeadless(h, pl, x.policy.Confirmation(kind), a.Source, []string{"dedup key " + a.DedupKey}); err != nil {
		return app.fail("%v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := p.page(ctx, a)
	aerr := x.record(kind, a.Source, pl.Summary, a.DedupKey, out, err)
	if err != nil {
		return app.fail("%v", err)
	}
	fmt.Fprintln(app.stdout, out.Detail)
	if aerr != nil {
		return exitUsage // sent, not recorded: printed by record
	}
	return exitOK
}
