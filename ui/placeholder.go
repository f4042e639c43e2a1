package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Notice is a tab that has nothing to show but a sentence: a source not configured in this
// environment, or a tab whose data has not been built yet. It says so plainly instead of drawing an
// empty table.
type Notice struct {
	title string
	text  []string
	sh    *Shared
	w, h  int
}

// NewNotice returns a tab titled title that shows text.
func NewNotice(sh *Shared, title string, text ...string) *Notice {
	return &Notice{title: title, text: text, sh: sh}
}

// Title implements Tab.
func (n *Notice) Title() string { return n.title }

// Init implements Tab.
func (n *Notice) Init() tea.Cmd { return nil }

// Update implements Tab.
func (n *Notice) Update(tea.Msg) tea.Cmd { return nil }

// SetSize implements Tab.
func (n *Notice) SetSize(w, h int) { n.w, n.h = w, h }

// View implements Tab.
func (n *Notice) View() string {
	th := n.sh.Theme
	lines := []string{"", "  " + th.Title.Render(n.title)}
	for _, t := range n.text {
		lines = append(lines, "  "+th.Text.Render(t))
	}
	return strings.Join(lines, "\n")
}

// KeyMap implements Tab.
func (n *Notice) KeyMap() help.KeyMap { return noKeys{} }

// Sources implements Tab.
func (n *Notice) Sources() []Source { return nil }

// Summary implements Tab.
func (n *Notice) Summary(int) []string {
	if len(n.text) == 0 {
		return nil
	}
	return []string{n.sh.Theme.Muted.Render(n.text[0])}
}

// Capturing implements Tab.
func (n *Notice) Capturing() bool { return false }

type noKeys struct{}

func (noKeys) ShortHelp() []key.Binding  { return nil }
func (noKeys) FullHelp() [][]key.Binding { return nil }
