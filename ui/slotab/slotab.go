// Package slotab is the SLOs tab: every SLO's compliance over its window, error budget, burn rates
// and multi-window burn state, worst remaining budget first, with a detail view that shows where each
// number comes from (events, objective, window, PromQL). It follows the Health tab's pattern: one
// refresh chain, one round in flight, stale answers dropped, the last good data kept beside the error.
package slotab

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/opsdeck/opsdeck/models/slo"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/bus"
	"github.com/opsdeck/opsdeck/ui/keys"
	"github.com/opsdeck/opsdeck/ui/listview"
)

// Measurement is one SLO measured at one instant: what the source observed, or why it could not.
type Measurement struct {
	SLO      slo.SLO
	Obs      slo.Observation
	Warnings []string // what the server said beside a successful answer
	Err      error
}

// MeasureFunc measures every SLO at the instant at, counting the events inside the maintenance
// intervals exactly; cmd/opsdeck passes the Prometheus source's. It returns one Measurement per SLO
// in config order; a failure of one SLO is in its Measurement.
type MeasureFunc func(ctx context.Context, at time.Time, maint []slo.Interval) []Measurement

// Config is what the tab needs besides the shared state.
type Config struct {
	Measure MeasureFunc
	// SLOs are the configured SLOs, shown (as pending) before the first answer.
	SLOs []slo.SLO
	// Maintenance is the published maintenance windows known from the config; uptime is measured
	// outside them (seeds 000, 001).
	Maintenance []slo.Interval
	Every       time.Duration // between rounds
	Timeout     time.Duration // for a whole round
	// Bucket is the step of the window's series, for labels.
	Bucket time.Duration
}

// KeyMap is the SLOs tab's bindings.
type KeyMap struct {
	keys.Nav
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Select, k.Filter} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding { return k.Nav.FullHelp() }

// entry is what the tab knows of one SLO: its last good report and its last error.
type entry struct {
	slo      slo.SLO
	report   slo.Report
	warnings []string
	ok       bool      // report holds a measurement
	at       time.Time // when report was measured
	err      error     // last failure of this SLO; report stays
}

// Model is the SLOs tab.
type Model struct {
	cfg     Config
	sh      *ui.Shared
	keys    KeyMap
	list    *listview.Model
	wide    bool
	gen     int
	busy    bool
	entries []entry // in config order
	order   []int   // indexes into entries, worst first
	at      time.Time
	err     error // the whole round failed (every SLO)
	maint   []slo.Interval
	// remeasure asks for a round right after the one in flight (the maintenance windows changed).
	remeasure bool
	detail    bool
	scroll    int
	w, h      int
}

// roundMsg is sent when a measuring round ends.
type roundMsg struct {
	gen int
	ms  []Measurement
	at  time.Time
}

// refreshDueMsg is sent when the next round should start.
type refreshDueMsg struct{ gen int }

// New builds the tab; it measures nothing until Init.
func New(sh *ui.Shared, cfg Config) *Model {
	if cfg.Every <= 0 {
		cfg.Every = time.Minute
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	m := &Model{cfg: cfg, sh: sh, keys: KeyMap{Nav: keys.NewNav(sh.Keys)}, gen: ui.NewGen(), maint: cfg.Maintenance}
	for _, s := range cfg.SLOs {
		m.entries = append(m.entries, entry{slo: s})
	}
	m.list = m.newList()
	m.sortEntries()
	m.rebuild()
	return m
}

// Title implements ui.Tab.
func (m *Model) Title() string { return "SLOs" }

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
			return m.measureCmd()
		}
	case ui.RefreshMsg:
		if !m.busy {
			m.gen = ui.NewGen()
			m.busy = true
			return m.measureCmd()
		}
	case roundMsg:
		if msg.gen != m.gen {
			return nil
		}
		m.busy = false
		pub := m.record(msg)
		if m.remeasure {
			m.remeasure = false
			m.gen = ui.NewGen()
			m.busy = true
			return tea.Batch(pub, m.measureCmd())
		}
		return tea.Batch(pub, m.scheduleRefresh())
	case WindowsMsg:
		return m.onWindows(msg)
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	}
	return nil
}

