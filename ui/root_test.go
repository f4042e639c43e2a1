package ui_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/opsdeck/opsdeck/models/health"
	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/healthtab"
)

var clock = time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)

func fixedProbe(context.Context) ([]health.Result, error) {
	ms := time.Millisecond
	return []health.Result{
		{Name: "app-us", URL: "https://app.example.com/health", At: clock, Status: 200, Latency: 42 * ms},
		{Name: "search", URL: "https://search.example.com/health", At: clock, Status: 200, Latency: 1500 * ms},
		{Name: "reports", URL: "https://reports.example.com/health", At: clock, Status: 503, Latency: 80 * ms, Err: "HTTP 503 service unavailable"},
	}, nil
}

func newRoot(t *testing.T, readonly bool) (*ui.Model, *ui.Shared) {
	th := themes.Mono()
	sh := &ui.Shared{Theme: &th, Now: func() time.Time { return clock }, Env: "prod", Demo: true, ReadOnly: readonly}
	tabs := []ui.Tab{
		ui.NewNotice(sh, "SLOs", "SLOs arrive later."),
		healthtab.New(sh, healthtab.Config{Probe: fixedProbe, Every: time.Hour}),
	}
	m := ui.New(ui.Options{Shared: sh, Tabs: tabs, Envs: []string{"prod", "staging"},
		SwitchEnv: func(name string) ([]ui.Tab, error) {
			if name != "staging" {
				return nil, fmt.Errorf("no environment %q", name)
			}
			return []ui.Tab{ui.NewNotice(sh, "SLOs", "staging SLOs"), ui.NewNotice(sh, "Health", "staging health")}, nil
		},
		Theme: func(n string) (themes.Theme, error) { return themes.Lookup(n, "") },
	})
	return m, sh
}

func program(t *testing.T, m tea.Model, w, h int) *teatest.TestModel {
	return teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII), tea.WithEnvironment([]string{"TERM=xterm-256color"})))
}

func waitFor(t *testing.T, tm *teatest.TestModel, s string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) }, teatest.WithDuration(5*time.Second))
}

func final(t *testing.T, tm *teatest.TestModel) string {
	t.Helper()
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	return ansi.Strip(tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View().Content)
}

func TestHealthTabGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("health_%dx%d", size[0], size[1]), func(t *testing.T) {
			m, _ := newRoot(t, false)
			tm := program(t, m, size[0], size[1])
			waitFor(t, tm, "reports")
			tm.Send(tea.KeyPressMsg{Code: '3', Text: "3"})
			waitFor(t, tm, "LATENCY")
			golden.RequireEqual(t, []byte(final(t, tm)))
		})
	}
}

func TestOverviewGolden(t *testing.T) {
	m, _ := newRoot(t, true)
	tm := program(t, m, 80, 24)
	waitFor(t, tm, "DOWN")
	out := final(t, tm)
	for _, want := range []string{"DEMO", "READ-ONLY", "env prod", "1 Overview", "1 DOWN", "SLOs arrive later"} {
		if !strings.Contains(out, want) {
			t.Errorf("overview lacks %q:\n%s", want, out)
		}
	}
	golden.RequireEqual(t, []byte(out))
}

func TestTooSmall(t *testing.T) {
	m, _ := newRoot(t, false)
	m.Update(tea.WindowSizeMsg{Width: 60, Height: 20})
	out := ansi.Strip(m.View().Content)
	if !strings.Contains(out, "too small") || !strings.Contains(out, "80x24") {
		t.Fatalf("small terminal view:\n%s", out)
	}
}

