package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/models/slo"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/slotab"
)

// getSLOs measures every SLO once and prints the reports, worst first. Exit codes: 1 when any SLO is
// in a paging burn state, else 2 when any SLO could not be measured, else 0.
func getSLOs(ctx context.Context, app *App, e *config.Env, g getOptions, out io.Writer) (int, error) {
	st, err := newSLOSetup(e)
	if st == nil || err != nil {
		return exitUsage, err
	}
	at := app.now()
	if sloAt != "" {
		t, err := parseAt(sloAt)
		if err != nil {
			return exitUsage, err
		}
		at = t
	}
	ms := st.measure(ctx, at, st.maint)
	var reports []slo.Report
	failed := map[string]error{}
	for _, m := range ms {
		if m.Err != nil {
			failed[m.SLO.Name] = m.Err
			continue
		}
		reports = append(reports, slo.Evaluate(m.SLO, m.Obs, st.maint))
	}
	slo.Sort(reports)
	code := exitOK
	paging := false
	for _, r := range reports {
		paging = paging || r.State == slo.Page
	}
	switch {
	case paging:
		code = exitProblem
	case len(failed) > 0:
		code = exitUsage
	}
	switch g.format {
	case "json":
		doc := sloDoc{Env: e.Name, At: at.UTC(), Paging: paging, Thresholds: slo.ThresholdLabel}
		for _, r := range reports {
			doc.SLOs = append(doc.SLOs, sloJSON(r, warningsOf(ms, r.SLO.Name)))
		}
		for _, m := range ms {
			if err := failed[m.SLO.Name]; err != nil {
				doc.SLOs = append(doc.SLOs, sloEntry{Name: m.SLO.Name, Objective: m.SLO.Objective,
					Window: slo.Duration(m.SLO.EffectiveWindow()), Runbook: m.SLO.Runbook, State: "ERROR", Error: err.Error(),
					Queries: queriesOf(m.SLO)})
			}
		}
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return code, enc.Encode(doc)
	default:
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "STATE\tSLO\tTARGET\tSLI 28D\tOUTSIDE MAINT\tBUDGET LEFT\tOUTAGE MIN LEFT\t1H BURN\t3D BURN\tOUTLOOK")
		for _, r := range reports {
			excl, b := "-", r.Effective()
			if r.Excluded != nil {
				excl = ui.Percent(r.Excluded.Compliance.Value, 3)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%.1f%%\t%.1f of %.1f\t%s\t%s\t%s\n", r.State, r.SLO.Name, slotab.Target(r.SLO.Objective),
				ui.Percent(r.Compliance.Value, 3), excl, b.Remaining*100, b.RemainingMinutes, b.TotalMinutes,
				slotab.Rate(rateOf(r, time.Hour)), slotab.Rate(rateOf(r, 72*time.Hour)), slotab.Outlook(r))
		}
		for _, m := range ms {
			if err := failed[m.SLO.Name]; err != nil {
				fmt.Fprintf(tw, "ERROR\t%s\t%s\t%s\n", m.SLO.Name, slotab.Target(m.SLO.Objective), strings.ReplaceAll(err.Error(), "\t", " "))
			}
		}
		return code, tw.Flush()
	}
}

// parseAt reads --at: RFC 3339 or unix seconds.
func parseAt(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f > 0 {
		return time.UnixMilli(int64(f * 1000)), nil
	}
	return time.Time{}, fmt.Errorf("--at %q is not an RFC 3339 time or unix seconds", s)
}

func rateOf(r slo.Report, w time.Duration) float64 {
	for _, b := range r.Burns {
		if b.Window == w {
			return b.Rate
		}
	}
	return math.NaN()
}

func warningsOf(ms []slotab.Measurement, name string) []string {
	for _, m := range ms {
		if m.SLO.Name == name {
			return m.Warnings
		}
	}
	return nil
}

// num is a float that encodes NaN and infinities as null (JSON has no such numbers).
type num float64

func (n num) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return []byte(strconv.FormatFloat(f, 'f', -1, 64)), nil
}

type sloDoc struct {
	Env        string     `json:"env"`
	At         time.Time  `json:"at"`
	Paging     bool       `json:"paging"`
	Thresholds string     `json:"thresholds"`
	SLOs       []sloEntry `json:"slos"`
}

type sloEntry struct {
	Name        string         `json:"name"`
	Description string         `json:"description,omitempty"`
	Objective   float64        `json:"objective"`
	Window      string         `json:"window"`
	Runbook     string         `json:"runbook,omitempty"`
	State       string         `json:"state"`
	Error       string         `json:"error,omitempty"`
	Warnings    []string       `json:"warnings,omitempty"`
	Queries     sloQueries     `json:"queries"`
	Compliance  *complianceDoc `json:"compliance,omitempty"`
	Budget      *budgetDoc     `json:"budget,omitempty"`
	// OutsideMaintenance is the same with maintenance windows taken out (seeds 000, 001).
	OutsideMaintenance *exclusionDoc  `json:"outside_maintenance,omitempty"`
	BurnRates          []burnDoc      `json:"burn_rates,omitempty"`
	Alerts             []alertDoc     `json:"alerts,omitempty"`
	Exhaustion         *exhaustionDoc `json:"exhaustion,omitempty"`
	Recovery           []recoveryDoc  `json:"recovery,omitempty"`
	Quantiles          []quantileDoc  `json:"quantiles,omitempty"`
}

type sloQueries struct {
	Good  string `json:"good"`
	Total string `json:"total"`
}

type complianceDoc struct {
	Value       num       `json:"value"`
	Good        num       `json:"good"`
	Total       num       `json:"total"`
	Objective   float64   `json:"objective"`
	WindowStart time.Time `json:"window_start"`
	WindowEnd   time.Time `json:"window_end"`
	Met         bool      `json:"met"`
}

