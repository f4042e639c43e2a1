package readinesstab_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/models/maintenance"
	"github.com/opsdeck/opsdeck/models/readiness"
	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/bus"
	"github.com/opsdeck/opsdeck/ui/readinesstab"
)

// verdictKey answers item i: pass, fail and n/a in turn.
func verdictKey(i int) (string, readiness.Verdict) {
	switch i % 3 {
	case 1:
		return "f", readiness.VerdictFail
	case 2:
		return "x", readiness.NotApplicable
	}
	return "a", readiness.VerdictPass
}

// liveEvidence is what the tab computes from the fixtures: the health message and the gather.
func liveEvidence(t *testing.T) map[readiness.Rule]readiness.Evidence {
	obs, _ := gather(context.Background(), readinesstab.Need{})
	obs.Now = clock
	h := healthMsg()
	obs.Health = readinesstab.HealthObservation(h.Board, h.At)
	return readiness.Evaluate(obs)
}

// answerKeys are the keys that answer item i with verdictKey(i); a pass over failing evidence
// also writes the note it needs.
func answerKeys(tm *teatest.TestModel, it readiness.Item, i int, ev map[readiness.Rule]readiness.Evidence) {
	k, v := verdictKey(i)
	press(tm, k)
	if v == readiness.VerdictPass && len(readiness.Failing(it, ev)) > 0 {
		tm.Type("passes anyway: " + it.ID)
		press(tm, "esc")
	}
}

// Issue 8, done when: at 80x24 a user walks the whole checklist with the keyboard alone, quits in
// the middle, starts again and lands on the same item with the notes kept.
func TestWalkWholeChecklistQuitAndResume(t *testing.T) {
	items := readiness.Checklist()
	st := &store{sheet: readiness.Sheet{Answers: map[string]readiness.Answer{}}}
	const stop = 20

	ev := liveEvidence(t)
	if readiness.Evaluate(readiness.Observations{})[readiness.RuleHealthCheck].Status == ev[readiness.RuleHealthCheck].Status {
		t.Fatal("fixture: the health evidence must fail for this test to mean anything")
	}
	tm := start(t, st, 80, 24)
	press(tm, "enter")
	for i := 0; i < stop; i++ {
		answerKeys(tm, items[i], i, ev)
		press(tm, "n")
	}
	press(tm, "e")
	tm.Type("halfway: resume here")
	press(tm, "esc")
	final(t, tm)

	s := st.get()
	if s.Position != items[stop].ID {
		t.Fatalf("after quitting, position = %q, want %q", s.Position, items[stop].ID)
	}
	if got := s.Answers[items[stop].ID]; got.Note != "halfway: resume here" || got.Verdict != readiness.Unanswered {
		t.Fatalf("note of %s = %+v", items[stop].ID, got)
	}
	for i := 0; i < stop; i++ {
		if _, want := verdictKey(i); s.Answers[items[i].ID].Verdict != want {
			t.Fatalf("%s = %q, want %q", items[i].ID, s.Answers[items[i].ID].Verdict, want)
		}
	}

	// Start again: enter resumes on the same item, its note still there.
	tm = start(t, st, 80, 24)
	press(tm, "enter")
	waitFor(t, tm, "halfway")
	for i := stop; i < len(items); i++ {
		answerKeys(tm, items[i], i, ev)
		press(tm, "n")
	}
	view := final(t, tm)

	s = st.get()
	if s.Position != items[len(items)-1].ID {
		t.Errorf("position = %q, want the last item", s.Position)
	}
	notes := 0
	for i, it := range items {
		_, want := verdictKey(i)
		got := s.Answers[it.ID]
		if got.Verdict != want {
			t.Errorf("%s = %q, want %q", it.ID, got.Verdict, want)
		}
		if want == readiness.VerdictPass && len(readiness.Failing(it, ev)) > 0 {
			notes++
			if got.Note != "passes anyway: "+it.ID {
				t.Errorf("%s passed over failing evidence with note %q", it.ID, got.Note)
			}
		}
	}
	if notes == 0 {
		t.Error("the walk never passed an item over failing evidence")
	}
	if got := s.Answers[items[stop].ID]; got.Note != "halfway: resume here" {
		t.Errorf("note of %s lost on resume: %+v", items[stop].ID, got)
	}
	if !strings.Contains(view, "this is the last item") {
		t.Errorf("n on the last item says nothing:\n%s", view)
	}
	if st.saves < len(items) {
		t.Errorf("%d saves for %d answers: every answer must be saved", st.saves, len(items))
	}
}

