package slo

import (
	"math"
	"time"
)

// Compliance is the SLI measured over the SLO's window, with its inputs.
type Compliance struct {
	Inputs
	// Value is Good/Total: NaN when the window saw no traffic.
	Value float64
	// Met reports whether Value reaches the objective; a window without traffic counts as met.
	Met bool
	// NoTraffic is true when Total is zero: Value is NaN and nothing was spent.
	NoTraffic bool
}

// Compliance returns the SLI over the window ending at now from the events counted over it.
func (s SLO) Compliance(ev Events, now time.Time) Compliance {
	c := Compliance{Inputs: s.inputs(ev, now, s.window()), Value: ev.Ratio()}
	c.NoTraffic = math.IsNaN(c.Value)
	// Compare bad events with the allowed ones rather than Value with the objective, so the rounding
	// of BudgetRatio applies and a budget spent exactly is still met.
	c.Met = c.NoTraffic || ev.Bad() <= s.BudgetRatio()*ev.Total
	return c
}

// Budget is the error budget over the window: how many bad events the objective allows, how many
// happened, and what is left, as a share and as minutes of full outage.
type Budget struct {
	Inputs
	// Allowed is the number of bad events the objective allows: (1 - objective) * total.
	Allowed float64
	// Spent is the number of bad events: total - good.
	Spent float64
	// Remaining is 1 - spent/allowed: 1 untouched, 0 exactly spent, negative overspent. It is 1 when
	// the window saw no traffic (nothing was spent).
	Remaining float64
	// TotalMinutes is the budget as minutes of full outage: (1 - objective) * window.
	TotalMinutes float64
	// RemainingMinutes is Remaining * TotalMinutes: the minutes of full outage still affordable
	// (negative when overspent).
	RemainingMinutes float64
	// Exhausted is true when Remaining <= 0.
	Exhausted bool
	// NoTraffic is true when there were no events in the window.
	NoTraffic bool
}

// Budget returns the error budget over the window ending at now from the events counted over it.
func (s SLO) Budget(ev Events, now time.Time) Budget {
	w := s.window()
	b := Budget{
		Inputs:       s.inputs(ev, now, w),
		Spent:        ev.Bad(),
		TotalMinutes: s.BudgetRatio() * w.Minutes(),
		NoTraffic:    !(ev.Total > 0),
	}
	if !b.NoTraffic {
		b.Allowed = s.BudgetRatio() * ev.Total
	}
	switch {
	case b.NoTraffic:
		b.Remaining = 1
	default:
		b.Remaining = round12(1 - b.Spent/b.Allowed)
	}
	b.RemainingMinutes = b.Remaining * b.TotalMinutes
	b.Exhausted = b.Remaining <= 0
	return b
}
