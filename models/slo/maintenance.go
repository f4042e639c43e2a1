package slo

import (
	"math"
	"sort"
	"time"
)

// Interval is a published maintenance window: uptime is measured outside of them (seeds 000 and 001).
type Interval struct {
	Start, End time.Time
	// Name says where the interval comes from (a config entry, a Statuspage maintenance).
	Name string
}

// Exclusion is the compliance over the window with maintenance intervals taken out, beside what was
// taken out, so both the raw and the excluded figure can be shown and told apart.
type Exclusion struct {
	// Compliance is measured over the window minus the maintenance intervals.
	Compliance Compliance
	// Budget is the error budget over the same events.
	Budget Budget
	// Removed is the events counted inside the maintenance intervals and taken out.
	Removed Events
	// Duration is how much of the window the intervals cover.
	Duration time.Duration
	// Intervals are the maintenance intervals clipped to the window and merged where they overlap.
	Intervals []Interval
	// Estimated counts the intervals whose events were estimated from buckets rather than measured.
	Estimated int
}

// Measured is the events counted inside one maintenance interval by a query of its own (an increase
// over exactly the interval, evaluated at its end).
type Measured struct {
	Interval
	Events
}

// Merge clips intervals to [start, end], drops empty ones and merges those that overlap, so no
// minute is taken out twice. Names of merged intervals are joined with " + ".
func Merge(intervals []Interval, start, end time.Time) []Interval {
	var in []Interval
	for _, iv := range intervals {
		if iv.Start.Before(start) {
			iv.Start = start
		}
		if iv.End.After(end) {
			iv.End = end
		}
		if iv.End.After(iv.Start) {
			in = append(in, iv)
		}
	}
	sort.Slice(in, func(i, j int) bool { return in[i].Start.Before(in[j].Start) })
	var out []Interval
	for _, iv := range in {
		if n := len(out); n > 0 && !iv.Start.After(out[n-1].End) {
			if iv.End.After(out[n-1].End) {
				out[n-1].End = iv.End
			}
			if iv.Name != "" && iv.Name != out[n-1].Name {
				out[n-1].Name += " + " + iv.Name
			}
			continue
		}
		out = append(out, iv)
	}
	return out
}

// overlap returns how long [a0, a1) and [b0, b1) share.
func overlap(a0, a1, b0, b1 time.Time) time.Duration {
	s, e := a0, a1
	if b0.After(s) {
		s = b0
	}
	if b1.Before(e) {
		e = b1
	}
	if e.After(s) {
		return e.Sub(s)
	}
	return 0
}

// ExcludeMaintenance takes the events inside maintenance intervals out of the compliance c. An
// interval (after Merge) found in measured uses the events counted for it exactly. Otherwise its
// events come from buckets (a range query over the window): a bucket partly inside an interval gives
// up the same share of its events as of its time, which is exact when buckets do not straddle the
// interval's edges and otherwise assumes events spread evenly within a bucket (Estimated counts
// these). c itself (the raw figure) is left as it is.
func (s SLO) ExcludeMaintenance(c Compliance, buckets []Bucket, intervals []Interval, measured []Measured) Exclusion {
	merged := Merge(intervals, c.WindowStart, c.WindowEnd)
	x := Exclusion{Intervals: merged}
	bs := inWindow(buckets, c.WindowStart, c.WindowEnd)
	for _, iv := range merged {
		x.Duration += iv.End.Sub(iv.Start)
		if ev, ok := find(measured, iv); ok {
			x.Removed.Good += ev.Good
			x.Removed.Total += ev.Total
			continue
		}
		x.Estimated++
		for _, b := range bs {
			if b.Step <= 0 {
				continue
			}
			f := float64(overlap(b.Start(), b.End, iv.Start, iv.End)) / float64(b.Step)
			x.Removed.Good += f * b.Good
			x.Removed.Total += f * b.Total
		}
	}
	ev := Events{Good: c.Good - x.Removed.Good, Total: c.Total - x.Removed.Total}
	if ev.Total < 0 {
		ev.Total = 0
	}
	if ev.Good < 0 {
		ev.Good = 0
	}
	x.Compliance = s.Compliance(ev, c.WindowEnd)
	x.Budget = s.Budget(ev, c.WindowEnd)
	// Outage minutes are counted outside maintenance only.
	x.Budget.TotalMinutes = s.BudgetRatio() * (s.window() - x.Duration).Minutes()
	x.Budget.RemainingMinutes = x.Budget.Remaining * x.Budget.TotalMinutes
	return x
}

// find returns the events measured for exactly the interval iv.
func find(measured []Measured, iv Interval) (Events, bool) {
	for _, m := range measured {
		if m.Start.Equal(iv.Start) && m.End.Equal(iv.End) && !math.IsNaN(m.Good) && !math.IsNaN(m.Total) {
			return m.Events, true
		}
	}
	return Events{}, false
}
