package slo

import (
	"math"
	"sort"
	"time"
)

// Observation is what a source measured for one SLO at one instant; Evaluate turns it into a Report.
type Observation struct {
	// At is the instant the queries were evaluated at: the end of every window.
	At time.Time
	// Window is the events over the SLO window.
	Window Events
	// Burn is the events over each of BurnWindows; a missing window counts as no data.
	Burn map[time.Duration]Events
	// Series is the events per bucket over the SLO window (chart, recovery, maintenance exclusion).
	Series []Bucket
	// Day is the events per bucket over the last 24 hours (sparkline).
	Day []Bucket
	// Quantiles are the latency quantiles of a latency SLI, measured.
	Quantiles []Quantile
	// Maintenance is the events inside each maintenance interval (merged and clipped to the window,
	// see Merge), counted exactly; intervals missing here are estimated from Series.
	Maintenance []Measured
}

// Report is everything opsdeck says about one SLO at one instant, each figure with its inputs.
type Report struct {
	SLO SLO
	At  time.Time
	// Compliance and Budget are raw: every event in the window counts.
	Compliance Compliance
	Budget     Budget
	// Excluded is the same with maintenance intervals taken out (seeds 000, 001); nil when no known
	// maintenance interval touches the window.
	Excluded *Exclusion
	// Burns holds one burn rate per BurnWindows entry, in that order.
	Burns []Burn
	// Alerts are the multi-window rules evaluated; State is the worst that fires.
	Alerts []AlertRow
	State  Severity
	// Exhaustion forecasts when the budget runs out at the 1h burn.
	Exhaustion Exhaustion
	// Recovery says when the budget is back to 0% and 50% if no new errors come (RecoveryTargets).
	Recovery []Recovery
	// Series and Day are the bucketed events, for charts.
	Series, Day []Bucket
	// Quantiles are the latency quantiles, when the SLI has them.
	Quantiles []Quantile
}

// RecoveryTargets are the remaining-budget shares Evaluate forecasts a recovery to.
var RecoveryTargets = []float64{0, 0.5}

// Evaluate computes the report of s from what was observed, taking the maintenance intervals out
// of a second, labelled, set of figures.
func Evaluate(s SLO, obs Observation, maint []Interval) Report {
	r := Report{SLO: s, At: obs.At, Series: obs.Series, Day: obs.Day, Quantiles: obs.Quantiles}
	r.Compliance = s.Compliance(obs.Window, obs.At)
	r.Budget = s.Budget(obs.Window, obs.At)
	if ivs := Merge(maint, r.Compliance.WindowStart, r.Compliance.WindowEnd); len(ivs) > 0 {
		x := s.ExcludeMaintenance(r.Compliance, obs.Series, ivs, obs.Maintenance)
		r.Excluded = &x
	}
	r.Burns = make([]Burn, len(BurnWindows))
	for i, w := range BurnWindows {
		ev, ok := obs.Burn[w]
		if !ok {
			ev = Events{Good: math.NaN(), Total: math.NaN()}
		}
		r.Burns[i] = s.Burn(ev, w, obs.At)
	}
	r.Alerts, r.State = s.Alerts(r.Burns)
	// Forecasts start from the budget that counts (outside maintenance when any is known).
	c, series := r.Compliance, obs.Series
	if r.Excluded != nil {
		c, series = r.Excluded.Compliance, withoutIntervals(obs.Series, r.Excluded.Intervals)
	}
	for _, b := range r.Burns {
		if b.Window == ExhaustionWindow {
			r.Exhaustion = s.Exhaustion(r.Effective(), b)
		}
	}
	for _, t := range RecoveryTargets {
		r.Recovery = append(r.Recovery, s.Recovery(c, series, 0, t))
	}
	return r
}

// withoutIntervals returns the buckets with the share of each that lies inside the intervals taken
// out (events assumed spread evenly within a bucket).
func withoutIntervals(bs []Bucket, ivs []Interval) []Bucket {
	out := make([]Bucket, len(bs))
	for i, b := range bs {
		var in time.Duration
		for _, iv := range ivs {
			in += overlap(b.Start(), b.End, iv.Start, iv.End)
		}
		if b.Step > 0 && in > 0 {
			f := 1 - float64(in)/float64(b.Step)
			b.Good, b.Total = b.Good*f, b.Total*f
		}
		out[i] = b
	}
	return out
}

// Effective returns the budget that counts: with maintenance taken out when any is known (uptime
// outside maintenance windows, seeds 000 and 001), raw otherwise.
func (r Report) Effective() Budget {
	if r.Excluded != nil {
		return r.Excluded.Budget
	}
	return r.Budget
}

// Sort orders reports worst first: least budget remaining, then the most urgent burn, then by name.
// An SLO without traffic has its whole budget and sorts with the healthy ones.
func Sort(rs []Report) {
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i].Effective().Remaining, rs[j].Effective().Remaining
		if a != b {
			return a < b
		}
		if rs[i].State != rs[j].State {
			return rs[i].State > rs[j].State
		}
		return rs[i].SLO.Name < rs[j].SLO.Name
	})
}

// Point is one value of a time series.
type Point struct {
	T time.Time
	V float64
}

// BurnDown returns the remaining budget share at the end of each bucket of the window: 1 at the
// window's start, falling as bad events are counted, against the budget of the whole window's
// traffic. It is the 28-day chart of the detail view.
func (s SLO) BurnDown(c Compliance, series []Bucket) []Point {
	bs := inWindow(series, c.WindowStart, c.WindowEnd)
	var total float64
	for _, b := range bs {
		total += b.Total
	}
	allowed := s.BudgetRatio() * total
	out := make([]Point, len(bs))
	var bad float64
	for i, b := range bs {
		bad += b.Events().Bad()
		v := 1.0
		if allowed > 0 {
			v = round12(1 - bad/allowed)
		}
		out[i] = Point{T: b.End, V: v}
	}
	return out
}

// SLISeries returns good/total per bucket (NaN for a bucket without traffic): the sparkline.
func SLISeries(series []Bucket) []Point {
	out := make([]Point, len(series))
	for i, b := range series {
		out[i] = Point{T: b.End, V: b.Events().Ratio()}
	}
	return out
}
