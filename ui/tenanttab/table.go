package tenanttab

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/opsdeck/opsdeck/models/license"
	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui"
)

// colSpec is how a column is laid out: its width range and how early it is dropped when the
// terminal is narrow (lower prio stays longer).
type colSpec struct {
	col      license.Column
	min, max int
	prio     int
}

// specs are the table's columns in display order.
var specs = []colSpec{
	{license.ColHost, 16, 40, 0},
	{license.ColCloudID, 9, 36, 8},
	{license.ColProduct, 10, 10, 5},
	{license.ColType, 11, 12, 4},
	{license.ColState, 9, 9, 1},
	{license.ColDays, 13, 13, 2},
	{license.ColTier, 9, 24, 7},
	{license.ColSince, 10, 10, 6},
	{license.ColAnomaly, 13, 30, 3},
}

// layout is the columns shown at one width and their widths.
type layout struct {
	cols   []license.Column
	widths []int
	width  int
}

// newLayout fits the columns to width: the least important ones go first, then the room left is
// shared out (site, cloud id, anomaly, tier, then the site again).
func newLayout(width int) layout {
	keep := make([]bool, len(specs))
	for i := range keep {
		keep[i] = true
	}
	used := func() int {
		n := 2 // the cursor marker
		for i, s := range specs {
			if keep[i] {
				n += s.min + 1
			}
		}
		return n - 1
	}
	for used() > width {
		drop, worst := -1, -1
		for i, s := range specs {
			if keep[i] && s.prio > worst && s.prio > 0 {
				drop, worst = i, s.prio
			}
		}
		if drop < 0 {
			break
		}
		keep[drop] = false
	}
	w := make([]int, len(specs))
	for i, s := range specs {
		w[i] = s.min
	}
	extra := width - used()
	grow := func(c license.Column, upto int) {
		for i, s := range specs {
			if s.col == c && keep[i] && extra > 0 {
				add := min(extra, max(0, upto-w[i]))
				w[i] += add
				extra -= add
			}
		}
	}
	grow(license.ColHost, 30)
	grow(license.ColCloudID, 36)
	grow(license.ColAnomaly, 24)
	grow(license.ColTier, 24)
	grow(license.ColHost, 40)
	grow(license.ColAnomaly, 40)
	grow(license.ColHost, 1<<30)
	l := layout{width: width}
	for i, s := range specs {
		if keep[i] {
			l.cols = append(l.cols, s.col)
			l.widths = append(l.widths, w[i])
		}
	}
	return l
}

// paint applies a style by wrapping text in the escape sequences the style renders around one
// character: a few string concatenations per cell instead of a full lipgloss Render, which is what
// keeps a 200x50 frame well under a millisecond. Styles with padding or width fall back to Render.
type paint struct {
	pre, suf string
	st       lipgloss.Style
	slow     bool
}

func newPaint(st lipgloss.Style) paint {
	const mark = "\x1a"
	r := st.Render(mark)
	i := strings.Index(r, mark)
	if i < 0 || strings.Count(r, mark) != 1 || ansi.Strip(r) != mark {
		return paint{st: st, slow: true}
	}
	return paint{pre: r[:i], suf: r[i+len(mark):]}
}

func (p paint) on(s string) string {
	if p.slow {
		return p.st.Render(s)
	}
	return p.pre + s + p.suf
}

// paints are the theme's styles as paints; rebuilt when the theme changes.
type paints struct {
	theme                                           themes.Theme
	ok, warn, down, muted, text, sel, header, focus paint
}

func newPaints(th themes.Theme) paints {
	return paints{theme: th, ok: newPaint(th.OK), warn: newPaint(th.Degraded), down: newPaint(th.Down),
		muted: newPaint(th.Muted), text: newPaint(th.Text), sel: newPaint(th.Selected), header: newPaint(th.Header),
		focus: newPaint(th.Focus)}
}

// fit pads or cuts plain text to w cells, with "…" when cut. Text of one-cell runes (ASCII, Latin,
// punctuation, arrows: everything opsdeck writes itself) takes a fast path that counts runes;
// anything else goes through the grapheme-aware ui.Fit.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	n, simple := 0, true
	for _, r := range s {
		if r < 0x20 || r >= 0x300 && (r < 0x2000 || r > 0x2bff) {
			simple = false
			break
		}
		n++
	}
	if !simple {
		return ui.Fit(ansi.Strip(s), w)
	}
	if n <= w {
		return s + spaces(w-n)
	}
	// cut after w-1 runes
	k := 0
	for i := range s {
		if k == w-1 {
			return s[:i] + "…"
		}
		k++
	}
	return s
}

