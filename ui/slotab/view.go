package slotab

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/opsdeck/opsdeck/models/slo"
	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/listview"
)

// wideFrom is the width from which the list shows a longer sparkline and the outlook column.
const wideFrom = 120

// Column widths that the row cells are drawn for.
const (
	narrowBar, wideBar     = 5, 10
	narrowSpark, wideSpark = 12, 24
)

func (m *Model) newList() *listview.Model {
	cols := []listview.Column{
		{Title: "STATE", Width: 7}, {Title: "SLO", Width: 14, Flex: true}, {Title: "TARGET", Width: 6, Right: true},
		{Title: "28D", Width: 8, Right: true}, {Title: "BUDGET", Width: narrowBar + 6}, {Title: "1H", Width: 6, Right: true},
		{Title: "24H", Width: narrowSpark},
	}
	if m.wide {
		cols[1] = listview.Column{Title: "SLO", Width: 24}
		cols[4].Width = wideBar + 6
		cols[6].Width = wideSpark
		cols = append(cols, listview.Column{Title: "OUTLOOK", Width: 19, Flex: true})
	}
	l := listview.New(m.keys.Nav, m.sh.Theme, cols)
	l.Empty = "no SLOs configured: add [[env." + m.sh.Env + ".slo]] entries (see docs/slo.md)"
	return l
}

// SetSize implements ui.Tab. The list is rebuilt, cursor kept, when the width crosses wideFrom.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	if wide := w >= wideFrom; wide != m.wide {
		sel, had := m.list.Selected()
		m.wide = wide
		m.list = m.newList()
		m.rebuild()
		if had {
			for i := 0; i < len(m.entries); i++ {
				if r, ok := m.list.Selected(); !ok || r.Key == sel.Key {
					break
				}
				m.list.Update(keyDown(m.keys.Nav))
			}
		}
	}
	m.list.SetSize(w, m.listHeight())
}

// previewFrom is the room below the list from which the selected SLO's chart is shown under it.
const previewFrom = 9

// listHeight is the list's height: all the room, or just enough for its rows when the room left
// below is worth a preview of the selected SLO.
func (m *Model) listHeight() int {
	all := max(3, m.h-1)
	need := len(m.entries) + 2 // header, rows, count line
	if all-need >= previewFrom {
		return need
	}
	return all
}

// sortEntries orders measured SLOs worst first (slo.Sort), then the ones never measured.
func (m *Model) sortEntries() {
	var measured []slo.Report
	var rest []int
	for i, e := range m.entries {
		if e.ok {
			measured = append(measured, e.report)
		} else {
			rest = append(rest, i)
		}
	}
	slo.Sort(measured)
	m.order = m.order[:0]
	for _, r := range measured {
		m.order = append(m.order, m.index(r.SLO.Name))
	}
	sort.SliceStable(rest, func(a, b int) bool { return m.entries[rest[a]].err != nil && m.entries[rest[b]].err == nil })
	m.order = append(m.order, rest...)
}

// rebuild turns the entries into list rows.
func (m *Model) rebuild() {
	th := m.sh.Theme
	bar, spark := narrowBar, narrowSpark
	if m.wide {
		bar, spark = wideBar, wideSpark
	}
	rows := make([]listview.Row, 0, len(m.order))
	for _, i := range m.order {
		e := m.entries[i]
		cells := []string{"", e.slo.Name, Target(e.slo.Objective), "", "", "", ""}
		switch {
		case !e.ok && e.err != nil:
			cells[0] = th.Down.Render("ERROR")
			cells[3] = "-"
			// Clipped to the column; the preview and the detail view have it whole.
			if m.wide {
				cells = append(cells, th.Down.Render(e.err.Error()))
			} else {
				cells[6] = th.Down.Render(e.err.Error())
			}
		case !e.ok:
			cells[0] = th.Muted.Render("…")
		default:
			r := e.report
			b := r.Effective()
			cells[0] = StateText(th, r.State)
			cells[3] = Compliance(r)
			cells[4] = BudgetCell(th, b, bar)
			cells[5] = Rate(burnOf(r, slo.ExhaustionWindow))
			cells[6] = Sparkline(r.Day, r.SLO.Objective, spark)
			if m.wide {
				cells = append(cells, Outlook(r))
			}
		}
		rows = append(rows, listview.Row{Key: e.slo.Name, Cells: cells})
	}
	m.list.SetRows(rows)
}

