package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/opsdeck/opsdeck/themes"
)

// MinWidth and MinHeight are the smallest terminal opsdeck draws in; below it says so instead.
const (
	MinWidth  = 80
	MinHeight = 24
)

// Options configure the root model.
type Options struct {
	Shared *Shared
	Tabs   []Tab // in order after Overview; nil slots are not allowed
	Envs   []string
	// SwitchEnv builds the tabs of another environment (`:env NAME`). It runs in a command, off the
	// UI goroutine (credentials may come from a slow token_cmd), and must not change Shared.
	SwitchEnv func(name string) ([]Tab, error)
	// EnvReadOnly reports whether actions are refused in an environment; asked when a switch lands.
	EnvReadOnly func(name string) bool
	// Theme finds a theme by name (`:theme NAME`).
	Theme func(name string) (themes.Theme, error)
	// Warnings are shown once at start (config warnings).
	Warnings []string
	// Commands are extra palette commands (the demo adds `:fault`); each gets the words after its name.
	Commands map[string]func(args []string) tea.Cmd
}

// Model is the root of the program: it routes and lays out, nothing more.
type Model struct {
	opts    Options
	sh      *Shared
	tabs    []Tab
	active  int // 0 is Overview
	keys    GlobalKeys
	help    help.Model
	showAll bool
	palette textinput.Model
	inPal   bool
	flash   FlashMsg
	flashID int
	width   int
	height  int
	minute  int   // bumped every minute so ages redraw at minute resolution
	retired []Tab // tabs replaced by :env, still to be flushed on exit
	sizedH  int   // the body height the tabs were last sized to
}

// Flush flushes every tab that writes in commands, current and replaced, and returns their errors.
func (m *Model) Flush() []error {
	var errs []error
	for _, t := range append(append([]Tab(nil), m.retired...), m.tabs...) {
		if f, ok := t.(Flusher); ok {
			if err := f.Flush(); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", t.Title(), err))
			}
		}
	}
	return errs
}

// envSwitchedMsg is sent when the tabs of another environment have been built (or failed to be).
type envSwitchedMsg struct {
	name string
	tabs []Tab
	err  error
}

// minuteMsg is sent once a minute so that ages on screen move on.
type minuteMsg struct{}

// flashExpiredMsg is sent when a flash message has been shown long enough.
type flashExpiredMsg struct{ id int }

// New builds the root model.
func New(o Options) *Model {
	p := textinput.New()
	p.Prompt = ":"
	p.Placeholder = "env NAME · theme NAME · refresh · help · q"
	st := textinput.DefaultStyles(true)
	st.Cursor.Blink = false
	p.SetStyles(st)
	m := &Model{opts: o, sh: o.Shared, tabs: o.Tabs, keys: NewGlobalKeys(o.Shared.Keys), help: help.New(), palette: p}
	m.help.Styles = help.DefaultStyles(true)
	if len(o.Warnings) > 0 {
		m.flash = FlashMsg{Text: o.Warnings[0], Err: true}
	}
	return m
}

// Init starts every tab.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{minuteTick()}
	for _, t := range m.tabs {
		cmds = append(cmds, t.Init())
	}
	if m.flash.Text != "" {
		cmds = append(cmds, m.expireFlash())
	}
	return tea.Batch(cmds...)
}

func minuteTick() tea.Cmd {
	return tea.Tick(time.Minute, func(time.Time) tea.Msg { return minuteMsg{} })
}

func (m *Model) expireFlash() tea.Cmd {
	m.flashID++
	id := m.flashID
	return tea.Tick(6*time.Second, func(time.Time) tea.Msg { return flashExpiredMsg{id} })
}

// Update routes a message: the palette or a capturing tab first, then global keys, then the
// active tab; non-key messages go to every tab. When the message changed the body's height (a
// maintenance banner came or went), the tabs are resized here, once, rather than on every frame.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := m.update(msg)
	if m.width > 0 && m.bodyHeight() != m.sizedH {
		m.resizeTabs()
	}
	return m, cmd
}

