package incidenttab

import (
	"fmt"
	"strings"
	"time"

	"github.com/opsdeck/opsdeck/models/incident"
	"github.com/opsdeck/opsdeck/models/severity"
	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/listview"
)

// SevText renders a level as "SEV1".."SEV3" in its style, "-" for none (the word carries the level,
// so it reads the same without colour).
func SevText(th *themes.Theme, l severity.Level) string {
	switch l {
	case severity.Sev1:
		return th.Sev1.Render(l.Short())
	case severity.Sev2:
		return th.Sev2.Render(l.Short())
	case severity.Sev3:
		return th.Sev3.Render(l.Short())
	}
	return th.Muted.Render("-")
}

// clockText is the first-update clock in words, overdue in the alarm style.
func clockText(th *themes.Theme, c incident.Clocks, loc *time.Location) string {
	s := c.FirstUpdateText(loc)
	switch {
	case c.Overdue:
		return th.Alarm.Render(s)
	case !c.Applies:
		return th.Muted.Render(s)
	case c.Late > 0:
		return th.Degraded.Render(s)
	}
	return s
}

// rebuild merges every source's last good incidents at the shared clock's now and sets the rows.
func (m *Model) rebuild() {
	th := m.sh.Theme
	now := m.sh.Now()
	lists := make([][]incident.Incident, m.set.Len())
	for i := range lists {
		lists[i] = m.set.State(i).Items
	}
	m.merged = incident.Merge(lists, m.cfg.Mapping, now)
	rows := make([]listview.Row, len(m.merged))
	for i, inc := range m.merged {
		c := inc.Clocks(now)
		declared := inc.Declared.Label
		if declared == "" {
			declared = th.Muted.Render("-")
		}
		rows[i] = listview.Row{
			Key: inc.Key(),
			Cells: []string{inc.Source.Label(), SevText(th, inc.Computed.Level), declared, inc.Title, inc.Status,
				ui.Span(c.Age), clockText(th, c, m.cfg.Loc)},
		}
	}
	if !m.moved {
		m.list.SetRows(nil) // until the user moves, the first row (the most urgent) is selected
	}
	m.list.SetRows(rows)
}

// selected returns the incident under the cursor.
func (m *Model) selected() (incident.Incident, bool) {
	row, ok := m.list.Selected()
	if !ok {
		return incident.Incident{}, false
	}
	for _, inc := range m.merged {
		if inc.Key() == row.Key {
			return inc, true
		}
	}
	return incident.Incident{}, false
}

// notes are the sources' notes (Opsgenie's end of support), one line each.
func (m *Model) notes() []string {
	var out []string
	for _, s := range m.cfg.Sources {
		if s.Note != "" {
			out = append(out, s.Note)
		}
	}
	return out
}

// SetSize implements ui.Tab.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.list.SetSize(w, max(3, h-1-len(m.notes())))
}

// View implements ui.Tab: a status line, the list (or the detail), and the sources' notes.
func (m *Model) View() string {
	if m.detail {
		return m.detailView()
	}
	m.rebuild() // clocks and ages move with the clock
	errs := m.errorLines()
	notes := m.notes()
	m.list.SetSize(m.w, max(3, m.h-1-len(errs)-len(notes)))
	out := ui.Fit(m.statusLine(), m.w)
	for _, e := range errs {
		out += "\n" + ui.Fit(e, m.w)
	}
	m.list.Empty = m.emptyHint()
	out += "\n" + m.list.View()
	for _, n := range notes {
		out += "\n" + ui.Fit(m.sh.Theme.Muted.Render(n), m.w)
	}
	return out
}

// counts says the open incidents by level and how many are overdue.
func (m *Model) counts() string {
	th := m.sh.Theme
	now := m.sh.Now()
	by := incident.CountByLevel(m.merged)
	overdue := 0
	for _, inc := range m.merged {
		if inc.Clocks(now).Overdue {
			overdue++
		}
	}
	var parts []string
	for _, l := range []severity.Level{severity.Sev1, severity.Sev2, severity.Sev3} {
		if by[l] > 0 {
			parts = append(parts, fmt.Sprintf("%d ", by[l])+SevText(th, l))
		}
	}
	if by[severity.None] > 0 {
		parts = append(parts, th.Muted.Render(fmt.Sprintf("%d unrated", by[severity.None])))
	}
	s := fmt.Sprintf("%d open", len(m.merged))
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, ", ")
	}
	if overdue > 0 {
		s += " · " + th.Alarm.Render(fmt.Sprintf("%d FIRST UPDATE OVERDUE", overdue))
	}
	return s
}

// errorLines says, one line per source, which sources failed (their data stays, marked stale with
// its age) and which have not answered yet.
func (m *Model) errorLines() []string { return m.set.ErrorLines(m.sh.Theme, m.sh.Now()) }

