// Package health derives the state of the app's health-check resources from probe results: up,
// degraded (slow), flapping or down, with a bounded history and a success rate.
//
// The platform counts a check as good only when it answers HTTP 200 within 3 seconds, without a
// redirect (seed 002_11342fb64186dd7a.txt, "App availability success rate"; reference section 5).
package health

import (
	"strconv"
	"time"
)

// Result is one probe of one check.
type Result struct {
	Name     string        `json:"name"`
	URL      string        `json:"url"`
	At       time.Time     `json:"at"`
	Status   int           `json:"status"` // 0 when no answer arrived
	Latency  time.Duration `json:"latency_ns"`
	Err      string        `json:"error,omitempty"` // why it failed, in words; empty on success
	Redirect bool          `json:"redirect,omitempty"`
}

// OK reports whether the result counts as a good event: HTTP 200, no transport error, no redirect
// (seed 002: only 200 counts; redirects are not followed).
func (r Result) OK() bool { return r.Err == "" && r.Status == 200 && !r.Redirect }

// State is what a check is doing now. Every state has a word, so colour never carries it alone.
type State int

// The states of a check, from best to worst for sorting.
const (
	Unknown  State = iota // not probed yet
	Up                    // last probe good and fast
	Degraded              // last probe good but slower than the slow threshold
	Flapping              // alternating between good and bad
	Down                  // last probe failed
)

// String is the state's word as shown on screen and in JSON.
func (s State) String() string {
	switch s {
	case Up:
		return "UP"
	case Degraded:
		return "SLOW"
	case Flapping:
		return "FLAPPING"
	case Down:
		return "DOWN"
	}
	return "UNKNOWN"
}

// MarshalText implements encoding.TextMarshaler.
func (s State) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Rules are the thresholds the state is derived with.
type Rules struct {
	Slow       time.Duration // a good answer slower than this is Degraded
	History    int           // results kept per check
	FlapWindow int           // recent results looked at for flapping
	FlapFlips  int           // good/bad changes within FlapWindow that make a check Flapping
}

// DefaultRules: slow above 1s, 60 results kept, flapping at 3 or more flips in the last 10.
func DefaultRules() Rules { return Rules{Slow: time.Second, History: 60, FlapWindow: 10, FlapFlips: 3} }

// Check is one health check's history and derived state.
type Check struct {
	Name        string    `json:"name"`
	URL         string    `json:"url"`
	State       State     `json:"state"`
	Last        Result    `json:"last"`
	SuccessRate float64   `json:"success_rate"` // good / probed over History; 0 when Probes is 0
	Probes      int       `json:"probes"`       // how many results SuccessRate is over
	LastError   string    `json:"last_error,omitempty"`
	LastErrorAt time.Time `json:"last_error_at,omitzero"`
	History     []Result  `json:"-"` // oldest first, at most Rules.History
}

// Board is every check's state. Record returns a new Board; a Board is never changed in place, so
// the UI can hold one while the next is computed.
type Board struct {
	Rules  Rules   `json:"-"`
	Checks []Check `json:"checks"`
}

// NewBoard returns an empty board with the given rules (zero fields take the defaults).
func NewBoard(r Rules) Board {
	d := DefaultRules()
	if r.Slow <= 0 {
		r.Slow = d.Slow
	}
	if r.History <= 0 {
		r.History = d.History
	}
	if r.FlapWindow <= 0 {
		r.FlapWindow = d.FlapWindow
	}
	if r.FlapFlips <= 0 {
		r.FlapFlips = d.FlapFlips
	}
	return Board{Rules: r}
}

// Record adds one probe round. Checks keep their order of first appearance; a check missing from
// results keeps its history unchanged.
func (b Board) Record(results []Result) Board {
	if b.Rules.History <= 0 || b.Rules.FlapFlips <= 0 || b.Rules.FlapWindow <= 0 || b.Rules.Slow <= 0 {
		b.Rules = NewBoard(b.Rules).Rules // a zero Board works like NewBoard(Rules{})
	}
	out := Board{Rules: b.Rules, Checks: make([]Check, len(b.Checks), len(b.Checks)+len(results))}
	copy(out.Checks, b.Checks)
	idx := make(map[string]int, len(out.Checks))
	for i, c := range out.Checks {
		idx[c.Name] = i
	}
	for _, r := range results {
		i, ok := idx[r.Name]
		if !ok {
			out.Checks = append(out.Checks, Check{Name: r.Name, URL: r.URL})
			i = len(out.Checks) - 1
			idx[r.Name] = i
		}
		c := out.Checks[i]
		h := make([]Result, 0, min(len(c.History)+1, b.Rules.History))
		start := max(0, len(c.History)+1-b.Rules.History)
		if start < len(c.History) {
			h = append(h, c.History[start:]...)
		}
		h = append(h, r)
		c.History, c.Last, c.URL = h, r, r.URL
		if !r.OK() {
			c.LastError, c.LastErrorAt = r.Err, r.At
			if c.LastError == "" {
				c.LastError = "HTTP " + strconv.Itoa(r.Status)
			}
		}
		c.State, c.SuccessRate, c.Probes = Derive(h, b.Rules)
		out.Checks[i] = c
	}
	return out
}

// Derive computes a check's state and success rate from its history (oldest first).
func Derive(h []Result, r Rules) (State, float64, int) {
	if len(h) == 0 {
		return Unknown, 0, 0
	}
	good := 0
	for _, x := range h {
		if x.OK() {
			good++
		}
	}
	rate := float64(good) / float64(len(h))
	recent := h[max(0, len(h)-r.FlapWindow):]
	flips := 0
	for i := 1; i < len(recent); i++ {
		if recent[i].OK() != recent[i-1].OK() {
			flips++
		}
	}
	last := h[len(h)-1]
	switch {
	case !last.OK():
		return Down, rate, len(h)
	case flips >= r.FlapFlips:
		return Flapping, rate, len(h)
	case last.Latency > r.Slow:
		return Degraded, rate, len(h)
	}
	return Up, rate, len(h)
}

// Counts is how many checks are in each state, for the Overview and the exit code.
type Counts struct {
	Up, Degraded, Flapping, Down, Unknown int
}

// Count tallies the board's states.
func (b Board) Count() Counts {
	var c Counts
	for _, x := range b.Checks {
		switch x.State {
		case Up:
			c.Up++
		case Degraded:
			c.Degraded++
		case Flapping:
			c.Flapping++
		case Down:
			c.Down++
		default:
			c.Unknown++
		}
	}
	return c
}

// AllUp reports whether no check is down (flapping and slow checks answer, so they count as up for
// the exit code of `opsdeck get health`).
func (c Counts) AllUp() bool { return c.Down == 0 && c.Unknown == 0 }
