package deploy

import (
	"fmt"
	"time"
)

// DefaultWatch is how long the service is watched after a rollback: long enough for the
// short-window burn rate (5 minutes) to hold only post-rollback traffic.
const DefaultWatch = 5 * time.Minute

// Observation is one look at the service while a rollback is watched: the health checks (seed 002's
// health check resource) and the short-window burn rate of the SLOs.
type Observation struct {
	At          time.Time
	ChecksUp    int     // checks answering 200 in time
	ChecksTotal int     // checks probed; 0 when health data is not loaded
	Burn        float64 // the worst short-window burn rate over the SLOs
	BurnKnown   bool    // false when no SLO data is loaded
}

// Verdict is what the watch concluded.
type Verdict int

// The verdicts of a watch.
const (
	Watching     Verdict = iota // the watch is still running
	Recovered                   // at the end every check was up and the burn rate under the limit
	NotRecovered                // at the end a check was down or the budget was still burning too fast
	Unknown                     // no health or SLO data arrived during the watch
)

// Word is the verdict as the tab, the headless command and the audit log write it.
func (v Verdict) Word() string {
	switch v {
	case Watching:
		return "watching"
	case Recovered:
		return "recovered"
	case NotRecovered:
		return "not recovered"
	}
	return "unknown"
}

// Watch follows a service for a while after a rollback and says whether it recovered. It is a
// value: Record returns an updated copy.
type Watch struct {
	Start     time.Time
	For       time.Duration // DefaultWatch when zero
	BurnLimit float64       // the burn rate under which the budget counts as recovered; 1 when zero
	Last      Observation   // the latest health observation (ChecksTotal > 0)
	LastBurn  Observation   // the latest burn-rate observation (BurnKnown)
	Seen      int           // observations recorded
}

// Record adds an observation. Health and burn rate may arrive separately (they come from
// different tabs); each part keeps its latest value.
func (w Watch) Record(o Observation) Watch {
	if o.At.Before(w.Start) {
		return w // data from before the rollback says nothing about it
	}
	if o.ChecksTotal > 0 {
		w.Last = o
	}
	if o.BurnKnown {
		w.LastBurn = o
	}
	w.Seen++
	return w
}

// End is when the watch ends.
func (w Watch) End() time.Time { return w.Start.Add(w.duration()) }

func (w Watch) duration() time.Duration {
	if w.For > 0 {
		return w.For
	}
	return DefaultWatch
}

func (w Watch) limit() float64 {
	if w.BurnLimit > 0 {
		return w.BurnLimit
	}
	return 1
}

// Verdict says, at now, whether the service recovered. Until the watch ends it is Watching, even
// when an early look is healthy: a flapping check can look healthy once, so the verdict is taken
// from the last observations at the end.
func (w Watch) Verdict(now time.Time) Verdict {
	if now.Before(w.End()) {
		return Watching
	}
	health, burn := w.Last.ChecksTotal > 0, w.LastBurn.BurnKnown
	if !health && !burn {
		return Unknown
	}
	if health && w.Last.ChecksUp < w.Last.ChecksTotal {
		return NotRecovered
	}
	if burn && w.LastBurn.Burn >= w.limit() {
		return NotRecovered
	}
	return Recovered
}

// Summary describes the latest state in words: "8/8 checks up, burn 0.4x (limit 1x)".
func (w Watch) Summary() string {
	s := "no health data"
	if w.Last.ChecksTotal > 0 {
		s = fmt.Sprintf("%d/%d checks up", w.Last.ChecksUp, w.Last.ChecksTotal)
	}
	if w.LastBurn.BurnKnown {
		s += fmt.Sprintf(", burn %.1fx (limit %.3gx)", w.LastBurn.Burn, w.limit())
	} else {
		s += ", no burn-rate data"
	}
	return s
}
