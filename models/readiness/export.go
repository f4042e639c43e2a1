package readiness

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
)

// Document is what the Markdown export is written from.
type Document struct {
	App      string    // the app's name or key, for the title
	Env      string    // the environment the evidence was gathered in
	Source   string    // the answers file it was read from
	Date     time.Time // when the export was made
	Items    []Item
	Sheet    Sheet
	Evidence map[Rule]Evidence
}

// WriteMarkdown writes the readiness document: a dated summary, every approval-ticket question of
// seed 002 with the team's answer and the live evidence (or marked MISSING), the live evidence, and
// the whole checklist by section with citations.
func WriteMarkdown(w io.Writer, d Document) error {
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	title := "Operational readiness"
	if d.App != "" {
		title += ": " + d.App
	}
	p("# %s\n\n", mdInline(title))
	meta := "Exported " + d.Date.UTC().Format("2006-01-02 15:04 UTC") + " by opsdeck"
	if d.Source != "" {
		meta += " from `" + strings.ReplaceAll(d.Source, "`", "'") + "`"
	}
	if d.Env != "" {
		meta += "; live evidence from environment **" + mdInline(d.Env) + "**"
	}
	p("%s.\n\n", meta)

	a := Assess(d.Items, d.Sheet, d.Evidence)
	p("## Summary\n\n")
	if a.OK() {
		p("**Ready:** every required item passes or is not applicable.\n\n")
	} else {
		p("**Not ready:** %s failing, %s unanswered.\n\n", Plural(len(a.Failing), "required item"), Plural(len(a.Unanswered), "required item"))
	}
	p("| Section | Items | Pass | Fail | n/a | Open |\n|---|---:|---:|---:|---:|---:|\n")
	rows := BySection(d.Items, d.Sheet)
	for _, r := range append(rows, Sum(rows)) {
		name := mdCell(r.Section)
		if r.Section == "All" {
			name = "**All**"
		}
		p("| %s | %d | %d | %d | %d | %d |\n", name, r.Total, r.Passed, r.Failed, r.NotAppl, r.Open())
	}
	p("\n")
	if len(a.Failing) > 0 {
		p("Failing:\n\n")
		for _, f := range a.Failing {
			p("- **%s** (`%s`): %s\n", mdInline(f.Item.Title), f.Item.ID, mdInline(f.Reason))
		}
		p("\n")
	}

	p("## Approval ticket\n\n")
	p("The information seed 002 asks for in the Cloud Fortified approval ticket " +
		"(\"4. Submit this information in your approval ticket:\"), with the team's answers and the live evidence.\n\n")
	for _, h := range TicketHeadings() {
		p("### %s\n\n", mdInline(h))
		if why := ticketWhy[h]; why != "" {
			p("*%s*\n\n", mdInline(why))
		}
		for _, it := range d.Items {
			if it.Ticket != h {
				continue
			}
			p("#### %s\n\n", mdInline(it.Question))
			writeAnswer(b, it, d.Sheet, d.Evidence, true)
		}
	}

	p("## Live evidence\n\n")
	p("| Check | Result | Finding | Observed |\n|---|---|---|---|\n")
	for _, r := range Rules() {
		e, ok := d.Evidence[r]
		if !ok {
			e = unknown(r, "not evaluated")
		}
		at := "–"
		if !e.At.IsZero() {
			at = e.At.UTC().Format("2006-01-02 15:04 UTC")
		}
		p("| %s | %s | %s | %s |\n", mdCell(r.Title()), strings.ToUpper(e.Status.String()), mdCell(e.Summary), at)
	}
	p("\n")

	p("## Checklist\n\n")
	for _, sec := range Sections() {
		first := true
		for _, it := range d.Items {
			if it.Section != sec {
				continue
			}
			if first {
				p("### %s\n\n", mdInline(sec))
				first = false
			}
			req := ""
			if !it.Required {
				req = " (recommended)"
			}
			p("#### %s%s\n\n", mdInline(it.Title), req)
			p("`%s`: %s\n\n", it.ID, mdInline(it.Question))
			writeAnswer(b, it, d.Sheet, d.Evidence, false)
			cites := make([]string, len(it.Cites))
			for i, c := range it.Cites {
				cites[i] = fmt.Sprintf("%s, \"%s\"", c.Seed, mdInline(c.Section))
			}
			p("Source: %s.\n\n", strings.Join(cites, "; "))
		}
	}
	if len(a.Unknown) > 0 {
		p("## Answers to items no longer in the checklist\n\n")
		for _, id := range a.Unknown {
			ans := d.Sheet.Answers[id]
			p("- `%s`: %s. %s\n", id, ans.Verdict.Label(), mdInline(firstLine(ans.Note)))
		}
		p("\n")
	}
	return b.Flush()
}

func writeAnswer(b *bufio.Writer, it Item, s Sheet, ev map[Rule]Evidence, ticket bool) {
	ans, ok := s.Answers[it.ID]
	switch {
	case !ok || ans.Verdict == Unanswered:
		if ticket {
			fmt.Fprintf(b, "**Answer: MISSING** (not answered yet, `%s`).\n\n", it.ID)
		} else {
			fmt.Fprintf(b, "**Answer:** open.\n\n")
		}
		if strings.TrimSpace(ans.Note) != "" {
			quoteNote(b, ans.Note)
		}
	default:
		at := ""
		if !ans.At.IsZero() {
			at = " (" + ans.At.UTC().Format("2006-01-02") + ")"
		}
		fmt.Fprintf(b, "**Answer:** %s%s.\n\n", strings.ToUpper(ans.Verdict.Label()), at)
		if strings.TrimSpace(ans.Note) != "" {
			quoteNote(b, ans.Note)
		} else if ticket {
			fmt.Fprintf(b, "*No notes: the approval ticket needs a written answer here.*\n\n")
		}
	}
	for _, r := range it.Evidence {
		e, ok := ev[r]
		if !ok {
			e = unknown(r, "not evaluated")
		}
		fmt.Fprintf(b, "- Evidence, %s: **%s**, %s\n", mdInline(r.Title()), strings.ToUpper(e.Status.String()), mdInline(e.Summary))
		for _, c := range e.Checks {
			if (c.Status != Pass || len(e.Checks) <= 3) && (c.Status == Fail || !strings.Contains(e.Summary, c.Detail)) {
				fmt.Fprintf(b, "  - %s: %s, %s\n", mdInline(c.What), c.Status, mdInline(c.Detail))
			}
		}
	}
	if len(it.Evidence) > 0 {
		fmt.Fprintln(b)
	}
}

func quoteNote(b *bufio.Writer, note string) {
	for _, l := range strings.Split(strings.TrimRight(note, "\n"), "\n") {
		l = strings.TrimRight(l, " \t\r")
		if l == "" {
			fmt.Fprintln(b, ">")
			continue
		}
		fmt.Fprintf(b, "> %s\n", strings.ReplaceAll(l, "<", "&lt;"))
	}
	fmt.Fprintln(b)
}

// mdInline keeps text on one line and stops it from opening HTML or a heading.
func mdInline(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.ReplaceAll(s, "<", "&lt;")
	return s
}

// mdCell is mdInline for a table cell: pipes are escaped.
func mdCell(s string) string { return strings.ReplaceAll(mdInline(s), "|", "\\|") }

// Plural writes n and the noun, with an "s" unless n is 1: "1 item", "3 items".
func Plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
