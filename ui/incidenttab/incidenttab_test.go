package incidenttab_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/opsdeck/opsdeck/models/incident"
	"github.com/opsdeck/opsdeck/models/severity"
	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/incidenttab"
)

var (
	clock = time.Date(2026, 5, 7, 12, 0, 0, 0, time.UTC)
	cest  = time.FixedZone("CEST", 2*3600)
)

func ago(d time.Duration) time.Time { return clock.Add(-d) }

func pages(context.Context) ([]incident.Incident, error) {
	return []incident.Incident{
		{Source: incident.PagerDuty, ID: "PSIM2317", Number: 2317, Title: "Checkout API 5xx rate above 5%", Status: "acknowledged",
			Declared: incident.Declared{Label: "P2, high urgency", Level: severity.Sev2}, Started: ago(80 * time.Minute), Paged: ago(80 * time.Minute),
			Acknowledged: ago(74 * time.Minute), Service: "checkout-api", URL: "https://acme.pagerduty.com/incidents/PSIM2317"},
		{Source: incident.PagerDuty, ID: "PSIM2318", Number: 2318, Title: "Disk usage 85% on worker-3", Status: "acknowledged",
			Declared: incident.Declared{Label: "low urgency"}, Started: ago(3 * time.Hour), Paged: ago(3 * time.Hour), Acknowledged: ago(155 * time.Minute), Service: "workers"},
		{Source: incident.PagerDuty, ID: "PSIM2316", Number: 2316, Title: "Search p95 latency above 2s", Status: "acknowledged",
			Declared: incident.Declared{Label: "P2, high urgency", Level: severity.Sev2}, Started: ago(35 * time.Minute), Paged: ago(35 * time.Minute),
			Acknowledged: ago(28 * time.Minute), Service: "search"},
	}, nil
}

func statusPage(context.Context) ([]incident.Incident, error) {
	return []incident.Incident{
		{Source: incident.Statuspage, ID: "pinc-search", Title: "Search results are slow", Status: "identified", Impact: "major",
			Declared: incident.Declared{Label: "impact major", Level: severity.Sev2}, Started: ago(35 * time.Minute), TracksUpdates: true,
			Links:      []incident.Ref{{Source: incident.PagerDuty, ID: "PSIM2316"}},
			Components: []incident.Component{{ID: "c4", Name: "Search", Status: "degraded_performance"}},
			Updates: []incident.Update{
				{At: ago(12 * time.Minute), Status: "identified", Body: "A reindex job is saturating the search cluster; we are throttling it."},
				{At: ago(30 * time.Minute), Status: "investigating", Body: "We are investigating slow search results for some customers."},
			}},
	}, nil
}

func platform(context.Context) ([]incident.Incident, error) {
	return []incident.Incident{
		{Source: incident.Platform, ID: "plat-appui", Title: "Slow loading of app user interfaces", Status: "identified", Impact: "minor",
			Declared: incident.Declared{Label: "impact minor"}, Started: ago(50 * time.Minute), TracksUpdates: true,
			Components: []incident.Component{{Name: "App UI", Status: "degraded_performance"}},
			Updates: []incident.Update{{At: ago(45 * time.Minute), Status: "investigating",
				Body: "Some customers see app user interfaces load slowly in Jira and Confluence. We are investigating."}}},
		{Source: incident.Platform, ID: "plat-logs", Title: "Delays in app logs in the developer console", Status: "investigating", Impact: "minor",
			Declared: incident.Declared{Label: "impact minor"}, Started: ago(40 * time.Minute), TracksUpdates: true,
			Components: []incident.Component{{Name: "App logging", Status: "degraded_performance"}},
			Updates:    []incident.Update{{At: ago(35 * time.Minute), Status: "investigating", Body: "App logs are delayed."}}},
	}, nil
}

func alerts(context.Context) ([]incident.Incident, error) {
	return []incident.Incident{
		{Source: incident.Opsgenie, ID: "sim-alert-1793", Number: 1793, Title: "Billing worker queue depth above 10k", Status: "open",
			Declared: incident.Declared{Label: "P3", Level: severity.Sev3}, Started: ago(20 * time.Minute), Paged: ago(20 * time.Minute), Service: "billing-team"},
	}, nil
}

func sources() []incidenttab.Source {
	return []incidenttab.Source{
		{Name: "pagerduty", Fetch: pages}, {Name: "statuspage", Fetch: statusPage},
		{Name: "jsm", Fetch: alerts}, {Name: "platform", Fetch: platform},
	}
}

// reach is the Tenants tab's message as the Incidents tab sees it.
type reach struct{}

func (reach) TenantReach() (string, map[string]incident.Reach) {
	return "prod", map[string]incident.Reach{"jira": {Paying: 180, Trial: 40, Cancelled: 12}, "confluence": {Paying: 60, Trial: 6, Cancelled: 2}}
}

func root(t *testing.T, srcs []incidenttab.Source) tea.Model {
	th := themes.Mono()
	sh := &ui.Shared{Theme: &th, Now: func() time.Time { return clock }, Env: "prod", Demo: true}
	tabs := []ui.Tab{ui.NewNotice(sh, "SLOs", "slos"), ui.NewNotice(sh, "Health", "health"), ui.NewNotice(sh, "Tenants", "tenants"),
		ui.NewNotice(sh, "Maintenance", "maintenance"),
		incidenttab.New(sh, incidenttab.Config{Sources: srcs, Mapping: incident.DefaultMapping(), Every: time.Hour, Loc: cest})}
	return ui.New(ui.Options{Shared: sh, Tabs: tabs})
}

