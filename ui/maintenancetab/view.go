package maintenancetab

import (
	"fmt"
	"strings"
	"time"

	"github.com/opsdeck/opsdeck/models/maintenance"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/listview"
)

// The timeline spans the recent and upcoming horizons: a week back, two weeks ahead.
const (
	timelineBack  = maintenance.RecentHorizon
	timelineAhead = maintenance.UpcomingHorizon
)

// The glyphs of the timeline: the phase is in the glyph, so it reads the same without colour.
const (
	glyphActive   = '█'
	glyphUpcoming = '▒'
	glyphRecent   = '░'
	glyphEmpty    = '·'
	glyphNow      = '|'
)

func windowKey(w maintenance.Window) string {
	if w.ID != "" {
		return w.Source + ":" + w.ID
	}
	return w.Source + ":" + w.Name + "@" + w.Start.UTC().Format(time.RFC3339)
}

func sourceLabel(s string) string {
	switch s {
	case "statuspage":
		return "SP"
	case "platform":
		return "PLAT"
	case "config":
		return "CFG"
	}
	return strings.ToUpper(s)
}

// ordered is the board as one list: active (ending soonest first), upcoming (soonest first), recent
// (latest first).
func ordered(b maintenance.Board) []maintenance.Window {
	out := append(append(append([]maintenance.Window(nil), b.Active...), b.Upcoming...), b.Recent...)
	return out
}

// rebuild turns the board into list rows.
func (m *Model) rebuild() {
	th := m.sh.Theme
	now := m.sh.Now()
	b := m.board()
	var rows []listview.Row
	for _, w := range ordered(b) {
		var when string
		switch w.Phase(now) {
		case maintenance.Active:
			when = th.Alarm.Render("ACTIVE")
		case maintenance.Upcoming:
			when = th.Degraded.Render("in " + ui.Span(w.Start.Sub(now)))
		default:
			when = th.Muted.Render(ui.Span(now.Sub(w.End)) + " ago")
		}
		rows = append(rows, listview.Row{
			Key: windowKey(w),
			Cells: []string{when, w.Name, w.Start.In(m.cfg.Loc).Format("01-02 15:04"), w.Start.UTC().Format("01-02 15:04Z"),
				ui.Span(w.Duration()), sourceLabel(w.Source), strings.Join(w.Components, ", ")},
		})
	}
	if !m.moved {
		m.list.SetRows(nil) // forget the selection: the first row (the active window) is selected
	}
	m.list.SetRows(rows)
}

// selected returns the window under the cursor.
func (m *Model) selected() (maintenance.Window, bool) {
	row, ok := m.list.Selected()
	if !ok {
		return maintenance.Window{}, false
	}
	for _, w := range m.all {
		if windowKey(w) == row.Key {
			return w, true
		}
	}
	return maintenance.Window{}, false
}

// SetSize implements ui.Tab.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.list.SetSize(w, max(3, h-3))
}

// View implements ui.Tab: a status line, the timeline (two lines), then the list or the detail.
func (m *Model) View() string {
	if m.detail {
		return m.detailView()
	}
	m.rebuild() // phases and "in 2d" move with the clock
	tl := m.timeline(m.w)
	errs := m.errorLines()
	m.list.SetSize(m.w, max(3, m.h-3-len(errs)))
	out := ui.Fit(m.statusLine(), m.w)
	for _, e := range errs {
		out += "\n" + ui.Fit(e, m.w)
	}
	m.list.Empty = m.emptyHint()
	return out + "\n" + tl[0] + "\n" + tl[1] + "\n" + m.list.View()
}

// emptyHint is what the empty list says. It reads the environment when drawn: :env builds the next
// environment's tabs before it sets the shared environment.
func (m *Model) emptyHint() string {
	if len(m.cfg.Sources) == 0 && len(m.cfg.Declared) == 0 {
		env := m.sh.Env
		return "no status page configured: add [env." + env + ".statuspage] (or [[env." + env + ".maintenance_window]])"
	}
	return "no maintenance windows in the last 7 or the next 14 days"
}

// errorLines says, one line per source, which sources failed (their data stays, marked stale with
// its age) and which have not answered yet.
func (m *Model) errorLines() []string { return m.set.ErrorLines(m.sh.Theme, m.sh.Now()) }

// statusLine counts the windows by phase and says how fresh each source is, with its error.
func (m *Model) statusLine() string {
	th := m.sh.Theme
	now := m.sh.Now()
	b := m.board()
	var parts []string
	if len(b.Active) > 0 {
		parts = append(parts, th.Alarm.Render(fmt.Sprintf("%d ACTIVE", len(b.Active))))
	} else {
		parts = append(parts, th.OK.Render("none active"))
	}
	parts = append(parts, fmt.Sprintf("%d upcoming", len(b.Upcoming)), th.Muted.Render(fmt.Sprintf("%d recent", len(b.Recent))))
	line := strings.Join(parts, " · ")
	if m.set.Quiet() {
		line += "  " + th.Muted.Render("read "+ui.Age(now, m.set.Oldest())+" ago, every "+ui.Interval(m.cfg.Every))
	}
	return line
}

