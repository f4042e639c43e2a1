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
	"github.com/opsdeck/opsdeck/models/maintenance"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/maintenancetab"
)

// This file wires the Maintenance tab and `opsdeck get maintenance` (issue 6); declaring a window is
// maintenance_declare.go (issue 7).

func init() {
	registerTab(tabBuilder{slot: slotMaintenance, title: "Maintenance", build: buildMaintenanceTab})
	registerGetter(&getter{name: "maintenance", summary: "active, upcoming (14 days) and recent maintenance windows, local time and UTC", run: getMaintenance})
}

// declaredWindows are the config's [[maintenance_window]] entries as windows; entries that do not
// parse are config errors already and are left out.
func declaredWindows(e *config.Env) []maintenance.Window {
	var out []maintenance.Window
	for _, w := range e.MaintenanceWindows {
		start, end, err := w.Times()
		if err != nil || !end.After(start) {
			continue
		}
		out = append(out, maintenance.Window{ID: "config:" + w.Name, Name: w.Name, Start: start, End: end, Source: "config"})
	}
	return out
}

// maintenanceSources builds one source per upstream that publishes maintenance windows, and the
// shortest configured refresh.
func maintenanceSources(e *config.Env) ([]maintenancetab.Source, time.Duration) {
	var out []maintenancetab.Source
	every := time.Duration(0)
	shortest := func(u config.Upstream) {
		if d := u.Refresh.Duration; d > 0 && (every == 0 || d < every) {
			every = d
		}
	}
	if e.Statuspage.Enabled() {
		shortest(e.Statuspage.Upstream)
		src := maintenancetab.Source{Name: "statuspage"}
		if c, err := ownStatuspage(e); err != nil {
			src.Fetch = incFailing[[]maintenance.Window](err)
		} else {
			src.Fetch = c.Maintenances
		}
		out = append(out, src)
	}
	if c := platformFor(e); c != nil {
		shortest(e.Platform.Upstream)
		out = append(out, maintenancetab.Source{Name: "platform", Fetch: func(ctx context.Context) ([]maintenance.Window, error) {
			s, err := c.Fetch(ctx)
			return s.Maintenances, err
		}})
	}
	if every == 0 {
		every = time.Minute
	}
	return out, every
}

func buildMaintenanceTab(app *App, e *config.Env, sh *ui.Shared) ui.Tab {
	srcs, every := maintenanceSources(e)
	for i := range srcs {
		srcs[i].Fetch = humane(srcs[i].Fetch)
	}
	return maintenancetab.New(sh, maintenancetab.Config{Sources: srcs, Declared: declaredWindows(e), Every: every})
}

// getMaintenance prints the windows once: exit 0, or 2 when a source could not be read (what could
// be read is printed).
func getMaintenance(ctx context.Context, app *App, e *config.Env, g getOptions, out io.Writer) (int, error) {
	now := app.now()
	srcs, _ := maintenanceSources(e)
	all := declaredWindows(e)
	if len(srcs) == 0 && len(all) == 0 {
		return exitUsage, fmt.Errorf("environment %q has no maintenance source: configure [env.%s.statuspage], .platform or [[env.%s.maintenance_window]]", e.Name, e.Name, e.Name)
	}
	var errs []sourceError
	for _, s := range srcs {
		ws, err := s.Fetch(ctx)
		if err != nil {
			errs = append(errs, sourceError{Source: s.Name, Error: err.Error()})
			continue
		}
		all = append(all, ws...)
	}
	b := maintenance.Classify(all, now)
	code := exitOK
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
		if errs == nil {
			errs = []sourceError{}
		}
		banner, active := maintenance.Banner(all, now, time.UTC)
		doc := map[string]any{"env": e.Name, "at": now.UTC(), "active": nonNil(b.Active), "upcoming": nonNil(b.Upcoming),
			"recent": nonNil(b.Recent), "in_maintenance": active, "banner": banner, "errors": errs}
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		if werr := enc.Encode(doc); werr != nil {
			return exitUsage, werr
		}
	default:
		if banner, ok := maintenance.Banner(all, now, time.Local); ok {
			fmt.Fprintln(out, banner)
		}
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "PHASE\tWINDOW\tSTART (LOCAL)\tEND (LOCAL)\tSTART (UTC)\tEND (UTC)\tSOURCE\tCOMPONENTS")
		for _, group := range [][]maintenance.Window{b.Active, b.Upcoming, b.Recent} {
			for _, w := range group {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", w.Phase(now), incOneLine(w.Name),
					w.Start.Local().Format("2006-01-02 15:04 MST"), w.End.Local().Format("2006-01-02 15:04 MST"),
					w.Start.UTC().Format("2006-01-02 15:04Z"), w.End.UTC().Format("2006-01-02 15:04Z"), w.Source, incDash(strings.Join(w.Components, ", ")))
			}
		}
		if werr := tw.Flush(); werr != nil {
			return exitUsage, werr
		}
	}
	return code, err
}

func nonNil(ws []maintenance.Window) []maintenance.Window {
	if ws == nil {
		return []maintenance.Window{}
	}
	return ws
}