// statusLine is the counts and each source's freshness or error.
func (m *Model) statusLine() string {
	th := m.sh.Theme
	now := m.sh.Now()
	line := m.counts()
	if m.set.Quiet() {
		line += "  " + th.Muted.Render("read "+ui.Age(now, m.set.Oldest())+" ago, every "+ui.Interval(m.cfg.Every))
	}
	return line
}

func sourceName(s incident.Source) string {
	switch s {
	case incident.PagerDuty:
		return "PagerDuty"
	case incident.Statuspage:
		return "own status page"
	case incident.Opsgenie:
		return "JSM / Opsgenie"
	case incident.Platform:
		return "platform status page"
	}
	return string(s)
}

// detailLines is the selected incident in full: what, how severe and why, the clocks, the blast
// radius, the components and the updates timeline.
func (m *Model) detailLines(inc incident.Incident) []string {
	th := m.sh.Theme
	now := m.sh.Now()
	loc := m.cfg.Loc
	c := inc.Clocks(now)
	kv := func(k, v string) string { return th.Muted.Render(fmt.Sprintf("%-14s", k)) + v }
	both := func(t time.Time) string {
		layout := "15:04 MST"
		if d := now.Sub(t); d > 20*time.Hour || d < -20*time.Hour {
			layout = "Mon 01-02 15:04 MST"
		}
		if name, off := t.In(loc).Zone(); off == 0 && name == "UTC" {
			return t.UTC().Format(layout) // local time is UTC: once is enough
		}
		return t.In(loc).Format(layout) + th.Muted.Render(" ("+t.UTC().Format("15:04Z")+")")
	}
	width := max(20, m.w-14)
	var lines []string
	head := th.Title.Render(inc.Title) + "  " + SevText(th, inc.Level()) + th.Muted.Render("   esc back · j/k scroll")
	lines = append(lines, head)
	src := sourceName(inc.Source)
	if inc.Number > 0 {
		src += fmt.Sprintf(" #%d", inc.Number)
	}
	src += " · " + inc.ID
	if inc.Service != "" {
		src += " · " + inc.Service
	}
	lines = append(lines, kv("source", src), kv("status", inc.Status))
	if inc.URL != "" {
		lines = append(lines, kv("link", inc.URL))
	}
	declared := inc.Declared.Label
	if declared == "" {
		declared = "-"
	}
	if inc.Declared.Level.Valid() {
		declared += " = " + inc.Declared.Level.String()
	}
	lines = append(lines, kv("declared", declared))
	for i, l := range wrap(inc.Computed.Rule, width) {
		k := ""
		if i == 0 {
			k = "seed 003"
		}
		lines = append(lines, kv(k, l))
	}
	for _, n := range inc.Computed.Notes {
		for _, l := range wrap(n, width) {
			lines = append(lines, kv("", th.Muted.Render(l)))
		}
	}
	lines = append(lines, kv("started", both(inc.Started)+", "+ui.Span(c.Age)+" ago"))
	switch {
	case !c.Applies:
		lines = append(lines, kv("first update", th.Muted.Render(severity.TargetsFor(c.Level).Rule)))
	case c.Overdue:
		lines = append(lines, kv("first update", th.Alarm.Render("OVERDUE "+ui.Span(-c.Left))+
			": due "+both(c.FirstUpdateDue)+", 1h after the start (seed 003)"))
		if !inc.TracksUpdates {
			for _, l := range wrap("no status page incident names this page: post one with metadata {\"pagerduty\": {\"incident_id\": \""+inc.ID+"\"}}", width) {
				lines = append(lines, kv("", th.Muted.Render(l)))
			}
		}
	case c.FirstUpdateAt.IsZero():
		lines = append(lines, kv("first update", "due "+both(c.FirstUpdateDue)+", in "+ui.Span(c.Left)+" (1h after the start, seed 003)"))
	case c.Late > 0:
		lines = append(lines, kv("first update", th.Degraded.Render("sent "+ui.Span(c.Late)+" late")+" at "+both(c.FirstUpdateAt)))
	default:
		lines = append(lines, kv("first update", "sent "+both(c.FirstUpdateAt)+", within 1h of the start (seed 003)"))
	}
	if !c.InvestigateDue.IsZero() {
		switch {
		case !inc.Acknowledged.IsZero() && c.InvestigationLate:
			lines = append(lines, kv("investigation", th.Degraded.Render("acknowledged "+ui.Span(inc.Acknowledged.Sub(inc.Paged))+" after the page, later than 15 minutes")))
		case !inc.Acknowledged.IsZero():
			lines = append(lines, kv("investigation", "acknowledged "+ui.Span(inc.Acknowledged.Sub(inc.Paged))+" after the page (target 15m, seed 003)"))
		case c.InvestigationLate:
			lines = append(lines, kv("investigation", th.Alarm.Render("NOT ACKNOWLEDGED")+" "+ui.Span(now.Sub(inc.Paged))+" after the page (target 15 minutes)"))
		default:
			lines = append(lines, kv("investigation", "not acknowledged yet, due "+both(c.InvestigateDue)))
		}
	}
	if m.reach != nil {
		r, products := incident.BlastRadius(inc, m.reach)
		lines = append(lines, kv("blast radius", fmt.Sprintf("%s tenants: %s paying, %s trial, %s cancelled (%s)",
			severity.Count(r.Total()), severity.Count(r.Paying), severity.Count(r.Trial), severity.Count(r.Cancelled), strings.Join(products, ", "))))
	} else {
		lines = append(lines, kv("blast radius", th.Muted.Render("shown once the Tenants tab has loaded the tenant base")))
	}
	if len(inc.Components) == 0 {
		lines = append(lines, kv("components", th.Muted.Render("none named")))
	}
	for i, comp := range inc.Components {
		k := ""
		if i == 0 {
			k = "components"
		}
		v := comp.Name + "  " + componentStatus(th, comp.Status)
		if comp.Capability != "" {
			v += th.Muted.Render("  = " + comp.Capability + " (" + comp.Tier.String() + ")")
		}
		lines = append(lines, kv(k, v))
	}
	lines = append(lines, "", th.Header.Render("updates, newest first"))
	tl := inc.Timeline()
	if len(tl) == 0 {
		lines = append(lines, th.Muted.Render("  none published"))
	}
	for _, u := range tl {
		at := u.At.In(loc).Format("01-02 15:04")
		via := ""
		if u.Via != "" {
			via = th.Muted.Render(" via " + u.Via)
		}
		lines = append(lines, "  "+at+"  "+th.Focus.Render(u.Status)+via)
		for _, l := range wrap(u.Body, max(20, m.w-6)) {
			lines = append(lines, "      "+l)
		}
	}
	return lines
}