func TestKeysPaletteAndEnvSwitch(t *testing.T) {
	m, sh := newRoot(t, false)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	send := func(s string) {
		for _, r := range s {
			m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
	view := func() string { return ansi.Strip(m.View().Content) }
	send("2")
	if !strings.Contains(view(), "[2 SLOs]") {
		t.Fatalf("2 did not open SLOs:\n%s", view())
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	if !strings.Contains(view(), "[3 Health]") {
		t.Fatalf("tab did not move on:\n%s", view())
	}
	send("?")
	if !strings.Contains(view(), "Everywhere") {
		t.Fatalf("? shows no help:\n%s", view())
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	send(":theme light")
	m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if sh.Theme.Name != "light" {
		t.Fatalf(":theme light left theme %q", sh.Theme.Name)
	}
	send(":env nowhere")
	_, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if !strings.Contains(strings.Join(land(m, cmd), "\n"), "no environment") {
		t.Fatal(":env nowhere did not say so")
	}
	send(":env staging")
	_, cmd = m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	land(m, cmd)
	if sh.Env != "staging" || !strings.Contains(view(), "staging health") {
		t.Fatalf(":env staging did not switch:\n%s", view())
	}
	_, cmd = m.Update(tea.KeyPressMsg{Code: 'q', Text: "q"})
	if _, ok := run(cmd).(tea.QuitMsg); !ok {
		t.Fatal("q does not quit")
	}
}

// run executes a command, unwrapping one batch, and returns the first message.
func run(cmd tea.Cmd) tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		for _, c := range b {
			if c != nil {
				if m := c(); m != nil {
					return m
				}
			}
		}
	}
	return msg
}

// runAll executes a command and, for a batch, each of its commands, returning every message
// except ticks (which would wait).
func runAll(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(200 * time.Millisecond):
		return nil // a tick
	}
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, runAll(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// land delivers what cmd produces to m (an :env switch is built off the UI goroutine, then lands)
// and returns the texts of the flash messages that follow.
func land(m *ui.Model, cmd tea.Cmd) []string {
	var flashes []string
	for _, msg := range runAll(cmd) {
		if fm, ok := msg.(ui.FlashMsg); ok {
			flashes = append(flashes, fm.Text)
		}
		_, c := m.Update(msg)
		for _, f := range runAll(c) {
			if fm, ok := f.(ui.FlashMsg); ok {
				flashes = append(flashes, fm.Text)
			}
		}
	}
	return flashes
}

// failing is a tab with several sources, one of them failing.
type failing struct{ *ui.Notice }

func (failing) Sources() []ui.Source {
	return []ui.Source{{Name: "alpha", At: clock}, {Name: "beta", At: clock}, {Name: "gamma", At: clock},
		{Name: "delta", At: clock}, {Name: "epsilon", At: clock}, {Name: "zeta", At: clock},
		{Name: "eta", At: clock}, {Name: "theta", At: clock}, {Name: "omega", At: clock, Err: fmt.Errorf("boom")}}
}

func TestStatusBarShowsFailingSourceFirst(t *testing.T) {
	th := themes.Mono()
	sh := &ui.Shared{Theme: &th, Now: func() time.Time { return clock }, Env: "prod"}
	m := ui.New(ui.Options{Shared: sh, Tabs: []ui.Tab{failing{ui.NewNotice(sh, "X", "x")}, failing{ui.NewNotice(sh, "Y", "y")}}})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	lines := strings.Split(ansi.Strip(m.View().Content), "\n")
	bar := lines[len(lines)-2]
	if !strings.Contains(bar, "1 error") || !strings.Contains(bar, "omega ERR") || strings.Count(bar, "alpha") != 1 {
		t.Fatalf("status bar %q: want the one failing source first, each source once", bar)
	}
}

// flushing records that it was flushed.
type flushing struct {
	*ui.Notice
	flushed *int
}

func (f flushing) Flush() error { *f.flushed++; return nil }

func TestFlushReachesCurrentAndReplacedTabs(t *testing.T) {
	th := themes.Mono()
	n := 0
	sh := &ui.Shared{Theme: &th, Now: func() time.Time { return clock }, Env: "prod"}
	m := ui.New(ui.Options{Shared: sh, Tabs: []ui.Tab{flushing{ui.NewNotice(sh, "A", "a"), &n}},
		SwitchEnv: func(string) ([]ui.Tab, error) { return []ui.Tab{flushing{ui.NewNotice(sh, "B", "b"), &n}}, nil }})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	for _, r := range ":env staging" {
		m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	_, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	land(m, cmd)
	if errs := m.Flush(); len(errs) != 0 || n != 2 {
		t.Fatalf("flushed %d tabs (want the replaced one and the current one), errors %v", n, errs)
	}
}
