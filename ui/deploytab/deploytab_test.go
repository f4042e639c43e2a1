package deploytab_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/models/deploy"
	"github.com/opsdeck/opsdeck/models/health"
	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/bus"
	"github.com/opsdeck/opsdeck/ui/confirm"
	"github.com/opsdeck/opsdeck/ui/deploytab"
)

var t0 = time.Date(2026, 5, 7, 12, 0, 0, 0, time.UTC)

// fakeDeployer is a Heroku-like app: a rollback creates a pending release that a later progress
// read finds current.
type fakeDeployer struct {
	mu       sync.Mutex
	rs       []deploy.Release
	sends    []string
	progress int
}

func newDeployer() *fakeDeployer {
	f := &fakeDeployer{}
	for v := 1; v <= 5; v++ {
		f.rs = append([]deploy.Release{{ID: "rel-" + string(rune('0'+v)), Version: v, Description: "Deploy " + string(rune('a'+v)),
			Author: "dev@example.com", Time: t0.Add(-time.Duration(6-v) * time.Hour), Status: deploy.StatusSucceeded, Current: v == 5,
			Rollbackable: v != 5, Artifacts: []deploy.Artifact{{Name: "slug", Ref: "slug-" + string(rune('0'+v))}}}}, f.rs...)
	}
	f.rs[1].Status, f.rs[1].Rollbackable = deploy.StatusFailed, false // v4 failed
	return f
}

func (f *fakeDeployer) config(clock *time.Time) deploytab.Config {
	return deploytab.Config{
		Driver: "heroku", Target: "demo",
		Releases: func(context.Context) ([]deploy.Release, error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			return append([]deploy.Release(nil), f.rs...), nil
		},
		Rollback: func(kind action.Kind, tgt, cur deploy.Release) confirm.Request {
			return confirm.Request{Kind: kind, Target: "demo",
				Plan: func(context.Context) (action.Plan, error) {
					return action.Plan{Action: kind, Method: "POST", URL: "https://api.heroku.com/apps/demo/releases", Summary: kind.Word() + " demo to " + tgt.Label()}, nil
				},
				Send: func(context.Context) (confirm.Done, error) {
					f.mu.Lock()
					defer f.mu.Unlock()
					f.sends = append(f.sends, string(kind)+" "+tgt.Label())
					nr := deploy.Release{ID: "new", Version: f.rs[0].Version + 1, Description: "Rollback to " + tgt.Label(), Status: deploy.StatusPending, Time: *clock}
					f.rs = append([]deploy.Release{nr}, f.rs...)
					return confirm.Done{Outcome: action.Outcome{Result: action.ResultOK, RequestID: nr.ID}, Message: "created " + nr.Label(), Value: nr}, nil
				}}
		},
		Progress: func(_ context.Context, created deploy.Release) (deploy.Progress, error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.progress++
			if f.progress < 2 {
				return deploy.Progress{Phase: deploy.PhaseProgressing, Desired: 1, Detail: created.Label() + " pending"}, nil
			}
			return deploy.Progress{Phase: deploy.PhaseComplete, Updated: 1, Desired: 1, Detail: created.Label() + " is current"}, nil
		},
		Poll: time.Millisecond, Watch: time.Minute, Policy: action.Policy{TypedAll: true},
	}
}

func press(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

// drive runs cmd and what follows from it through the tab, skipping timers longer than a second
// (they are the refresh chain and the watch ticks, fired by hand in the tests).
func drive(m *deploytab.Model, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(200 * time.Millisecond):
		return
	}
	switch x := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range x {
			drive(m, c)
		}
	case ui.FlashMsg, bus.ActionMsg:
	default:
		drive(m, m.Update(msg))
	}
}

func newTab(t *testing.T, cfg func(*time.Time) deploytab.Config, readOnly bool) (*deploytab.Model, *time.Time) {
	th := themes.Mono()
	clock := t0
	sh := &ui.Shared{Theme: &th, Now: func() time.Time { return clock }, Env: "prod", ReadOnly: readOnly}
	c := cfg(&clock)
	if readOnly {
		c.Policy = action.Policy{ReadOnly: true, Why: "--readonly"}
	}
	m := deploytab.New(sh, c)
	m.SetSize(80, 21)
	drive(m, m.Init())
	return m, &clock
}

