// Package listview is the scrolling, filterable table most tabs are made of. It draws only the rows
// that fit, keeps the cursor on the same row (by key) across refreshes, and filters on any column.
package listview

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/keys"
)

// Column is one column. Flex columns share the width left after the fixed ones.
type Column struct {
	Title string
	Width int  // fixed width, or the minimum for a Flex column
	Flex  bool // takes a share of the remaining width
	Max   int  // a Flex column grows no wider than this (0: no limit)
	Right bool // right-aligned (numbers)
}

// Row is one row. Cells may hold styles; Search is matched by the filter (lower-cased plain text of
// every column; built from the cells when empty).
type Row struct {
	Key    string
	Cells  []string
	Search string
}

// Model is a list. Its methods change it in place.
type Model struct {
	Nav     keys.Nav
	theme   *themes.Theme
	cols    []Column
	rows    []Row
	visible []int // indexes into rows that match the filter
	cursor  int   // index into visible
	offset  int   // first visible row drawn
	width   int
	height  int
	input   textinput.Model
	editing bool
	query   string
	Empty   string // shown when there are no rows at all
}

// New returns an empty list.
func New(nav keys.Nav, theme *themes.Theme, cols []Column) *Model {
	in := textinput.New()
	in.Prompt = "/"
	in.Placeholder = "filter on any column"
	st := textinput.DefaultStyles(true)
	st.Cursor.Blink = false
	in.SetStyles(st)
	return &Model{Nav: nav, theme: theme, cols: cols, input: in, Empty: "nothing to show"}
}

// SetSize sets the list's size, the header and the filter line included.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.input.SetWidth(max(10, w-4))
	m.clamp()
}

// SetRows replaces the rows, keeping the cursor on the row with the same key when it is still there.
func (m *Model) SetRows(rows []Row) {
	sel, had := m.Selected()
	for i := range rows {
		if rows[i].Search == "" {
			rows[i].Search = searchText(rows[i].Cells)
		}
	}
	m.rows = rows
	m.refilter()
	if had {
		for i, idx := range m.visible {
			if m.rows[idx].Key == sel.Key {
				m.cursor = i
				break
			}
		}
	}
	m.clamp()
}

func searchText(cells []string) string {
	var b strings.Builder
	for _, c := range cells {
		b.WriteString(strings.ToLower(stripANSI(c)))
		b.WriteByte('\t')
	}
	return b.String()
}

// Rows returns the rows as set.
func (m *Model) Rows() []Row { return m.rows }

// Selected returns the row under the cursor.
func (m *Model) Selected() (Row, bool) {
	if m.cursor < 0 || m.cursor >= len(m.visible) {
		return Row{}, false
	}
	return m.rows[m.visible[m.cursor]], true
}

// Editing reports whether the filter input has focus.
func (m *Model) Editing() bool { return m.editing }

// Query returns the active filter.
func (m *Model) Query() string { return m.query }

// Len is the number of rows matching the filter.
func (m *Model) Len() int { return len(m.visible) }

func (m *Model) refilter() {
	m.visible = m.visible[:0]
	q := strings.ToLower(strings.TrimSpace(m.query))
	for i, r := range m.rows {
		if q == "" || strings.Contains(r.Search, q) {
			m.visible = append(m.visible, i)
		}
	}
}

func (m *Model) pageRows() int { return max(1, m.height-2) } // header and filter/count line

func (m *Model) clamp() {
	n := len(m.visible)
	m.cursor = max(0, min(m.cursor, n-1))
	p := m.pageRows()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+p {
		m.offset = m.cursor - p + 1
	}
	m.offset = max(0, min(m.offset, n-p))
}

// Update handles a key. It reports whether the key was the list's.
func (m *Model) Update(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	if m.editing {
		switch msg.String() {
		case "enter":
			m.editing = false
			m.input.Blur()
			return true, nil
		case "esc":
			m.editing = false
			m.input.Blur()
			m.input.SetValue("")
			m.query = ""
			m.refilter()
			m.clamp()
			return true, nil
		}
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		if v := m.input.Value(); v != m.query {
			m.query = v
			m.refilter()
			m.cursor = 0
			m.clamp()
		}
		return true, cmd
	}
	switch {
	case key.Matches(msg, m.Nav.Down):
		m.cursor++
	case key.Matches(msg, m.Nav.Up):
		m.cursor--
	case key.Matches(msg, m.Nav.PageDown):
		m.cursor += m.pageRows()
	case key.Matches(msg, m.Nav.PageUp):
		m.cursor -= m.pageRows()
	case key.Matches(msg, m.Nav.Top):
		m.cursor = 0
	case key.Matches(msg, m.Nav.Bottom):
		m.cursor = len(m.visible) - 1
	case key.Matches(msg, m.Nav.Filter):
		m.editing = true
		m.input.SetValue(m.query)
		m.input.CursorEnd()
		return true, m.input.Focus()
	case key.Matches(msg, m.Nav.Back) && m.query != "":
		m.query = ""
		m.input.SetValue("")
		m.refilter()
	default:
		return false, nil
	}
	m.clamp()
	return true, nil
}

