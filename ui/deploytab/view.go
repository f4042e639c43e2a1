package deploytab

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/opsdeck/opsdeck/models/deploy"
	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/listview"
)

// SetSize implements ui.Tab.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.list.SetSize(w, max(3, h-m.headerLines()))
}

func (m *Model) headerLines() int {
	if m.roll != nil {
		return 2
	}
	return 1
}

// rebuild turns the releases into rows.
func (m *Model) rebuild() {
	th := m.sh.Theme
	now := m.sh.Now()
	rows := make([]listview.Row, len(m.releases))
	for i, r := range m.releases {
		cur := ""
		if r.Current {
			cur = th.OK.Render("CURRENT")
		}
		rows[i] = listview.Row{Key: strconv.Itoa(r.Version), Cells: []string{
			r.Label(), StatusText(th, r.Status), cur, r.Description, r.Author, ui.Age(now, r.Time)}}
	}
	m.list.SetRows(rows)
	m.SetSize(m.w, m.h)
}

// StatusText renders a release status as its word in its style.
func StatusText(th *themes.Theme, s deploy.Status) string {
	switch s {
	case deploy.StatusSucceeded:
		return th.OK.Render(s.Word())
	case deploy.StatusPending:
		return th.Degraded.Render(s.Word())
	case deploy.StatusFailed:
		return th.Down.Render(s.Word())
	}
	return th.Muted.Render(s.Word())
}

// View implements ui.Tab.
func (m *Model) View() string {
	if m.dlg != nil {
		return m.dlg.View(m.w, m.h)
	}
	m.list.SetSize(m.w, max(3, m.h-m.headerLines()))
	head := ui.Fit(m.statusLine(), m.w)
	if m.roll != nil {
		head += "\n" + ui.Fit(m.rolloutLine(), m.w)
	}
	if m.detail {
		return head + "\n" + m.detailView()
	}
	m.list.Empty = m.emptyHint()
	return head + "\n" + m.list.View()
}

// emptyHint is what the empty list says. It reads the environment when drawn: :env builds the next
// environment's tabs before it sets the shared environment.
func (m *Model) emptyHint() string {
	if m.cfg.Releases == nil {
		env := m.sh.Env
		return "no deployer configured: add [env." + env + ".heroku] (app) or [env." + env + ".kubernetes] (deployment) to the config"
	}
	return "no releases yet"
}

func (m *Model) statusLine() string {
	th := m.sh.Theme
	now := m.sh.Now()
	if m.cfg.Releases == nil {
		return th.Muted.Render("no deployer configured")
	}
	s := th.Text.Render(m.cfg.Driver+" "+m.cfg.Target) + "  "
	if cur, ok := deploy.Current(m.releases); ok {
		s += th.OK.Render(cur.Label()+" current") + "  "
	}
	switch {
	case m.at.IsZero():
		s += th.Muted.Render("reading releases…")
	default:
		s += th.Muted.Render(fmt.Sprintf("%d releases, read %s ago", len(m.releases), ui.Age(now, m.at)))
	}
	if m.cfg.Policy.ReadOnly {
		s += "  " + th.Badge.Render("READ-ONLY: rollback disabled")
	} else if m.keys.Rollback.Enabled() {
		s += th.Muted.Render("  " + m.keys.Rollback.Help().Key + " roll back to the selected release")
	}
	if m.err != nil {
		s = th.Stale.Render("STALE ("+ui.Age(now, m.at)+" old): ") + th.Error.Render(errText(m.err)) + "  " + s
	}
	return s
}

