// Package tenanttab is the Tenants tab: every tenant of the app with its license state from the
// Marketplace joined with the app's own installation records by tenant id (seed 004), the header
// counts, and a table that stays fast at a million rows. The join, the index and the sorted orders
// are built in the load command, off the key path; a key then costs a narrowed filter or a few
// redrawn rows, never a pass over every tenant.
package tenanttab

import (
	"context"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/opsdeck/opsdeck/models/incident"
	"github.com/opsdeck/opsdeck/models/license"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/bus"
	"github.com/opsdeck/opsdeck/ui/keys"
)

// LicensesFunc reads every license of the app; progress, when not nil, is told how many were read.
// cmd/opsdeck passes the Marketplace client's Licenses.
type LicensesFunc func(ctx context.Context, progress func(read int)) ([]license.License, error)

// InstallationsFunc reads the app's installation records; cmd/opsdeck passes the installations
// source (or, in the demo, the simulator's in-memory set).
type InstallationsFunc func(ctx context.Context) ([]license.Installation, error)

// Config is what the tab needs besides the shared state.
type Config struct {
	Licenses LicensesFunc
	// Installations may be nil when no installation source is configured: the tab then shows the
	// license side only and says that installation anomalies are unknown.
	Installations InstallationsFunc
	Every         time.Duration // between loads; 5m by default
	Timeout       time.Duration // for a whole load; 2m by default
	// Missing, when set, explains what is not configured (shown instead of the table).
	Missing string
}

// KeyMap is the Tenants tab's bindings.
type KeyMap struct {
	keys.Nav
	Sort, Reverse key.Binding
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Filter, k.Sort, k.Select} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return append(k.Nav.FullHelp(), []key.Binding{k.Sort, k.Reverse})
}

// Model is the Tenants tab.
type Model struct {
	cfg  Config
	sh   *ui.Shared
	keys KeyMap
	gen  int
	busy bool
	read *atomic.Int64 // licenses read by the load in flight

	ix     *license.Index
	view   *license.View
	at     time.Time // last successful load
	took   time.Duration
	licAt  time.Time
	instAt time.Time
	licErr error
	insErr error

	cursor, offset int
	input          textinput.Model
	filtering      bool

	detail    bool
	detailID  int32
	detailOff int
	detailMax int // set by the detail view: how far it can scroll

	w, h     int
	lay      layout
	paints   paints
	cache    rowCache
	headKey  headerKey // the header lines are cached until what they show changes
	head     []string
	titleKey titleKey // the column titles likewise
	title    string
}

// titleKey is what the column titles depend on.
type titleKey struct {
	w     int
	col   license.Column
	desc  bool
	theme string
}

// refreshDueMsg is sent when the next load should start.
type refreshDueMsg struct{ gen int }

// progressMsg is sent every half second while a load is in flight, to show how far it got.
type progressMsg struct{ gen int }

// tenantsLoadedMsg is sent when a load ends, with the new index or the errors.
type tenantsLoadedMsg struct {
	gen    int
	ix     *license.Index
	reach  map[string]incident.Reach
	at     time.Time
	took   time.Duration
	licErr error
	insErr error
}

// New builds the tab; it loads nothing until Init.
func New(sh *ui.Shared, cfg Config) *Model {
	if cfg.Every <= 0 {
		cfg.Every = 5 * time.Minute
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 2 * time.Minute
	}
	km := KeyMap{
		Nav:     keys.NewNav(sh.Keys),
		Sort:    sh.Keys.Bind("sort", "next sort column", "s"),
		Reverse: sh.Keys.Bind("sort_reverse", "reverse sort", "S"),
	}
	in := textinput.New()
	in.Prompt = "/"
	in.Placeholder = "filter on any column: site, cloud id, state, anomaly, SEN, client key…"
	st := textinput.DefaultStyles(true)
	st.Cursor.Blink = false
	in.SetStyles(st)
	m := &Model{cfg: cfg, sh: sh, keys: km, gen: ui.NewGen(), read: new(atomic.Int64), input: in}
	m.cache.reset()
	return m
}

// Title implements ui.Tab.
func (m *Model) Title() string { return "Tenants" }

