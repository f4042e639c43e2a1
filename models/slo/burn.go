package slo

import (
	"math"
	"time"
)

// BurnWindows are the windows burn rates are measured over: the long and short windows of the
// multi-window alert rules (reference section 7).
var BurnWindows = []time.Duration{
	5 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour, 6 * time.Hour, 24 * time.Hour, 72 * time.Hour,
}

// Burn is the rate at which the error budget is spent over one window: 1 spends exactly the budget
// over the SLO window, 14.4 spends it 14.4 times as fast.
type Burn struct {
	Inputs
	// Window is the window the events were counted over (5m ... 3d).
	Window time.Duration
	// ErrorRatio is bad/total over Window: NaN without traffic.
	ErrorRatio float64
	// Rate is ErrorRatio / (1 - objective): NaN without traffic.
	Rate float64
}

// Burn returns the burn rate over the window w ending at now from the events counted over it.
func (s SLO) Burn(ev Events, w time.Duration, now time.Time) Burn {
	b := Burn{Inputs: s.inputs(ev, now, w), Window: w, ErrorRatio: ev.ErrorRatio()}
	b.Rate = round12(b.ErrorRatio / s.BudgetRatio())
	return b
}

// Severity is how urgently a burn needs a person.
type Severity int

// Severities, least urgent first, so that a larger value is worse.
const (
	// NoData means no burn window had traffic: nothing can be said.
	NoData Severity = iota - 1
	// OK means no alert rule fires.
	OK
	// Ticket means a slow burn: someone should look during working hours.
	Ticket
	// Page means a fast burn: wake someone up.
	Page
)

// String returns the word shown for the severity; colour never carries it alone.
func (v Severity) String() string {
	switch v {
	case NoData:
		return "NO DATA"
	case OK:
		return "OK"
	case Ticket:
		return "TICKET"
	case Page:
		return "PAGE"
	}
	return "UNKNOWN"
}

// Rule is one multi-window, multi-burn-rate alert rule of the SRE Workbook (reference section 7): it
// fires when the burn rate over both Long and Short exceeds the threshold.
type Rule struct {
	Severity Severity
	// Long and Short are the two windows; both must burn above the threshold.
	Long  time.Duration
	Short time.Duration
	// Nominal is the Workbook's burn-rate factor, written for a 30-day SLO (14.4, 6, 3, 1).
	Nominal float64
	// BudgetShare is the share of the budget consumed over Long at the nominal rate on a 30-day SLO
	// (2%, 5%, 10%, 10%). opsdeck keeps this share for any window; see Threshold.
	BudgetShare float64
}

// nominalPeriod is the SLO period the Workbook's factors are written for.
const nominalPeriod = 30 * 24 * time.Hour

// Rules are the four alert rules: page at 14.4x over 1h and 5m, page at 6x over 6h and 30m, ticket at
// 3x over 1d and 2h, ticket at 1x over 3d and 6h (the last two are Sloth's ticket windows).
var Rules = []Rule{
	{Severity: Page, Long: time.Hour, Short: 5 * time.Minute, Nominal: 14.4, BudgetShare: 0.02},
	{Severity: Page, Long: 6 * time.Hour, Short: 30 * time.Minute, Nominal: 6, BudgetShare: 0.05},
	{Severity: Ticket, Long: 24 * time.Hour, Short: 2 * time.Hour, Nominal: 3, BudgetShare: 0.10},
	{Severity: Ticket, Long: 72 * time.Hour, Short: 6 * time.Hour, Nominal: 1, BudgetShare: 0.10},
}

// ThresholdLabel explains how Threshold adjusts the Workbook's factors; the UI and docs show it.
const ThresholdLabel = "burn thresholds keep the Workbook's budget shares (2%, 5%, 10%, 10%) for the SLO window: 13.44x, 5.6x, 2.8x, 0.93x for 28 days (as Sloth's google-28d), 14.4x, 6x, 3x, 1x for 30 days"

// Threshold returns the burn rate above which the rule fires for an SLO window. The Workbook's
// factors are written for 30 days; opsdeck keeps the budget share each rule stands for, so the
// threshold is BudgetShare * window / Long: 13.44, 5.6, 2.8 and 0.933 for the 28-day window of
// seed 002, exactly Nominal for 30 days.
func (r Rule) Threshold(window time.Duration) float64 {
	if window <= 0 {
		window = DefaultWindow
	}
	return round12(r.BudgetShare * float64(window) / float64(r.Long))
}

// AlertRow is one rule evaluated against the current burn rates.
type AlertRow struct {
	Rule
	// Threshold is the burn rate the rule compares with (see Rule.Threshold).
	Threshold float64
	// LongBurn and ShortBurn are the burn rates over the rule's windows (NaN without traffic).
	LongBurn  float64
	ShortBurn float64
	// Firing is true when both burn rates are above Threshold.
	Firing bool
	// NoData is true when either window saw no traffic.
	NoData bool
}

// Alerts evaluates every rule against the burn rates (as returned by SLO.Burn, one per window) and
// returns the rows and the worst severity that fires: OK when none fires, NoData when no window had
// traffic. A window missing from burns counts as no data.
func (s SLO) Alerts(burns []Burn) ([]AlertRow, Severity) {
	rate := func(w time.Duration) float64 {
		for _, b := range burns {
			if b.Window == w {
				return b.Rate
			}
		}
		return math.NaN()
	}
	rows := make([]AlertRow, len(Rules))
	state, anyData := OK, false
	for i, r := range Rules {
		row := AlertRow{Rule: r, Threshold: r.Threshold(s.window()), LongBurn: rate(r.Long), ShortBurn: rate(r.Short)}
		row.NoData = math.IsNaN(row.LongBurn) || math.IsNaN(row.ShortBurn)
		// Strictly above, as the Workbook's PromQL (`>`) does.
		row.Firing = !row.NoData && row.LongBurn > row.Threshold && row.ShortBurn > row.Threshold
		if row.Firing && r.Severity > state {
			state = r.Severity
		}
		anyData = anyData || !row.NoData
		rows[i] = row
	}
	if !anyData {
		state = NoData
	}
	return rows, state
}
