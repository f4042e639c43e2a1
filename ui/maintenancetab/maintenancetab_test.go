package maintenancetab_test

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

	"github.com/opsdeck/opsdeck/models/maintenance"
	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/bus"
	"github.com/opsdeck/opsdeck/ui/maintenancetab"
	"github.com/opsdeck/opsdeck/ui/slotab"
)

// The SLOs tab measures uptime outside the windows this tab publishes (seeds 000, 001).
var _ slotab.WindowsMsg = bus.MaintenanceMsg{}

var (
	clock = time.Date(2026, 5, 7, 12, 0, 0, 0, time.UTC)
	cest  = time.FixedZone("CEST", 2*3600)
)

func statusPageWindows(context.Context) ([]maintenance.Window, error) {
	h := time.Hour
	return []maintenance.Window{
		{ID: "pm-failover", Name: "Database failover test", Status: "in_progress", Start: clock.Add(-30 * time.Minute), End: clock.Add(90 * time.Minute),
			Components: []string{"API", "Admin UI"}, Source: "statuspage", URL: "https://stspg.io/pm-failover"},
		{ID: "pm-reindex", Name: "Search index rebuild", Status: "scheduled", Start: clock.Add(50 * h), End: clock.Add(51 * h),
			Components: []string{"Search"}, Source: "statuspage"},
		{ID: "pm-payments", Name: "Payment provider migration", Status: "scheduled", Start: clock.Add(220 * h), End: clock.Add(223 * h),
			Components: []string{"Checkout"}, Source: "statuspage"},
		{ID: "pm-certs", Name: "Certificate rotation", Status: "completed", Start: clock.Add(-70 * h), End: clock.Add(-70*h + 30*time.Minute),
			Components: []string{"API"}, Source: "statuspage"},
		{ID: "pm-old", Name: "Old upgrade", Status: "completed", Start: clock.Add(-240 * h), End: clock.Add(-239 * h), Source: "statuspage"},
	}, nil
}

func failingPlatform(context.Context) ([]maintenance.Window, error) {
	return nil, errors.New("HTTP 503 service unavailable")
}

func declared() []maintenance.Window {
	return []maintenance.Window{{ID: "config:db", Name: "DB vacuum (config)", Start: clock.Add(30 * time.Hour), End: clock.Add(32 * time.Hour), Source: "config"}}
}

func newTab(sh *ui.Shared, sources ...maintenancetab.Source) *maintenancetab.Model {
	if sources == nil {
		sources = []maintenancetab.Source{{Name: "statuspage", Fetch: statusPageWindows}, {Name: "platform", Fetch: failingPlatform}}
	}
	return maintenancetab.New(sh, maintenancetab.Config{Sources: sources, Declared: declared(), Every: time.Hour, Loc: cest})
}

func root(t *testing.T) tea.Model {
	th := themes.Mono()
	sh := &ui.Shared{Theme: &th, Now: func() time.Time { return clock }, Env: "prod", Demo: true}
	return ui.New(ui.Options{Shared: sh, Tabs: []ui.Tab{
		ui.NewNotice(sh, "SLOs", "SLOs arrive later."), ui.NewNotice(sh, "Health", "health"), ui.NewNotice(sh, "Tenants", "tenants"),
		newTab(sh),
	}})
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

func TestMaintenanceTabGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("maintenance_%dx%d", size[0], size[1]), func(t *testing.T) {
			tm := program(t, root(t), size[0], size[1])
			tm.Send(tea.KeyPressMsg{Code: '5', Text: "5"})
			waitFor(t, tm, "WINDOW", "Certificate", "ERROR")
			out := final(t, tm)
			for _, want := range []string{"MAINTENANCE in progress: Database failover test until 15:30 CEST", "ACTIVE",
				"05-07 13:30", "05-07 11:30Z", "Search index", "DB vacuum", "Certificate", "platform ERROR"} {
				if !strings.Contains(out, want) {
					t.Errorf("view lacks %q:\n%s", want, out)
				}
			}
			if strings.Contains(out, "Old upgrade") {
				t.Errorf("a window ended 10 days ago is listed:\n%s", out)
			}
			golden.RequireEqual(t, []byte(out))
		})
	}
}

