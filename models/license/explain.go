package license

import (
	"fmt"
	"strings"
	"time"
)

// Explain says in a sentence what anomaly a (a single one) means for tenant t and why, citing seed
// 004: for the detail view and `get tenants`.
func (a Anomaly) Explain(t *Tenant) string {
	switch a {
	case AnomalyUnlicensed:
		why := "no license"
		if t.License != nil {
			why = "the license is " + t.Life.State.String()
		}
		return "installed without a valid license (" + why + "): the app must serve its unlicensed response (lic=none) on every request (seed 004)"
	case AnomalyNotInstalled:
		return "licensed (" + t.Life.State.String() + ") but not installed: the customer has a license and the app has no installed record (seed 004: installation and licensing are separate)"
	case AnomalyDuplicate:
		var keys []string
		for _, in := range t.Installs {
			if in.IsInstalled() {
				keys = append(keys, in.ClientKey)
			}
		}
		return fmt.Sprintf("installed twice under one cloud id (client keys %s): two sets of data for one tenant (seed 004: an instance is identified by its tenant id)", strings.Join(keys, ", "))
	case AnomalyURLChanged:
		return "the same tenant id was seen at " + strings.Join(t.Hosts, ", ") + ": the URL changed, anything keyed by URL is stale (seed 004: an instance URL is liable to change without warning)"
	case AnomalyTrialLength:
		return fmt.Sprintf("a %d-day trial: trials last %d to %d days (seed 004)", t.Life.TrialDays, MinTrialDays, MaxTrialDays)
	}
	return ""
}

// Describe says where the license is in its lifecycle on the day it was evaluated, with the dates
// and the seed 004 rule behind them.
func (lc Lifecycle) Describe(l *License) string {
	if l == nil {
		return "no license for this tenant in the Marketplace"
	}
	d := func(t time.Time) string { return t.Format("2006-01-02") }
	switch lc.State {
	case StateTrial:
		s := "trial"
		if lc.HasEnd {
			s += ", ends " + d(l.EndDate) + " (" + lc.DaysText() + ")"
		}
		if lc.TrialDays > 0 {
			s += fmt.Sprintf(", %d days long (trials last %d-%d days, seed 004)", lc.TrialDays, MinTrialDays, MaxTrialDays)
		}
		return s
	case StateActive:
		if lc.HasEnd {
			return "active, current period ends " + d(l.EndDate) + " (" + lc.DaysText() + ")"
		}
		return "active"
	case StateCancelled:
		s := "cancelled, still valid until the end of the billing period"
		if lc.HasEnd {
			s += " " + d(l.EndDate) + " (" + lc.DaysText() + "); data removal " + d(lc.RemovalDate) +
				", 15 days after the cancellation takes effect"
		}
		return s + " (seed 004)"
	case StateExpired:
		s := "expired (" + string(l.Status) + ")"
		if lc.HasEnd {
			s += " since " + d(l.EndDate.AddDate(0, 0, 1))
		}
		switch {
		case lc.RemovalDue():
			s += fmt.Sprintf("; data removal due %s, in %d days (15 days after cancellation, seed 004)", d(lc.RemovalDate), lc.DaysToRemoval)
		case lc.DataRemoved():
			s += "; data removed " + d(lc.RemovalDate) + " (15 days after cancellation, seed 004): remove the app's own data per its retention policy"
		}
		return s
	}
	return "status " + string(l.Status) + " is not one the Marketplace documents"
}