type budgetDoc struct {
	Remaining        num  `json:"remaining"`
	RemainingMinutes num  `json:"remaining_minutes"`
	TotalMinutes     num  `json:"total_minutes"`
	Allowed          num  `json:"allowed_bad_events"`
	Spent            num  `json:"bad_events"`
	Exhausted        bool `json:"exhausted"`
	NoTraffic        bool `json:"no_traffic"`
}

type intervalDoc struct {
	Name  string    `json:"name,omitempty"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

type exclusionDoc struct {
	Compliance    complianceDoc `json:"compliance"`
	Budget        budgetDoc     `json:"budget"`
	RemovedGood   num           `json:"removed_good"`
	RemovedTotal  num           `json:"removed_total"`
	Intervals     []intervalDoc `json:"intervals"`
	EstimatedFrom int           `json:"estimated_intervals"`
}

type burnDoc struct {
	Window     string `json:"window"`
	Rate       num    `json:"rate"`
	ErrorRatio num    `json:"error_ratio"`
	Good       num    `json:"good"`
	Total      num    `json:"total"`
}

type alertDoc struct {
	Severity  string  `json:"severity"`
	Long      string  `json:"long"`
	Short     string  `json:"short"`
	Nominal   float64 `json:"nominal"`
	Threshold float64 `json:"threshold"`
	LongBurn  num     `json:"long_burn"`
	ShortBurn num     `json:"short_burn"`
	Firing    bool    `json:"firing"`
}

type exhaustionDoc struct {
	Burn      num        `json:"burn"`
	Window    string     `json:"window"`
	Already   bool       `json:"already"`
	Never     bool       `json:"never"`
	InSeconds float64    `json:"in_seconds,omitempty"`
	At        *time.Time `json:"at,omitempty"`
}

type recoveryDoc struct {
	Target            float64    `json:"target"`
	AssumedErrorRatio float64    `json:"assumed_error_ratio"`
	Already           bool       `json:"already"`
	Never             bool       `json:"never"`
	At                *time.Time `json:"at,omitempty"`
}

type quantileDoc struct {
	Label   string  `json:"label"`
	Q       float64 `json:"q"`
	Seconds num     `json:"seconds"`
	Query   string  `json:"query"`
}

func queriesOf(s slo.SLO) sloQueries {
	w := s.EffectiveWindow()
	return sloQueries{Good: s.SLI.Good(w), Total: s.SLI.Total(w)}
}

func complianceJSON(c slo.Compliance) complianceDoc {
	return complianceDoc{Value: num(c.Value), Good: num(c.Good), Total: num(c.Total), Objective: c.Objective,
		WindowStart: c.WindowStart.UTC(), WindowEnd: c.WindowEnd.UTC(), Met: c.Met}
}

func budgetJSON(b slo.Budget) budgetDoc {
	return budgetDoc{Remaining: num(b.Remaining), RemainingMinutes: num(b.RemainingMinutes), TotalMinutes: num(b.TotalMinutes),
		Allowed: num(b.Allowed), Spent: num(b.Spent), Exhausted: b.Exhausted, NoTraffic: b.NoTraffic}
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// sloJSON is one report with every figure's inputs.
func sloJSON(r slo.Report, warnings []string) sloEntry {
	s := r.SLO
	c, b := complianceJSON(r.Compliance), budgetJSON(r.Budget)
	e := sloEntry{Name: s.Name, Description: s.Description, Objective: s.Objective, Window: slo.Duration(s.EffectiveWindow()),
		Runbook: s.Runbook, State: r.State.String(), Warnings: warnings, Queries: queriesOf(s), Compliance: &c, Budget: &b}
	if x := r.Excluded; x != nil {
		d := exclusionDoc{Compliance: complianceJSON(x.Compliance), Budget: budgetJSON(x.Budget),
			RemovedGood: num(x.Removed.Good), RemovedTotal: num(x.Removed.Total), EstimatedFrom: x.Estimated}
		for _, iv := range x.Intervals {
			d.Intervals = append(d.Intervals, intervalDoc{Name: iv.Name, Start: iv.Start.UTC(), End: iv.End.UTC()})
		}
		e.OutsideMaintenance = &d
	}
	for _, bu := range r.Burns {
		e.BurnRates = append(e.BurnRates, burnDoc{Window: slo.Duration(bu.Window), Rate: num(bu.Rate), ErrorRatio: num(bu.ErrorRatio),
			Good: num(bu.Good), Total: num(bu.Total)})
	}
	for _, a := range r.Alerts {
		e.Alerts = append(e.Alerts, alertDoc{Severity: a.Severity.String(), Long: slo.Duration(a.Long), Short: slo.Duration(a.Short),
			Nominal: a.Nominal, Threshold: a.Threshold, LongBurn: num(a.LongBurn), ShortBurn: num(a.ShortBurn), Firing: a.Firing})
	}
	x := r.Exhaustion
	e.Exhaustion = &exhaustionDoc{Burn: num(x.Burn), Window: slo.Duration(x.Window), Already: x.Already, Never: x.Never,
		InSeconds: x.In.Seconds(), At: timePtr(x.At)}
	for _, rc := range r.Recovery {
		e.Recovery = append(e.Recovery, recoveryDoc{Target: rc.Target, AssumedErrorRatio: rc.AssumedErrorRatio,
			Already: rc.Already, Never: rc.Never, At: timePtr(rc.At)})
	}
	for _, q := range r.Quantiles {
		e.Quantiles = append(e.Quantiles, quantileDoc{Label: q.Label(), Q: q.Q, Seconds: num(q.Value), Query: q.Query})
	}
	return e
}
