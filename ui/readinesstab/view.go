package readinesstab

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/opsdeck/opsdeck/models/readiness"
	"github.com/opsdeck/opsdeck/ui"
)

// SetSize implements ui.Tab.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.notes.SetWidth(max(10, w))
}

// View implements ui.Tab.
func (m *Model) View() string {
	var lines []string
	switch m.mode {
	case modeGuided, modeEditing:
		lines = m.guidedView()
	case modeEvidence:
		lines = m.evidenceView()
	default:
		lines = m.overviewView()
	}
	if len(lines) > m.h {
		lines = lines[:m.h]
	}
	for i := range lines {
		lines[i] = ui.Fit(lines[i], m.w)
	}
	return strings.Join(lines, "\n")
}

// verdictText renders a verdict as its word in its style.
func (m *Model) verdictText(v readiness.Verdict) string {
	th := m.sh.Theme
	switch v {
	case readiness.VerdictPass:
		return th.OK.Render("PASS")
	case readiness.VerdictFail:
		return th.Down.Render("FAIL")
	case readiness.NotApplicable:
		return th.Text.Render("N/A")
	}
	return th.Muted.Render("OPEN")
}

// statusText renders an evidence status as a word of fixed width.
func (m *Model) statusText(s readiness.Status) string {
	th := m.sh.Theme
	switch s {
	case readiness.Pass:
		return th.OK.Render("PASS   ")
	case readiness.Fail:
		return th.Down.Render("FAIL   ")
	}
	return th.Muted.Render("UNKNOWN")
}

// checkMark is a check's outcome as a glyph any font has.
func checkMark(s readiness.Status) string {
	switch s {
	case readiness.Pass:
		return "✓"
	case readiness.Fail:
		return "✗"
	}
	return "?"
}

// progressLine is the bar and counts over the whole checklist.
func (m *Model) progressLine(width int) string {
	th := m.sh.Theme
	p := readiness.Sum(readiness.BySection(m.items, m.sheet))
	counts := fmt.Sprintf(" %s answered · %d pass · %d fail · %d n/a", ui.Percent(p.Ratio(), 0), p.Passed, p.Failed, p.NotAppl)
	bw := max(10, min(40, width-len(counts)-2))
	return th.Focus.Render(ui.Bar(p.Ratio(), bw)) + th.Text.Render(counts)
}

// fileLine says where answers are saved and when, or why they are not; short keeps only the file's
// base name.
func (m *Model) fileLine(short bool) string {
	th := m.sh.Theme
	now := m.sh.Now()
	path := m.cfg.Path
	if short {
		path = filepath.Base(path)
	}
	switch {
	case m.loadErr != nil:
		return th.Down.Render("answers file unreadable: nothing is saved until it is fixed (r reads it again)")
	case m.saveErr != nil:
		return th.Down.Render("NOT SAVED: ") + th.Error.Render(m.saveErr.Error())
	case !m.savedAt.IsZero():
		return th.Muted.Render(path + " · saved " + ui.Age(now, m.savedAt) + " ago")
	}
	return th.Muted.Render(path)
}

