// Package maintenancetab is the Maintenance tab: the active, upcoming (next 14 days) and recent
// maintenance windows of the app's status page, the platform's status page and the config, as a
// timeline and a list, in local time and UTC. While a window is active it puts a banner on every tab
// (seed 001: users must get a meaningful message during maintenance), and it publishes the windows
// for the SLOs tab, which measures uptime outside them (seeds 000 and 001).
package maintenancetab

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/opsdeck/opsdeck/models/maintenance"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/bus"
	"github.com/opsdeck/opsdeck/ui/keys"
	"github.com/opsdeck/opsdeck/ui/listview"
	"github.com/opsdeck/opsdeck/ui/multisource"
)

// Source is one place windows are read from; cmd/opsdeck passes the source's method in.
type Source struct {
	// Name is the upstream's name in the status bar ("statuspage", "platform").
	Name string
	// Fetch reads the source's windows.
	Fetch func(context.Context) ([]maintenance.Window, error)
}

// Config is what the tab needs besides the shared state.
type Config struct {
	Sources []Source
	// Declared are the windows of the config file ([[env.NAME.maintenance_window]]), Source "config".
	Declared []maintenance.Window
	Every    time.Duration  // between refreshes; 60s by default
	Timeout  time.Duration  // for one source's fetch; 20s by default
	Loc      *time.Location // the local zone times are shown in beside UTC; time.Local by default
}

// KeyMap is the Maintenance tab's bindings.
type KeyMap struct {
	keys.Nav
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Select, k.Filter} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding { return k.Nav.FullHelp() }

// Model is the Maintenance tab.
type Model struct {
	cfg    Config
	sh     *ui.Shared
	keys   KeyMap
	list   *listview.Model
	set    *multisource.Set[maintenance.Window] // the sources, their rounds and last answers
	all    []maintenance.Window                 // every window, declared ones included
	detail bool
	moved  bool // the user moved the cursor; until then it stays on the first row as data arrives
	w, h   int
}

// New builds the tab; it fetches nothing until Init.
func New(sh *ui.Shared, cfg Config) *Model {
	if cfg.Every <= 0 {
		cfg.Every = time.Minute
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 20 * time.Second
	}
	if cfg.Loc == nil {
		cfg.Loc = time.Local
	}
	km := KeyMap{Nav: keys.NewNav(sh.Keys)}
	l := listview.New(km.Nav, sh.Theme, []listview.Column{
		{Title: "WHEN", Width: 9}, {Title: "WINDOW", Width: 18, Flex: true}, {Title: "LOCAL START", Width: 11},
		{Title: "UTC START", Width: 12}, {Title: "FOR", Width: 5, Right: true}, {Title: "SRC", Width: 4},
		{Title: "COMPONENTS", Width: 10, Flex: true},
	})
	srcs := make([]multisource.Source[maintenance.Window], len(cfg.Sources))
	for i, s := range cfg.Sources {
		srcs[i] = multisource.Source[maintenance.Window]{Name: s.Name, Fetch: s.Fetch}
	}
	m := &Model{cfg: cfg, sh: sh, keys: km, list: l, set: multisource.New(srcs, cfg.Every, cfg.Timeout, sh.Now)}
	m.merge()
	return m
}

// Title implements ui.Tab.
func (m *Model) Title() string { return "Maintenance" }

// Init starts the refresh chain; the declared windows are published at once.
func (m *Model) Init() tea.Cmd { return tea.Batch(m.set.Init(), m.publish()) }

// Update implements ui.Tab.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if answered, cmd := m.set.Update(msg); answered {
		m.merge()
		return tea.Batch(m.publish(), cmd)
	} else if cmd != nil {
		return cmd
	}
	switch msg := msg.(type) {
	case ui.RefreshMsg:
		return m.set.Refresh()
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
	handled, cmd := m.list.Update(msg)
	m.moved = m.moved || handled
	return cmd
}

// merge collects every source's last good windows and the declared ones, and rebuilds the rows.
func (m *Model) merge() {
	all := append([]maintenance.Window(nil), m.cfg.Declared...)
	for i := range m.set.Len() {
		all = append(all, m.set.State(i).Items...)
	}
	m.all = all
	m.rebuild()
}

// publish tells the other tabs every known window.
func (m *Model) publish() tea.Cmd {
	msg := bus.MaintenanceMsg{Env: m.sh.Env, Windows: append([]maintenance.Window(nil), m.all...),
		Declared: append([]maintenance.Window(nil), m.cfg.Declared...), At: m.sh.Now()}
	for i, s := range m.cfg.Sources {
		if s.Name != "statuspage" {
			continue
		}
		st := m.set.State(i)
		msg.Published = append(msg.Published, st.Items...)
		if st.Err != nil {
			msg.Err = st.Err.Error()
		}
	}
	return func() tea.Msg { return msg }
}

// board classifies every window at the shared clock's now.
func (m *Model) board() maintenance.Board { return maintenance.Classify(m.all, m.sh.Now()) }

// Banner implements ui.Bannerer: while a window is active, every tab says so.
func (m *Model) Banner() string {
	s, _ := maintenance.Banner(m.all, m.sh.Now(), m.cfg.Loc)
	return s
}

// KeyMap implements ui.Tab.
func (m *Model) KeyMap() help.KeyMap { return m.keys }

// Sources implements ui.Tab.
func (m *Model) Sources() []ui.Source { return m.set.Sources() }

// Capturing implements ui.Tab.
func (m *Model) Capturing() bool { return m.list.Editing() }

// Copy implements ui.Copier: the selected window's URL, or its id.
func (m *Model) Copy() (string, bool) {
	w, ok := m.selected()
	if !ok {
		return "", false
	}
	if w.URL != "" {
		return w.URL, true
	}
	return w.ID, w.ID != ""
}
