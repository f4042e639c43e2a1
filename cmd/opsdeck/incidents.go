package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/models/incident"
	"github.com/opsdeck/opsdeck/models/severity"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/opsgenie"
	"github.com/opsdeck/opsdeck/sources/pagerduty"
	"github.com/opsdeck/opsdeck/sources/platformstatus"
	"github.com/opsdeck/opsdeck/sources/statuspage"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/incidenttab"
)

func init() {
	registerTab(tabBuilder{slot: slotIncidents, title: "Incidents", build: buildIncidentsTab})
	registerGetter(&getter{name: "incidents", summary: "open incidents of every source with seed 003 severity and clocks (exit 1 on SEV 1/2 or an overdue first update)", run: getIncidents})
}

// incFailing is a fetch that reports why its source could not be built (a credential that does not
// resolve), so the tab and `get` show the reason where the data would be.
func incFailing[T any](err error) func(context.Context) (T, error) {
	return func(context.Context) (T, error) {
		var zero T
		return zero, err
	}
}

// ownStatuspage builds env's Statuspage client; nil when the section or its page id is not set.
func ownStatuspage(e *config.Env) (*statuspage.Client, error) {
	if !e.Statuspage.Enabled() {
		return nil, nil
	}
	if e.Statuspage.PageID == "" {
		return nil, fmt.Errorf("statuspage: page_id is not set in [env.%s.statuspage]", e.Name)
	}
	ep, err := e.Statuspage.Endpoint("statuspage", "OAuth")
	if err != nil {
		return nil, err
	}
	return statuspage.New(ep, e.Statuspage.PageID), nil
}

// platformFor builds env's platform status page client; nil when the section is not set.
func platformFor(e *config.Env) *platformstatus.Client {
	if !e.Platform.Enabled() {
		return nil
	}
	return platformstatus.New(httpEndpoint("platform", e.Platform.Upstream))
}

// incidentSources builds one tab source per configured incident upstream, the mapping of platform
// components to seed 003 capabilities (the config's overrides on the built-in table) and the
// shortest configured refresh.
func incidentSources(e *config.Env, now time.Time) ([]incidenttab.Source, incident.Mapping, time.Duration) {
	var out []incidenttab.Source
	every := time.Duration(0)
	shortest := func(u config.Upstream) {
		if d := u.Refresh.Duration; d > 0 && (every == 0 || d < every) {
			every = d
		}
	}
	if e.PagerDuty.Enabled() {
		shortest(e.PagerDuty.Upstream)
		src := incidenttab.Source{Name: "pagerduty"}
		if ep, err := e.PagerDuty.Endpoint("pagerduty", "Token token="); err != nil {
			src.Fetch = incFailing[[]incident.Incident](err)
		} else {
			src.Fetch = pagerduty.New(ep, e.PagerDuty.ServiceIDs, e.PagerDuty.Urgencies).Incidents
		}
		out = append(out, src)
	}
	if e.Statuspage.Enabled() {
		shortest(e.Statuspage.Upstream)
		src := incidenttab.Source{Name: "statuspage"}
		if c, err := ownStatuspage(e); err != nil {
			src.Fetch = incFailing[[]incident.Incident](err)
		} else {
			src.Fetch = c.Incidents
		}
		out = append(out, src)
	}
	if e.Opsgenie.Enabled() {
		shortest(e.Opsgenie.Upstream)
		flavor := e.Opsgenie.Flavor
		if flavor != "opsgenie" {
			flavor = "jsm"
		}
		src := incidenttab.Source{Name: flavor}
		if flavor == "opsgenie" {
			src.Note = opsgenie.SupportNote(now)
		}
		if ep, err := e.Opsgenie.Endpoint(flavor, "GenieKey"); err != nil {
			src.Fetch = incFailing[[]incident.Incident](err)
		} else {
			src.Fetch = opsgenie.New(ep, flavor, e.Opsgenie.CloudID).Alerts
		}
		out = append(out, src)
	}
	if c := platformFor(e); c != nil {
		shortest(e.Platform.Upstream)
		out = append(out, incidenttab.Source{Name: "platform", Fetch: func(ctx context.Context) ([]incident.Incident, error) {
			s, err := c.Fetch(ctx)
			return s.Incidents, err
		}})
	}
	mapping, _ := incident.DefaultMapping().Override(e.Platform.Capabilities) // bad entries are config errors already
	if every == 0 {
		every = 30 * time.Second
	}
	return out, mapping, every
}

// httpEndpoint is the endpoint of a section that needs no credentials (the public status page).
func httpEndpoint(name string, u config.Upstream) httpx.Endpoint {
	return httpx.Endpoint{Name: name, BaseURL: u.BaseURL, Timeout: u.Timeout.Duration}
}

// humanError is an upstream error as the tabs show it: its short summary, since the tab already
// names the source ("rate limited (HTTP 420), retry after 1m0s"); the full error stays reachable.
type humanError struct{ err error }

func (h humanError) Error() string { return httpx.Human(h.err) }
func (h humanError) Unwrap() error { return h.err }

// humane wraps a fetch so its errors read as humanError.
func humane[T any](f func(context.Context) (T, error)) func(context.Context) (T, error) {
	return func(ctx context.Context) (T, error) {
		v, err := f(ctx)
		if err != nil {
			err = humanError{err}
		}
		return v, err
	}
}

