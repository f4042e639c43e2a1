package license

import "time"

// Trial lengths: "This trial lasts 30 days, plus the time until their next bill. This means the actual
// trial period is between 31 and 61 days" (seed 004, line 37).
const (
	MinTrialDays = 31
	MaxTrialDays = 61
)

// RemovalDays is how long after a cancellation takes effect the product data is removed: "We remove
// cloud product data 15 days after cancellation" (seed 004, line 41). The cancellation takes effect
// the day after the end date, the last valid day (line 39).
const RemovalDays = 15

// SoonDays is the horizon of "this week" in the header counts (trials ending this week).
const SoonDays = 7

// State is where a tenant's license is in its lifecycle.
type State uint8

// The license states, in the order the header counts them.
const (
	StateTrial     State = iota // an evaluation license, active (seed 004, line 37)
	StateActive                 // a paid (or free-type) license, active
	StateCancelled              // cancelled, still valid until the end of the billing period (seed 004, line 39)
	StateExpired                // inactive, or cancelled past the end of the billing period
	StateNone                   // no license for this tenant at all
	StateUnknown                // a status the Marketplace does not document
	NumStates
)

var stateNames = [NumStates]string{"trial", "active", "cancelled", "expired", "none", "unknown"}

// String returns the state's word, as shown in the table and accepted by --state.
func (s State) String() string {
	if s < NumStates {
		return stateNames[s]
	}
	return "unknown"
}

// MarshalText implements encoding.TextMarshaler.
func (s State) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseState reads a state word ("trial", "active", "cancelled", "expired", "none", "unknown").
func ParseState(w string) (State, bool) {
	for i, n := range stateNames {
		if n == w {
			return State(i), true
		}
	}
	return 0, false
}

// Lifecycle is a license's state on a given day and the counts derived from it.
type Lifecycle struct {
	State State `json:"state"`
	// Valid is true when the app should serve its licensed response: a trial, an active license, or a
	// cancelled one before the end of its billing period (seed 004, lines 39 and 43). lic=active.
	Valid bool `json:"valid"`
	// HasEnd is false when the license has no end date; DaysLeft is then meaningless.
	HasEnd bool `json:"-"`
	// TrialOutOfRange is set when TrialDays falls outside 31-61 days (seed 004, line 37).
	TrialOutOfRange bool `json:"trialOutOfRange,omitempty"`
	// DaysLeft counts days from today to the end date: the end of the trial, the next renewal, or the
	// end of the billing period of a cancelled license; 0 on the last day, negative after it.
	DaysLeft int `json:"daysLeft"`
	// TrialDays is the length of an evaluation, its start and end dates included (0 when unknown).
	TrialDays int `json:"trialDays,omitempty"`
	// DaysToRemoval counts days from today to RemovalDate; negative once the data is gone.
	DaysToRemoval int `json:"daysToRemoval,omitempty"`
	// RemovalDate is when the product data is removed, 15 days after the cancellation takes effect on
	// the day after the end date (seed 004, lines 39 and 41); zero for licenses that are not ending.
	RemovalDate time.Time `json:"removalDate,omitzero"`
}

// RemovalDue reports whether the cancellation has taken effect and the data removal is still ahead
// (or today): the 15-day countdown of seed 004, line 41.
func (lc Lifecycle) RemovalDue() bool {
	return !lc.RemovalDate.IsZero() && lc.HasEnd && lc.DaysLeft < 0 && lc.DaysToRemoval >= 0
}

// DataRemoved reports whether the removal date has passed.
func (lc Lifecycle) DataRemoved() bool { return !lc.RemovalDate.IsZero() && lc.DaysToRemoval < 0 }

// TrialEndingSoon reports whether a trial ends within SoonDays (today included).
func (lc Lifecycle) TrialEndingSoon() bool {
	return lc.State == StateTrial && lc.HasEnd && lc.DaysLeft >= 0 && lc.DaysLeft <= SoonDays
}

// Evaluate returns the lifecycle of l on the day of now (UTC, the calendar of Marketplace dates).
// The end date is the last valid day, as the Marketplace's maintenanceEndDate is, everywhere: a
// license ending today is still valid today, a trial's length counts its end date, and a
// cancellation takes effect the next day.
func Evaluate(l License, now time.Time) Lifecycle {
	day := today(now)
	lc := Lifecycle{HasEnd: !l.EndDate.IsZero()}
	if lc.HasEnd {
		lc.DaysLeft = daysBetween(day, l.EndDate)
	}
	ending := false
	switch l.Status {
	case StatusActive:
		// The status is authoritative: a report a day late must not turn a paying customer away.
		lc.State, lc.Valid = StateActive, true
		if l.Type == TypeEvaluation {
			// Every new app enters a free trial (seed 004, line 37).
			lc.State = StateTrial
		}
	case StatusCancelled:
		// "Cancelled accounts remain valid and active until the end of the billing period" (seed 004,
		// line 39). Without an end date the period cannot be checked, so it stays valid.
		lc.State, lc.Valid = StateCancelled, true
		if lc.HasEnd && lc.DaysLeft < 0 {
			lc.State, lc.Valid = StateExpired, false
		}
		ending = true
	case StatusInactive:
		lc.State = StateExpired
		ending = true
	default:
		lc.State = StateUnknown
	}
	if l.Type == TypeEvaluation && lc.HasEnd && !l.StartDate.IsZero() {
		// "The actual trial period is between 31 and 61 days" (seed 004, line 37): the start and the
		// end dates are both days of the trial.
		lc.TrialDays = daysBetween(l.StartDate, l.EndDate) + 1
		lc.TrialOutOfRange = lc.TrialDays < MinTrialDays || lc.TrialDays > MaxTrialDays
	}
	if ending && lc.HasEnd {
		// The license is valid until the end of the billing period, its end date included (line
		// 39): the cancellation takes effect the day after, and the data goes 15 days after that
		// (line 41). An expired trial ends the same way.
		lc.RemovalDate = l.EndDate.AddDate(0, 0, 1+RemovalDays)
		lc.DaysToRemoval = daysBetween(day, lc.RemovalDate)
	}
	return lc
}
