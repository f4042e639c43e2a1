package healthtab

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"github.com/opsdeck/opsdeck/models/health"
	"github.com/opsdeck/opsdeck/ui"
)

// SetSize implements ui.Tab.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.list.SetSize(w, max(3, h-1))
}

// View implements ui.Tab: a status line, then the list or the selected check's detail.
func (m *Model) View() string {
	if m.detail {
		return m.detailView()
	}
	m.list.Empty = "no health checks configured: add [[env." + m.sh.Env + ".health.check]] with a name and url"
	return ui.Fit(m.statusLine(), m.w) + "\n" + m.list.View()
}

// statusLine counts the states and says how fresh the data is, with the error when the last round
// failed.
func (m *Model) statusLine() string {
	th := m.sh.Theme
	now := m.sh.Now()
	c := m.board.Count()
	var parts []string
	parts = append(parts, fmt.Sprintf("%d checks:", len(m.board.Checks)))
	parts = append(parts, th.OK.Render(fmt.Sprintf("%d UP", c.Up)))
	if c.Degraded > 0 {
		parts = append(parts, th.Degraded.Render(fmt.Sprintf("%d SLOW", c.Degraded)))
	}
	if c.Flapping > 0 {
		parts = append(parts, th.Degraded.Render(fmt.Sprintf("%d FLAPPING", c.Flapping)))
	}
	if c.Down > 0 {
		parts = append(parts, th.Down.Render(fmt.Sprintf("%d DOWN", c.Down)))
	}
	fresh := th.Muted.Render("probed " + ui.Age(now, m.at) + " ago, every " + ui.Interval(m.cfg.Every))
	if m.at.IsZero() {
		fresh = th.Muted.Render("first probe in flight…")
	}
	if m.busy && !m.at.IsZero() {
		fresh += th.Muted.Render(" · probing…")
	}
	line := strings.Join(parts, " ") + "  " + fresh
	if m.err != nil {
		line = th.Stale.Render("STALE ("+ui.Age(now, m.at)+" old): ") + th.Error.Render(ui.ErrText(m.err)) + "  " + line
	}
	return line
}

func (m *Model) detailView() string {
	th := m.sh.Theme
	row, ok := m.list.Selected()
	if !ok {
		return ""
	}
	var c health.Check
	for _, x := range m.board.Checks {
		if x.Name == row.Key {
			c = x
		}
	}
	now := m.sh.Now()
	kv := func(k, v string) string { return th.Muted.Render(fmt.Sprintf("%-13s", k)) + v }
	lines := []string{
		th.Title.Render(c.Name) + "  " + StateText(th, c.State) + th.Muted.Render("   esc back"),
		kv("URL", c.URL),
		kv("last probe", fmt.Sprintf("%s ago: HTTP %d in %s", ui.Age(now, c.Last.At), c.Last.Status, ui.Millis(c.Last.Latency))),
		kv("success", fmt.Sprintf("%s of the last %d probes (good = HTTP 200 within the timeout, no redirect; seed 002)", ui.Percent(c.SuccessRate, 1), c.Probes)),
	}
	if c.LastError != "" {
		lines = append(lines, kv("last error", th.Down.Render(c.LastError)+th.Muted.Render(" ("+ui.Age(now, c.LastErrorAt)+" ago)")))
	}
	lines = append(lines, "", th.Header.Render("recent probes, newest first"))
	room := m.h - len(lines)
	for i := len(c.History) - 1; i >= 0 && room > 0; i-- {
		r := c.History[i]
		res := th.OK.Render("good")
		if !r.OK() {
			res = th.Down.Render("BAD ") + " " + r.Err
		}
		lines = append(lines, fmt.Sprintf("  %s  %3d  %7s  %s", r.At.Local().Format("15:04:05"), r.Status, ui.Millis(r.Latency), res))
		room--
	}
	for i := range lines {
		lines[i] = ui.Fit(lines[i], m.w)
	}
	return strings.Join(lines, "\n")
}

// KeyMap implements ui.Tab.
func (m *Model) KeyMap() help.KeyMap { return m.keys }

// Sources implements ui.Tab.
func (m *Model) Sources() []ui.Source {
	return []ui.Source{{Name: "health", At: m.at, Err: m.err, Busy: m.busy}}
}

// Summary implements ui.Tab.
func (m *Model) Summary(width int) []string {
	th := m.sh.Theme
	if m.at.IsZero() && m.err == nil {
		return []string{th.Muted.Render("probing…")}
	}
	out := []string{ui.Fit(m.statusLine(), width)}
	for _, c := range m.board.Checks {
		if c.State == health.Down || c.State == health.Flapping {
			out = append(out, ui.Fit(StateText(th, c.State)+" "+c.Name+": "+c.LastError, width))
		}
	}
	return out
}

// Capturing implements ui.Tab.
func (m *Model) Capturing() bool { return m.list.Editing() }

// Copy implements ui.Copier: the selected check's URL.
func (m *Model) Copy() (string, bool) {
	row, ok := m.list.Selected()
	if !ok {
		return "", false
	}
	for _, c := range m.board.Checks {
		if c.Name == row.Key {
			return c.URL, true
		}
	}
	return "", false
}