// A pass over failing evidence without a note is refused; leaving the notes empty records nothing.
func TestPassOverFailingEvidenceNeedsANote(t *testing.T) {
	s := partly()
	s.Answers["cf.health-check"] = readiness.Answer{} // no draft note this time
	st := &store{sheet: s}
	tm := start(t, st, 80, 24)
	press(tm, "enter", "a")
	waitFor(t, tm, "saying")
	press(tm, "esc")
	view := final(t, tm)
	if !strings.Contains(view, "no note written: the pass was not recorded") {
		t.Errorf("view does not say the pass was refused:\n%s", view)
	}
	if got := st.get().Answers["cf.health-check"].Verdict; got != readiness.Unanswered {
		t.Errorf("verdict = %q, want none", got)
	}

	// fail and n/a need no note
	tm = start(t, st, 80, 24)
	press(tm, "enter", "f")
	final(t, tm)
	if got := st.get().Answers["cf.health-check"].Verdict; got != readiness.VerdictFail {
		t.Errorf("verdict = %q, want fail", got)
	}
}

// A broken hand edit is shown with its lines and is never overwritten; r reads the file again.
func TestUnreadableFileIsShownAndNotOverwritten(t *testing.T) {
	th := themes.Mono()
	sh := &ui.Shared{Theme: &th, Now: func() time.Time { return clock }, Env: "prod"}
	broken := true
	saves := 0
	tab := readinesstab.New(sh, readinesstab.Config{Path: "readiness.toml",
		Load: func() (readiness.Sheet, []string, error) {
			if broken {
				return readiness.Sheet{}, nil, errors.New("readiness.toml:3: answers.\"sla.uptime\".verdict: \"passed\" is not a verdict")
			}
			return readiness.Sheet{Position: "sla.rto"}, nil, nil
		},
		Save: func(readiness.Sheet) error { saves++; return nil },
	})
	tab.SetSize(80, 21)
	if v := tab.View(); !strings.Contains(v, "readiness.toml:3") || !strings.Contains(v, "unreadable") {
		t.Errorf("overview does not show the problem:\n%s", v)
	}
	tab.Update(key("enter"))
	tab.Update(key("f"))
	if saves != 0 {
		t.Fatal("saved over an unreadable file")
	}
	if v := tab.View(); !strings.Contains(v, "not saved") {
		t.Errorf("guided view does not say the answer is not saved:\n%s", v)
	}
	broken = false
	tab.Update(key("esc"))
	settle(tab, tab.Update(ui.RefreshMsg{}))
	settle(tab, tab.Update(key("enter")))
	if v := tab.View(); !strings.Contains(v, "sla.rto") {
		t.Errorf("after r the file's position is not used:\n%s", v)
	}
	settle(tab, tab.Update(key("a")))
	if saves != 1 {
		t.Errorf("%d saves after the file was fixed, want 1", saves)
	}
}

// A test page sent from the console (the confirm host's T) replaces the pager's dry run as evidence.
func TestSentTestPageIsPagerEvidence(t *testing.T) {
	th := themes.Mono()
	sh := &ui.Shared{Theme: &th, Now: func() time.Time { return clock }, Env: "prod"}
	st := &store{sheet: partly()}
	tab := readinesstab.New(sh, readinesstab.Config{Load: st.load, Save: st.save, Path: "readiness.toml"})
	tab.SetSize(120, 37)
	evidenceOf := func(msg tea.Msg) bus.ReadinessMsg {
		t.Helper()
		cmd := tab.Update(msg)
		if cmd == nil {
			t.Fatalf("%T changed nothing", msg)
		}
		out, ok := cmd().(bus.ReadinessMsg)
		if !ok {
			t.Fatalf("%T did not publish the readiness", msg)
		}
		return out
	}
	for _, tt := range []struct {
		result action.Result
		want   readiness.Status
	}{
		{action.ResultFailed, readiness.Fail},
		{action.ResultOK, readiness.Pass},
	} {
		got := evidenceOf(bus.ActionMsg{Env: "prod", Kind: action.TestPage, Target: "opsdeck", Result: tt.result, RequestID: "r-1", At: clock})
		if e := got.Evidence[readiness.RulePager]; e.Status != tt.want {
			t.Errorf("test page %s: pager evidence %v (%s), want %v", tt.result, e.Status, e.Summary, tt.want)
		}
	}
	if tab.Update(bus.ActionMsg{Env: "staging", Kind: action.TestPage, Result: action.ResultFailed, At: clock}) != nil {
		t.Error("a test page of another environment was taken")
	}
	if tab.Update(bus.ActionMsg{Env: "prod", Kind: action.TestPage, Result: action.ResultCanceled, At: clock}) != nil {
		t.Error("a canceled test page was taken as evidence")
	}
}

