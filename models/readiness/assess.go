package readiness

import (
	"fmt"
	"strings"
)

// Finding is one required item that keeps the checklist from passing.
type Finding struct {
	Item   Item
	Reason string
}

// Assessment is the pipeline verdict over the whole checklist: `opsdeck readiness check` fails
// while Failing or Unanswered is not empty.
type Assessment struct {
	Failing    []Finding // answered fail, or passed over failing evidence without a note
	Unanswered []Item    // required and not answered
	Unknown    []string  // answered IDs that are not in the checklist
	Counts     Progress
}

// OK reports whether every required item is passed or not applicable.
func (a Assessment) OK() bool { return len(a.Failing) == 0 && len(a.Unanswered) == 0 }

// Assess checks every item of list against the sheet and the live evidence.
func Assess(list []Item, s Sheet, ev map[Rule]Evidence) Assessment {
	var a Assessment
	a.Counts = Sum(BySection(list, s))
	known := map[string]bool{}
	for _, it := range list {
		known[it.ID] = true
		ans, ok := s.Answers[it.ID]
		if !it.Required {
			continue
		}
		switch {
		case !ok || ans.Verdict == Unanswered:
			a.Unanswered = append(a.Unanswered, it)
		case ans.Verdict == VerdictFail:
			reason := "answered fail"
			if n := firstLine(ans.Note); n != "" {
				reason += ": " + n
			}
			a.Failing = append(a.Failing, Finding{Item: it, Reason: reason})
		case Validate(it, ans, ev) != nil:
			// Only a hand-edited file gets here: the walkthrough refuses it.
			a.Failing = append(a.Failing, Finding{Item: it, Reason: "passed without a note while live evidence fails: " + failingNames(it, ev)})
		}
	}
	for _, id := range s.IDs(nil) {
		if !known[id] {
			a.Unknown = append(a.Unknown, id)
		}
	}
	return a
}

func failingNames(it Item, ev map[Rule]Evidence) string {
	var parts []string
	for _, e := range Failing(it, ev) {
		parts = append(parts, fmt.Sprintf("%s (%s)", e.Rule.Title(), e.Summary))
	}
	return strings.Join(parts, "; ")
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = strings.TrimSpace(s[:i]) + " …"
	}
	return s
}
