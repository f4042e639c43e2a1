package health_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/opsdeck/opsdeck/models/health"
)

func res(ok bool, lat time.Duration) health.Result {
	r := health.Result{Name: "a", Status: 200, Latency: lat}
	if !ok {
		r.Status, r.Err = 503, "HTTP 503"
	}
	return r
}

func TestResultOK(t *testing.T) {
	// seed 002_11342fb64186dd7a.txt: only HTTP 200 counts, redirects are not followed.
	for _, tc := range []struct {
		name string
		r    health.Result
		want bool
	}{
		{"seed002_200_is_good", health.Result{Status: 200}, true},
		{"seed002_204_is_not_200", health.Result{Status: 204}, false},
		{"seed002_redirect_is_bad", health.Result{Status: 302, Redirect: true}, false},
		{"seed002_timeout_is_bad", health.Result{Err: "timed out"}, false},
		{"seed002_500_is_bad", health.Result{Status: 500}, false},
	} {
		if got := tc.r.OK(); got != tc.want {
			t.Errorf("%s: OK() = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestDerive(t *testing.T) {
	r := health.DefaultRules()
	ms := time.Millisecond
	for _, tc := range []struct {
		name string
		h    []health.Result
		want health.State
		rate float64
	}{
		{"never_probed", nil, health.Unknown, 0},
		{"up", []health.Result{res(true, 50*ms), res(true, 60*ms)}, health.Up, 1},
		{"slow_is_degraded", []health.Result{res(true, 50*ms), res(true, 1500*ms)}, health.Degraded, 1},
		{"exactly_slow_threshold_is_up", []health.Result{res(true, time.Second)}, health.Up, 1},
		{"down", []health.Result{res(true, 50*ms), res(false, 0)}, health.Down, 0.5},
		{"flapping_but_failing_now_is_down", []health.Result{res(true, 0), res(false, 0), res(true, 0), res(true, 0), res(false, 0)}, health.Down, 0.6},
		{"flapping_and_good_now", []health.Result{res(true, 0), res(false, 0), res(true, 0), res(false, 0), res(true, 0)}, health.Flapping, 0.6},
		{"two_flips_good_now_is_up", []health.Result{res(true, 0), res(false, 0), res(true, 0)}, health.Up, 2.0 / 3},
		{"old_flips_age_out", append([]health.Result{res(false, 0), res(true, 0), res(false, 0), res(true, 0)},
			res(true, 0), res(true, 0), res(true, 0), res(true, 0), res(true, 0), res(true, 0), res(true, 0), res(true, 0), res(true, 0)), health.Up, 11.0 / 13},
	} {
		got, rate, _ := health.Derive(tc.h, r)
		if got != tc.want || rate != tc.rate {
			t.Errorf("%s: Derive = %v %.3f, want %v %.3f", tc.name, got, rate, tc.want, tc.rate)
		}
	}
}

func TestBoardRecordBoundsHistoryAndKeepsOrder(t *testing.T) {
	b := health.NewBoard(health.Rules{History: 3})
	for i := 0; i < 5; i++ {
		b = b.Record([]health.Result{{Name: "b", Status: 200}, {Name: "a", Status: 500, Err: "HTTP 500", At: time.Unix(int64(i), 0)}})
	}
	if got := []string{b.Checks[0].Name, b.Checks[1].Name}; !cmp.Equal(got, []string{"b", "a"}) {
		t.Errorf("order %v", got)
	}
	if n := len(b.Checks[1].History); n != 3 {
		t.Errorf("history %d, want 3", n)
	}
	a := b.Checks[1]
	if a.State != health.Down || a.LastError != "HTTP 500" || !a.LastErrorAt.Equal(time.Unix(4, 0)) {
		t.Errorf("a = %+v", a)
	}
	prev := b
	_ = prev.Record([]health.Result{{Name: "a", Status: 200}})
	if prev.Checks[1].State != health.Down {
		t.Error("Record changed the board it was called on")
	}
	if c := b.Count(); c.Down != 1 || c.Up != 1 || c.AllUp() {
		t.Errorf("count %+v", c)
	}
}

func TestZeroBoardUsesDefaults(t *testing.T) {
	var b health.Board
	b = b.Record([]health.Result{{Name: "a", Status: 200}})
	if b.Checks[0].State != health.Up {
		t.Fatalf("zero Board: state %v, want UP", b.Checks[0].State)
	}
}
