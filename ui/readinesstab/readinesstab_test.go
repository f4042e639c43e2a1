package readinesstab_test

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/opsdeck/opsdeck/models/health"
	"github.com/opsdeck/opsdeck/models/readiness"
	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/bus"
	"github.com/opsdeck/opsdeck/ui/readinesstab"
)

var clock = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

// store is an answers file in memory: what Load reads and Save writes, with every save counted.
type store struct {
	mu    sync.Mutex
	sheet readiness.Sheet
	saves int
}

func (s *store) load() (readiness.Sheet, []string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sheet.Clone(), nil, nil
}

func (s *store) save(x readiness.Sheet) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sheet = x.Clone()
	s.saves++
	return nil
}

func (s *store) get() readiness.Sheet {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sheet.Clone()
}

// partly is a team part-way through, stopped on the health-check item.
func partly() readiness.Sheet {
	a := func(v readiness.Verdict, note string) readiness.Answer {
		return readiness.Answer{Verdict: v, Note: note, At: clock.Add(-72 * time.Hour)}
	}
	return readiness.Sheet{Position: "cf.health-check", Answers: map[string]readiness.Answer{
		"sla.uptime":         a(readiness.VerdictPass, "99.9% outside published windows"),
		"sla.ui-latency":     a(readiness.VerdictPass, "p95 < 800 ms"),
		"sla.rto":            a(readiness.VerdictPass, "4 h"),
		"sla.rpo":            a(readiness.VerdictPass, "24 h"),
		"sla.resolution":     a(readiness.VerdictFail, "not committed yet"),
		"perf.load":          a(readiness.VerdictPass, "k6, 2,000 users"),
		"perf.stress":        a(readiness.VerdictFail, "export worker falls over at 3x"),
		"support.url":        a(readiness.VerdictPass, ""),
		"dev.localization":   a(readiness.NotApplicable, "English only"),
		"cf.slos":            a(readiness.VerdictPass, "availability and latency, 28 days"),
		"cf.health-check":    {Note: "draft: /health checks the database within 1 s"},
		"ticket.rate-limits": a(readiness.VerdictPass, "Retry-After honoured"),
	}}
}

// gathered is what the tab's own probes find: a good descriptor and pages, a stale backup, no
// synthetic metric.
func gather(context.Context, readinesstab.Need) (readiness.Observations, error) {
	yes := true
	return readiness.Observations{
		Descriptor: &readiness.DescriptorObs{URL: "https://timesheets.acme.example/atlassian-connect.json", Key: "acme-timesheets",
			BaseURL: "https://timesheets.acme.example", Lifecycle: map[string]string{"installed": "/installed"}, EnableLicensing: &yes, At: clock},
		SLAPage:      &readiness.PageObs{URL: "https://acme.example/sla", Status: 200, Latency: 90 * time.Millisecond, At: clock},
		SupportPage:  &readiness.PageObs{URL: "https://acme.example/support", Status: 200, Latency: 80 * time.Millisecond, At: clock},
		SecurityPage: &readiness.PageObs{URL: "https://acme.example/security", Status: 404, Err: "HTTP 404 not found", At: clock},
		Backup: &readiness.MetricObs{Query: "max(backup_last_success_timestamp_seconds)", Found: true,
			Value: float64(clock.Add(-30 * time.Hour).Unix()), Limit: 24 * time.Hour, At: clock},
		Pager: &readiness.PagerObs{Configured: true, Driver: "pagerduty", Tested: true, TestOK: true, DryRun: true,
			Detail: "POST https://events.pagerduty.com/v2/enqueue built with the key, not sent", At: clock},
	}, nil
}

// healthMsg is what the Health tab publishes: one check failing.
func healthMsg() bus.HealthMsg {
	b := health.NewBoard(health.Rules{}).Record([]health.Result{
		{Name: "app-us", URL: "https://app.example.com/health", At: clock, Status: 200, Latency: 42 * time.Millisecond},
		{Name: "reports", URL: "https://reports.example.com/health", At: clock, Status: 503, Latency: 80 * time.Millisecond, Err: "HTTP 503 service unavailable"},
	})
	return bus.HealthMsg{Env: "prod", Board: b, At: clock}
}