func (m *Model) overviewView() []string {
	th := m.sh.Theme
	p := readiness.Sum(readiness.BySection(m.items, m.sheet))
	a := readiness.Assess(m.items, m.sheet, m.ev)
	head := th.Title.Render("Operational readiness") + th.Text.Render(fmt.Sprintf("  %d of %d answered", p.Answered(), p.Total))
	file := m.fileLine(false)
	if ansi.StringWidth(head)+2+ansi.StringWidth(file) > m.w {
		file = m.fileLine(true)
	}
	lines := []string{head + "  " + file, m.progressLine(m.w)}
	if a.OK() {
		lines = append(lines, th.OK.Render("check: READY")+th.Muted.Render(" · every required item passes or does not apply"))
	} else {
		lines = append(lines, th.Down.Render("check: NOT READY")+th.Text.Render(fmt.Sprintf(" · %s failing, %s unanswered",
			readiness.Plural(len(a.Failing), "required item"), readiness.Plural(len(a.Unanswered), "required item"))))
	}
	if m.loadErr != nil {
		for _, l := range strings.Split(m.loadErr.Error(), "\n") {
			lines = append(lines, th.Error.Render(l))
		}
	}
	for _, w := range m.warns {
		lines = append(lines, th.Degraded.Render("warning: ")+th.Text.Render(w))
	}
	lines = append(lines, "")
	bw := 20
	if m.w >= 120 {
		bw = 30
	}
	nameW := max(18, min(26, m.w-bw-36))
	lines = append(lines, th.Header.Render(fmt.Sprintf("  %-*s %-*s %5s %4s %4s %4s %4s", nameW, "SECTION", bw, "PROGRESS", "DONE", "PASS", "FAIL", "N/A", "OPEN")))
	for i, s := range readiness.BySection(m.items, m.sheet) {
		cur := "  "
		name := th.Text.Render(ui.Fit(s.Section, nameW))
		if i == m.sec {
			cur = th.Focus.Render("> ")
			name = th.Selected.Render(ui.Fit(s.Section, nameW))
		}
		fail := fmt.Sprintf("%4d", s.Failed)
		if s.Failed > 0 {
			fail = th.Down.Render(fail)
		}
		lines = append(lines, fmt.Sprintf("%s%s %s %5s %4d %s %4d %4d", cur, name, th.Focus.Render(ui.Bar(s.Ratio(), bw)),
			fmt.Sprintf("%d/%d", s.Answered(), s.Total), s.Passed, fail, s.NotAppl, s.Open()))
	}
	lines = append(lines, "")
	lines = append(lines, m.evidenceHead())
	hint := m.resumeHint()
	room := m.h - len(lines) - 1
	rows := m.sortedEvidence()
	for i, e := range rows {
		if room <= 0 {
			break
		}
		if room == 1 && i < len(rows)-1 {
			lines = append(lines, th.Muted.Render(fmt.Sprintf("  +%d more: v shows every check", len(rows)-i)))
			room--
			break
		}
		lines = append(lines, "  "+m.statusText(e.Status)+" "+th.Text.Render(e.Rule.Title()+": ")+th.Muted.Render(e.Summary))
		room--
	}
	for room > 0 {
		lines = append(lines, "")
		room--
	}
	return append(lines, hint)
}

func (m *Model) evidenceHead() string {
	th := m.sh.Theme
	var pass, fail, unk int
	for _, e := range m.ev {
		switch e.Status {
		case readiness.Pass:
			pass++
		case readiness.Fail:
			fail++
		default:
			unk++
		}
	}
	s := th.Header.Render("LIVE EVIDENCE") + th.Text.Render(fmt.Sprintf("  %d pass · %d fail · %d unknown", pass, fail, unk))
	now := m.sh.Now()
	switch {
	case m.err != nil:
		s += "  " + th.Stale.Render("STALE ("+ui.Age(now, m.ownAt)+" old): ") + th.Error.Render(m.err.Error())
	case m.busy && m.ownAt.IsZero():
		s += th.Muted.Render("  gathering…")
	case !m.ownAt.IsZero():
		s += th.Muted.Render("  probed " + ui.Age(now, m.ownAt) + " ago")
	}
	return s
}

// sortedEvidence lists the rules failing first, then unknown, then passing, each in rule order.
func (m *Model) sortedEvidence() []readiness.Evidence {
	rank := map[readiness.Status]int{readiness.Fail: 0, readiness.Unknown: 1, readiness.Pass: 2}
	var out []readiness.Evidence
	for _, r := range readiness.Rules() {
		out = append(out, m.ev[r])
	}
	sort.SliceStable(out, func(i, j int) bool { return rank[out[i].Status] < rank[out[j].Status] })
	return out
}

func (m *Model) resumeHint() string {
	th := m.sh.Theme
	i := m.resumeIndex()
	if m.sectionOf(i) != m.sec {
		i = m.firstOpenIn(readiness.Sections()[m.sec])
		return th.Muted.Render("enter walks " + readiness.Sections()[m.sec] + " from " + m.items[i].Title + " · j/k section · v evidence")
	}
	verb := "resumes at"
	if m.sheet.Position == "" {
		verb = "starts at"
	}
	return th.Muted.Render("enter " + verb + " " + m.items[i].Title + " (" + m.items[i].ID + ") · j/k section · v evidence")
}

// maxNoteLines is the tallest the notes editor grows; it scrolls beyond.
const maxNoteLines = 10