func TestMaintenanceDetailGolden(t *testing.T) {
	tm := program(t, root(t), 80, 24)
	tm.Send(tea.KeyPressMsg{Code: '5', Text: "5"})
	waitFor(t, tm, "WINDOW", "Certificate")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor(t, tm, "esc back")
	out := final(t, tm)
	for _, want := range []string{"Thu 2026-05-07 13:30 CEST", "2026-05-07 11:30 UTC", "ends in 1h30m", "API, Admin UI"} {
		if !strings.Contains(out, want) {
			t.Errorf("detail lacks %q:\n%s", want, out)
		}
	}
	golden.RequireEqual(t, []byte(out))
}

// TestBannerOnEveryTab is the issue's "the maintenance banner appears on every tab while the
// active window runs" (seed 001_837e3ae390f22e52.txt: a meaningful message during maintenance).
func TestBannerOnEveryTab(t *testing.T) {
	tm := program(t, root(t), 80, 24)
	waitFor(t, tm, "MAINTENANCE")
	for _, k := range []rune{'2', '3', '4', '5', '1'} {
		tm.Send(tea.KeyPressMsg{Code: k, Text: string(k)})
	}
	tm.Send(tea.KeyPressMsg{Code: '3', Text: "3"})
	waitFor(t, tm, "health")
	out := final(t, tm)
	if !strings.Contains(out, "MAINTENANCE in progress: Database failover test") {
		t.Errorf("Health tab without the banner:\n%s", out)
	}
}

func TestPublishesEveryWindow(t *testing.T) {
	th := themes.Mono()
	sh := &ui.Shared{Theme: &th, Now: func() time.Time { return clock }, Env: "prod"}
	m := newTab(sh, maintenancetab.Source{Name: "statuspage", Fetch: statusPageWindows})
	var got *bus.MaintenanceMsg
	for _, msg := range drain(m.Init(), m.Update) {
		if mm, ok := msg.(bus.MaintenanceMsg); ok {
			got = &mm
		}
	}
	if got == nil {
		t.Fatal("no MaintenanceMsg published")
	}
	env, ws := got.MaintenanceWindows()
	if env != "prod" || len(ws) != 6 || len(got.Published) != 5 || len(got.Declared) != 1 || got.Err != "" {
		t.Errorf("published %s: %d windows (%d published, %d declared, err %q), want 6 (5 + 1 from config)", env, len(ws), len(got.Published), len(got.Declared), got.Err)
	}
	if w, ok := maintenance.Inside(ws, clock); !ok || w.ID != "pm-failover" {
		t.Errorf("Inside(now) = %q, %v; want the failover test", w.ID, ok)
	}
}

// drain runs cmd and every command the answers lead to, feeding each answer to update, and returns
// every message seen. A command that does not answer within 200ms (a refresh tick) is dropped.
func drain(cmd tea.Cmd, update func(tea.Msg) tea.Cmd) []tea.Msg {
	var seen []tea.Msg
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		ch := make(chan tea.Msg, 1)
		go func() { ch <- c() }()
		var msg tea.Msg
		select {
		case msg = <-ch:
		case <-time.After(200 * time.Millisecond):
			continue
		}
		if batch, ok := msg.(tea.BatchMsg); ok {
			queue = append(queue, batch...)
			continue
		}
		if msg == nil {
			continue
		}
		seen = append(seen, msg)
		queue = append(queue, update(msg))
	}
	return seen
}

// :env builds the next environment's tabs before it sets the shared environment: the empty list's
// hint names the environment on screen, read when drawn.
func TestEmptyHintNamesTheCurrentEnvironment(t *testing.T) {
	th := themes.Mono()
	sh := &ui.Shared{Theme: &th, Now: func() time.Time { return clock }, Env: "prod"}
	m := maintenancetab.New(sh, maintenancetab.Config{Every: time.Hour, Loc: cest})
	sh.Env = "staging"
	m.SetSize(100, 20)
	if v := ansi.Strip(m.View()); !strings.Contains(v, "add [env.staging.statuspage]") || strings.Contains(v, "env.prod") {
		t.Errorf("empty hint after :env staging:\n%s", v)
	}
}