// Init starts the refresh chain.
func (m *Model) Init() tea.Cmd {
	if m.cfg.Missing != "" || m.cfg.Licenses == nil {
		return nil
	}
	gen := m.gen
	return func() tea.Msg { return refreshDueMsg{gen} }
}

// Update implements ui.Tab.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case refreshDueMsg:
		if msg.gen == m.gen && !m.busy {
			return m.start()
		}
	case ui.RefreshMsg:
		if !m.busy && m.cfg.Licenses != nil && m.cfg.Missing == "" {
			m.gen = ui.NewGen()
			return m.start()
		}
	case progressMsg:
		if msg.gen == m.gen && m.busy {
			return m.progressTick()
		}
	case tenantsLoadedMsg:
		if msg.gen != m.gen {
			return nil
		}
		m.busy = false
		m.licErr, m.insErr = msg.licErr, msg.insErr
		if msg.licErr == nil {
			m.licAt = msg.at
		}
		if msg.insErr == nil && m.cfg.Installations != nil {
			m.instAt = msg.at
		}
		var pub tea.Cmd
		if msg.ix != nil {
			m.setIndex(msg.ix)
			m.at, m.took = msg.at, msg.took
			ev := bus.TenantsMsg{Env: m.sh.Env, Index: msg.ix, Counts: msg.ix.Counts(), Reach: msg.reach, At: msg.at}
			pub = func() tea.Msg { return ev }
		}
		return tea.Batch(pub, m.scheduleRefresh())
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	}
	return nil
}

func (m *Model) start() tea.Cmd {
	m.busy = true
	m.read.Store(0)
	return tea.Batch(m.loadCmd(), m.progressTick())
}

func (m *Model) progressTick() tea.Cmd {
	gen := m.gen
	return tea.Tick(500*time.Millisecond, func(time.Time) tea.Msg { return progressMsg{gen} })
}

func (m *Model) scheduleRefresh() tea.Cmd {
	gen := m.gen
	return tea.Tick(m.cfg.Every, func(time.Time) tea.Msg { return refreshDueMsg{gen} })
}

// loadCmd reads both sides concurrently, joins them and builds the index, all off the UI
// goroutine; it copies what it needs and never reads m.
func (m *Model) loadCmd() tea.Cmd {
	gen, cfg, now, read := m.gen, m.cfg, m.sh.Now, m.read
	return func() tea.Msg {
		start := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), cfg.Timeout)
		defer cancel()
		var (
			ls  []license.License
			ins []license.Installation
			msg = tenantsLoadedMsg{gen: gen}
			wg  sync.WaitGroup
		)
		if cfg.Installations != nil {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ins, msg.insErr = cfg.Installations(ctx)
			}()
		}
		ls, msg.licErr = cfg.Licenses(ctx, func(n int) { read.Store(int64(n)) })
		wg.Wait()
		msg.at = now()
		if msg.licErr != nil || msg.insErr != nil {
			return msg
		}
		ix, reach := Build(ls, ins, cfg.Installations != nil, msg.at)
		msg.ix, msg.reach, msg.took = ix, reach, time.Since(start)
		// The load's garbage (JSON pages, sort keys, the previous index once swapped out) is as
		// big as the base itself: give it back to the OS now rather than keep the peak as RSS.
		debug.FreeOSMemory()
		return msg
	}
}

// Build joins the two sides on the day of now and indexes the result: what a load does once.
// installed is false without an installation source (license.JoinLicenses).
func Build(ls []license.License, ins []license.Installation, installed bool, now time.Time) (*license.Index, map[string]incident.Reach) {
	var ts []license.Tenant
	if installed {
		ts = license.Join(ls, ins, now)
	} else {
		ts = license.JoinLicenses(ls, now)
	}
	return license.NewIndex(ts), bus.ReachOf(ts, installed)
}

// setIndex swaps in a new index, keeping the query, the sort and the selected tenant.
func (m *Model) setIndex(ix *license.Index) {
	var sel, shown *license.Tenant
	if m.view != nil && m.cursor < m.view.Len() {
		sel = m.view.At(m.cursor)
	}
	if m.detail && m.ix != nil {
		shown = m.ix.Row(m.detailID)
	}
	m.ix = ix
	if m.view == nil {
		m.view = license.NewView(ix)
		m.view.SetSort(license.ColAnomaly, false) // problems first
	} else {
		m.view.SetIndex(ix)
	}
	m.cache.reset()
	m.cursor = 0
	if sel != nil {
		if id, ok := ix.Find(sel.IDKind, sel.ID); ok {
			if p := m.view.Position(id); p >= 0 {
				m.cursor = p
			}
		}
	}
	if shown != nil {
		if id, ok := ix.Find(shown.IDKind, shown.ID); ok {
			m.detailID = id
		} else {
			m.detail = false // the tenant is gone from the new data
		}
	}
	m.clamp()
}