func TestViews(t *testing.T) {
	f := newDeployer()
	m, _ := newTab(t, f.config, false)
	t.Run("list_80x24", func(t *testing.T) { golden.RequireEqual(t, []byte(ansi.Strip(m.View()))) })
	drive(m, m.Update(press("j")))
	drive(m, m.Update(press("j")))
	drive(m, m.Update(press("enter")))
	t.Run("detail_80x24", func(t *testing.T) { golden.RequireEqual(t, []byte(ansi.Strip(m.View()))) })
}

func TestRollbackFlow(t *testing.T) {
	f := newDeployer()
	m, clock := newTab(t, f.config, false)
	drive(m, m.Update(press("R")))
	if !strings.Contains(ansi.Strip(m.View()), "v5 is already current") && m.Capturing() {
		t.Fatalf("R on the current release opened a dialog")
	}
	drive(m, m.Update(press("j"))) // v4: failed
	drive(m, m.Update(press("R")))
	if m.Capturing() {
		t.Fatalf("R on a failed release opened a dialog")
	}
	drive(m, m.Update(press("j"))) // v3
	drive(m, m.Update(press("R")))
	if !m.Capturing() || !strings.Contains(ansi.Strip(m.View()), "type demo and press enter") {
		t.Fatalf("rollback dialog:\n%s", ansi.Strip(m.View()))
	}
	drive(m, m.Update(press("enter")))
	if len(f.sends) != 0 {
		t.Fatalf("Enter without the typed name sent a rollback")
	}
	for _, r := range "demo" {
		drive(m, m.Update(press(string(r))))
	}
	drive(m, m.Update(press("enter")))
	if len(f.sends) != 1 || f.sends[0] != "rollback v3" {
		t.Fatalf("sends = %v", f.sends)
	}
	v := ansi.Strip(m.View())
	if !strings.Contains(v, "DONE created v6") || !strings.Contains(v, "u roll forward (confirmed again)") {
		t.Fatalf("result:\n%s", v)
	}
	drive(m, m.Update(press("esc")))
	v = ansi.Strip(m.View())
	if !strings.Contains(v, "ROLLBACK to v3 COMPLETE · watching") {
		t.Fatalf("after the rollout:\n%s", v)
	}
	board := health.Board{Checks: []health.Check{{Name: "a", State: health.Up}, {Name: "b", State: health.Down}}}
	drive(m, m.Update(bus.HealthMsg{Env: "prod", Board: board, At: clock.Add(time.Second)}))
	*clock = clock.Add(2 * time.Minute)
	drive(m, m.Update(bus.HealthMsg{Env: "prod", Board: health.Board{Checks: board.Checks[:1]}, At: *clock}))
	if v := ansi.Strip(m.View()); !strings.Contains(v, "1/1 checks up") {
		t.Errorf("watch does not show the last health look:\n%s", v)
	}
}

func TestRollForwardOffered(t *testing.T) {
	f := newDeployer()
	m, _ := newTab(t, f.config, false)
	drive(m, m.Update(press("j")))
	drive(m, m.Update(press("j")))
	drive(m, m.Update(press("R")))
	for _, r := range "demo" {
		drive(m, m.Update(press(string(r))))
	}
	drive(m, m.Update(press("enter")))
	drive(m, m.Update(press("u")))
	if !strings.Contains(ansi.Strip(m.View()), "ROLL FORWARD") {
		t.Fatalf("roll forward dialog:\n%s", ansi.Strip(m.View()))
	}
	for _, r := range "demo" {
		drive(m, m.Update(press(string(r))))
	}
	drive(m, m.Update(press("enter")))
	if len(f.sends) != 2 || f.sends[1] != "rollforward v5" {
		t.Errorf("sends = %v, want the roll forward to v5 after its own confirmation", f.sends)
	}
}

