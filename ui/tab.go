// Package ui is opsdeck's Bubble Tea root: the tab bar, the status bar, the command palette, help,
// and routing. Each tab is its own package under ui/ implementing Tab; cmd/opsdeck builds them and
// hands them over, so ui never sees an HTTP client.
package ui

import (
	"sync/atomic"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui/keys"
)

// Tab is one tab of the console. Tabs are pointers and change in place in Update; commands they
// return copy what they need and never read the tab from their goroutine.
type Tab interface {
	Title() string
	Init() tea.Cmd
	// Update handles a message. Keys arrive only while the tab is active; every other message is
	// delivered to every tab, so a tab must ignore messages that are not its own.
	Update(msg tea.Msg) tea.Cmd
	// View draws the tab in exactly the size of the last SetSize (or less).
	View() string
	SetSize(width, height int)
	// KeyMap is the tab's own bindings, shown in help beside the global ones.
	KeyMap() help.KeyMap
	// Sources reports each upstream the tab reads, for the status bar.
	Sources() []Source
	// Summary is the tab's few lines on the Overview tab, already styled.
	Summary(width int) []string
	// Capturing reports whether a text input of the tab has focus: then every key but ctrl+c goes to
	// the tab, not to the global bindings.
	Capturing() bool
}

// Bannerer is implemented by a tab with something every tab must show, such as an active
// maintenance window (seed 001: users must get a meaningful message during maintenance).
type Bannerer interface {
	Banner() string
}

// Copier is implemented by a tab whose selected row has an identifier or URL worth copying; `y`
// puts it on the clipboard with OSC 52, which works over SSH.
type Copier interface {
	Copy() (string, bool)
}

// Flusher is implemented by a tab that writes in commands (answers, audit lines): Flush writes what
// is still pending. Bubble Tea does not wait for running commands when it quits, so the program's
// caller flushes every tab after Run returns.
type Flusher interface {
	Flush() error
}

// Source is what the status bar shows of one upstream.
type Source struct {
	Name string
	At   time.Time // last successful refresh; zero before the first
	Err  error     // last failure, nil after a success
	Busy bool      // a fetch is in flight
}

// Shared is what every tab gets from the root: the theme (changed in place by :theme), the clock,
// the key overrides and the safety flags.
type Shared struct {
	Theme    *themes.Theme
	Now      func() time.Time
	Keys     keys.Overrides
	ReadOnly bool
	Demo     bool
	Env      string
}

// RefreshMsg is sent to the active tab when the user asks for a refresh now (`r`).
type RefreshMsg struct{}

// FlashMsg asks the root to show a short message in the status bar; Err makes it an error.
type FlashMsg struct {
	Text string
	Err  bool
}

// Flash returns a command that shows text in the status bar for a few seconds.
func Flash(text string, isErr bool) tea.Cmd {
	return func() tea.Msg { return FlashMsg{Text: text, Err: isErr} }
}

var genCounter atomic.Int64

// NewGen returns a refresh-chain number never used before by any tab, so answers to a tab that was
// replaced (by :env) are never taken by its successor.
func NewGen() int { return int(genCounter.Add(1)) }
