package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/models/license"
	"github.com/opsdeck/opsdeck/sources/installations"
	"github.com/opsdeck/opsdeck/sources/marketplace"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/tenanttab"
)

// tenantFlags are the filters of `opsdeck get tenants`.
var tenantFlags struct {
	state     string
	anomalies bool
}

func init() {
	registerTab(tabBuilder{slot: slotTenants, title: "Tenants", build: buildTenantsTab})
	registerGetter(&getter{
		name:    "tenants",
		summary: "license states joined with installations (exit 1 when an anomaly is listed)",
		formats: []string{"table", "json", "csv"},
		flags: func(fs flagAdder) {
			fs.StringVar(&tenantFlags.state, "state", "", "only these license states, comma-separated: trial, active, cancelled, expired, none, unknown")
			fs.BoolVar(&tenantFlags.anomalies, "anomalies", false, "only tenants with an anomaly (unlicensed, not-installed, duplicate, url-changed, trial-length)")
		},
		run: getTenants,
	})
}

// tenantSources builds the two sides of the Tenants view from env: the Marketplace licenses and the
// installation records (the database, or in the demo the simulator's in-memory set). missing says
// what is not configured; installs is nil when no installation source exists.
func tenantSources(app *App, e *config.Env) (lic tenanttab.LicensesFunc, installs tenanttab.InstallationsFunc, missing string, err error) {
	mp := e.Marketplace
	if !mp.Enabled() {
		return nil, nil, fmt.Sprintf("No Marketplace configured for %q: add [env.%s.marketplace] with base_url, username (account email), token_env (API token), vendor_id or developer_id, and app_key. See docs/tenants.md.", e.Name, e.Name), nil
	}
	ep, err := mp.Endpoint("marketplace", "")
	if err != nil {
		return nil, nil, "", err
	}
	client, err := marketplace.New(marketplace.Config{Endpoint: ep, VendorID: mp.VendorID, DeveloperID: mp.DeveloperID,
		AppKey: mp.AppKey, Limit: mp.PageSize})
	if err != nil {
		return nil, nil, "", err
	}
	lic = func(ctx context.Context, progress func(int)) ([]license.License, error) {
		return client.Licenses(ctx, progress)
	}
	in := e.Installations
	switch {
	case in.Enabled():
		pw, err := in.Resolve()
		if err != nil {
			return nil, nil, "", fmt.Errorf("installations: %w", err)
		}
		src, err := installations.New(installations.Config{DSN: in.DSN, Password: pw, Preset: in.Preset,
			Table: in.Table, Query: in.Query, Timeout: in.Timeout.Duration})
		if err != nil {
			return nil, nil, "", err
		}
		installs = src.Installations
	case app.demo != nil:
		// The demo keeps the app's installation records in memory: no PostgreSQL needed.
		s, env := app.demo, e.Name
		installs = func(context.Context) ([]license.Installation, error) { return s.Installations(env), nil }
	}
	return lic, installs, "", nil
}

func buildTenantsTab(app *App, e *config.Env, sh *ui.Shared) ui.Tab {
	lic, ins, missing, err := tenantSources(app, e)
	if err != nil {
		missing = "The Tenants tab cannot start: " + err.Error()
	}
	return tenanttab.New(sh, tenanttab.Config{Licenses: lic, Installations: ins, Missing: missing,
		Every: e.Marketplace.Refresh.Or(5 * time.Minute), Timeout: 15 * time.Minute})
}