// pageRows is how many table rows fit under the header lines, the column titles and the footer.
func (m *Model) pageRows() int { return max(1, m.h-len(m.headerLines())-2) }

func (m *Model) clamp() {
	n := 0
	if m.view != nil {
		n = m.view.Len()
	}
	m.cursor = max(0, min(m.cursor, n-1))
	p := m.pageRows()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+p {
		m.offset = m.cursor - p + 1
	}
	m.offset = max(0, min(m.offset, n-p))
}

func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if m.filtering {
		switch msg.String() {
		case "enter":
			m.filtering = false
			m.input.Blur()
			return nil
		case "esc":
			m.filtering = false
			m.input.Blur()
			m.input.SetValue("")
			m.setQuery("")
			return nil
		}
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		m.setQuery(m.input.Value())
		return cmd
	}
	if m.detail {
		switch {
		case key.Matches(msg, m.keys.Back), key.Matches(msg, m.keys.Select):
			m.detail = false
		case key.Matches(msg, m.keys.Down):
			m.detailOff = min(m.detailOff+1, m.detailMax)
		case key.Matches(msg, m.keys.Up):
			m.detailOff = max(0, m.detailOff-1)
		case key.Matches(msg, m.keys.Top):
			m.detailOff = 0
		}
		return nil
	}
	if m.view == nil {
		return nil
	}
	switch {
	case key.Matches(msg, m.keys.Down):
		m.cursor++
	case key.Matches(msg, m.keys.Up):
		m.cursor--
	case key.Matches(msg, m.keys.PageDown):
		m.cursor += m.pageRows()
	case key.Matches(msg, m.keys.PageUp):
		m.cursor -= m.pageRows()
	case key.Matches(msg, m.keys.Top):
		m.cursor = 0
	case key.Matches(msg, m.keys.Bottom):
		m.cursor = m.view.Len() - 1
	case key.Matches(msg, m.keys.Filter):
		m.filtering = true
		m.input.SetValue(m.view.Query())
		m.input.CursorEnd()
		return m.input.Focus()
	case key.Matches(msg, m.keys.Back):
		if m.view.Query() != "" {
			m.input.SetValue("")
			m.setQuery("")
		}
	case key.Matches(msg, m.keys.Select):
		if m.cursor < m.view.Len() {
			m.detail, m.detailID, m.detailOff = true, m.view.ID(m.cursor), 0
		}
	case key.Matches(msg, m.keys.Sort):
		c, desc := m.view.Sort()
		m.view.SetSort((c+1)%license.NumColumns, desc)
		m.cursor, m.offset = 0, 0
	case key.Matches(msg, m.keys.Reverse):
		c, desc := m.view.Sort()
		m.view.SetSort(c, !desc)
		m.cursor, m.offset = 0, 0
	}
	m.clamp()
	return nil
}

// setQuery filters the view; the cursor goes back to the first match.
func (m *Model) setQuery(q string) {
	if m.view == nil || q == m.view.Query() {
		return
	}
	m.view.SetQuery(q)
	m.cursor, m.offset = 0, 0
	m.clamp()
}

// Capturing implements ui.Tab: the filter input takes every key while it has focus.
func (m *Model) Capturing() bool { return m.filtering }

// Selected returns the tenant under the cursor.
func (m *Model) Selected() (*license.Tenant, bool) {
	if m.view == nil || m.cursor >= m.view.Len() {
		return nil, false
	}
	return m.view.At(m.cursor), true
}

// Copy implements ui.Copier: the selected tenant's id (its cloud id when known).
func (m *Model) Copy() (string, bool) {
	t, ok := m.Selected()
	if m.detail && m.ix != nil {
		t, ok = m.ix.Row(m.detailID), true
	}
	if !ok {
		return "", false
	}
	return t.ID, true
}
