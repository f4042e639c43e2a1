package tenanttab

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/opsdeck/opsdeck/models/license"
	"github.com/opsdeck/opsdeck/ui"
)

// SetSize implements ui.Tab.
func (m *Model) SetSize(w, h int) {
	if w != m.w {
		m.lay = newLayout(w)
		m.cache.reset()
		m.input.SetWidth(max(10, w-28)) // room for the match count beside it
	}
	m.w, m.h = w, h
	m.clamp()
}

// paintsFor returns the theme's paints, rebuilt when :theme changed the theme.
func (m *Model) paintsFor() *paints {
	if m.paints.theme.Name != m.sh.Theme.Name || m.paints.theme.Name == "" {
		m.paints = newPaints(*m.sh.Theme)
		m.cache.reset()
	}
	return &m.paints
}

// View implements ui.Tab: the header counts, the visible rows only, and the footer; or the detail
// of one tenant.
func (m *Model) View() string {
	p := m.paintsFor()
	if m.detail && m.ix != nil {
		return m.detailView(p)
	}
	var b strings.Builder
	b.Grow((m.w + 32) * (m.h + 1))
	for _, l := range m.headerLines() {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	if m.view == nil {
		return strings.TrimRight(b.String(), "\n")
	}
	col, desc := m.view.Sort()
	if hk := (titleKey{m.w, col, desc, p.theme.Name}); hk != m.titleKey || m.title == "" {
		m.titleKey, m.title = hk, headerRow(&m.lay, p, col, desc)
	}
	b.WriteString(m.title)
	b.WriteByte('\n')
	page := m.pageRows()
	n := m.view.Len()
	drawn := 0
	if n == 0 {
		b.WriteString(p.muted.on(fit("  no tenant matches /"+m.view.Query()+" (esc clears)", m.w)))
		b.WriteByte('\n')
		drawn++
	}
	for i := m.offset; i < n && drawn < page; i++ {
		id := m.view.ID(i)
		t := m.ix.Row(id)
		if i == m.cursor {
			b.WriteString(renderRow(t, &m.lay, p, true))
		} else {
			b.WriteString(m.cache.get(id, func() string { return renderRow(t, &m.lay, p, false) }))
		}
		b.WriteByte('\n')
		drawn++
	}
	for ; drawn < page; drawn++ {
		b.WriteString(spaces(m.w))
		b.WriteByte('\n')
	}
	b.WriteString(m.footer(p))
	return b.String()
}

// headerKey is what the header lines depend on; they are rebuilt only when it changes, not per key.
type headerKey struct {
	ix      *license.Index
	w       int
	theme   string
	err     error
	age     string
	busy    bool
	read    int64
	missing string
}

// headerLines are the counts: tenants per state, then what needs attention, wrapped to the width
// (three lines at most), after the stale-data warning when the last load failed.
func (m *Model) headerLines() []string {
	k := headerKey{ix: m.ix, w: m.w, theme: m.paints.theme.Name, err: m.lastErr(), busy: m.busy, missing: m.cfg.Missing}
	if k.err != nil {
		k.age = ui.Age(m.sh.Now(), m.at)
	}
	if m.ix == nil {
		k.read = m.read.Load()
	}
	if k == m.headKey && m.head != nil {
		return m.head
	}
	m.headKey, m.head = k, m.buildHeader()
	return m.head
}

func (m *Model) buildHeader() []string {
	p := &m.paints
	now := m.sh.Now()
	var out []string
	if err := m.lastErr(); err != nil {
		age := "no data yet"
		if !m.at.IsZero() {
			age = "data " + ui.Age(now, m.at) + " old"
		}
		out = append(out, p.warn.on(fit("STALE ("+age+"): "+human(err), m.w)))
	}
	switch {
	case m.cfg.Missing != "":
		return append(out, wrap(m.cfg.Missing, m.w, 3, &p.muted)...)
	case m.ix == nil:
		msg := "loading licenses…"
		if n := m.read.Load(); n > 0 {
			msg = "loading licenses… " + thousands(int(n)) + " read"
		}
		if !m.busy {
			msg = "no data"
		}
		return append(out, p.muted.on(fit(msg, m.w)))
	}
	c := m.ix.Counts()
	states := c.StateLine()
	if _, rest, ok := strings.Cut(states, ": "); ok && len(states) > m.w {
		states = rest // the total is in the footer too: keep the states on one line
	}
	out = append(out, wrap(states, m.w, 2, &p.text)...)
	att := c.AttentionLine()
	style := &p.warn
	if att == "nothing needs attention" {
		style = &p.ok
	}
	if m.cfg.Installations == nil {
		att += " · installations not configured: install anomalies unknown"
	}
	return append(out, wrap(att, m.w, 3, style)...)
}

// human is an error's short text: the upstream error's Summary when it has one (the tab already
// names the source), else its message.
func human(err error) string {
	var s interface{ Summary() string }
	if errors.As(err, &s) {
		return s.Summary()
	}
	return err.Error()
}

func (m *Model) lastErr() error {
	if m.licErr != nil {
		return m.licErr
	}
	return m.insErr
}

// wrap breaks s at spaces into lines of at most w cells, at most maxLines (the last cut with "…").
func wrap(s string, w, maxLines int, pt *paint) []string {
	var lines []string
	for s != "" && len(lines) < maxLines {
		if len(s) <= w || len(lines) == maxLines-1 {
			lines = append(lines, pt.on(fit(s, w)))
			break
		}
		cut := strings.LastIndexByte(s[:w+1], ' ')
		if cut <= 0 {
			cut = w
		}
		lines = append(lines, pt.on(fit(s[:cut], w)))
		s = strings.TrimLeft(s[cut:], " ")
	}
	return lines
}

// footer is the filter input while typing, else the filter, the position, the sort and the age.
func (m *Model) footer(p *paints) string {
	if m.filtering {
		return ui.Fit(m.input.View()+p.muted.on("  "+m.countText()), m.w)
	}
	c, desc := m.view.Sort()
	dir := "↑"
	if desc {
		dir = "↓"
	}
	var b strings.Builder
	q := m.view.Query()
	if q != "" {
		b.WriteString("/" + q + " · " + m.countText() + " · esc clears")
	} else {
		b.WriteString(m.posText())
	}
	b.WriteString("  sort " + c.String() + dir + " (s, S)")
	if !m.at.IsZero() {
		b.WriteString(" · loaded " + ui.Age(m.sh.Now(), m.at) + " ago")
	}
	if m.busy {
		b.WriteString(" · refreshing…")
	}
	if q != "" {
		return p.focus.on(fit(b.String(), m.w))
	}
	return p.muted.on(fit(b.String(), m.w))
}

func (m *Model) countText() string {
	return thousands(m.view.Len()) + " of " + thousands(m.ix.Len())
}

func (m *Model) posText() string {
	if m.view.Len() == 0 {
		return "0 tenants"
	}
	return thousands(m.cursor+1) + "/" + thousands(m.view.Len())
}

// thousands writes n with thousands separators: 100,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// detailView shows both sides of the join for one tenant: the lifecycle and anomalies, then the
// Marketplace licenses beside (or, when narrow, above) the app's installation records.
func (m *Model) detailView(p *paints) string {
	t := m.ix.Row(m.detailID)
	const keyW = 15
	kv := func(k, v string) string { return p.muted.on(fit(k, keyW)) + v }
	// long lines wrap under their value, so no explanation is cut off
	long := func(k, v string) []string {
		lines := wordWrap(v, max(20, m.w-keyW))
		out := []string{kv(k, lines[0])}
		for _, l := range lines[1:] {
			out = append(out, spaces(keyW)+l)
		}
		return out
	}
	top := []string{
		p.focus.on(t.Host) + "  " + t.Life.State.String() + p.muted.on("   esc back, j/k scroll, y copies the tenant id"),
		kv("tenant id", t.ID+p.muted.on(" ("+idKind(t)+")")),
	}
	top = append(top, long("lifecycle", t.Life.Describe(t.License))...)
	if t.Anomalies == 0 {
		top = append(top, kv("anomalies", p.ok.on("none")))
	}
	k := "anomalies"
	for _, a := range license.Anomalies() {
		if t.Anomalies&a == 0 {
			continue
		}
		top = append(top, long(k, p.down.on(a.Words()[0])+": "+a.Explain(t))...)
		k = ""
	}
	if t.LinkedByHost {
		top = append(top, long("join", "the installation has no cloud id; it was joined to the license through its host "+t.Host)...)
	}
	top = append(top, "")

	var lic []string
	lic = append(lic, p.header.on(fmt.Sprintf("Marketplace: %d license%s", len(t.Licenses), plural(len(t.Licenses)))))
	if len(t.Licenses) == 0 {
		lic = append(lic, p.muted.on("  none for this tenant id"))
	}
	for i := range t.Licenses {
		l := &t.Licenses[i]
		if i > 0 {
			lic = append(lic, "")
		}
		tag := ""
		if i == 0 && t.License != nil {
			tag = p.muted.on(" (decides the state)")
		}
		lic = append(lic,
			kv("  license", l.LicenseID+tag),
			kv("  entitlement", l.AppEntitlementNumber),
			kv("  type", string(l.Type)+", "+string(l.Status)),
			kv("  tier", l.Tier),
			kv("  period", date(l.StartDate)+" to "+date(l.EndDate)),
			kv("  site", l.SiteHostname),
			kv("  cloud id", l.CloudID),
			kv("  company", l.Company),
			kv("  updated", date(l.LastUpdated)),
		)
	}
	var ins []string
	ins = append(ins, p.header.on(fmt.Sprintf("App database: %d installation record%s", len(t.Installs), plural(len(t.Installs)))))
	if len(t.Installs) == 0 {
		note := "  none for this tenant id"
		if m.cfg.Installations == nil {
			note = "  installations not configured"
		}
		ins = append(ins, p.muted.on(note))
	}
	for i := range t.Installs {
		in := &t.Installs[i]
		if i > 0 {
			ins = append(ins, "")
		}
		cloud := in.CloudID
		if cloud == "" {
			cloud = p.muted.on("not recorded")
		}
		ins = append(ins,
			kv("  client key", in.ClientKey),
			kv("  base URL", in.BaseURL),
			kv("  cloud id", cloud),
			kv("  product", in.Product),
			kv("  installed", in.Installed.String()),
			kv("  created", stamp(in.Created)),
			kv("  updated", stamp(in.Updated)),
		)
		if in.DisplayURL != "" {
			ins = append(ins, kv("  display URL", in.DisplayURL))
		}
		for _, u := range in.FormerBaseURLs {
			ins = append(ins, kv("  former URL", u))
		}
	}
	var body []string
	if m.w >= 110 { // side by side
		half := m.w / 2
		for i := 0; i < max(len(lic), len(ins)); i++ {
			l, r := "", ""
			if i < len(lic) {
				l = lic[i]
			}
			if i < len(ins) {
				r = ins[i]
			}
			body = append(body, ui.Fit(l, half-1)+" "+r)
		}
	} else {
		body = append(append(lic, ""), ins...)
	}
	lines := append(top, body...)
	m.detailMax = max(0, len(lines)-m.h+1)
	off := min(m.detailOff, m.detailMax)
	lines = lines[off:]
	if len(lines) > m.h {
		lines = lines[:m.h]
		lines[m.h-1] = p.muted.on("… j/k to scroll")
	}
	for i := range lines {
		lines[i] = ui.Fit(lines[i], m.w)
	}
	return strings.Join(lines, "\n")
}

// wordWrap breaks s (which may hold styles) at spaces only, so dates and ids stay whole; a word
// longer than the width is cut by ansi.Wrap.
func wordWrap(s string, w int) []string {
	var lines []string
	var cur strings.Builder
	curW := 0
	for _, word := range strings.Split(s, " ") {
		ww := ansi.StringWidth(word)
		if curW > 0 && curW+1+ww > w {
			lines = append(lines, cur.String())
			cur.Reset()
			curW = 0
		}
		if curW > 0 {
			cur.WriteByte(' ')
			curW++
		}
		cur.WriteString(word)
		curW += ww
	}
	lines = append(lines, cur.String())
	var out []string
	for _, l := range lines {
		out = append(out, strings.Split(ansi.Wrap(l, w, ""), "\n")...)
	}
	return out
}

func idKind(t *license.Tenant) string {
	switch t.IDKind {
	case license.IDCloud:
		return "cloud id"
	case license.IDClientKey:
		return "client key, cloud id unknown"
	}
	return "license id, no cloud id"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func date(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("2006-01-02")
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// KeyMap implements ui.Tab: the table's keys, or in the detail view the keys that work there.
func (m *Model) KeyMap() help.KeyMap {
	if m.detail {
		return detailKeys{m.keys}
	}
	return m.keys
}

// detailKeys are the bindings of the detail view.
type detailKeys struct{ k KeyMap }

// ShortHelp implements help.KeyMap.
func (d detailKeys) ShortHelp() []key.Binding { return []key.Binding{d.k.Back, d.k.Down, d.k.Up} }

// FullHelp implements help.KeyMap.
func (d detailKeys) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }

// Sources implements ui.Tab: the Marketplace and, when configured, the installations database.
func (m *Model) Sources() []ui.Source {
	if m.cfg.Missing != "" {
		return nil
	}
	out := []ui.Source{{Name: "marketplace", At: m.licAt, Err: m.licErr, Busy: m.busy}}
	if m.cfg.Installations != nil {
		out = append(out, ui.Source{Name: "installations", At: m.instAt, Err: m.insErr, Busy: m.busy})
	}
	return out
}

// Summary implements ui.Tab: the counts for the Overview tab.
func (m *Model) Summary(width int) []string {
	save := m.w
	m.w = width
	defer func() { m.w = save }()
	m.paintsFor()
	return m.headerLines()
}