// getTenants loads both sides once, joins them and prints the tenants that pass the filters.
func getTenants(ctx context.Context, app *App, e *config.Env, g getOptions, out io.Writer) (int, error) {
	var states []license.State
	if tenantFlags.state != "" {
		for _, w := range strings.Split(tenantFlags.state, ",") {
			st, ok := license.ParseState(strings.TrimSpace(strings.ToLower(w)))
			if !ok {
				return exitUsage, fmt.Errorf("--state %q: use trial, active, cancelled, expired, none or unknown", w)
			}
			states = append(states, st)
		}
	}
	lic, ins, missing, err := tenantSources(app, e)
	if err != nil {
		return exitUsage, err
	}
	if missing != "" {
		return exitUsage, fmt.Errorf("%s", missing)
	}
	ls, err := lic(ctx, nil)
	if err != nil {
		return exitUsage, err
	}
	var is []license.Installation
	if ins != nil {
		if is, err = ins(ctx); err != nil {
			return exitUsage, err
		}
	}
	now := app.now()
	ix, _ := tenanttab.Build(ls, is, ins != nil, now)
	counts := ix.Counts()
	var rows []*license.Tenant
	anomalous := false
	for _, id := range ix.Order(license.ColAnomaly) {
		t := ix.Row(id)
		if tenantFlags.anomalies && t.Anomalies == 0 {
			continue
		}
		if len(states) > 0 && !containsState(states, t.Life.State) {
			continue
		}
		anomalous = anomalous || t.Anomalies != 0
		rows = append(rows, t)
	}
	code := exitOK
	if anomalous {
		code = exitProblem
	}
	switch g.format {
	case "json":
		return code, tenantsJSON(out, e.Name, now, counts, rows, ins != nil)
	case "csv":
		return code, tenantsCSV(out, rows)
	}
	fmt.Fprintf(out, "%s\n%s\n\n", counts.StateLine(), counts.AttentionLine())
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	var titles []string
	for c := license.Column(0); c < license.NumColumns; c++ {
		titles = append(titles, c.Title())
	}
	fmt.Fprintln(tw, strings.Join(titles, "\t"))
	for _, t := range rows {
		cells := make([]string, license.NumColumns)
		for c := range cells {
			cells[c] = strings.ReplaceAll(t.Cell(license.Column(c)), "\t", " ")
			if cells[c] == "" {
				cells[c] = "-"
			}
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return code, tw.Flush()
}

func containsState(list []license.State, s license.State) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// tenantJSON is one tenant in `get tenants -o json`: the joined record plus each anomaly explained.
type tenantJSON struct {
	*license.Tenant
	State     string       `json:"state"`
	Days      string       `json:"days,omitempty"`
	Lifecycle string       `json:"lifecycleText"`
	Explained []anomalyDoc `json:"anomalyDetails,omitempty"`
}

type anomalyDoc struct {
	Anomaly     string `json:"anomaly"`
	Explanation string `json:"explanation"`
}

func tenantsJSON(out io.Writer, env string, now time.Time, c license.Counts, rows []*license.Tenant, withInstalls bool) error {
	list := make([]tenantJSON, len(rows))
	for i, t := range rows {
		j := tenantJSON{Tenant: t, State: t.Life.State.String(), Days: t.Life.DaysText(), Lifecycle: t.Life.Describe(t.License)}
		for _, a := range license.Anomalies() {
			if t.Anomalies&a != 0 {
				j.Explained = append(j.Explained, anomalyDoc{Anomaly: a.String(), Explanation: a.Explain(t)})
			}
		}
		list[i] = j
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(map[string]any{"env": env, "at": now.UTC(), "installationsKnown": withInstalls,
		"counts": c, "count": len(list), "tenants": list})
}

func tenantsCSV(out io.Writer, rows []*license.Tenant) error {
	w := csv.NewWriter(out)
	w.Write([]string{"tenant_id", "site", "cloud_id", "product", "license_type", "state", "days", "tier", "installed_since",
		"anomalies", "license_id", "client_keys", "company", "days_left", "days_to_removal"})
	for _, t := range rows {
		var keys []string
		for _, in := range t.Installs {
			keys = append(keys, in.ClientKey)
		}
		lid, company := "", ""
		if t.License != nil {
			lid, company = t.License.LicenseID, t.License.Company
		}
		left, removal := "", ""
		if t.Life.HasEnd {
			left = fmt.Sprint(t.Life.DaysLeft)
		}
		if !t.Life.RemovalDate.IsZero() {
			removal = fmt.Sprint(t.Life.DaysToRemoval)
		}
		w.Write([]string{t.ID, t.Host, t.CloudID(), t.Product, string(t.Type()), t.Life.State.String(), t.Life.DaysText(),
			t.Tier(), t.Cell(license.ColSince), t.Anomalies.String(), lid, strings.Join(keys, " "), company, left, removal})
	}
	w.Flush()
	return w.Error()
}
