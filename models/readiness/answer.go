package readiness

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Verdict is the team's answer to an item.
type Verdict string

// The verdicts. Unanswered is the zero value.
const (
	Unanswered    Verdict = ""
	VerdictPass   Verdict = "pass"
	VerdictFail   Verdict = "fail"
	NotApplicable Verdict = "n/a"
)

// Verdicts returns the verdicts a team can give, in the order the walkthrough offers them.
func Verdicts() []Verdict { return []Verdict{VerdictPass, VerdictFail, NotApplicable} }

// ParseVerdict reads a verdict as written in the answers file.
func ParseVerdict(s string) (Verdict, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "pass":
		return VerdictPass, nil
	case "fail":
		return VerdictFail, nil
	case "n/a":
		return NotApplicable, nil
	case "":
		return Unanswered, nil
	}
	return Unanswered, fmt.Errorf("%q is not a verdict: write \"pass\", \"fail\" or \"n/a\"", s)
}

// Label is the verdict for people: "pass", "fail", "n/a" or "open".
func (v Verdict) Label() string {
	if v == Unanswered {
		return "open"
	}
	return string(v)
}

// Answer is the team's answer to one item.
type Answer struct {
	Verdict Verdict
	Note    string    // why, how, where: free text, kept verbatim
	At      time.Time // when it was last changed; zero when unknown
}

// Sheet is everything the team has answered, plus where the walkthrough stopped. It is the
// content of the answers file.
type Sheet struct {
	// Position is the ID of the item the walkthrough was on when it last saved.
	Position string
	// Answers maps item IDs to answers. It may hold IDs no longer in the checklist: they are kept
	// so nothing written by hand is lost.
	Answers map[string]Answer
}

// Clone returns a copy that shares nothing with s.
func (s Sheet) Clone() Sheet {
	out := Sheet{Position: s.Position, Answers: make(map[string]Answer, len(s.Answers))}
	for k, v := range s.Answers {
		out.Answers[k] = v
	}
	return out
}

// IDs returns the answered IDs: checklist items first in walk order, then unknown IDs sorted.
func (s Sheet) IDs(list []Item) []string {
	var out []string
	seen := map[string]bool{}
	for _, it := range list {
		if _, ok := s.Answers[it.ID]; ok {
			out = append(out, it.ID)
			seen[it.ID] = true
		}
	}
	var rest []string
	for id := range s.Answers {
		if !seen[id] {
			rest = append(rest, id)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// ErrNoteRequired is returned by Validate when an item with failing live evidence is marked pass
// without a note saying why.
var ErrNoteRequired = errors.New("live evidence fails: a pass needs a note saying why")

// Failing returns the item's evidence that currently fails.
func Failing(it Item, ev map[Rule]Evidence) []Evidence {
	var out []Evidence
	for _, r := range it.Evidence {
		if e, ok := ev[r]; ok && e.Status == Fail {
			out = append(out, e)
		}
	}
	return out
}

// Validate checks an answer against the item's live evidence: a pass over failing evidence needs a
// note. The error wraps ErrNoteRequired and names the failing checks.
func Validate(it Item, a Answer, ev map[Rule]Evidence) error {
	if a.Verdict != VerdictPass || strings.TrimSpace(a.Note) != "" {
		return nil
	}
	f := Failing(it, ev)
	if len(f) == 0 {
		return nil
	}
	names := make([]string, len(f))
	for i, e := range f {
		names[i] = e.Rule.Title()
	}
	return fmt.Errorf("%s: %w (%s)", it.ID, ErrNoteRequired, strings.Join(names, ", "))
}

// Set records a for it, refusing what Validate refuses; s is not changed.
func (s Sheet) Set(it Item, a Answer, ev map[Rule]Evidence) (Sheet, error) {
	if err := Validate(it, a, ev); err != nil {
		return s, err
	}
	out := s.Clone()
	if a.Verdict == Unanswered && strings.TrimSpace(a.Note) == "" {
		delete(out.Answers, it.ID)
		return out, nil
	}
	out.Answers[it.ID] = a
	return out, nil
}
