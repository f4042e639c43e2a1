// Package slo holds service level objectives and the pure arithmetic around them: compliance over a
// window, error budgets, burn rates, the multi-window burn alerts, budget forecasts and maintenance
// exclusion. It does no I/O and never reads the clock: every function takes the time it needs.
//
// Every result carries the numbers it was computed from (good and total events, the objective and the
// window), so a budget can always be traced back to its inputs.
package slo

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// DefaultWindow is the compliance window used when an SLO names none: the Cloud Fortified program
// measures SLOs over 28 days (seed 002).
const DefaultWindow = 28 * 24 * time.Hour

// SLO is one service level objective: an SLI, its target and the window it is measured over.
type SLO struct {
	// Name identifies the SLO in the UI, in JSON and in errors.
	Name string
	// Objective is the target share of good events, in (0, 1): 0.999 for 99.9%.
	Objective float64
	// Window is the rolling compliance window (DefaultWindow when zero).
	Window time.Duration
	// SLI says how good and total events are measured.
	SLI SLI
	// Runbook is a URL to the runbook for this SLO; shown in the detail view and the JSON.
	Runbook string
	// Description is free text for people.
	Description string
}

// New returns an SLO with the window defaulted and the objective checked.
func New(name string, objective float64, window time.Duration, sli SLI) (SLO, error) {
	s := SLO{Name: name, Objective: objective, Window: window, SLI: sli}
	if s.Window == 0 {
		s.Window = DefaultWindow
	}
	return s, s.Validate()
}

// Validate reports every problem with the SLO at once.
func (s SLO) Validate() error {
	var errs []error
	if s.Name == "" {
		errs = append(errs, errors.New("slo: name is empty"))
	}
	if !(s.Objective > 0 && s.Objective < 1) {
		errs = append(errs, fmt.Errorf("slo %q: objective %v is not between 0 and 1 (write 0.999 for 99.9%%)", s.Name, s.Objective))
	}
	if s.Window < 0 {
		errs = append(errs, fmt.Errorf("slo %q: window %v is negative", s.Name, s.Window))
	} else if s.Window > 0 && s.Window < time.Hour {
		errs = append(errs, fmt.Errorf("slo %q: window %v is shorter than an hour", s.Name, s.Window))
	}
	if err := s.SLI.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("slo %q: %w", s.Name, err))
	}
	return errors.Join(errs...)
}

// window returns the effective window.
func (s SLO) window() time.Duration {
	if s.Window <= 0 {
		return DefaultWindow
	}
	return s.Window
}

// EffectiveWindow returns the window the SLO is measured over (DefaultWindow when unset).
func (s SLO) EffectiveWindow() time.Duration { return s.window() }

// BudgetRatio returns the share of events allowed to be bad, 1 - objective. It is rounded to 12
// decimal places so that 1 - 0.999 is 0.001 and a budget spent exactly reads as exactly spent.
func (s SLO) BudgetRatio() float64 {
	return round12(1 - s.Objective)
}

func round12(x float64) float64 { return math.Round(x*1e12) / 1e12 }

// Events is a count of good and total events over some interval.
type Events struct {
	Good  float64
	Total float64
}

// Bad returns Total - Good, never below zero; 0 when either count is NaN (no data).
func (e Events) Bad() float64 {
	if math.IsNaN(e.Total) || math.IsNaN(e.Good) {
		return 0
	}
	return math.Max(0, e.Total-e.Good)
}

// Ratio returns Good/Total; NaN when there was no traffic, as Prometheus returns for 0/0.
func (e Events) Ratio() float64 {
	if e.Total <= 0 || math.IsNaN(e.Total) || math.IsNaN(e.Good) {
		return math.NaN()
	}
	return e.Good / e.Total
}

// ErrorRatio returns Bad/Total; NaN when there was no traffic.
func (e Events) ErrorRatio() float64 {
	if e.Total <= 0 || math.IsNaN(e.Total) || math.IsNaN(e.Good) {
		return math.NaN()
	}
	return e.Bad() / e.Total
}

// Inputs are the numbers a result was computed from, kept with it so the UI and the JSON can show
// where a budget comes from.
type Inputs struct {
	// Good and Total are the events counted over the window.
	Good  float64
	Total float64
	// Objective is the SLO's target share of good events.
	Objective float64
	// WindowStart and WindowEnd bound the interval the events were counted over.
	WindowStart time.Time
	WindowEnd   time.Time
}

// Events returns the good and total events of the inputs.
func (in Inputs) Events() Events { return Events{Good: in.Good, Total: in.Total} }

// Window returns WindowEnd - WindowStart.
func (in Inputs) Window() time.Duration { return in.WindowEnd.Sub(in.WindowStart) }

// inputs returns the Inputs for events counted over the window w that ends at end.
func (s SLO) inputs(ev Events, end time.Time, w time.Duration) Inputs {
	return Inputs{Good: ev.Good, Total: ev.Total, Objective: s.Objective, WindowStart: end.Add(-w), WindowEnd: end}
}