// wrap word-wraps text to width and keeps at most n lines, the last cut with "…".
func wrap(text string, width, n int) []string {
	lines := strings.Split(ansi.Wordwrap(text, max(10, width), " "), "\n")
	if len(lines) > n {
		lines = lines[:n]
		lines[n-1] = ansi.Truncate(lines[n-1]+" …", width, "…")
		if !strings.HasSuffix(lines[n-1], "…") {
			lines[n-1] += "…"
		}
	}
	return lines
}

func (m *Model) guidedView() []string {
	th := m.sh.Theme
	it := m.items[m.idx]
	ans := m.sheet.Answers[it.ID]
	inSec, secTotal := 0, 0
	for i, x := range m.items {
		if x.Section == it.Section {
			secTotal++
			if i <= m.idx {
				inSec++
			}
		}
	}
	head := th.Title.Render(it.Section) + th.Muted.Render(fmt.Sprintf(" · %d of %d · item %d of %d  ", inSec, secTotal, m.idx+1, len(m.items)))
	p := readiness.Sum(readiness.BySection(m.items, m.sheet))
	bw := max(10, min(30, m.w-ansi.StringWidth(head)-16))
	lines := []string{head + th.Focus.Render(ui.Bar(p.Ratio(), bw)) + th.Text.Render(" "+ui.Percent(p.Ratio(), 0)+" answered")}
	req := th.Muted.Render("required")
	if !it.Required {
		req = th.Muted.Render("recommended")
	}
	if it.Ticket != "" {
		req += th.Muted.Render(" · approval ticket")
	}
	lines = append(lines, "", m.verdictText(ans.Verdict)+"  "+th.Title.Render(it.Title)+"  "+th.Muted.Render(it.ID)+"  "+req)
	tw := m.w - 2
	for _, l := range wrap(it.Question, tw, 3) {
		lines = append(lines, "  "+th.Text.Render(l))
	}
	whyN, evN := 2, 4
	if m.h >= 30 {
		whyN, evN = 4, 10
	}
	for i, l := range wrap("Why: "+it.Why, tw, whyN) {
		if i == 0 {
			l = strings.TrimPrefix(l, "Why: ")
			lines = append(lines, "  "+th.Header.Render("Why")+" "+th.Muted.Render(l))
			continue
		}
		lines = append(lines, "  "+th.Muted.Render(l))
	}
	var cites []string
	for _, c := range it.Cites {
		if len(cites) == 0 || cites[len(cites)-1] != c.String() {
			cites = append(cites, c.String())
		}
	}
	for i, l := range wrap("Source "+strings.Join(cites, "; "), tw, 2) {
		if i == 0 {
			lines = append(lines, "  "+th.Header.Render("Source")+" "+th.Muted.Render(strings.TrimPrefix(l, "Source ")))
			continue
		}
		lines = append(lines, "  "+th.Muted.Render(l))
	}
	lines = append(lines, m.itemEvidence(it, evN)...)
	verdict := m.verdictText(ans.Verdict)
	if !ans.At.IsZero() && ans.Verdict != readiness.Unanswered {
		verdict += th.Muted.Render(" " + ans.At.UTC().Format("2006-01-02"))
	}
	k := m.keys
	keysHelp := th.Muted.Render(fmt.Sprintf("   %s pass · %s fail · %s n/a · %s notes",
		k.Pass.Help().Key, k.Fail.Help().Key, k.NA.Help().Key, k.Note.Help().Key))
	if m.mode == modeEditing {
		keysHelp = th.Focus.Render("   writing notes: " + k.Done.Help().Key + " when done (saved as you type)")
	}
	lines = append(lines, "", th.Header.Render("Answer")+" "+verdict+keysHelp)
	switch {
	case m.msg != "" && m.msgErr:
		lines = append(lines, th.Error.Render(m.msg))
	case m.msg != "":
		lines = append(lines, th.Muted.Render(m.msg))
	case m.saveErr != nil || m.loadErr != nil:
		lines = append(lines, m.fileLine(true))
	case readiness.Validate(it, ans, m.ev) != nil:
		// passed earlier (or by hand) and the evidence has failed since
		lines = append(lines, th.Error.Render("live evidence now fails: this pass needs a note saying why ("+k.Note.Help().Key+")"))
	}
	room := max(3, min(maxNoteLines, m.h-len(lines)))
	m.notes.SetHeight(room)
	return append(lines, strings.Split(m.notes.View(), "\n")...)
}