// widths computes each column's width for the list's width (one space between columns and two for
// the cursor marker).
func (m *Model) widths() []int {
	ws := make([]int, len(m.cols))
	used, flex := 2, 0
	for i, c := range m.cols {
		ws[i] = c.Width
		used += c.Width + 1
		if c.Flex {
			flex++
		}
	}
	// Share the rest among flex columns; a column that reaches its Max gives the rest back.
	extra := m.width - used
	for extra > 0 && flex > 0 {
		share, given := max(1, extra/flex), 0
		grown := 0
		for i, c := range m.cols {
			if !c.Flex || (c.Max > 0 && ws[i] >= c.Max) || given >= extra {
				continue
			}
			add := min(share, extra-given)
			if c.Max > 0 {
				add = min(add, c.Max-ws[i])
			}
			ws[i] += add
			given += add
			if c.Max == 0 || ws[i] < c.Max {
				grown++
			}
		}
		extra -= given
		if given == 0 {
			break
		}
		flex = grown
	}
	return ws
}

// View draws the header, the visible rows and the filter or count line.
func (m *Model) View() string {
	th := m.theme
	ws := m.widths()
	var b strings.Builder
	line := func(cells []string, style func(string) string, marker string) {
		var lb strings.Builder
		lb.WriteString(marker)
		for i, c := range cells {
			if i >= len(ws) {
				break
			}
			if i > 0 {
				lb.WriteByte(' ')
			}
			if m.cols[i].Right {
				lb.WriteString(ui.FitRight(c, ws[i]))
			} else {
				lb.WriteString(ui.Fit(c, ws[i]))
			}
		}
		b.WriteString(style(ui.Fit(lb.String(), m.width)))
		b.WriteByte('\n')
	}
	titles := make([]string, len(m.cols))
	for i, c := range m.cols {
		titles[i] = c.Title
	}
	line(titles, func(s string) string { return th.Header.Render(s) }, "  ")
	p := m.pageRows()
	drawn := 0
	if len(m.rows) == 0 {
		b.WriteString(th.Muted.Render(ui.Fit("  "+m.Empty, m.width)) + "\n")
		drawn++
	} else if len(m.visible) == 0 {
		b.WriteString(th.Muted.Render(ui.Fit("  no row matches /"+m.query+" (esc clears)", m.width)) + "\n")
		drawn++
	}
	for i := m.offset; i < len(m.visible) && drawn < p; i++ {
		r := m.rows[m.visible[i]]
		if i == m.cursor {
			plain := make([]string, len(r.Cells))
			for j, c := range r.Cells {
				plain[j] = stripANSI(c)
			}
			line(plain, func(s string) string { return th.Selected.Render(s) }, "> ")
		} else {
			line(r.Cells, func(s string) string { return s }, "  ")
		}
		drawn++
	}
	for ; drawn < p; drawn++ {
		b.WriteString(strings.Repeat(" ", m.width) + "\n")
	}
	var foot string
	switch {
	case m.editing:
		foot = m.input.View()
	case m.query != "":
		foot = th.Focus.Render("/"+m.query) + th.Muted.Render(" · "+countText(len(m.visible), len(m.rows))+" · esc clears")
	default:
		foot = th.Muted.Render(countText(len(m.visible), len(m.rows)))
		if len(m.visible) > 0 {
			foot = th.Muted.Render(posText(m.cursor+1, len(m.visible)))
		}
	}
	b.WriteString(ui.Fit(foot, m.width))
	return b.String()
}

func countText(shown, total int) string {
	if shown == total {
		return strconv.Itoa(total) + " rows"
	}
	return strconv.Itoa(shown) + " of " + strconv.Itoa(total) + " rows"
}

func posText(at, n int) string { return strconv.Itoa(at) + "/" + strconv.Itoa(n) }