// View implements ui.Tab: a status line, then the list or the selected SLO's detail.
func (m *Model) View() string {
	if m.detail {
		if e, ok := m.selected(); ok {
			return m.detailView(e)
		}
		m.detail = false
	}
	out := ui.Fit(m.statusLine(), m.w) + "\n" + m.list.View()
	if room := m.h - 1 - m.listHeight(); room >= previewFrom {
		if e, ok := m.selected(); ok && e.ok {
			out += "\n" + m.preview(e, room)
		} else if ok && e.err != nil {
			out += "\n\n" + ui.Fit(m.sh.Theme.Title.Render(e.slo.Name)+"  "+m.sh.Theme.Error.Render(e.err.Error()), m.w)
		}
	}
	return out
}

// preview is the selected SLO's budget and chart, under the list when there is room.
func (m *Model) preview(e entry, room int) string {
	th := m.sh.Theme
	r := e.report
	kv := func(k, v string) string { return th.Muted.Render(fmt.Sprintf("%-9s", k)) + v }
	var lines []string
	for _, l := range []string{"", th.Title.Render(r.SLO.Name) + "  " + StateText(th, r.State) + "  " + th.Muted.Render("enter for details"),
		m.budgetLine(r, kv), kv("outlook", outlookLong(r))} {
		lines = append(lines, wrapStyled(l, m.w)...)
	}
	lines = append(lines, m.chart(r, min(10, room-len(lines)-2))...)
	for i := range lines {
		lines[i] = ui.Fit(lines[i], m.w)
	}
	return strings.Join(lines[:min(len(lines), room)], "\n")
}

// statusLine counts the burn states and says how fresh the data is, with the error when the last
// round failed.
func (m *Model) statusLine() string {
	th := m.sh.Theme
	now := m.sh.Now()
	counts, excluded := m.counts()
	every := ", every " + ui.Interval(m.cfg.Every)
	if m.w < 100 {
		every = ""
	}
	fresh := th.Muted.Render("measured " + ui.Age(now, m.at) + " ago" + every)
	if m.at.IsZero() {
		fresh = th.Muted.Render("first measurement in flight…")
	}
	if m.busy && !m.at.IsZero() {
		fresh += th.Muted.Render(" · measuring…")
	}
	line := counts + "  " + fresh
	if excluded {
		line += th.Muted.Render(" · * excl. maintenance")
	}
	if m.err != nil {
		line = th.Stale.Render("STALE ("+ui.Age(now, m.at)+" old): ") + th.Error.Render(m.err.Error()) + "  " + line
	}
	return line
}

// counts counts the SLOs by burn state, and says whether any figure excludes maintenance.
func (m *Model) counts() (string, bool) {
	th := m.sh.Theme
	count := map[slo.Severity]int{}
	excluded, errs := false, 0
	for _, e := range m.entries {
		if e.ok {
			count[e.report.State]++
			excluded = excluded || e.report.Excluded != nil
		}
		if e.err != nil {
			errs++
		}
	}
	parts := []string{fmt.Sprintf("%d SLOs:", len(m.entries))}
	if n := count[slo.Page]; n > 0 {
		parts = append(parts, th.Alarm.Render(fmt.Sprintf("%d PAGE", n)))
	}
	if n := count[slo.Ticket]; n > 0 {
		parts = append(parts, th.Degraded.Render(fmt.Sprintf("%d TICKET", n)))
	}
	parts = append(parts, th.OK.Render(fmt.Sprintf("%d OK", count[slo.OK])))
	if n := count[slo.NoData]; n > 0 {
		parts = append(parts, th.Muted.Render(fmt.Sprintf("%d NO DATA", n)))
	}
	if errs > 0 && m.err == nil {
		parts = append(parts, th.Down.Render(fmt.Sprintf("%d ERROR", errs)))
	}
	return strings.Join(parts, " "), excluded
}