func program(t *testing.T, m tea.Model, w, h int) *teatest.TestModel {
	return teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII), tea.WithEnvironment([]string{"TERM=xterm-256color"})))
}

// waitFor waits until the output so far holds every one of ss.
func waitFor(t *testing.T, tm *teatest.TestModel, ss ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, s := range ss {
			if !bytes.Contains(b, []byte(s)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(5*time.Second))
}

func final(t *testing.T, tm *teatest.TestModel) string {
	t.Helper()
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	return ansi.Strip(tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View().Content)
}

func key(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Text: string(r)} }

func TestIncidentsTabGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("incidents_%dx%d", size[0], size[1]), func(t *testing.T) {
			tm := program(t, root(t, sources()), size[0], size[1])
			tm.Send(key('6'))
			waitFor(t, tm, "TITLE", "OVERDUE", "Billing", "PLAT")
			out := final(t, tm)
			lines := strings.Split(out, "\n")
			// The overdue SEV 2 page is first, with the alarm word (seed 003: first update within 1 hour).
			if !strings.Contains(lines[3], "PD") || !strings.Contains(lines[3], "OVERDUE 20m") {
				t.Errorf("first row is not the overdue page:\n%s", out)
			}
			for _, want := range []string{"1 FIRST UPDATE OVERDUE", "SEV2", "low urgency", "sent 13:30", "no clock"} {
				if !strings.Contains(out, want) {
					t.Errorf("view lacks %q:\n%s", want, out)
				}
			}
			golden.RequireEqual(t, []byte(out))
		})
	}
}

func TestIncidentDetailGolden(t *testing.T) {
	for _, tc := range []struct {
		name  string
		down  int
		tenan bool
		want  []string
	}{
		{"overdue_page", 0, false, []string{"OVERDUE 20m: due 13:40 CEST (11:40Z)", "acknowledged 6m after the page",
			"no status page incident names this page", "none published", "shown once the Tenants tab"}},
		{"platform_c1_degradation", 3, true, []string{"SEV 2: degradation of a C1 capability (App UI) for 50m",
			"App UI  degraded performance  = App UI (C1)", "300 tenants: 240 paying, 46 trial, 14 cancelled (confluence, jira)",
			"sent 13:15 CEST (11:15Z)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := root(t, sources())
			tm := program(t, m, 80, 24)
			if tc.tenan {
				tm.Send(reach{})
			}
			tm.Send(key('6'))
			waitFor(t, tm, "TITLE", "OVERDUE", "Billing", "PLAT")
			for i := 0; i < tc.down; i++ {
				tm.Send(key('j'))
			}
			tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
			waitFor(t, tm, "esc back")
			out := final(t, tm)
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("detail lacks %q:\n%s", w, out)
				}
			}
			golden.RequireEqual(t, []byte(out))
		})
	}
}

func TestStaleSourceKeepsItsIncidents(t *testing.T) {
	calls := 0
	flaky := func(ctx context.Context) ([]incident.Incident, error) {
		calls++
		if calls > 1 {
			return nil, errors.New("HTTP 503 service unavailable")
		}
		return pages(ctx)
	}
	tm := program(t, root(t, []incidenttab.Source{{Name: "pagerduty", Fetch: flaky}}), 80, 24)
	tm.Send(key('6'))
	waitFor(t, tm, "Checkout")
	tm.Send(key('r'))
	waitFor(t, tm, "STALE")
	out := final(t, tm)
	if !strings.Contains(out, "pagerduty STALE") || !strings.Contains(out, "Checkout API") {
		t.Errorf("a failed refresh lost the data or hid the error:\n%s", out)
	}
}

func TestOverviewShowsIncidentsBySeverity(t *testing.T) {
	tm := program(t, root(t, sources()), 80, 24)
	waitFor(t, tm, "OVERDUE", "7 open")
	tm.Send(key('6'))
	waitFor(t, tm, "TITLE")
	tm.Send(key('1'))
	waitFor(t, tm, "Overview")
	out := final(t, tm)
	for _, w := range []string{"7 open: 4 SEV2, 1 SEV3, 2 unrated · 1 FIRST UPDATE OVERDUE", "OVERDUE 20m SEV2 PD Checkout API"} {
		if !strings.Contains(out, w) {
			t.Errorf("overview lacks %q:\n%s", w, out)
		}
	}
}

// :env builds the next environment's tabs before it sets the shared environment: the empty list's
// hint names the environment on screen, read when drawn.
func TestEmptyHintNamesTheCurrentEnvironment(t *testing.T) {
	th := themes.Mono()
	sh := &ui.Shared{Theme: &th, Now: func() time.Time { return clock }, Env: "prod"}
	m := incidenttab.New(sh, incidenttab.Config{Every: time.Hour, Loc: cest})
	sh.Env = "staging"
	m.SetSize(100, 20)
	if v := ansi.Strip(m.View()); !strings.Contains(v, "add [env.staging.pagerduty]") || strings.Contains(v, "env.prod") {
		t.Errorf("empty hint after :env staging:\n%s", v)
	}
}
