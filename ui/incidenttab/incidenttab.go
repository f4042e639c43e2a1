// Package incidenttab is the Incidents tab: one merged list of the open incidents of the team's own
// PagerDuty, Statuspage and Jira Service Management (or Opsgenie), and of the platform's public status
// page, with the severity seed 003 computes where the data allows and the response clocks of seed
// 003 (first status update within 1 hour of the start, overdue shown loudly). `enter` shows the
// updates timeline, the affected components and, when the Tenants tab has loaded, the blast radius
// in customers.
package incidenttab

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/opsdeck/opsdeck/models/incident"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/bus"
	"github.com/opsdeck/opsdeck/ui/keys"
	"github.com/opsdeck/opsdeck/ui/listview"
	"github.com/opsdeck/opsdeck/ui/multisource"
)

// Source is one place incidents are read from; cmd/opsdeck passes the source's method in.
type Source struct {
	// Name is the upstream's name in the status bar ("pagerduty", "statuspage", "jsm", "platform").
	Name string
	// Fetch reads the source's open incidents.
	Fetch func(context.Context) ([]incident.Incident, error)
	// Note is shown under the list while the source is configured (Opsgenie's end of support).
	Note string
}

// Config is what the tab needs besides the shared state.
type Config struct {
	Sources []Source
	// Mapping maps status page components and incident names to seed 003 capabilities.
	Mapping incident.Mapping
	Every   time.Duration  // between refreshes; 30s by default
	Timeout time.Duration  // for one source's fetch; 20s by default
	Loc     *time.Location // the local zone times are shown in; time.Local by default
}

// KeyMap is the Incidents tab's bindings.
type KeyMap struct {
	keys.Nav
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Select, k.Filter} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding { return k.Nav.FullHelp() }

// Model is the Incidents tab.
type Model struct {
	cfg    Config
	sh     *ui.Shared
	keys   KeyMap
	list   *listview.Model
	set    *multisource.Set[incident.Incident] // the sources, their rounds and last answers
	merged []incident.Incident                 // linked, assessed and sorted at the last rebuild
	reach  map[string]incident.Reach
	detail bool
	scroll int // first line of the detail shown
	moved  bool
	w, h   int
}

// New builds the tab; it fetches nothing until Init.
func New(sh *ui.Shared, cfg Config) *Model {
	if cfg.Every <= 0 {
		cfg.Every = 30 * time.Second
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 20 * time.Second
	}
	if cfg.Loc == nil {
		cfg.Loc = time.Local
	}
	km := KeyMap{Nav: keys.NewNav(sh.Keys)}
	l := listview.New(km.Nav, sh.Theme, []listview.Column{
		{Title: "SRC", Width: 4}, {Title: "SEV", Width: 4}, {Title: "DECLARED", Width: 16},
		{Title: "TITLE", Width: 16, Flex: true}, {Title: "STATUS", Width: 13}, {Title: "AGE", Width: 5, Right: true},
		{Title: "FIRST UPDATE", Width: 12},
	})
	srcs := make([]multisource.Source[incident.Incident], len(cfg.Sources))
	for i, s := range cfg.Sources {
		srcs[i] = multisource.Source[incident.Incident]{Name: s.Name, Fetch: s.Fetch}
	}
	return &Model{cfg: cfg, sh: sh, keys: km, list: l, set: multisource.New(srcs, cfg.Every, cfg.Timeout, sh.Now)}
}

// Title implements ui.Tab.
func (m *Model) Title() string { return "Incidents" }

// Init starts the refresh chain.
func (m *Model) Init() tea.Cmd { return m.set.Init() }

// Update implements ui.Tab.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if answered, cmd := m.set.Update(msg); answered {
		m.rebuild()
		return tea.Batch(m.publish(), cmd)
	} else if cmd != nil {
		return cmd
	}
	switch msg := msg.(type) {
	case ui.RefreshMsg:
		return m.set.Refresh()
	case bus.TenantReacher:
		env, byProduct := msg.TenantReach()
		if env == m.sh.Env {
			m.reach = byProduct
		}
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	}
	return nil
}

func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if m.detail {
		switch {
		case key.Matches(msg, m.keys.Back), key.Matches(msg, m.keys.Select):
			m.detail, m.scroll = false, 0
		case key.Matches(msg, m.keys.Down):
			m.scroll++
		case key.Matches(msg, m.keys.Up):
			m.scroll = max(0, m.scroll-1)
		case key.Matches(msg, m.keys.PageDown):
			m.scroll += max(1, m.h-2)
		case key.Matches(msg, m.keys.PageUp):
			m.scroll = max(0, m.scroll-max(1, m.h-2))
		case key.Matches(msg, m.keys.Top):
			m.scroll = 0
		}
		return nil
	}
	if !m.list.Editing() && key.Matches(msg, m.keys.Select) {
		if _, ok := m.list.Selected(); ok {
			m.detail, m.scroll = true, 0
		}
		return nil
	}
	handled, cmd := m.list.Update(msg)
	m.moved = m.moved || handled
	return cmd
}

// publish tells the other tabs the merged incidents.
func (m *Model) publish() tea.Cmd {
	msg := bus.IncidentsMsg{Env: m.sh.Env, Incidents: append([]incident.Incident(nil), m.merged...), At: m.sh.Now()}
	return func() tea.Msg { return msg }
}

// KeyMap implements ui.Tab.
func (m *Model) KeyMap() help.KeyMap { return m.keys }

// Sources implements ui.Tab.
func (m *Model) Sources() []ui.Source { return m.set.Sources() }

// Capturing implements ui.Tab.
func (m *Model) Capturing() bool { return m.list.Editing() }

// Copy implements ui.Copier: the selected incident's URL, or its id.
func (m *Model) Copy() (string, bool) {
	inc, ok := m.selected()
	if !ok {
		return "", false
	}
	if inc.URL != "" {
		return inc.URL, true
	}
	return inc.ID, true
}

// SelectedIncident returns the incident under the cursor (confirm.IncidentSelector: a page started
// on this tab is about it).
func (m *Model) SelectedIncident() (incident.Incident, bool) { return m.selected() }