// itemEvidence is the live evidence bearing on it, failing checks first, in at most n lines.
func (m *Model) itemEvidence(it readiness.Item, n int) []string {
	th := m.sh.Theme
	if len(it.Evidence) == 0 {
		return []string{"  " + th.Header.Render("Evidence") + " " + th.Muted.Render("none live: the answer and notes are the evidence")}
	}
	out := []string{"  " + th.Header.Render("Evidence")}
	var details []string
	for _, r := range it.Evidence {
		e := m.ev[r]
		line := "    " + m.statusText(e.Status) + " " + th.Text.Render(r.Title()+": ") + th.Muted.Render(e.Summary)
		if !e.At.IsZero() {
			line += th.Muted.Render(" (" + ui.Age(m.sh.Now(), e.At) + " ago)")
		}
		out = append(out, line)
		for _, c := range e.Checks {
			if c.Status != readiness.Pass {
				details = append(details, "      "+checkMark(c.Status)+" "+th.Text.Render(c.What+": ")+th.Muted.Render(c.Detail))
			}
		}
	}
	room := n - (len(out) - 1)
	if len(details) > room && room > 0 {
		more := len(details) - room + 1
		details = append(details[:room-1], th.Muted.Render(fmt.Sprintf("      +%d more (v on the overview)", more)))
	}
	if room > 0 {
		out = append(out, details...)
	}
	return out
}

func (m *Model) evidenceView() []string {
	th := m.sh.Theme
	now := m.sh.Now()
	var body []string
	for _, e := range m.sortedEvidence() {
		at := "not observed"
		if !e.At.IsZero() {
			at = "observed " + ui.Age(now, e.At) + " ago"
		}
		body = append(body, m.statusText(e.Status)+" "+th.Title.Render(e.Rule.Title())+"  "+th.Muted.Render(at))
		body = append(body, "        "+th.Text.Render(e.Summary))
		for _, c := range e.Checks {
			body = append(body, "        "+checkMark(c.Status)+" "+th.Text.Render(c.What+": ")+th.Muted.Render(c.Detail))
		}
		items := m.itemsFor(e.Rule)
		if len(items) > 0 {
			body = append(body, "        "+th.Muted.Render("bears on: "+strings.Join(items, ", ")))
		}
	}
	head := m.evidenceHead()
	room := max(1, m.h-1)
	m.scroll = max(0, min(m.scroll, len(body)-room))
	end := min(len(body), m.scroll+room)
	return append([]string{head}, body[m.scroll:end]...)
}

func (m *Model) itemsFor(r readiness.Rule) []string {
	var out []string
	for _, it := range m.items {
		for _, x := range it.Evidence {
			if x == r {
				out = append(out, it.ID)
			}
		}
	}
	return out
}

// Summary implements ui.Tab: progress, the check and the failing evidence, for the Overview.
func (m *Model) Summary(width int) []string {
	th := m.sh.Theme
	p := readiness.Sum(readiness.BySection(m.items, m.sheet))
	a := readiness.Assess(m.items, m.sheet, m.ev)
	verdict := th.Down.Render("NOT READY")
	if a.OK() {
		verdict = th.OK.Render("READY")
	}
	out := []string{ui.Fit(verdict+th.Text.Render(fmt.Sprintf(" %d/%d answered, %d failing, %d open ", p.Answered(), p.Total, len(a.Failing), len(a.Unanswered)))+
		th.Focus.Render(ui.Bar(p.Ratio(), 12)), width)}
	var failing []string
	for _, e := range m.sortedEvidence() {
		if e.Status == readiness.Fail {
			failing = append(failing, e.Rule.Title())
		}
	}
	if len(failing) > 0 {
		out = append(out, ui.Fit(th.Down.Render("evidence FAIL: ")+th.Text.Render(strings.Join(failing, ", ")), width))
	}
	if m.loadErr != nil {
		out = append(out, ui.Fit(th.Error.Render("answers file unreadable: "+firstLine(m.loadErr.Error())), width))
	}
	return out
}
