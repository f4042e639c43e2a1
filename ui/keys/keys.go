// Package keys builds key bindings that the [keys] table of the config can rebind or unbind, and
// remembers every bindable name so the config can be checked against them.
package keys

import (
	"sort"
	"strings"
	"sync"

	"charm.land/bubbles/v2/key"
)

// Overrides maps a binding's name to its keys, from the config's [keys] table. An empty list unbinds
// the action (on-call people disarm dangerous keys this way).
type Overrides map[string][]string

var (
	mu    sync.Mutex
	known = map[string]string{} // name -> default keys, for `opsdeck config validate` and the docs
)

// Bind returns the binding called name: the override's keys when the config has one, else defaults.
// helpDesc is the help text; the help key shown is the first key bound.
func (o Overrides) Bind(name, helpDesc string, defaults ...string) key.Binding {
	mu.Lock()
	known[name] = strings.Join(defaults, " ")
	mu.Unlock()
	ks := defaults
	if v, ok := o[name]; ok {
		ks = v
	}
	if len(ks) == 0 {
		b := key.NewBinding(key.WithKeys(), key.WithHelp("", helpDesc))
		b.SetEnabled(false)
		return b
	}
	return key.NewBinding(key.WithKeys(ks...), key.WithHelp(display(ks[0]), helpDesc))
}

func display(k string) string {
	switch k {
	case "up":
		return "↑"
	case "down":
		return "↓"
	case "space":
		return "space"
	}
	return k
}

// Known returns every binding name built so far with its default keys, sorted by name.
func Known() [][2]string {
	mu.Lock()
	defer mu.Unlock()
	out := make([][2]string, 0, len(known))
	for n, d := range known {
		out = append(out, [2]string{n, d})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// IsKnown reports whether name was built by some component.
func IsKnown(name string) bool {
	mu.Lock()
	defer mu.Unlock()
	_, ok := known[name]
	return ok
}

// Nav is the movement and selection bindings every list shares.
type Nav struct {
	Up, Down, PageUp, PageDown, Top, Bottom, Filter, Select, Back key.Binding
}

// NewNav builds the shared list bindings with the config's overrides.
func NewNav(o Overrides) Nav {
	return Nav{
		Up:       o.Bind("up", "up", "k", "up"),
		Down:     o.Bind("down", "down", "j", "down"),
		PageUp:   o.Bind("page_up", "page up", "pgup", "ctrl+b"),
		PageDown: o.Bind("page_down", "page down", "pgdown", "ctrl+f"),
		Top:      o.Bind("top", "first", "g", "home"),
		Bottom:   o.Bind("bottom", "last", "G", "end"),
		Filter:   o.Bind("filter", "filter", "/"),
		Select:   o.Bind("select", "details", "enter"),
		Back:     o.Bind("back", "back", "esc"),
	}
}

// ShortHelp implements help.KeyMap.
func (n Nav) ShortHelp() []key.Binding { return []key.Binding{n.Down, n.Filter, n.Select} }

// FullHelp implements help.KeyMap.
func (n Nav) FullHelp() [][]key.Binding {
	return [][]key.Binding{{n.Up, n.Down, n.PageUp, n.PageDown, n.Top, n.Bottom}, {n.Filter, n.Select, n.Back}}
}
