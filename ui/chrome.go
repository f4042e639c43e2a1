package ui

import (
	"fmt"
	"sort"
	"time"

	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
)

// statusBar shows the environment, each source's age (or error), the error count and the badges;
// the palette or a flash message takes its place while they are up.
func (m *Model) statusBar() string {
	th := m.sh.Theme
	if m.inPal {
		return Fit(m.palette.View(), m.width)
	}
	now := m.sh.Now()
	var badges []string
	if m.sh.Demo {
		badges = append(badges, th.Badge.Render("DEMO"))
	}
	if m.sh.ReadOnly {
		badges = append(badges, th.Badge.Render("READ-ONLY"))
	}
	right := strings.Join(badges, " ")
	left := th.Title.Render("env " + m.sh.Env)
	if m.flash.Text != "" {
		st := th.Flash
		if m.flash.Err {
			st = th.Error
		}
		left += "  " + st.Render(m.flash.Text)
		return Fit(left, m.width-lipgloss.Width(right)-1) + " " + right
	}
	srcs := m.sources()
	// Failing sources first: at 80 columns the bar cannot show them all, and an error must not be
	// the part that is cut off.
	sort.SliceStable(srcs, func(i, j int) bool { return srcs[i].Err != nil && srcs[j].Err == nil })
	errs := 0
	for _, s := range srcs {
		if s.Err != nil {
			errs++
		}
	}
	if errs > 0 {
		left += " " + th.Down.Render(fmt.Sprintf("%d error%s", errs, plural(errs)))
	}
	room := m.width - lipgloss.Width(right) - 1 - lipgloss.Width(left) - 2
	list := m.sourceList(srcs, now, true)
	if lipgloss.Width(list) > room {
		list = m.sourceList(srcs, now, false) // names only (and ERR) when the ages do not fit
	}
	left += "  " + list
	return Fit(left, m.width-lipgloss.Width(right)-1) + " " + right
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// helpLine is the one-line help: global keys and the active tab's.
func (m *Model) helpLine() string {
	var bs []key.Binding
	if t := m.activeTab(); t != nil && !m.showAll {
		bs = append(bs, t.KeyMap().ShortHelp()...)
	}
	bs = append(bs, m.keys.ShortHelp()...)
	m.help.ShowAll = false
	return Fit(m.help.ShortHelpView(bs), m.width)
}

// fullHelp lists every binding: global, then the active tab's.
func (m *Model) fullHelp(h int) string {
	th := m.sh.Theme
	var b strings.Builder
	b.WriteString(th.Title.Render("Keys") + th.Muted.Render("  (esc or ? closes)") + "\n\n")
	b.WriteString(th.Header.Render("Everywhere") + "\n")
	b.WriteString(m.help.FullHelpView(m.keys.FullHelp()) + "\n\n")
	if t := m.activeTab(); t != nil {
		b.WriteString(th.Header.Render(t.Title()) + "\n")
		b.WriteString(m.help.FullHelpView(t.KeyMap().FullHelp()) + "\n\n")
	}
	b.WriteString(th.Header.Render("Commands (:)") + "\n")
	for _, l := range []string{":env NAME   switch environment (" + strings.Join(m.opts.Envs, ", ") + ")",
		":theme NAME switch theme (dark, light, high-contrast, mono, or a user theme)",
		":refresh    refresh every source now", ":q          quit"} {
		b.WriteString(th.Text.Render(l) + "\n")
	}
	for name := range m.opts.Commands {
		b.WriteString(th.Text.Render(":"+name+" …    (demo) see README") + "\n")
	}
	return b.String()
}

// overview gathers every tab's summary.
func (m *Model) overview(h int) string {
	th := m.sh.Theme
	var lines []string
	for i, t := range m.tabs {
		lines = append(lines, th.Header.Render(fmt.Sprintf("%d %s", i+2, t.Title())))
		sum := t.Summary(m.width - 2)
		if len(sum) == 0 {
			sum = []string{th.Muted.Render("nothing yet")}
		}
		for _, s := range sum {
			lines = append(lines, "  "+s)
		}
	}
	if len(lines) > h {
		// Two columns when the terminal is wide enough, else cut with a note.
		if m.width >= 160 {
			return twoColumns(lines, m.width, h)
		}
		lines = append(lines[:h-1], th.Muted.Render(fmt.Sprintf("… %d more lines: open the tabs for details", len(lines)-h+1)))
	}
	return strings.Join(lines, "\n")
}

func twoColumns(lines []string, w, h int) string {
	half := w / 2
	left, right := lines[:min(h, len(lines))], lines[min(h, len(lines)):]
	out := make([]string, h)
	for i := 0; i < h; i++ {
		l, r := "", ""
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		out[i] = Fit(l, half) + Fit(r, w-half)
	}
	return strings.Join(out, "\n")
}

var _ help.KeyMap = GlobalKeys{}

// sources gathers every tab's sources, once per name (two tabs may read the same upstream): the
// failing or the oldest report wins, so the bar never looks better than the worst reader.
func (m *Model) sources() []Source {
	var out []Source
	idx := map[string]int{}
	for _, t := range m.tabs {
		for _, s := range t.Sources() {
			i, seen := idx[s.Name]
			if !seen {
				idx[s.Name] = len(out)
				out = append(out, s)
				continue
			}
			o := out[i]
			switch {
			case o.Err == nil && s.Err != nil:
				out[i] = s
			case (o.Err == nil) == (s.Err == nil) && s.At.Before(o.At):
				out[i] = s
			}
			out[i].Busy = o.Busy || s.Busy
		}
	}
	return out
}

// sourceList renders the sources for the status bar, with or without their ages.
func (m *Model) sourceList(srcs []Source, now time.Time, ages bool) string {
	th := m.sh.Theme
	parts := make([]string, 0, len(srcs))
	for _, s := range srcs {
		var txt string
		switch {
		case s.Err != nil:
			txt = th.Down.Render(s.Name + " ERR")
			if ages {
				txt += th.Muted.Render(" " + Age(now, s.At))
			}
		case s.At.IsZero():
			txt = th.Muted.Render(s.Name + " wait")
		case ages:
			txt = th.Text.Render(s.Name) + th.Muted.Render(" "+Age(now, s.At))
		default:
			txt = th.Text.Render(s.Name)
		}
		parts = append(parts, txt)
	}
	return strings.Join(parts, th.Muted.Render(" · "))
}
