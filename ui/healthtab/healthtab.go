// Package healthtab is the Health tab: the app's health-check resources, probed directly, with
// state, latency, recent results, success rate and last error. It is the pattern every tab follows:
// one refresh chain, one round in flight, stale answers dropped, the last good data kept beside
// the error.
package healthtab

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/opsdeck/opsdeck/models/health"
	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/bus"
	"github.com/opsdeck/opsdeck/ui/keys"
	"github.com/opsdeck/opsdeck/ui/listview"
)

// ProbeFunc probes every check once; cmd/opsdeck passes the health-check source's Probe.
type ProbeFunc func(context.Context) ([]health.Result, error)

// Config is what the tab needs besides the shared state.
type Config struct {
	Probe   ProbeFunc
	Every   time.Duration // between rounds
	Timeout time.Duration // for a whole round
	Rules   health.Rules
}

// KeyMap is the Health tab's bindings.
type KeyMap struct {
	keys.Nav
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Select, k.Filter} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding { return k.Nav.FullHelp() }

// Model is the Health tab.
type Model struct {
	cfg    Config
	sh     *ui.Shared
	keys   KeyMap
	list   *listview.Model
	gen    int
	busy   bool
	board  health.Board
	at     time.Time // when board was last updated
	err    error     // last failure; data stays
	detail bool
	w, h   int
}

// checksProbedMsg is sent when a probe round ends, with or without error.
type checksProbedMsg struct {
	gen     int
	results []health.Result
	at      time.Time
	err     error
}

// refreshDueMsg is sent when the next probe round should start.
type refreshDueMsg struct{ gen int }

// New builds the tab; it probes nothing until Init.
func New(sh *ui.Shared, cfg Config) *Model {
	if cfg.Every <= 0 {
		cfg.Every = 30 * time.Second
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	km := KeyMap{Nav: keys.NewNav(sh.Keys)}
	l := listview.New(km.Nav, sh.Theme, []listview.Column{
		{Title: "STATE", Width: 8}, {Title: "CHECK", Width: 14, Flex: true, Max: 32}, {Title: "LATENCY", Width: 7, Right: true},
		{Title: "RECENT", Width: 12}, {Title: "SUCCESS", Width: 7, Right: true}, {Title: "LAST ERROR", Width: 12, Flex: true},
	})
	return &Model{cfg: cfg, sh: sh, keys: km, list: l, gen: ui.NewGen(), board: health.NewBoard(cfg.Rules)}
}

// Title implements ui.Tab.
func (m *Model) Title() string { return "Health" }

// Init starts the refresh chain.
func (m *Model) Init() tea.Cmd {
	gen := m.gen
	return func() tea.Msg { return refreshDueMsg{gen} }
}

// Update implements ui.Tab.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case refreshDueMsg:
		if msg.gen == m.gen && !m.busy {
			m.busy = true
			return m.probeCmd()
		}
	case ui.RefreshMsg:
		if !m.busy {
			m.gen = ui.NewGen()
			m.busy = true
			return m.probeCmd()
		}
	case checksProbedMsg:
		if msg.gen != m.gen {
			return nil
		}
		m.busy = false
		m.err = msg.err
		var pub tea.Cmd
		if msg.err == nil {
			m.board, m.at = m.board.Record(msg.results), msg.at
			m.rebuild()
			b, at, env := m.board, m.at, m.sh.Env
			pub = func() tea.Msg { return bus.HealthMsg{Env: env, Board: b, At: at} }
		}
		return tea.Batch(pub, m.scheduleRefresh())
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	}
	return nil
}

func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if m.detail {
		if key.Matches(msg, m.keys.Back) || key.Matches(msg, m.keys.Select) {
			m.detail = false
		}
		return nil
	}
	if !m.list.Editing() && key.Matches(msg, m.keys.Select) {
		if _, ok := m.list.Selected(); ok {
			m.detail = true
		}
		return nil
	}
	_, cmd := m.list.Update(msg)
	return cmd
}

// probeCmd copies what it needs; the goroutine never reads m.
func (m *Model) probeCmd() tea.Cmd {
	gen, probe, now, timeout := m.gen, m.cfg.Probe, m.sh.Now, m.cfg.Timeout
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		res, err := probe(ctx)
		return checksProbedMsg{gen: gen, results: res, at: now(), err: err}
	}
}

func (m *Model) scheduleRefresh() tea.Cmd {
	gen := m.gen
	return tea.Tick(m.cfg.Every, func(time.Time) tea.Msg { return refreshDueMsg{gen} })
}

// rebuild turns the board into list rows.
func (m *Model) rebuild() {
	th := m.sh.Theme
	rows := make([]listview.Row, len(m.board.Checks))
	for i, c := range m.board.Checks {
		errText := ""
		if c.State == health.Down || c.State == health.Flapping || !c.Last.OK() {
			errText = c.LastError
		}
		lat := ui.Millis(c.Last.Latency)
		if c.Last.Status == 0 && c.Last.Err != "" {
			lat = "-"
		}
		rows[i] = listview.Row{
			Key: c.Name,
			Cells: []string{StateText(th, c.State), c.Name, lat, recent(c.History, m.board.Rules.Slow),
				ui.Percent(c.SuccessRate, 1), th.Down.Render(errText)},
		}
	}
	m.list.SetRows(rows)
}

// recent draws the last results: a block scaled by latency for a good result, "x" for a failure.
func recent(h []health.Result, slow time.Duration) string {
	var b strings.Builder
	start := max(0, len(h)-12)
	for _, r := range h[start:] {
		switch {
		case !r.OK():
			b.WriteByte('x')
		default:
			f := float64(r.Latency) / float64(2*slow)
			b.WriteString(ui.Sparkline([]float64{min(1, f)}, 1, 0, 1))
		}
	}
	return b.String()
}

// StateText renders a state as its word in its style (never colour alone).
func StateText(th *themes.Theme, s health.State) string {
	switch s {
	case health.Up:
		return th.OK.Render(s.String())
	case health.Degraded, health.Flapping:
		return th.Degraded.Render(s.String())
	case health.Down:
		return th.Down.Render(s.String())
	}
	return th.Muted.Render(s.String())
}