// rolloutLine says where the followed rollback is: progress, then the watch and its verdict.
func (m *Model) rolloutLine() string {
	th := m.sh.Theme
	r := m.roll
	now := m.sh.Now()
	what := strings.ToUpper(r.kind.Word()) + " to " + r.target.Label()
	p := r.progress
	switch {
	case p.Phase == deploy.PhaseFailed:
		return th.Down.Render(what+" FAILED: ") + th.Error.Render(p.Detail)
	case p.Phase != deploy.PhaseComplete:
		s := th.Degraded.Render(what+" "+strings.ToUpper(p.Phase.Word())) + " " + ui.Bar(p.Fraction(), 10) + " " + th.Text.Render(p.Detail)
		if r.err != nil {
			s += "  " + th.Error.Render("(progress read failed: "+r.err.Error()+")")
		}
		return s + th.Muted.Render("  "+ui.Span(now.Sub(r.started)))
	case r.watch != nil && r.verdict == deploy.Watching:
		left := r.watch.End().Sub(now)
		return th.OK.Render(what+" COMPLETE") + th.Muted.Render(fmt.Sprintf(" · watching %s more: ", ui.Span(max(0, left)))) + th.Text.Render(r.watch.Summary())
	case r.verdict == deploy.Recovered:
		return th.OK.Render(what+" COMPLETE · RECOVERED ") + th.Text.Render(r.watch.Summary())
	case r.verdict == deploy.NotRecovered:
		return th.OK.Render(what+" COMPLETE") + " · " + th.Down.Render("NOT RECOVERED ") + th.Text.Render(r.watch.Summary())
	}
	return th.OK.Render(what+" COMPLETE") + th.Muted.Render(" · "+r.verdict.Word())
}

// detailView shows the selected release against the current one: what a rollback would change.
func (m *Model) detailView() string {
	th := m.sh.Theme
	r, ok := m.selected()
	if !ok {
		return ""
	}
	now := m.sh.Now()
	kv := func(k, v string) string { return th.Muted.Render(fmt.Sprintf("%-13s", k)) + v }
	lines := []string{
		th.Title.Render(r.Label()) + "  " + StatusText(th, r.Status) + th.Muted.Render("   esc back"),
		kv("id", r.ID),
		kv("description", r.Description),
		kv("author", r.Author),
		kv("created", r.Time.UTC().Format("2006-01-02 15:04 UTC")+" ("+ui.Age(now, r.Time)+" ago)"),
	}
	for _, a := range r.Artifacts {
		lines = append(lines, kv(a.Name, a.Ref))
	}
	cur, hasCur := deploy.Current(m.releases)
	switch {
	case !hasCur:
	case r.Version == cur.Version:
		lines = append(lines, "", th.OK.Render("this is the current release"))
	default:
		d := deploy.Compare(cur, r, m.releases)
		lines = append(lines, "", th.Header.Render(fmt.Sprintf("rolling back from %s to %s changes:", cur.Label(), r.Label())))
		for _, c := range d.Changes {
			lines = append(lines, kv(c.Field, th.Down.Render("- "+orNone(c.From))+"  "+th.OK.Render("+ "+orNone(c.To))))
		}
		var undone []string
		for _, u := range d.Undone {
			undone = append(undone, u.Label())
		}
		lines = append(lines, kv("undoes", strings.Join(undone, ", ")))
		if r.Rollbackable && m.keys.Rollback.Enabled() {
			lines = append(lines, "", th.Muted.Render(m.keys.Rollback.Help().Key+" roll back to "+r.Label()))
		} else if !r.Rollbackable {
			lines = append(lines, "", th.Down.Render(r.Label()+" cannot be rolled back to ("+r.Status.Word()+")"))
		}
	}
	h := max(1, m.h-m.headerLines())
	if len(lines) > h {
		lines = lines[:h]
	}
	for i := range lines {
		lines[i] = ui.Fit(lines[i], m.w)
	}
	return strings.Join(lines, "\n")
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// Summary implements ui.Tab: the Overview line.
func (m *Model) Summary(width int) []string {
	th := m.sh.Theme
	if m.cfg.Releases == nil {
		return []string{ui.Fit(th.Muted.Render("Deployments: no deployer configured"), width)}
	}
	s := th.Text.Render("Deployments: " + m.cfg.Driver + " " + m.cfg.Target)
	if cur, ok := deploy.Current(m.releases); ok {
		s += "  " + th.OK.Render(cur.Label()+" current") + th.Muted.Render(" since "+ui.Age(m.sh.Now(), cur.Time)+" ago")
	}
	out := []string{ui.Fit(s, width)}
	if m.roll != nil {
		out = append(out, ui.Fit("  "+m.rolloutLine(), width))
	}
	return out
}

// errText is a listing error in words: the upstream error's Summary when it has one (the tab already
// names the driver; the request path would push the cause off an 80-column line), else its message.
func errText(err error) string {
	var s interface{ Summary() string }
	if errors.As(err, &s) {
		return s.Summary()
	}
	return err.Error()
}