func (m *Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		m.palette.SetWidth(max(10, msg.Width-4))
		m.resizeTabs()
		return m, nil
	case minuteMsg:
		m.minute++
		return m, minuteTick()
	case FlashMsg:
		m.flash = msg
		return m, m.expireFlash()
	case envSwitchedMsg:
		if msg.err != nil {
			return m, Flash(msg.err.Error(), true)
		}
		m.retired = append(m.retired, m.tabs...)
		m.tabs = msg.tabs
		m.sh.Env = msg.name
		if m.opts.EnvReadOnly != nil {
			m.sh.ReadOnly = m.opts.EnvReadOnly(msg.name)
		}
		m.resizeTabs()
		cmds := []tea.Cmd{Flash("environment "+msg.name, false)}
		for _, t := range m.tabs {
			cmds = append(cmds, t.Init())
		}
		return m, tea.Batch(cmds...)
	case flashExpiredMsg:
		if msg.id == m.flashID {
			m.flash = FlashMsg{}
		}
		return m, nil
	case tea.KeyPressMsg:
		return m, m.handleKey(msg)
	}
	var cmds []tea.Cmd
	for _, t := range m.tabs {
		cmds = append(cmds, t.Update(msg))
	}
	return m, tea.Batch(cmds...)
}

func (m *Model) activeTab() Tab {
	if m.active == 0 {
		return nil
	}
	return m.tabs[m.active-1]
}

func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if msg.String() == "ctrl+c" {
		return tea.Quit
	}
	if m.inPal {
		switch msg.String() {
		case "esc":
			m.inPal = false
			m.palette.Blur()
			return nil
		case "enter":
			m.inPal = false
			m.palette.Blur()
			line := m.palette.Value()
			m.palette.SetValue("")
			return m.runCommand(line)
		}
		var cmd tea.Cmd
		m.palette, cmd = m.palette.Update(msg)
		return cmd
	}
	t := m.activeTab()
	if t != nil && t.Capturing() {
		return t.Update(msg)
	}
	if m.showAll && (msg.String() == "esc" || key.Matches(msg, m.keys.Help)) {
		m.showAll = false
		return nil
	}
	switch {
	case key.Matches(msg, m.keys.Quit):
		return tea.Quit
	case key.Matches(msg, m.keys.Help):
		m.showAll = true
		return nil
	case key.Matches(msg, m.keys.Palette):
		m.inPal = true
		return m.palette.Focus()
	case key.Matches(msg, m.keys.NextTab):
		m.active = (m.active + 1) % (len(m.tabs) + 1)
		return nil
	case key.Matches(msg, m.keys.PrevTab):
		m.active = (m.active + len(m.tabs)) % (len(m.tabs) + 1)
		return nil
	case key.Matches(msg, m.keys.Refresh):
		return m.refresh()
	case key.Matches(msg, m.keys.Copy):
		if c, ok := t.(Copier); ok {
			if s, ok := c.Copy(); ok {
				return tea.Batch(tea.SetClipboard(s), Flash("copied "+s, false))
			}
		}
		return Flash("nothing to copy here", false)
	}
	for i, b := range m.keys.Tabs {
		if key.Matches(msg, b) && i <= len(m.tabs) {
			m.active = i
			return nil
		}
	}
	if t != nil {
		return t.Update(msg)
	}
	return nil
}

// refresh asks the active tab (every tab, on Overview) to refresh now.
func (m *Model) refresh() tea.Cmd {
	if t := m.activeTab(); t != nil {
		return t.Update(RefreshMsg{})
	}
	var cmds []tea.Cmd
	for _, t := range m.tabs {
		cmds = append(cmds, t.Update(RefreshMsg{}))
	}
	return tea.Batch(cmds...)
}