func componentStatus(th *themes.Theme, s string) string {
	switch s {
	case "major_outage", "partial_outage":
		return th.Down.Render(strings.ReplaceAll(s, "_", " "))
	case "degraded_performance":
		return th.Degraded.Render("degraded performance")
	case "under_maintenance":
		return th.Muted.Render("under maintenance")
	case "operational":
		return th.OK.Render("operational")
	}
	return s
}

// detailView draws the detail lines from the scroll position.
func (m *Model) detailView() string {
	inc, ok := m.selected()
	if !ok {
		m.detail = false
		return ""
	}
	lines := m.detailLines(inc)
	m.scroll = max(0, min(m.scroll, len(lines)-m.h))
	lines = lines[m.scroll:]
	if len(lines) > m.h {
		lines = lines[:m.h]
	}
	for i := range lines {
		lines[i] = ui.Fit(lines[i], m.w)
	}
	return strings.Join(lines, "\n")
}

// wrap breaks s into lines of at most width cells at spaces.
func wrap(s string, width int) []string {
	var out []string
	for _, para := range strings.Split(strings.TrimSpace(s), "\n") {
		line := ""
		for _, w := range strings.Fields(para) {
			switch {
			case line == "":
				line = w
			case len([]rune(line))+1+len([]rune(w)) <= width:
				line += " " + w
			default:
				out = append(out, line)
				line = w
			}
		}
		if line != "" {
			out = append(out, line)
		}
	}
	return out
}

// Summary implements ui.Tab: open incidents by severity, then the overdue ones by name.
func (m *Model) Summary(width int) []string {
	th := m.sh.Theme
	now := m.sh.Now()
	if !m.set.Answered() {
		if len(m.cfg.Sources) == 0 {
			return []string{th.Muted.Render("no incident source configured")}
		}
		return []string{th.Muted.Render("loading…")}
	}
	out := []string{ui.Fit(m.counts(), width)}
	for _, inc := range m.merged {
		c := inc.Clocks(now)
		if c.Overdue {
			out = append(out, ui.Fit(th.Alarm.Render("OVERDUE "+ui.Span(-c.Left))+" "+SevText(th, inc.Level())+" "+inc.Source.Label()+" "+inc.Title, width))
		}
	}
	return append(out, m.set.StaleLines(th, width)...)
}

// emptyHint is what the empty list says. It reads the environment when drawn: :env builds the next
// environment's tabs before it sets the shared environment.
func (m *Model) emptyHint() string {
	if len(m.cfg.Sources) == 0 {
		return "no incident source configured: add [env." + m.sh.Env + ".pagerduty], .statuspage, .opsgenie or .platform"
	}
	return "no open incidents"
}
