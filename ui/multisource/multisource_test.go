package multisource_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/google/go-cmp/cmp"

	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui/multisource"
)

var clock = time.Date(2026, 5, 7, 12, 0, 0, 0, time.UTC)

// answers runs a round's batch and returns each source's answer, in source order.
func answers(t *testing.T, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	if cmd == nil {
		t.Fatal("no round started")
	}
	batch, ok := cmd().(tea.BatchMsg)
	if !ok {
		t.Fatalf("a round is not one command per source")
	}
	var out []tea.Msg
	for _, c := range batch {
		out = append(out, c())
	}
	return out
}

func TestRounds(t *testing.T) {
	fail := false
	src := func(name string, items ...string) multisource.Source[string] {
		return multisource.Source[string]{Name: name, Fetch: func(context.Context) ([]string, error) {
			if fail && name == "b" {
				return nil, errors.New("HTTP 503")
			}
			return items, nil
		}}
	}
	s := multisource.New([]multisource.Source[string]{src("a", "a1", "a2"), src("b", "b1")}, time.Minute, time.Second,
		func() time.Time { return clock })
	th := themes.Mono()
	if answered, cmd := s.Update(s.Init()()); answered || cmd == nil {
		t.Fatalf("the first round is not started by Init's message")
	} else {
		if lines := s.ErrorLines(&th, clock); len(lines) != 2 || !strings.Contains(ansi.Strip(lines[0]), "a: loading…") {
			t.Errorf("while loading: %q", lines)
		}
		got := answers(t, cmd)
		if s.Refresh() != nil {
			t.Errorf("a refresh during a round started another")
		}
		if answered, next := s.Update(got[0]); !answered || next != nil {
			t.Errorf("first answer: answered %v, next round ticked %v; want recorded, no tick before the round is over", answered, next != nil)
		}
		if s.Quiet() {
			t.Errorf("quiet with a source still to answer")
		}
		if answered, next := s.Update(got[1]); !answered || next == nil {
			t.Errorf("last answer: answered %v, tick %v; want the next round ticked", answered, next != nil)
		}
	}
	if diff := cmp.Diff([]string{"a1", "a2"}, s.State(0).Items); diff != "" {
		t.Errorf("source a (-want +got):\n%s", diff)
	}
	if !s.Quiet() || !s.Oldest().Equal(clock) || len(s.ErrorLines(&th, clock)) != 0 {
		t.Errorf("after a good round: quiet %v, oldest %v, error lines %q", s.Quiet(), s.Oldest(), s.ErrorLines(&th, clock))
	}

	// a failure keeps the last good items
	fail = true
	round := answers(t, s.Refresh())
	if s.Refresh() != nil {
		t.Errorf("a second r while the round is in flight started another")
	}
	for _, msg := range round {
		s.Update(msg)
	}
	if src := s.Sources(); len(src) != 2 || src[1].Err == nil || src[0].Busy || src[1].Busy {
		t.Errorf("sources %+v", src)
	}
	// a new chain: the answers of the older one are dropped
	if s.Refresh() == nil {
		t.Fatal("r after the round did not start one")
	}
	for _, msg := range round {
		if answered, _ := s.Update(msg); answered {
			t.Errorf("an answer of an older round was recorded")
		}
	}
	if st := s.State(1); st.Err == nil || len(st.Items) != 1 || st.Items[0] != "b1" {
		t.Errorf("source b after a failure: %+v, want the error beside the last good items", st)
	}
	lines := s.ErrorLines(&th, clock.Add(3*time.Minute))
	if len(lines) != 1 || !strings.Contains(ansi.Strip(lines[0]), "b STALE (3m old): HTTP 503") {
		t.Errorf("error lines %q", lines)
	}
	if st := s.StaleLines(&th, 80); len(st) != 1 || !strings.Contains(ansi.Strip(st[0]), "b STALE: HTTP 503") {
		t.Errorf("stale lines %q", st)
	}
}

func TestNoSources(t *testing.T) {
	s := multisource.New[string](nil, time.Minute, time.Second, time.Now)
	if _, cmd := s.Update(s.Init()()); cmd != nil {
		t.Errorf("a round without sources")
	}
	if s.Quiet() || s.Answered() {
		t.Errorf("no sources: quiet %v, answered %v", s.Quiet(), s.Answered())
	}
}
