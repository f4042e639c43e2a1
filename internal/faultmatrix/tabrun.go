package faultmatrix

import (
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/sources/sim"
	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui"
)

// TabCase is one tab driven against its real source on the simulator while that source fails.
type TabCase struct {
	// Name names the tab in logs.
	Name string
	// Env is the simulator environment; "prod" when empty.
	Env string
	// Prefix is the simulator path the faults are injected on.
	Prefix string
	// Build makes the tab as cmd/opsdeck does, its source pointed at tg (Timeout per request), with
	// a refresh far in the future: rounds are started by ui.RefreshMsg, as `r` does.
	Build func(t testing.TB, tg Target, sh *ui.Shared) ui.Tab
	// Ready is a text of the demo data the tab shows once its first round is in: the last good
	// data that must stay on screen while the source fails.
	Ready string
	// Stale is true when the tab marks old data "STALE (AGE old)" beside the error. The Health tab
	// does not: it records each failed probe in the check's row.
	Stale bool
	// Keys are pressed over and over while a round is failing; the navigation keys when empty.
	Keys []string
	// Width and Height are the terminal size; 120x40 when zero, so an error line is not cut.
	Width, Height int
	// Faults replace TabFaults for a tab whose source reads no body (the Health tab).
	Faults []TabFault
}

// TabFault is a failure a tab is driven through, and the words its frame must then show.
type TabFault struct {
	Name  string
	Fault sim.Fault
	Words string
}

// TabFaults are the failures each tab meets: a hang (the keys must keep answering while the fetch
// waits for its timeout), an upstream error, a rate limit with Retry-After, and an answer that
// cannot be read.
func TabFaults() []TabFault {
	return []TabFault{
		{"hang", sim.Fault{Hang: true}, "timed out"},
		{"http_500", sim.Fault{Status: 500}, "HTTP 500"},
		{"http_429_retry_after", sim.Fault{Status: 429, RetryAfter: 30}, "rate limited"},
		{"malformed_json", sim.Fault{Malformed: true}, "unreadable"},
	}
}

// staleAge is how far the clock moves between the good round and the failing one: the frame must
// show the data's age.
const staleAge = 7 * time.Minute

// RunTab drives tc through every TabFault, each in its own simulator, side by side: the first round
// shows the data; under the fault, keys answer with a frame (key-to-frame latency logged, never
// asserted) that keeps the last good data; when the round fails, the frame shows the error in words
// and, for tabs that mark it, the data's age; after the fault is removed, the next round recovers.
func RunTab(t *testing.T, tc TabCase) {
	faults := tc.Faults
	if len(faults) == 0 {
		faults = TabFaults()
	}
	var wg sync.WaitGroup
	for _, f := range faults {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t.Run(f.Name, func(t *testing.T) { runTab(t, tc, f) })
		}()
	}
	wg.Wait()
}

// SimTarget starts a simulator for the test and returns the target of its environment env
// ("prod" when empty).
func SimTarget(tb testing.TB, env string) Target {
	tb.Helper()
	s, err := sim.Start(sim.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	if env == "" {
		env = "prod"
	}
	e := s.Config().Envs[env]
	if e == nil {
		tb.Fatalf("the simulator has no environment %q", env)
	}
	return Target{Sim: s, Env: e, Timeout: Timeout, from: s.Base(), to: s.Base()}
}

// Shared is the shared state a tab under test gets: the mono theme, the wall clock, env.
func Shared(env string) *ui.Shared {
	th := themes.Mono()
	return &ui.Shared{Theme: &th, Env: env, Demo: true, Now: time.Now}
}

func runTab(t *testing.T, tc TabCase, f TabFault) {
	tg := SimTarget(t, tc.Env)
	s := tg.Sim
	secrets := Secrets(s.Config())
	var skew atomic.Int64 // the tab's clock runs ahead of the wall clock by this much
	sh := Shared(tg.Env.Name)
	sh.Now = func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	tab := tc.Build(t, tg, sh)
	w, h := tc.Width, tc.Height
	if w == 0 {
		w, h = 120, 40
	}
	d := Drive(t, tab, w, h)
	has := func(s string) func(string) bool { return func(fr string) bool { return strings.Contains(fr, s) } }
	d.Pump("the first round ("+tc.Ready+")", 30*time.Second, func(fr string) bool { return has(tc.Ready)(fr) && d.Idle() })

	if fr := d.View(); strings.Contains(fr, f.Words) {
		t.Fatalf("%s: %q is on screen before the fault; the test would prove nothing:\n%s", tc.Name, f.Words, fr)
	}
	// The source fails; the clock moves on, so the data on screen has an age.
	fault := f.Fault
	fault.Path = tc.Prefix
	s.AddFault(fault)
	skew.Add(int64(staleAge))
	d.Send(ui.RefreshMsg{})
	keys := tc.Keys
	if len(keys) == 0 {
		keys = []string{"j", "j", "k", "down", "up", "G", "g", "pgdown", "pgup"}
	}
	deadline := time.Now().Add(45 * time.Second)
	var frame string
	for i := 0; ; i++ {
		frame = d.Key(Press(keys[i%len(keys)]))
		if !strings.Contains(frame, tc.Ready) {
			t.Fatalf("%s under %s: the last good data (%q) left the frame after key %q:\n%s", tc.Name, f.Name, tc.Ready, keys[i%len(keys)], frame)
		}
		if strings.Contains(frame, f.Words) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s under %s: no %q in the frame after 45s:\n%s", tc.Name, f.Name, f.Words, frame)
		}
		// Deliver what arrived, then press the next key 20ms later: a person typing fast.
		drain := time.After(20 * time.Millisecond)
	wait:
		for {
			select {
			case msg := <-d.msgs:
				d.Send(msg)
			case <-drain:
				break wait
			}
		}
	}
	frame = d.View()
	n, med, slow := d.Latency()
	t.Logf("%s under %s: %d keys answered while the source failed, key-to-frame median %v, slowest %v",
		tc.Name, f.Name, n, med, slow)
	// "STALE (7m old): …", "STALE (data 7m old): …", "statuspage STALE (7m old): …"
	if tc.Stale && !(strings.Contains(frame, "STALE (") && strings.Contains(frame, ui.Span(staleAge)+" old)")) {
		t.Errorf("%s under %s: the frame does not mark the data stale with its age (%s):\n%s", tc.Name, f.Name, ui.Span(staleAge), frame)
	}
	for _, fl := range d.Flashes() {
		frame += "\n" + fl
	}
	if leaks := Leaks(frame, secrets); len(leaks) > 0 {
		t.Errorf("%s under %s: a secret (%v) is on screen", tc.Name, f.Name, leaks)
	}

	// Recovery: the fault gone, the next round (`r`) brings the tab back.
	s.ClearFaults("")
	d.Pump("the failed round to end", 30*time.Second, func(string) bool { return d.Idle() })
	d.Send(ui.RefreshMsg{})
	d.Pump("recovery", 30*time.Second, func(fr string) bool {
		return strings.Contains(fr, tc.Ready) && !strings.Contains(fr, f.Words) && !strings.Contains(fr, "STALE")
	})
}