// Summary implements ui.Tab: the counts and the worst SLO, for the Overview tab.
func (m *Model) Summary(width int) []string {
	th := m.sh.Theme
	if len(m.entries) == 0 {
		return []string{th.Muted.Render("no SLOs configured")}
	}
	if m.at.IsZero() && m.err == nil {
		return []string{th.Muted.Render("measuring…")}
	}
	counts, _ := m.counts()
	first := counts + th.Muted.Render("  measured "+ui.Age(m.sh.Now(), m.at)+" ago")
	if m.err != nil {
		first = th.Stale.Render("STALE: ") + th.Error.Render(m.err.Error()) + "  " + counts
	}
	out := []string{ui.Fit(first, width)}
	for _, i := range m.order {
		e := m.entries[i]
		if !e.ok {
			continue
		}
		r := e.report
		b := r.Effective()
		line := "worst: " + StateText(th, r.State) + " " + r.SLO.Name + " " + budgetPct(th, b) + " left, 1h burn " +
			Rate(burnOf(r, slo.ExhaustionWindow))
		if o := Outlook(r); o != "" {
			line += ", " + o
		}
		out = append(out, ui.Fit(line, width))
		break
	}
	return out
}

// StateText renders a burn state as its word in its style (never colour alone).
func StateText(th *themes.Theme, s slo.Severity) string {
	switch s {
	case slo.Page:
		return th.Alarm.Render(s.String())
	case slo.Ticket:
		return th.Degraded.Render(s.String())
	case slo.OK:
		return th.OK.Render(s.String())
	}
	return th.Muted.Render(s.String())
}

// Target formats an objective with the decimals it needs: 99.9%, 99%, 99.95%.
func Target(objective float64) string {
	return strconv.FormatFloat(math.Round(objective*1e6)/1e4, 'f', -1, 64) + "%"
}

// Compliance formats the effective SLI over the window, "*" when maintenance was taken out.
func Compliance(r slo.Report) string {
	if r.Excluded != nil {
		return sli(r.Excluded.Compliance.Value) + "*"
	}
	return sli(r.Compliance.Value)
}

// sli formats an SLI with three decimals, "100%" when nothing failed.
func sli(v float64) string {
	if v == 1 || (v > 0.9999995 && v <= 1) {
		return "100%"
	}
	return ui.Percent(v, 3)
}

// BudgetCell draws the remaining budget as a bar of width cells and a percentage.
func BudgetCell(th *themes.Theme, b slo.Budget, width int) string {
	return ui.Bar(b.Remaining, width) + " " + ui.FitRight(budgetPct(th, b), 5)
}

func budgetPct(th *themes.Theme, b slo.Budget) string {
	s := fmt.Sprintf("%.0f%%", b.Remaining*100)
	if b.Remaining > -0.005 && b.Remaining < 0 {
		s = "0%"
	}
	if b.Exhausted {
		return th.Down.Render(s)
	}
	return s
}

// Rate formats a burn rate: 0.20x, 13.4x, 240x; "-" without traffic.
func Rate(r float64) string {
	switch {
	case math.IsNaN(r) || math.IsInf(r, 0):
		return "-"
	case r < 10:
		return fmt.Sprintf("%.2fx", r)
	case r < 100:
		return fmt.Sprintf("%.1fx", r)
	}
	return fmt.Sprintf("%.0fx", r)
}

func burnOf(r slo.Report, w time.Duration) float64 {
	for _, b := range r.Burns {
		if b.Window == w {
			return b.Rate
		}
	}
	return math.NaN()
}

// Outlook says where the budget is heading: when it runs out at the current burn, or when it comes
// back as old errors age out.
func Outlook(r slo.Report) string {
	e := r.Exhaustion
	switch {
	case e.Already:
		for _, rc := range r.Recovery {
			if rc.Target == 0 && !rc.Never && !rc.Already {
				return "spent; back in " + ui.Span(rc.At.Sub(r.At))
			}
		}
		return "spent"
	case e.Never:
		return ""
	case e.In < r.SLO.EffectiveWindow():
		return "empty in " + ui.Span(e.In)
	}
	return ""
}