// A pass recorded before the evidence failed (or written by hand) is flagged until a note says why.
func TestPassWithoutNoteOverNewlyFailingEvidenceIsFlagged(t *testing.T) {
	s := partly()
	s.Answers["cf.health-check"] = readiness.Answer{Verdict: readiness.VerdictPass}
	st := &store{sheet: s}
	tm := start(t, st, 80, 24)
	press(tm, "enter", "e")
	tm.Type("reports is a batch job, not the app")
	press(tm, "esc")
	view := final(t, tm)
	if strings.Contains(view, "live evidence now fails") {
		t.Errorf("still flagged after the note:\n%s", view)
	}
	if got := st.get().Answers["cf.health-check"]; got.Verdict != readiness.VerdictPass || got.Note == "" {
		t.Errorf("answer = %+v, want the pass with the note", got)
	}

	st = &store{sheet: s}
	tm = start(t, st, 80, 24)
	press(tm, "enter")
	if view := final(t, tm); !strings.Contains(view, "live evidence now fails: this pass needs a note") {
		t.Errorf("an unjustified pass is not flagged:\n%s", view)
	}
}

// The Maintenance tab's windows are the maintenance evidence: a configured window ahead must be on
// the status page (seed 001).
func TestMaintenanceWindowsFromTheMaintenanceTab(t *testing.T) {
	th := themes.Mono()
	sh := &ui.Shared{Theme: &th, Now: func() time.Time { return clock }, Env: "prod"}
	st := &store{sheet: partly()}
	tab := readinesstab.New(sh, readinesstab.Config{Load: st.load, Save: st.save, Path: "readiness.toml"})
	ahead := maintenance.Window{ID: "db", Name: "database upgrade", Source: "config", Start: clock.Add(24 * time.Hour), End: clock.Add(26 * time.Hour)}
	onPage := maintenance.Window{ID: "sp1", Name: "Scheduled: database upgrade", Source: "statuspage", Status: "scheduled", Start: ahead.Start, End: ahead.End}
	elsewhere := onPage
	elsewhere.Start, elsewhere.End = clock.Add(72*time.Hour), clock.Add(73*time.Hour)
	for _, tt := range []struct {
		name      string
		published []maintenance.Window
		err       string
		want      readiness.Status
	}{
		{"seed 001: the window is published", []maintenance.Window{onPage}, "", readiness.Pass},
		{"seed 001: the window is missing from the page", []maintenance.Window{elsewhere}, "", readiness.Fail},
		{"the page could not be read", nil, "statuspage: HTTP 401: credentials refused", readiness.Unknown},
	} {
		cmd := tab.Update(bus.MaintenanceMsg{Env: "prod", Declared: []maintenance.Window{ahead}, Published: tt.published, Err: tt.err, At: clock})
		if cmd == nil {
			t.Fatalf("%s: the message changed nothing", tt.name)
		}
		got := cmd().(bus.ReadinessMsg).Evidence[readiness.RuleMaintenance]
		if got.Status != tt.want {
			t.Errorf("%s: evidence %v (%s), want %v", tt.name, got.Status, got.Summary, tt.want)
		}
	}
}

// The status page is read by the tab only until the Maintenance tab publishes its windows.
func TestGatherAsksForMaintenanceUntilTheMaintenanceTabPublishes(t *testing.T) {
	th := themes.Mono()
	sh := &ui.Shared{Theme: &th, Now: func() time.Time { return clock }, Env: "prod"}
	var asked []bool
	g := func(ctx context.Context, n readinesstab.Need) (readiness.Observations, error) {
		asked = append(asked, n.Maintenance)
		return gather(ctx, n)
	}
	st := &store{sheet: partly()}
	tab := readinesstab.New(sh, readinesstab.Config{Gather: g, Every: time.Hour, Load: st.load, Save: st.save})
	// run runs a refresh's commands and hands the gathered round back (not the next tick).
	run := func(cmd tea.Cmd) {
		for queue := []tea.Cmd{cmd}; len(queue) > 0; queue = queue[1:] {
			if queue[0] == nil {
				continue
			}
			switch msg := queue[0]().(type) {
			case tea.BatchMsg:
				queue = append(queue, msg...)
			case bus.ReadinessMsg:
			default:
				tab.Update(msg)
			}
		}
	}
	run(tab.Update(ui.RefreshMsg{}))
	tab.Update(bus.MaintenanceMsg{Env: "prod", At: clock})
	run(tab.Update(ui.RefreshMsg{}))
	if len(asked) != 2 || !asked[0] || asked[1] {
		t.Errorf("Need.Maintenance per round = %v, want [true false]", asked)
	}
}