func TestReadOnly(t *testing.T) {
	f := newDeployer()
	var refused []string
	m, _ := newTab(t, func(clock *time.Time) deploytab.Config {
		c := f.config(clock)
		c.Refused = func(k action.Kind, target string) error {
			refused = append(refused, string(k)+" "+target)
			return errors.New("audit log: disk full: the action was not recorded")
		}
		return c
	}, true)
	drive(m, m.Update(press("j")))
	cmd := m.Update(press("R"))
	if m.Capturing() || len(f.sends) != 0 {
		t.Fatalf("read-only R opened a dialog or sent")
	}
	if len(refused) != 0 {
		t.Fatalf("the refusal was written on the UI goroutine, in Update")
	}
	var flashes []string
	for _, c := range cmd().(tea.BatchMsg) {
		if c == nil {
			continue
		}
		if msg, ok := c().(ui.FlashMsg); ok {
			flashes = append(flashes, msg.Text)
		}
	}
	if len(flashes) != 2 || !strings.Contains(flashes[0], "read-only mode: rollback refused, nothing was sent") {
		t.Errorf("read-only R said %q", flashes)
	}
	if len(refused) != 1 || refused[0] != "rollback demo" || len(flashes) != 2 || !strings.Contains(flashes[1], "disk full: the action was not recorded") {
		t.Errorf("refusal recorded %v, flashes %q: want it recorded once by the command, and the failure to record it said", refused, flashes)
	}
	m.Update(press("R"))
	if err := m.Flush(); err == nil || len(refused) != 2 {
		t.Errorf("Flush (on quit) with a refusal waiting: %v, recorded %v; want it written and its failure returned", err, refused)
	}
	for _, b := range m.KeyMap().ShortHelp() {
		if b.Enabled() && strings.Contains(b.Help().Desc, "roll back") {
			t.Errorf("rollback key shows in help in read-only mode")
		}
	}
}

// collect runs cmd and what follows from it through the tab like drive, and returns the actions
// published on the bus.
func collect(m *deploytab.Model, cmd tea.Cmd) []bus.ActionMsg {
	var out []bus.ActionMsg
	var walk func(tea.Cmd)
	walk = func(cmd tea.Cmd) {
		if cmd == nil {
			return
		}
		done := make(chan tea.Msg, 1)
		go func() { done <- cmd() }()
		var msg tea.Msg
		select {
		case msg = <-done:
		case <-time.After(200 * time.Millisecond):
			return
		}
		switch x := msg.(type) {
		case nil, ui.FlashMsg:
		case tea.BatchMsg:
			for _, c := range x {
				walk(c)
			}
		case bus.ActionMsg:
			out = append(out, x)
		default:
			walk(m.Update(msg))
		}
	}
	walk(cmd)
	return out
}

// The rollback is sent on a command goroutine, which also builds the roll forward it offers. An
// :env while it is in flight changes the shared environment: the roll forward still belongs to the
// environment the rollback was started in (and the goroutine never reads the tab: go test -race).
func TestRollForwardKeepsTheEnvironmentOfItsRollback(t *testing.T) {
	f := newDeployer()
	th := themes.Mono()
	clock := t0
	sh := &ui.Shared{Theme: &th, Now: func() time.Time { return clock }, Env: "prod"}
	m := deploytab.New(sh, f.config(&clock))
	m.SetSize(80, 21)
	drive(m, m.Init())
	drive(m, m.Update(press("j")))
	drive(m, m.Update(press("j")))
	drive(m, m.Update(press("R")))
	for _, r := range "demo" {
		drive(m, m.Update(press(string(r))))
	}
	send := m.Update(press("enter")) // the send, not run yet
	sh.Env = "staging"               // :env while the rollback is in flight
	if got := collect(m, send); len(got) != 1 || got[0].Env != "prod" || got[0].Kind != action.Rollback {
		t.Fatalf("rollback published %+v, want one prod rollback", got)
	} else if !got[0].At.Equal(clock) {
		t.Errorf("the rollback is stamped %v, want the shared clock's %v", got[0].At, clock)
	}
	drive(m, m.Update(press("u")))
	for _, r := range "demo" {
		drive(m, m.Update(press(string(r))))
	}
	got := collect(m, m.Update(press("enter")))
	if len(got) != 1 || got[0].Kind != action.RollForward || got[0].Env != "prod" {
		t.Errorf("roll forward published %+v, want one prod roll forward", got)
	}
}