// record takes a round's measurements in and returns the command that publishes the reports.
func (m *Model) record(msg roundMsg) tea.Cmd {
	failed := 0
	var firstErr error
	for _, meas := range msg.ms {
		i := m.index(meas.SLO.Name)
		if i < 0 {
			m.entries = append(m.entries, entry{slo: meas.SLO})
			i = len(m.entries) - 1
		}
		e := &m.entries[i]
		e.slo = meas.SLO
		if meas.Err != nil {
			e.err = meas.Err
			failed++
			if firstErr == nil {
				firstErr = meas.Err
			}
			continue
		}
		e.report = slo.Evaluate(meas.SLO, meas.Obs, m.maint)
		e.ok, e.at, e.err, e.warnings = true, msg.at, nil, meas.Warnings
	}
	m.err = nil
	first := m.at.IsZero()
	if failed > 0 && failed == len(msg.ms) {
		m.err = firstErr
	} else {
		m.at = msg.at
	}
	m.sortEntries()
	if first && !m.at.IsZero() {
		// The first answer puts the cursor on the worst SLO; later ones keep it where the user put it.
		m.list = m.newList()
		m.list.SetSize(m.w, m.listHeight())
	}
	m.rebuild()
	if failed == len(msg.ms) {
		return nil
	}
	reports := m.Reports()
	at, env := m.at, m.sh.Env
	return func() tea.Msg { return bus.SLOMsg{Env: env, Reports: reports, At: at} }
}

// Reports returns the last good report of every measured SLO, worst first.
func (m *Model) Reports() []slo.Report {
	var out []slo.Report
	for _, i := range m.order {
		if m.entries[i].ok {
			out = append(out, m.entries[i].report)
		}
	}
	return out
}

func (m *Model) index(name string) int {
	for i, e := range m.entries {
		if e.slo.Name == name {
			return i
		}
	}
	return -1
}

func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if m.detail {
		switch {
		case key.Matches(msg, m.keys.Back), key.Matches(msg, m.keys.Select):
			m.detail, m.scroll = false, 0
		case key.Matches(msg, m.keys.Down):
			m.scroll++
		case key.Matches(msg, m.keys.Up):
			m.scroll--
		case key.Matches(msg, m.keys.PageDown):
			m.scroll += max(1, m.h-2)
		case key.Matches(msg, m.keys.PageUp):
			m.scroll -= max(1, m.h-2)
		case key.Matches(msg, m.keys.Top):
			m.scroll = 0
		case key.Matches(msg, m.keys.Bottom):
			m.scroll = 1 << 20
		}
		return nil
	}
	if !m.list.Editing() && key.Matches(msg, m.keys.Select) {
		if _, ok := m.list.Selected(); ok {
			m.detail, m.scroll = true, 0
		}
		return nil
	}
	_, cmd := m.list.Update(msg)
	return cmd
}

// measureCmd copies what it needs; the goroutine never reads m.
func (m *Model) measureCmd() tea.Cmd {
	gen, measure, now, timeout := m.gen, m.cfg.Measure, m.sh.Now, m.cfg.Timeout
	maint := append([]slo.Interval(nil), m.maint...)
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		at := now()
		ms := measure(ctx, at, maint)
		return roundMsg{gen: gen, ms: ms, at: at}
	}
}

func (m *Model) scheduleRefresh() tea.Cmd {
	gen := m.gen
	return tea.Tick(m.cfg.Every, func(time.Time) tea.Msg { return refreshDueMsg{gen} })
}

// KeyMap implements ui.Tab.
func (m *Model) KeyMap() help.KeyMap { return m.keys }

// Sources implements ui.Tab.
func (m *Model) Sources() []ui.Source {
	return []ui.Source{{Name: "prometheus", At: m.at, Err: m.err, Busy: m.busy}}
}

// Capturing implements ui.Tab.
func (m *Model) Capturing() bool { return m.list.Editing() }

// Copy implements ui.Copier: the selected SLO's runbook URL, or its name when it has none.
func (m *Model) Copy() (string, bool) {
	e, ok := m.selected()
	if !ok {
		return "", false
	}
	if e.slo.Runbook != "" {
		return e.slo.Runbook, true
	}
	return e.slo.Name, true
}

func (m *Model) selected() (entry, bool) {
	row, ok := m.list.Selected()
	if !ok {
		return entry{}, false
	}
	if i := m.index(row.Key); i >= 0 {
		return m.entries[i], true
	}
	return entry{}, false
}