const blanks = "                                                                                                    "

func spaces(n int) string {
	if n <= len(blanks) {
		return blanks[:n]
	}
	return strings.Repeat(" ", n)
}

// cellText is the text a cell shows: the model's cell, with long tiers and several anomalies made
// to fit ("593 Users", "unlicensed+2").
func cellText(t *license.Tenant, c license.Column, w int) string {
	s := t.Cell(c)
	switch c {
	case license.ColHost:
		// Every cloud site lives under .atlassian.net: show the part that tells them apart (the
		// detail view and the filter have the whole host).
		s = strings.TrimSuffix(s, ".atlassian.net")
	case license.ColTier:
		if in, ok := strings.CutPrefix(s, "Per Unit Pricing ("); ok {
			s = strings.TrimSuffix(in, ")")
		}
	case license.ColAnomaly:
		if len(s) > w {
			words := t.Anomalies.Words()
			s = words[0] + "+" + strconv.Itoa(len(words)-1)
		}
	}
	return s
}

// cellPaint chooses a cell's style: states and deadlines that need action stand out, always with
// their word (never colour alone).
func (p *paints) cell(t *license.Tenant, c license.Column) *paint {
	switch c {
	case license.ColState:
		switch t.Life.State {
		case license.StateActive:
			return &p.ok
		case license.StateTrial:
			return &p.focus
		case license.StateCancelled:
			return &p.warn
		case license.StateExpired, license.StateNone:
			return &p.muted
		}
		return &p.down
	case license.ColDays:
		if t.Life.TrialEndingSoon() || t.Life.RemovalDue() {
			return &p.warn
		}
	case license.ColAnomaly:
		if t.Anomalies&(license.AnomalyUnlicensed|license.AnomalyDuplicate) != 0 {
			return &p.down
		}
		if t.Anomalies != 0 {
			return &p.warn
		}
	}
	return nil
}

// renderRow draws one table row at l's widths; selected rows are drawn plain in the Selected style
// with a "> " marker, so the selection shows without colour too.
func renderRow(t *license.Tenant, l *layout, p *paints, selected bool) string {
	var b strings.Builder
	b.Grow(l.width + 64)
	if selected {
		b.WriteString("> ")
	} else {
		b.WriteString("  ")
	}
	for i, c := range l.cols {
		if i > 0 {
			b.WriteByte(' ')
		}
		txt := fit(cellText(t, c, l.widths[i]), l.widths[i])
		if !selected {
			if pt := p.cell(t, c); pt != nil {
				txt = pt.on(txt)
			}
		}
		b.WriteString(txt)
	}
	if n := l.width - (2 + sum(l.widths) + len(l.widths) - 1); n > 0 {
		b.WriteString(spaces(n))
	}
	if selected {
		return p.sel.on(b.String())
	}
	return b.String()
}

func sum(ws []int) int {
	n := 0
	for _, w := range ws {
		n += w
	}
	return n
}

// headerRow draws the column titles, the sort column marked with an arrow.
func headerRow(l *layout, p *paints, sortCol license.Column, desc bool) string {
	var b strings.Builder
	b.WriteString("  ")
	for i, c := range l.cols {
		if i > 0 {
			b.WriteByte(' ')
		}
		title := c.Title()
		if c == sortCol {
			if desc {
				title += "↓"
			} else {
				title += "↑"
			}
		}
		b.WriteString(fit(title, l.widths[i]))
	}
	return p.header.on(fit(b.String(), l.width))
}

// rowCache keeps rendered rows for one layout and theme: moving the cursor redraws the two rows
// whose selection changed and the one scrolled in, not the page.
type rowCache struct {
	rows map[int32]string
}

func (c *rowCache) reset() { c.rows = make(map[int32]string, 256) }

func (c *rowCache) get(id int32, build func() string) string {
	if s, ok := c.rows[id]; ok {
		return s
	}
	if len(c.rows) > 8192 { // a long scroll: start over rather than grow without bound
		c.reset()
	}
	s := build()
	c.rows[id] = s
	return s
}