// runCommand runs a palette line.
func (m *Model) runCommand(line string) tea.Cmd {
	f := strings.Fields(line)
	if len(f) == 0 {
		return nil
	}
	switch f[0] {
	case "q", "quit", "q!":
		return tea.Quit
	case "help", "h":
		m.showAll = true
		return nil
	case "refresh", "r":
		return m.refresh()
	case "theme":
		if len(f) != 2 {
			return Flash("usage: :theme NAME ("+strings.Join(themes.Names(), ", ")+" or a user theme)", true)
		}
		th, err := m.opts.Theme(f[1])
		if err != nil {
			return Flash(err.Error(), true)
		}
		*m.sh.Theme = th
		return Flash("theme "+th.Name, false)
	case "env":
		if len(f) != 2 {
			return Flash("usage: :env NAME ("+strings.Join(m.opts.Envs, ", ")+")", true)
		}
		if m.opts.SwitchEnv == nil {
			return Flash("switching environments is not available here", true)
		}
		name, switchEnv := f[1], m.opts.SwitchEnv
		return tea.Batch(Flash("switching to "+name+"…", false), func() tea.Msg {
			tabs, err := switchEnv(name)
			return envSwitchedMsg{name: name, tabs: tabs, err: err}
		})
	}
	if c, ok := m.opts.Commands[f[0]]; ok {
		return c(f[1:])
	}
	return Flash(fmt.Sprintf("unknown command %q: try env, theme, refresh, help, q", f[0]), true)
}

// chrome is the rows the root uses: tab bar, banner (when any), status bar, help line.
func (m *Model) bodyHeight() int {
	h := m.height - 3
	if m.banner() != "" {
		h--
	}
	return max(1, h)
}

func (m *Model) resizeTabs() {
	m.sizedH = m.bodyHeight()
	for _, t := range m.tabs {
		t.SetSize(m.width, m.bodyHeight())
	}
}

func (m *Model) banner() string {
	for _, t := range m.tabs {
		if b, ok := t.(Bannerer); ok {
			if s := b.Banner(); s != "" {
				return s
			}
		}
	}
	return ""
}

// View lays out the tab bar, the banner, the active tab, the status bar and the help line.
func (m *Model) View() tea.View {
	v := tea.NewView("")
	v.AltScreen = true
	v.WindowTitle = "opsdeck " + m.sh.Env
	if m.width == 0 {
		return v
	}
	th := m.sh.Theme
	if m.width < MinWidth || m.height < MinHeight {
		msg := fmt.Sprintf("Terminal too small: %dx%d.\nopsdeck needs at least %dx%d.\nEnlarge the window, or press q to quit.", m.width, m.height, MinWidth, MinHeight)
		v.SetContent(lipgloss.NewStyle().Width(m.width).MaxHeight(m.height).Render(msg))
		return v
	}
	bodyH := m.bodyHeight()
	parts := []string{m.tabBar()}
	if b := m.banner(); b != "" {
		parts = append(parts, th.Banner.Render(Fit(" "+b, m.width)))
	}
	var body string
	switch {
	case m.showAll:
		body = m.fullHelp(bodyH)
	case m.active == 0:
		body = m.overview(bodyH)
	default:
		body = m.activeTab().View()
	}
	parts = append(parts, fixHeight(body, m.width, bodyH), m.statusBar(), m.helpLine())
	v.SetContent(strings.Join(parts, "\n"))
	if m.inPal {
		if c := m.palette.Cursor(); c != nil {
			c.Y += m.height - 1
			v.Cursor = c
		}
	}
	return v
}

// fixHeight pads or cuts s to exactly h lines of width w, so the layout never jumps.
func fixHeight(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = Fit(l, w)
	}
	for len(lines) < h {
		lines = append(lines, strings.Repeat(" ", w))
	}
	return strings.Join(lines, "\n")
}

func (m *Model) tabBar() string {
	th := m.sh.Theme
	names := append([]string{"Overview"}, make([]string, len(m.tabs))...)
	for i, t := range m.tabs {
		names[i+1] = t.Title()
	}
	render := func(short bool) string {
		var b strings.Builder
		for i, n := range names {
			label := fmt.Sprintf("%d %s", i+1, n)
			if short && i != m.active {
				label = fmt.Sprintf("%d %s", i+1, firstN(n, 4))
			}
			if i == m.active {
				b.WriteString(th.ActiveTab.Render("[" + label + "]"))
			} else {
				b.WriteString(th.Tab.Render(" " + label + " "))
			}
		}
		return b.String()
	}
	bar := render(false)
	if lipgloss.Width(bar) > m.width {
		bar = render(true)
	}
	return Fit(bar, m.width)
}

func firstN(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
