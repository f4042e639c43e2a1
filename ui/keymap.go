package ui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	"github.com/opsdeck/opsdeck/ui/keys"
)

// GlobalKeys are the bindings that work on every tab.
type GlobalKeys struct {
	Quit, Help, Palette, NextTab, PrevTab, Refresh, Copy key.Binding
	Tabs                                                 []key.Binding // 1..8
}

// NewGlobalKeys builds the global bindings with the config's overrides.
func NewGlobalKeys(o keys.Overrides) GlobalKeys {
	g := GlobalKeys{
		Quit:    o.Bind("quit", "quit", "q"),
		Help:    o.Bind("help", "help", "?"),
		Palette: o.Bind("palette", "command", ":"),
		NextTab: o.Bind("next_tab", "next tab", "tab"),
		PrevTab: o.Bind("prev_tab", "previous tab", "shift+tab"),
		Refresh: o.Bind("refresh", "refresh now", "r"),
		Copy:    o.Bind("copy", "copy id/URL", "y"),
	}
	for i := 1; i <= 8; i++ {
		g.Tabs = append(g.Tabs, o.Bind(fmt.Sprintf("tab%d", i), fmt.Sprintf("tab %d", i), fmt.Sprint(i)))
	}
	return g
}

// ShortHelp implements help.KeyMap.
func (g GlobalKeys) ShortHelp() []key.Binding {
	return []key.Binding{g.NextTab, g.Refresh, g.Palette, g.Help, g.Quit}
}

// FullHelp implements help.KeyMap.
func (g GlobalKeys) FullHelp() [][]key.Binding {
	tabs := key.NewBinding(key.WithKeys("1"), key.WithHelp("1-8", "go to tab"))
	return [][]key.Binding{{tabs, g.NextTab, g.PrevTab}, {g.Refresh, g.Copy, g.Palette}, {g.Help, g.Quit}}
}
