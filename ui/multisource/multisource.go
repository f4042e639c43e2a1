// Package multisource refreshes a tab that reads several upstreams (the Incidents and Maintenance
// tabs): one command per source each round, so a slow upstream delays only its own data; the round
// is over when every source has answered, and only then is the next one ticked; a refresh asked for
// during a round waits for it; each source's last good answer stays beside its error.
package multisource

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui"
)

// Source is one upstream a tab reads; cmd/opsdeck passes the source's method in.
type Source[T any] struct {
	Name  string // the upstream's name in the status bar
	Fetch func(context.Context) ([]T, error)
}

// State is the last answer of one source: its items stay when a later fetch fails.
type State[T any] struct {
	Items []T
	At    time.Time // when the last good answer was read; zero before the first
	Err   error     // the last failure; nil after a success
	Busy  bool      // a fetch is in flight
}

// Set is a tab's sources and their last answers. Its methods are called on the UI goroutine; the
// commands it returns copy what they need.
type Set[T any] struct {
	sources []Source[T]
	states  []State[T]
	every   time.Duration
	timeout time.Duration
	now     func() time.Time
	gen     int // the round chain; a refresh starts a new one, so older ticks and answers are ignored
	pending int // sources of the round in flight that have not answered
}

// fetchedMsg is sent when one source's fetch ends, with or without error.
type fetchedMsg[T any] struct {
	gen   int
	idx   int
	items []T
	at    time.Time
	err   error
}

// dueMsg is sent when the next round should start.
type dueMsg[T any] struct{ gen int }

// New returns the set of sources, read every every, each fetch bounded by timeout, answers stamped
// with now. It reads nothing until Init.
func New[T any](sources []Source[T], every, timeout time.Duration, now func() time.Time) *Set[T] {
	return &Set[T]{sources: sources, states: make([]State[T], len(sources)), every: every, timeout: timeout, now: now, gen: ui.NewGen()}
}

// Init starts the round chain: the first round is due at once.
func (s *Set[T]) Init() tea.Cmd {
	gen := s.gen
	return func() tea.Msg { return dueMsg[T]{gen} }
}

// Refresh starts a round now (`r`) in a new chain, unless a round is in flight.
func (s *Set[T]) Refresh() tea.Cmd {
	if s.pending > 0 {
		return nil
	}
	s.gen = ui.NewGen()
	return s.fetchAll()
}

// Update takes the set's own messages and ignores the rest. answered is true when a source's answer
// was recorded (the tab rebuilds and publishes then); cmd starts a due round, or ticks the next one
// once every source of the round has answered.
func (s *Set[T]) Update(msg tea.Msg) (answered bool, cmd tea.Cmd) {
	switch msg := msg.(type) {
	case dueMsg[T]:
		if msg.gen == s.gen && s.pending == 0 {
			return false, s.fetchAll()
		}
	case fetchedMsg[T]:
		if msg.gen != s.gen || msg.idx >= len(s.states) {
			return false, nil
		}
		st := &s.states[msg.idx]
		st.Busy = false
		st.Err = msg.err
		if msg.err == nil {
			st.Items, st.At = msg.items, msg.at
		}
		s.pending--
		if s.pending == 0 {
			return true, s.scheduleRefresh()
		}
		return true, nil
	}
	return false, nil
}

// fetchAll starts one command per source; each answers on its own.
func (s *Set[T]) fetchAll() tea.Cmd {
	if len(s.sources) == 0 {
		return nil
	}
	cmds := make([]tea.Cmd, len(s.sources))
	for i, src := range s.sources {
		s.states[i].Busy = true
		gen, idx, fetch, now, timeout := s.gen, i, src.Fetch, s.now, s.timeout
		cmds[i] = func() tea.Msg {
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			defer cancel()
			items, err := fetch(ctx)
			return fetchedMsg[T]{gen: gen, idx: idx, items: items, at: now(), err: err}
		}
	}
	s.pending = len(cmds)
	return tea.Batch(cmds...)
}

func (s *Set[T]) scheduleRefresh() tea.Cmd {
	gen := s.gen
	return tea.Tick(s.every, func(time.Time) tea.Msg { return dueMsg[T]{gen} })
}

// Len is the number of sources.
func (s *Set[T]) Len() int { return len(s.sources) }

// Name is source i's name.
func (s *Set[T]) Name(i int) string { return s.sources[i].Name }

// State is source i's last answer.
func (s *Set[T]) State(i int) State[T] { return s.states[i] }

// Sources reports each source for the status bar.
func (s *Set[T]) Sources() []ui.Source {
	out := make([]ui.Source, len(s.sources))
	for i, src := range s.sources {
		st := s.states[i]
		out[i] = ui.Source{Name: src.Name, At: st.At, Err: st.Err, Busy: st.Busy}
	}
	return out
}

// Answered reports whether any source has answered, well or not.
func (s *Set[T]) Answered() bool {
	for _, st := range s.states {
		if !st.At.IsZero() || st.Err != nil {
			return true
		}
	}
	return false
}

// Quiet reports whether there are sources and every one has answered well at its last fetch: the
// tab then says how fresh the data is instead of listing problems.
func (s *Set[T]) Quiet() bool {
	for _, st := range s.states {
		if st.Err != nil || st.At.IsZero() {
			return false
		}
	}
	return len(s.states) > 0
}

// Oldest is the oldest last good answer among the sources.
func (s *Set[T]) Oldest() time.Time {
	var t time.Time
	for _, st := range s.states {
		if t.IsZero() || st.At.Before(t) {
			t = st.At
		}
	}
	return t
}

// ErrorLines says, one line per source, which sources failed (their data stays, marked stale with
// its age) and which have not answered yet.
func (s *Set[T]) ErrorLines(th *themes.Theme, now time.Time) []string {
	var out []string
	for i, src := range s.sources {
		st := s.states[i]
		switch {
		case st.Err != nil && st.At.IsZero():
			out = append(out, th.Error.Render(src.Name+" ERROR: "+ui.ErrText(st.Err)))
		case st.Err != nil:
			out = append(out, th.Stale.Render(src.Name+" STALE ("+ui.Age(now, st.At)+" old): ")+th.Error.Render(ui.ErrText(st.Err)))
		case st.At.IsZero() && st.Busy:
			out = append(out, th.Muted.Render(src.Name+": loading…"))
		}
	}
	return out
}

// StaleLines are the Overview's lines for the sources whose last fetch failed, fitted to width.
func (s *Set[T]) StaleLines(th *themes.Theme, width int) []string {
	var out []string
	for i, src := range s.sources {
		if err := s.states[i].Err; err != nil {
			out = append(out, ui.Fit(th.Stale.Render(src.Name+" STALE: ")+th.Error.Render(ui.ErrText(err)), width))
		}
	}
	return out
}
