package slotab

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/opsdeck/opsdeck/models/slo"
	"github.com/opsdeck/opsdeck/ui"
)

// chartRows is the least height of the 28-day chart in the detail view.
const chartRows = 4

// detailView shows one SLO with every number's inputs: events, objective, window, the chart of the
// budget over the window, the burn-rate rules, the PromQL and the runbook. It scrolls with up/down.
func (m *Model) detailView(e entry) string {
	th := m.sh.Theme
	s := e.slo
	win := s.EffectiveWindow()
	kv := func(k, v string) string { return th.Muted.Render(fmt.Sprintf("%-9s", k)) + v }
	head := th.Title.Render(s.Name) + "  "
	if e.ok {
		head += StateText(th, e.report.State) + "  "
	}
	head += "target " + Target(s.Objective) + " over " + slo.Duration(win) + th.Muted.Render("   esc back · ↑/↓ scroll")
	lines := []string{head}
	if e.err != nil {
		stale := "no measurement yet: "
		if e.ok {
			stale = "STALE (" + ui.Age(m.sh.Now(), e.at) + " old): "
		}
		lines = append(lines, th.Stale.Render(stale)+th.Error.Render(e.err.Error()))
	}
	for _, w := range e.warnings {
		lines = append(lines, th.Degraded.Render("server warning: ")+w)
	}
	// The chart and the PromQL come first: at 80x24 they fit without scrolling.
	if e.ok {
		lines = append(lines, m.numbers(e.report, kv)...)
		// The chart grows with the room left by the ~22 other lines.
		lines = append(lines, m.chart(e.report, max(chartRows, min(12, m.h-22)))...)
	}
	lines = append(lines, m.promql(s, kv)...)
	if e.ok {
		lines = append(lines, m.rules(e.report, kv)...)
	}
	lines = append(lines, m.quantileQueries(s, kv)...)
	if s.Runbook != "" {
		lines = append(lines, kv("runbook", s.Runbook)+th.Muted.Render("  (y copies)"))
	} else {
		lines = append(lines, kv("runbook", th.Muted.Render("none: set runbook = \"https://...\" on this SLO")))
	}
	if s.Description != "" {
		lines = append(lines, kv("about", s.Description))
	}
	var wrapped []string
	for _, l := range lines {
		wrapped = append(wrapped, wrapStyled(l, m.w)...)
	}
	lines = wrapped
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

// numbers are the SLI, the budget and the outlook, each with its inputs.
func (m *Model) numbers(r slo.Report, kv func(k, v string) string) []string {
	th := m.sh.Theme
	c := r.Compliance
	lines := []string{kv("SLI", ui.Percent(c.Value, 3)+" raw = "+Count(c.Good)+" good / "+Count(c.Total)+" events since "+
		c.WindowStart.UTC().Format("01-02 15:04 UTC"))}
	if x := r.Excluded; x != nil {
		n := len(x.Intervals)
		what := fmt.Sprintf("%d maintenance window", n)
		if n != 1 {
			what += "s"
		}
		note := ""
		if x.Estimated > 0 {
			note = fmt.Sprintf(", %d estimated from buckets", x.Estimated)
		}
		lines = append(lines, kv("", ui.Percent(x.Compliance.Value, 3)+"* outside "+what+" ("+ui.Span(x.Duration)+", "+
			Count(x.Removed.Total)+" events out"+note+")"))
	}
	lines = append(lines, m.budgetLine(r, kv), kv("outlook", outlookLong(r)))
	if len(r.Quantiles) > 0 {
		var qs []string
		for _, q := range r.Quantiles {
			qs = append(qs, q.Label()+" "+seconds(q.Value))
		}
		lines = append(lines, kv("latency", strings.Join(qs, " · ")+th.Muted.Render(" over the last "+slo.Duration(r.Quantiles[0].Window))))
	}
	return lines
}

// budgetLine is the effective budget with its inputs, and the raw one when maintenance was taken out.
func (m *Model) budgetLine(r slo.Report, kv func(k, v string) string) string {
	th := m.sh.Theme
	b := r.Effective()
	budget := fmt.Sprintf("%s left = %.1f of %.1f min outage; %s bad events of %s allowed", budgetPct(th, b),
		b.RemainingMinutes, b.TotalMinutes, Count(b.Spent), Count(b.Allowed))
	if raw := strings.TrimSpace(budgetPct(th, r.Budget)); r.Excluded != nil && raw != strings.TrimSpace(budgetPct(th, b)) {
		budget += th.Muted.Render(" (raw: " + raw + " left)")
	}
	if b.NoTraffic {
		budget = "untouched: no events in the window"
	}
	return kv("budget", budget)
}

// outlookLong says when the budget runs out at the current burn and when it recovers if no new
// errors come.
func outlookLong(r slo.Report) string {
	e := r.Exhaustion
	var parts []string
	switch {
	case e.Already:
		parts = append(parts, "budget spent")
	case e.Never:
		parts = append(parts, "not burning over the last "+slo.Duration(e.Window))
	default:
		parts = append(parts, fmt.Sprintf("at the %s burn (%s) gone in %s (%s)", slo.Duration(e.Window), Rate(e.Burn),
			ui.Span(e.In), e.At.UTC().Format("01-02 15:04 UTC")))
	}
	var rec []string
	for _, rc := range r.Recovery {
		t := fmt.Sprintf("≥%.0f%%", rc.Target*100)
		switch {
		case rc.Already:
		case rc.Never:
			rec = append(rec, t+" never")
		default:
			rec = append(rec, t+" in "+ui.Span(rc.At.Sub(r.At)))
		}
	}
	if len(rec) > 0 {
		parts = append(parts, "as old errors age out, with no new ones: "+strings.Join(rec, ", "))
	}
	return strings.Join(parts, "; ")
}

// chart draws the budget remaining through the window: it drops where errors were counted.
func (m *Model) chart(r slo.Report, rows int) []string {
	th := m.sh.Theme
	pts := r.SLO.BurnDown(r.Compliance, r.Series)
	if len(pts) == 0 {
		return nil
	}
	const label = 6
	width := max(10, m.w-label)
	vals := downsample(pts, width)
	lo := 0.0
	for _, v := range vals {
		lo = math.Min(lo, v)
	}
	step := ""
	if n := len(r.Series); n > 0 {
		step = ", " + slo.Duration(r.Series[0].Step) + " buckets"
	}
	lines := []string{th.Header.Render("budget remaining (raw) over " + slo.Duration(r.SLO.EffectiveWindow()) + step)}
	rows = max(2, rows)
	for i, row := range Chart(vals, rows, lo, 1) {
		y := ""
		switch i {
		case 0:
			y = "100%"
		case rows - 1:
			y = fmt.Sprintf("%.0f%%", lo*100)
		}
		lines = append(lines, th.Muted.Render(ui.FitRight(y, label-1)+" ")+row)
	}
	left := pts[0].T.Add(-r.Series[0].Step).UTC().Format("01-02")
	axis := strings.Repeat(" ", label) + left
	lines = append(lines, th.Muted.Render(axis+ui.FitRight("now", len(vals)-len(left))))
	return lines
}

// rules lists the burn rates and the multi-window alert rules evaluated.
func (m *Model) rules(r slo.Report, kv func(k, v string) string) []string {
	th := m.sh.Theme
	var burns []string
	for _, b := range r.Burns {
		burns = append(burns, slo.Duration(b.Window)+" "+Rate(b.Rate))
	}
	lines := []string{kv("burn", strings.Join(burns, "  "))}
	lines = append(lines, th.Header.Render(fmt.Sprintf("%-7s %-16s %7s %7s %8s  %s", "RULE", "WINDOWS", "LONG", "SHORT", "THRESH", "")))
	for _, a := range r.Alerts {
		state := th.Muted.Render("-")
		switch {
		case a.Firing:
			state = StateText(th, a.Severity) + " firing"
		case a.NoData:
			state = th.Muted.Render("no data")
		}
		lines = append(lines, fmt.Sprintf("%-7s %-16s %7s %7s %8s  %s", a.Severity, slo.Duration(a.Long)+" and "+slo.Duration(a.Short),
			Rate(a.LongBurn), Rate(a.ShortBurn), strconv.FormatFloat(math.Round(a.Threshold*100)/100, 'f', -1, 64)+"x", state))
	}
	lines = append(lines, kv("", th.Muted.Render(slo.ThresholdLabel)))
	return lines
}

// promql shows the queries that measure the SLO.
func (m *Model) promql(s slo.SLO, kv func(k, v string) string) []string {
	w := s.EffectiveWindow()
	var lines []string
	add := func(k, _, q string) {
		for _, l := range wrap(q, m.w-9) {
			lines = append(lines, kv(k, l))
			k = ""
		}
	}
	lines = append(lines, m.sh.Theme.Header.Render("PromQL over the window"))
	add("good", "", s.SLI.Good(w))
	add("total", "", s.SLI.Total(w))
	return lines
}

// quantileQueries shows the latency quantile queries and how burn rates are measured.
func (m *Model) quantileQueries(s slo.SLO, kv func(k, v string) string) []string {
	lines := []string{kv("", m.sh.Theme.Muted.Render("burn rates: good and total over 5m, 30m, 1h, 2h, 6h, 1d, 3d; error ratio / "+
		strconv.FormatFloat(s.BudgetRatio(), 'f', -1, 64)))}
	for _, q := range s.SLI.QuantileQueries() {
		for i, l := range wrap(q.Query, m.w-15) {
			k := ""
			if i == 0 {
				k = q.Label()
			}
			lines = append(lines, kv("", fmt.Sprintf("%-6s", k)+l))
		}
	}
	return lines
}

// wrapStyled breaks a line that may hold styles into lines of at most width cells, at the last space
// that fits when there is one, continuing under the 9-cell key column.
func wrapStyled(s string, width int) []string {
	if width < 20 {
		return []string{s}
	}
	var out []string
	for lipgloss.Width(s) > width {
		cut, skip := width, 0
		if i := strings.LastIndexByte(ansi.Truncate(ansi.Strip(s), width+1, ""), ' '); i > 9 {
			cut, skip = lipgloss.Width(ansi.Strip(s)[:i]), 1 // break at the space, drop it
		}
		out = append(out, ansi.Truncate(s, cut, ""))
		s = strings.Repeat(" ", 9) + ansi.TruncateLeft(s, cut+skip, "")
	}
	return append(out, s)
}

// Count formats an event count with thousands separators; counts from increase() are rounded.
func Count(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	neg := v < 0
	s := strconv.FormatInt(int64(math.Round(math.Abs(v))), 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func seconds(v float64) string {
	switch {
	case math.IsNaN(v):
		return "n/a (no traffic)"
	case math.IsInf(v, 1):
		return "above the last bucket"
	}
	return ui.Millis(time.Duration(v * float64(time.Second)))
}