// timeline draws the windows of the last week and the next two weeks on one line of width cells,
// with a scale under it: █ active, ▒ upcoming, ░ recent, | now.
func (m *Model) timeline(width int) [2]string {
	th := m.sh.Theme
	now := m.sh.Now()
	w := max(20, width-1)
	from := now.Add(-timelineBack)
	span := timelineBack + timelineAhead
	cell := func(t time.Time) int {
		return int(float64(t.Sub(from)) / float64(span) * float64(w))
	}
	cells := []rune(strings.Repeat(string(glyphEmpty), w))
	rank := map[rune]int{glyphEmpty: 0, glyphRecent: 1, glyphUpcoming: 2, glyphActive: 3}
	for _, win := range m.all {
		g := glyphRecent
		switch win.Phase(now) {
		case maintenance.Active:
			g = glyphActive
		case maintenance.Upcoming:
			g = glyphUpcoming
		case maintenance.Other:
			continue
		}
		a, z := max(0, cell(win.Start)), min(w-1, cell(win.End))
		if z < a {
			z = a // a short window still shows
		}
		for i := a; i <= z && i < w; i++ {
			if rank[g] > rank[cells[i]] {
				cells[i] = g
			}
		}
	}
	nowAt := min(w-1, cell(now))
	if cells[nowAt] == glyphEmpty {
		cells[nowAt] = glyphNow
	}
	bar := string(cells)
	scale := []rune(strings.Repeat(" ", w))
	put := func(at int, s string) {
		for i, r := range s {
			if at+i >= 0 && at+i < w {
				scale[at+i] = r
			}
		}
	}
	put(0, "-7d")
	put(cell(now.Add(7*24*time.Hour))-1, "+7d")
	put(w-4, "+14d")
	put(nowAt-1, "now")
	legend := th.Muted.Render(string(scale))
	return [2]string{ui.Fit(bar, width), ui.Fit(legend, width)}
}

// detailView shows the selected window in full, in local time and UTC.
func (m *Model) detailView() string {
	th := m.sh.Theme
	w, ok := m.selected()
	if !ok {
		m.detail = false
		return ""
	}
	now := m.sh.Now()
	kv := func(k, v string) string { return th.Muted.Render(fmt.Sprintf("%-12s", k)) + v }
	both := func(t time.Time) string {
		return t.In(m.cfg.Loc).Format("Mon 2006-01-02 15:04 MST") + th.Muted.Render("  ("+t.UTC().Format("2006-01-02 15:04 UTC")+")")
	}
	phase := w.Phase(now).String()
	switch w.Phase(now) {
	case maintenance.Active:
		phase = th.Alarm.Render("ACTIVE") + " · ends in " + ui.Span(w.End.Sub(now))
		if !w.End.After(now) {
			phase = th.Alarm.Render("ACTIVE") + " · past its scheduled end by " + ui.Span(now.Sub(w.End))
		}
	case maintenance.Upcoming:
		phase = "upcoming · starts in " + ui.Span(w.Start.Sub(now))
	case maintenance.Recent:
		phase = "recent · ended " + ui.Span(now.Sub(w.End)) + " ago"
	}
	comps := strings.Join(w.Components, ", ")
	if comps == "" {
		comps = th.Muted.Render("none named")
	}
	status := w.Status
	if status == "" {
		status = th.Muted.Render("(from the config file)")
	}
	lines := []string{
		th.Title.Render(w.Name) + th.Muted.Render("   esc back"),
		kv("phase", phase),
		kv("status", status),
		kv("starts", both(w.Start)),
		kv("ends", both(w.End)),
		kv("lasts", ui.Span(w.Duration())),
		kv("components", comps),
		kv("source", w.Source+" "+w.ID),
	}
	if w.URL != "" {
		lines = append(lines, kv("link", w.URL))
	}
	lines = append(lines, "", th.Muted.Render("Uptime is measured outside published windows (seeds 000, 001);"),
		th.Muted.Render("during one, users must get a meaningful message (seed 001)."))
	for i := range lines {
		lines[i] = ui.Fit(lines[i], m.w)
	}
	return strings.Join(lines, "\n")
}

// Summary implements ui.Tab: the active window, else the next one.
func (m *Model) Summary(width int) []string {
	th := m.sh.Theme
	now := m.sh.Now()
	b := m.board()
	if m.set.Len() > 0 && !m.set.Answered() && len(m.all) == 0 {
		return []string{th.Muted.Render("loading…")}
	}
	var out []string
	for _, w := range b.Active {
		out = append(out, ui.Fit(th.Alarm.Render("ACTIVE")+" "+w.Name+" until "+w.End.In(m.cfg.Loc).Format("15:04")+
			th.Muted.Render(" ("+w.End.UTC().Format("15:04Z")+")"), width))
	}
	if len(b.Upcoming) > 0 {
		w := b.Upcoming[0]
		out = append(out, ui.Fit(fmt.Sprintf("next: %s in %s (%s)", w.Name, ui.Span(w.Start.Sub(now)), w.Start.In(m.cfg.Loc).Format("01-02 15:04")), width))
	}
	if len(out) == 0 {
		out = append(out, th.OK.Render("no maintenance active or in the next 14 days"))
	}
	return append(out, m.set.StaleLines(th, width)...)
}
