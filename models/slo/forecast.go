package slo

import (
	"math"
	"sort"
	"time"
)

// Bucket is the events counted over (End-Step, End]: one point of a range query over good and total.
type Bucket struct {
	End   time.Time
	Step  time.Duration
	Good  float64
	Total float64
}

// Start returns End - Step.
func (b Bucket) Start() time.Time { return b.End.Add(-b.Step) }

// Events returns the bucket's good and total counts.
func (b Bucket) Events() Events { return Events{Good: b.Good, Total: b.Total} }

// inWindow returns the buckets that lie inside (start, end], sorted by End. Buckets that begin before
// start are left out: the data may reach further back than the window.
func inWindow(buckets []Bucket, start, end time.Time) []Bucket {
	out := make([]Bucket, 0, len(buckets))
	for _, b := range buckets {
		if !b.Start().Before(start) && !b.End.After(end) {
			out = append(out, b)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].End.Before(out[j].End) })
	return out
}

// ExhaustionWindow is the burn window whose rate "the current burn" means in forecasts.
const ExhaustionWindow = time.Hour

// Exhaustion says when the remaining budget runs out if the current burn rate goes on.
type Exhaustion struct {
	// Burn is the rate the forecast assumes: the burn over ExhaustionWindow.
	Burn float64
	// Window is the window Burn was measured over.
	Window time.Duration
	// Remaining is the budget share the forecast starts from.
	Remaining float64
	// Already is true when the budget is already spent.
	Already bool
	// Never is true when the current burn does not spend budget (zero or no traffic).
	Never bool
	// In is the time left until the budget is spent; At is when that happens.
	In time.Duration
	At time.Time
}

// Exhaustion forecasts when the budget runs out at the burn rate b (normally the 1h burn). At burn
// rate r the whole budget lasts window/r, so a remaining share lasts remaining*window/r. The forecast
// ignores errors ageing out of the window; Recovery covers that.
func (s SLO) Exhaustion(bud Budget, b Burn) Exhaustion {
	e := Exhaustion{Burn: b.Rate, Window: b.Window, Remaining: bud.Remaining}
	switch {
	case bud.Remaining <= 0 && !bud.NoTraffic:
		e.Already, e.At = true, bud.WindowEnd
	case math.IsNaN(b.Rate) || b.Rate <= 0:
		e.Never = true
	default:
		hours := bud.Remaining * s.window().Hours() / b.Rate
		e.In = time.Duration(hours * float64(time.Hour)).Round(time.Second)
		e.At = bud.WindowEnd.Add(e.In)
	}
	return e
}

// Recovery says when the remaining budget climbs back to Target as old bad events age out of the
// rolling window.
type Recovery struct {
	// Target is the remaining budget share waited for (0: the budget is no longer overspent).
	Target float64
	// AssumedErrorRatio is the error ratio assumed for traffic from now on (0: no new errors).
	AssumedErrorRatio float64
	// Already is true when the remaining budget is at Target or above now.
	Already bool
	// Never is true when the window slides by a whole length without reaching Target: the assumed
	// error ratio alone keeps the budget below it.
	Never bool
	// At is when Target is reached, to within one bucket step.
	At time.Time
}

// Recovery projects the budget forward from c (the compliance over the window) as the buckets that
// make it up age out of the window, assuming new traffic arrives at the window's average rate with the
// error ratio assumed. It returns when the remaining budget reaches target. Buckets outside c's window
// are ignored; the answer is exact to within one bucket step.
func (s SLO) Recovery(c Compliance, buckets []Bucket, assumed, target float64) Recovery {
	r := Recovery{Target: target, AssumedErrorRatio: assumed}
	w := s.window()
	now := c.WindowEnd
	good, total := c.Good, c.Total
	remaining := func(good, total float64) float64 {
		if !(total > 0) {
			return 1
		}
		return round12(1 - math.Max(0, total-good)/(s.BudgetRatio()*total))
	}
	if remaining(good, total) >= target {
		r.Already, r.At = true, now
		return r
	}
	rate := total / w.Seconds() // new events per second, the window's average
	var outGood, outTotal float64
	for _, b := range inWindow(buckets, c.WindowStart, now) {
		// This bucket leaves the window at b.End + w; by then the window has taken in new traffic for
		// the time elapsed since now.
		at := b.End.Add(w)
		elapsed := at.Sub(now).Seconds()
		outGood += b.Good
		outTotal += b.Total
		newTotal := rate * elapsed
		g := math.Max(0, good-outGood) + newTotal*(1-assumed)
		t := math.Max(0, total-outTotal) + newTotal
		if remaining(g, t) >= target {
			r.At = at
			return r
		}
	}
	// Every bucket has aged out: the window holds only assumed traffic.
	if remaining(1-assumed, 1) >= target {
		r.At = now.Add(w)
		return r
	}
	r.Never = true
	return r
}