func buildIncidentsTab(app *App, e *config.Env, sh *ui.Shared) ui.Tab {
	srcs, mapping, every := incidentSources(e, app.now())
	for i := range srcs {
		srcs[i].Fetch = humane(srcs[i].Fetch)
	}
	return incidenttab.New(sh, incidenttab.Config{Sources: srcs, Mapping: mapping, Every: every})
}

// fetchIncidents reads every source at once; errors are kept per source.
func fetchIncidents(ctx context.Context, srcs []incidenttab.Source) ([][]incident.Incident, []sourceError) {
	lists := make([][]incident.Incident, len(srcs))
	errs := make([]error, len(srcs))
	var wg sync.WaitGroup
	for i, s := range srcs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lists[i], errs[i] = s.Fetch(ctx)
		}()
	}
	wg.Wait()
	var out []sourceError
	for i, err := range errs {
		if err != nil {
			out = append(out, sourceError{Source: srcs[i].Name, Error: err.Error()})
		}
	}
	return lists, out
}

// sourceError is a source that could not be read, in `get` output.
type sourceError struct {
	Source string `json:"source"`
	Error  string `json:"error"`
}

// incidentJSON is one incident in `get incidents -o json`: the merged incident, the level acted on,
// and the clocks in seconds.
type incidentJSON struct {
	incident.Incident
	Level  severity.Level `json:"sev"`
	Clocks clocksJSON     `json:"clocks"`
}

type clocksJSON struct {
	Applies           bool       `json:"applies"`
	AgeSeconds        int64      `json:"age_seconds"`
	FirstUpdateDue    *time.Time `json:"first_update_due,omitempty"`
	FirstUpdateAt     *time.Time `json:"first_update_at,omitempty"`
	Overdue           bool       `json:"overdue"`
	OverdueSeconds    int64      `json:"overdue_seconds,omitempty"`
	LateSeconds       int64      `json:"late_seconds,omitempty"`
	InvestigationLate bool       `json:"investigation_late"`
	Text              string     `json:"text"`
}

func incTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// getIncidents prints the merged incidents once. Exit 1 when any open incident is SEV 1 or SEV 2 or
// has an overdue first update, 2 when a source could not be read (what could be read is printed).
func getIncidents(ctx context.Context, app *App, e *config.Env, g getOptions, out io.Writer) (int, error) {
	now := app.now()
	srcs, mapping, _ := incidentSources(e, now)
	if len(srcs) == 0 {
		return exitUsage, fmt.Errorf("environment %q has no incident source: configure [env.%s.pagerduty], .statuspage, .opsgenie or .platform", e.Name, e.Name)
	}
	lists, errs := fetchIncidents(ctx, srcs)
	merged := incident.Merge(lists, mapping, now)
	code := exitOK
	for _, inc := range merged {
		if inc.Level().Major() || inc.Clocks(now).Overdue {
			code = exitProblem
		}
	}
	var notes []string
	for _, s := range srcs {
		if s.Note != "" {
			notes = append(notes, s.Note)
		}
	}
	var err error
	if len(errs) > 0 {
		code = exitUsage
		var parts []string
		for _, e := range errs {
			parts = append(parts, e.Error)
		}
		err = fmt.Errorf("%d source(s) could not be read: %s", len(errs), strings.Join(parts, "; "))
	}
	switch g.format {
	case "json":
		rows := make([]incidentJSON, len(merged))
		for i, inc := range merged {
			c := inc.Clocks(now)
			cj := clocksJSON{Applies: c.Applies, AgeSeconds: int64(c.Age / time.Second), FirstUpdateDue: incTime(c.FirstUpdateDue),
				FirstUpdateAt: incTime(c.FirstUpdateAt), Overdue: c.Overdue, LateSeconds: int64(c.Late / time.Second),
				InvestigationLate: c.InvestigationLate, Text: c.FirstUpdateText(time.UTC)}
			if c.Overdue {
				cj.OverdueSeconds = int64(-c.Left / time.Second)
			}
			rows[i] = incidentJSON{Incident: inc, Level: inc.Level(), Clocks: cj}
		}
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		if errs == nil {
			errs = []sourceError{}
		}
		if werr := enc.Encode(map[string]any{"env": e.Name, "at": now.UTC(), "incidents": rows, "errors": errs, "notes": notes}); werr != nil {
			return exitUsage, werr
		}
	default:
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "SRC\tSEV\tCOMPUTED\tDECLARED\tSTATUS\tAGE\tFIRST UPDATE\tTITLE")
		for _, inc := range merged {
			c := inc.Clocks(now)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", inc.Source.Label(), inc.Level().Short(), inc.Computed.Level.Short(),
				incDash(inc.Declared.Label), inc.Status, ui.Span(c.Age), c.FirstUpdateText(time.Local), incOneLine(inc.Title))
		}
		if werr := tw.Flush(); werr != nil {
			return exitUsage, werr
		}
		for _, inc := range merged {
			if inc.Computed.Level.Valid() {
				fmt.Fprintf(out, "%s %s: %s\n", inc.Source.Label(), inc.ID, inc.Computed.Rule)
			}
		}
		for _, n := range notes {
			fmt.Fprintln(out, "note:", n)
		}
	}
	return code, err
}

func incDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// incOneLine keeps a title on one table line.
func incOneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