// The root delivers every message but keys to every tab. After a rollback only the tab that sent it
// lists its releases again: no other tab (the Tenants tab reloading its whole tenant base, or the
// Deployments tab of the environment :env switched to) is asked to refresh.
func TestRollbackRefreshesOnlyItsOwnTab(t *testing.T) {
	f, other := newDeployer(), newDeployer()
	var lists, otherLists atomic.Int32
	counted := func(f *fakeDeployer, n *atomic.Int32) func(*time.Time) deploytab.Config {
		return func(clock *time.Time) deploytab.Config {
			c := f.config(clock)
			list := c.Releases
			c.Releases = func(ctx context.Context) ([]deploy.Release, error) { n.Add(1); return list(ctx) }
			return c
		}
	}
	m, _ := newTab(t, counted(f, &lists), false)
	o, _ := newTab(t, counted(other, &otherLists), false)
	var refreshes int
	// broadcast runs cmd like the root: every message it produces goes to both tabs.
	var broadcast func(tea.Cmd)
	broadcast = func(cmd tea.Cmd) {
		if cmd == nil {
			return
		}
		done := make(chan tea.Msg, 1)
		go func() { done <- cmd() }()
		var msg tea.Msg
		select {
		case msg = <-done:
		case <-time.After(200 * time.Millisecond):
			return
		}
		switch x := msg.(type) {
		case nil, ui.FlashMsg, bus.ActionMsg:
		case tea.BatchMsg:
			for _, c := range x {
				broadcast(c)
			}
		default:
			if _, ok := msg.(ui.RefreshMsg); ok {
				refreshes++
			}
			broadcast(m.Update(msg))
			broadcast(o.Update(msg))
		}
	}
	before, otherBefore := lists.Load(), otherLists.Load()
	broadcast(m.Update(press("j")))
	broadcast(m.Update(press("j")))
	broadcast(m.Update(press("R")))
	for _, r := range "demo" {
		broadcast(m.Update(press(string(r))))
	}
	broadcast(m.Update(press("enter")))
	broadcast(m.Update(press("esc")))
	if v := ansi.Strip(m.View()); !strings.Contains(v, "COMPLETE · watching") {
		t.Fatalf("the rollout was not followed to the end:\n%s", v)
	}
	if refreshes != 0 {
		t.Errorf("the rollback sent %d ui.RefreshMsg to every tab", refreshes)
	}
	if lists.Load() == before {
		t.Errorf("the tab did not list its releases again after the rollback")
	}
	if n := otherLists.Load() - otherBefore; n != 0 {
		t.Errorf("another tab listed its releases %d times after this tab's rollback", n)
	}
	if o.Capturing() || strings.Contains(ansi.Strip(o.View()), "ROLLBACK") {
		t.Errorf("another tab follows this tab's rollout:\n%s", ansi.Strip(o.View()))
	}
}

// :env builds the next environment's tabs before it sets the shared environment: the empty list's
// hint names the environment on screen, read when drawn.
func TestEmptyHintNamesTheCurrentEnvironment(t *testing.T) {
	th := themes.Mono()
	sh := &ui.Shared{Theme: &th, Now: func() time.Time { return t0 }, Env: "prod"}
	m := deploytab.New(sh, deploytab.Config{})
	sh.Env = "staging"
	m.SetSize(120, 20)
	if v := ansi.Strip(m.View()); !strings.Contains(v, "add [env.staging.heroku]") || strings.Contains(v, "env.prod") {
		t.Errorf("empty hint after :env staging:\n%s", v)
	}
}