// spy is a tab that watches what the Readiness tab publishes: ready closes once the tab has the
// health evidence and its own probes' results, so keys sent afterwards find them in place (the
// screen stream cannot tell: it is a cell diff).
type spy struct {
	*ui.Notice
	ready chan struct{}
	once  sync.Once
}

func (s *spy) Update(msg tea.Msg) tea.Cmd {
	if m, ok := msg.(bus.ReadinessMsg); ok &&
		m.Evidence[readiness.RuleDescriptor].Status != readiness.Unknown && m.Evidence[readiness.RuleHealthCheck].Status != readiness.Unknown {
		s.once.Do(func() { close(s.ready) })
	}
	return nil
}

func newRoot(st *store) (*ui.Model, *readinesstab.Model, *spy) {
	th := themes.Mono()
	sh := &ui.Shared{Theme: &th, Now: func() time.Time { return clock }, Env: "prod"}
	tab := readinesstab.New(sh, readinesstab.Config{Gather: gather, Every: time.Hour, Load: st.load, Save: st.save, Path: "readiness.toml"})
	sp := &spy{Notice: ui.NewNotice(sh, "Spy"), ready: make(chan struct{})}
	return ui.New(ui.Options{Shared: sh, Tabs: []ui.Tab{tab, sp}, Envs: []string{"prod"}}), tab, sp
}

// running maps a test program to its Readiness tab, for final to flush it.
var running sync.Map // *teatest.TestModel -> *readinesstab.Model

// settle runs cmd and what follows from it through tab, like a program, skipping timers (they
// would block) and what the tab publishes.
func settle(tab *readinesstab.Model, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(100 * time.Millisecond):
		return
	}
	switch x := msg.(type) {
	case nil, bus.ReadinessMsg:
	case tea.BatchMsg:
		for _, c := range x {
			settle(tab, c)
		}
	default:
		settle(tab, tab.Update(msg))
	}
}

func program(t *testing.T, m tea.Model, w, h int) *teatest.TestModel {
	return teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII), tea.WithEnvironment([]string{"TERM=xterm-256color"})))
}

func waitFor(t *testing.T, tm *teatest.TestModel, s string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) }, teatest.WithDuration(5*time.Second))
}

func key(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

func press(tm *teatest.TestModel, keys ...string) {
	for _, k := range keys {
		tm.Send(key(k))
	}
}

// final quits and returns the last screen. The answers still waiting to be written are flushed, as
// the console does on quit (Bubble Tea does not wait for running commands).
func final(t *testing.T, tm *teatest.TestModel) string {
	t.Helper()
	tm.Send(key("q"))
	v := ansi.Strip(tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View().Content)
	if tab, ok := running.Load(tm); ok {
		if err := tab.(*readinesstab.Model).Flush(); err != nil {
			t.Errorf("Flush on quit: %v", err)
		}
	}
	return v
}

// start opens the tab with the health evidence delivered and the own probes done.
func start(t *testing.T, st *store, w, h int) *teatest.TestModel {
	t.Helper()
	root, tab, sp := newRoot(st)
	tm := program(t, root, w, h)
	running.Store(tm, tab)
	tm.Send(healthMsg())
	select {
	case <-sp.ready:
	case <-time.After(5 * time.Second):
		t.Fatal("the Readiness tab never published its evidence")
	}
	press(tm, "2")
	return tm
}

func TestViewsGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, v := range []struct {
			name string
			keys []string
		}{
			{"overview", nil},
			{"guided", []string{"enter"}}, // resumes on cf.health-check: failing evidence, a draft note
			{"guided_ticket", []string{"enter", "n", "n", "n", "n", "n"}}, // ticket.rate-limits: answered, no evidence
			{"evidence", []string{"v"}},
		} {
			t.Run(fmt.Sprintf("%s_%dx%d", v.name, size[0], size[1]), func(t *testing.T) {
				st := &store{sheet: partly()}
				tm := start(t, st, size[0], size[1])
				press(tm, v.keys...)
				golden.RequireEqual(t, []byte(final(t, tm)))
			})
		}
	}
}
