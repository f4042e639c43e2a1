package slotab_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/opsdeck/opsdeck/models/maintenance"
	"github.com/opsdeck/opsdeck/models/slo"
	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/slotab"
)

var clock = time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)

// fixture is a deterministic set of SLOs: checkout burns fast (PAGE), api-latency slowly (TICKET),
// health-check lost probes inside a maintenance window (seed 000: uptime outside maintenance), and
// broken cannot be measured.
type fixture struct {
	slos  []slo.SLO
	maint []slo.Interval
	fail  map[string]error
	asked [][]slo.Interval // the maintenance intervals of each round
}

func newFixture() *fixture {
	mk := func(name string, obj float64, sli slo.SLI, runbook string) slo.SLO {
		s, err := slo.New(name, obj, 0, sli)
		if err != nil {
			panic(err)
		}
		s.Runbook = runbook
		return s
	}
	return &fixture{
		slos: []slo.SLO{
			mk("health-check", 0.999, slo.SLI{Kind: slo.Probe, Metric: "probe_success", Selector: `job="blackbox"`}, ""),
			mk("api-latency", 0.99, slo.SLI{Kind: slo.Latency, Metric: "http_request_duration_seconds", Selector: `job="api"`, Threshold: 0.5}, "https://runbooks.example.com/api-latency"),
			mk("checkout-availability", 0.999, slo.SLI{Kind: slo.Availability, Metric: "http_requests_total", Selector: `job="checkout"`}, "https://runbooks.example.com/checkout"),
			mk("broken", 0.99, slo.SLI{Kind: slo.Availability, GoodQuery: "sum(increase(ok[{{.window}}]))", TotalQuery: "sum(increase(all[{{.window}}]))"}, ""),
		},
		maint: []slo.Interval{{Start: clock.Add(-10*24*time.Hour + 2*time.Hour), End: clock.Add(-10*24*time.Hour + 3*time.Hour), Name: "db upgrade"}},
		fail:  map[string]error{"broken": errors.New("HTTP 400 bad request: bad_data: unknown metric")},
	}
}

// badShare is each SLO's share of bad events at a time before the clock.
func badShare(name string, ago time.Duration) float64 {
	switch name {
	case "checkout-availability":
		if ago < 50*time.Minute {
			return 0.04
		}
		if ago > 9*24*time.Hour && ago < 9*24*time.Hour+2*time.Hour {
			return 0.01
		}
		return 0.0004
	case "api-latency":
		if ago < 30*time.Hour {
			return 0.03
		}
		return 0.003
	case "health-check":
		if ago >= 10*24*time.Hour-3*time.Hour && ago < 10*24*time.Hour-2*time.Hour {
			return 0.5
		}
	}
	return 0
}

// events counts one SLO's events over (at-w, at], minute by minute.
func events(name string, at time.Time, w time.Duration) slo.Events {
	var ev slo.Events
	perMin := 1000.0
	if name == "health-check" {
		perMin = 1
	}
	for t := at.Add(-w + time.Minute); !t.After(at); t = t.Add(time.Minute) {
		ev.Total += perMin
		ev.Good += perMin * (1 - badShare(name, clock.Sub(t)))
	}
	return ev
}

func series(name string, end time.Time, span, step time.Duration) []slo.Bucket {
	var out []slo.Bucket
	for t := end.Add(-span + step); !t.After(end); t = t.Add(step) {
		ev := events(name, t, step)
		out = append(out, slo.Bucket{End: t, Step: step, Good: ev.Good, Total: ev.Total})
	}
	return out
}

func (f *fixture) measure(_ context.Context, at time.Time, maint []slo.Interval) []slotab.Measurement {
	f.asked = append(f.asked, maint)
	out := make([]slotab.Measurement, len(f.slos))
	for i, s := range f.slos {
		out[i] = slotab.Measurement{SLO: s, Err: f.fail[s.Name]}
		if out[i].Err != nil {
			continue
		}
		obs := slo.Observation{At: at, Window: events(s.Name, at, s.Window), Burn: map[time.Duration]slo.Events{},
			Series: series(s.Name, at, s.Window, time.Hour), Day: series(s.Name, at, 24*time.Hour, 30*time.Minute)}
		for _, w := range slo.BurnWindows {
			obs.Burn[w] = events(s.Name, at, w)
		}
		for _, iv := range slo.Merge(maint, at.Add(-s.Window), at) {
			obs.Maintenance = append(obs.Maintenance, slo.Measured{Interval: iv, Events: events(s.Name, iv.End, iv.End.Sub(iv.Start))})
		}
		for _, q := range s.SLI.QuantileQueries() {
			q.Value = map[float64]float64{0.9: 0.377, 0.95: 0.4625}[q.Q]
			obs.Quantiles = append(obs.Quantiles, q)
		}
		out[i].Obs = obs
	}
	return out
}

func newTab(f *fixture) (*slotab.Model, *ui.Shared) {
	th := themes.Mono()
	sh := &ui.Shared{Theme: &th, Now: func() time.Time { return clock }, Env: "prod", Demo: true}
	return slotab.New(sh, slotab.Config{Measure: f.measure, SLOs: f.slos, Maintenance: f.maint, Every: time.Hour}), sh
}

func program(t *testing.T, m tea.Model, w, h int) *teatest.TestModel {
	return teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII), tea.WithEnvironment([]string{"TERM=xterm-256color"})))
}

func waitFor(t *testing.T, tm *teatest.TestModel, s string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) }, teatest.WithDuration(5*time.Second))
}

func final(t *testing.T, tm *teatest.TestModel) string {
	t.Helper()
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	return ansi.Strip(tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View().Content)
}

func TestSLOTabGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, view := range []string{"list", "detail"} {
			t.Run(fmt.Sprintf("%s_%dx%d", view, size[0], size[1]), func(t *testing.T) {
				tab, sh := newTab(newFixture())
				root := ui.New(ui.Options{Shared: sh, Tabs: []ui.Tab{tab}, Envs: []string{"prod"},
					Theme: func(n string) (themes.Theme, error) { return themes.Lookup(n, "") }})
				tm := program(t, root, size[0], size[1])
				tm.Send(tea.KeyPressMsg{Code: '2', Text: "2"})
				waitFor(t, tm, "TICKET") // the first round has been measured
				if view == "detail" {
					tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
					waitFor(t, tm, "PromQL")
				}
				golden.RequireEqual(t, []byte(final(t, tm)))
			})
		}
	}
}

// run sends msg to the tab and feeds back the messages its commands produce, until none is left
// except ticks.
func run(t *testing.T, tab *slotab.Model, msg tea.Msg) {
	t.Helper()
	queue := []tea.Msg{msg}
	for len(queue) > 0 {
		m := queue[0]
		queue = queue[1:]
		cmd := tab.Update(m)
		queue = append(queue, drain(cmd)...)
	}
}

// drain runs a command and the batches in it, skipping ticks (they would wait an hour).
func drain(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	select {
	case msg := <-done:
		if b, ok := msg.(tea.BatchMsg); ok {
			var out []tea.Msg
			for _, c := range b {
				out = append(out, drain(c)...)
			}
			return out
		}
		if msg == nil {
			return nil
		}
		return []tea.Msg{msg}
	case <-time.After(200 * time.Millisecond):
		return nil // a tick
	}
}

func TestWorstFirstAndStaleKept(t *testing.T) {
	f := newFixture()
	tab, _ := newTab(f)
	tab.SetSize(80, 21)
	run(t, tab, tab.Init()())
	var names []string
	for _, r := range tab.Reports() {
		names = append(names, r.SLO.Name+" "+r.State.String())
	}
	want := []string{"checkout-availability PAGE", "api-latency TICKET", "health-check OK"}
	if strings.Join(names, ", ") != strings.Join(want, ", ") {
		t.Errorf("Reports() = %v, want %v (worst remaining budget first)", names, want)
	}
	view := ansi.Strip(tab.View())
	if i, j := strings.Index(view, "checkout-availability"), strings.Index(view, "broken"); i < 0 || j < i || !strings.Contains(view, "ERROR") {
		t.Errorf("View() should list checkout first and broken as ERROR after the measured ones:\n%s", view)
	}
	// health-check: half its probes failed for an hour inside the maintenance window; outside it
	// the budget is whole (seed 000: uptime outside documented maintenance windows).
	for _, r := range tab.Reports() {
		if r.SLO.Name == "health-check" && (r.Excluded == nil || r.Excluded.Budget.Remaining != 1 || r.Budget.Remaining >= 0.5) {
			t.Errorf("health-check raw %v, excluded %+v: want the outage to count raw only", r.Budget.Remaining, r.Excluded)
		}
	}

	// Every SLO fails now: the last good reports stay, marked stale with the error.
	for _, s := range f.slos {
		f.fail[s.Name] = errors.New("prometheus: connection refused")
	}
	run(t, tab, ui.RefreshMsg{})
	if len(tab.Reports()) != 3 {
		t.Errorf("after a failed round Reports() = %d, want the 3 last good ones", len(tab.Reports()))
	}
	if v := ansi.Strip(tab.View()); !strings.Contains(v, "STALE") || !strings.Contains(v, "connection refused") || !strings.Contains(v, "PAGE") {
		t.Errorf("View() after a failed round should keep the data beside STALE and the error:\n%s", v)
	}
	if src := tab.Sources(); len(src) != 1 || src[0].Err == nil || !src[0].At.Equal(clock) {
		t.Errorf("Sources() = %+v, want prometheus with the error and the last success", src)
	}
}

func TestSummaryNamesTheWorst(t *testing.T) {
	tab, _ := newTab(newFixture())
	if got := ansi.Strip(strings.Join(tab.Summary(80), "\n")); !strings.Contains(got, "measuring") {
		t.Errorf("Summary() before the first round = %q", got)
	}
	run(t, tab, tab.Init()())
	got := ansi.Strip(strings.Join(tab.Summary(80), "\n"))
	if !strings.Contains(got, "1 PAGE 1 TICKET 1 OK") || !strings.Contains(got, "worst: PAGE checkout-availability") {
		t.Errorf("Summary() = %q", got)
	}
	for _, l := range tab.Summary(80) {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("Summary line is %d wide: %q", w, l)
		}
	}
}

func TestStaleAnswerDropped(t *testing.T) {
	tab, _ := newTab(newFixture())
	first := tab.Init()()
	cmd := tab.Update(first) // a round starts
	answer := drain(cmd)
	run(t, tab, ui.RefreshMsg{}) // busy: ignored
	for _, m := range answer {
		tab.Update(m)
	}
	if len(tab.Reports()) != 3 {
		t.Errorf("Reports() = %d after the round, want 3", len(tab.Reports()))
	}
}

func TestCopyRunbook(t *testing.T) {
	tab, _ := newTab(newFixture())
	tab.SetSize(80, 21)
	run(t, tab, tab.Init()())
	if got, ok := tab.Copy(); !ok || got != "https://runbooks.example.com/checkout" {
		t.Errorf("Copy() = %q, %v, want the selected SLO's runbook", got, ok)
	}
}

// windows is a message from the Maintenance tab as the SLOs tab sees it.
type windows struct {
	env string
	ws  []maintenance.Window
}

func (w windows) MaintenanceWindows() (string, []maintenance.Window) { return w.env, w.ws }

func TestMaintenanceWindowsFromTheBus(t *testing.T) {
	f := newFixture()
	f.maint = nil // none in the config
	tab, _ := newTab(f)
	tab.SetSize(80, 21)
	run(t, tab, tab.Init()())
	if hc := report(tab, "health-check"); hc.Excluded != nil {
		t.Fatalf("without maintenance windows Excluded = %+v", hc.Excluded)
	}
	win := maintenance.Window{ID: "m1", Name: "db upgrade", Start: clock.Add(-10*24*time.Hour + 2*time.Hour), End: clock.Add(-10*24*time.Hour + 3*time.Hour), Source: "statuspage"}
	run(t, tab, windows{env: "staging", ws: []maintenance.Window{win}}) // another environment's: ignored
	if len(f.asked) != 1 {
		t.Fatalf("a window of another environment started a round")
	}
	run(t, tab, windows{env: "prod", ws: []maintenance.Window{win}})
	if len(f.asked) != 2 || len(f.asked[1]) != 1 || !f.asked[1][0].Start.Equal(win.Start) {
		t.Fatalf("rounds asked %v, want a second round measuring the published window", f.asked)
	}
	if hc := report(tab, "health-check"); hc.Excluded == nil || hc.Excluded.Budget.Remaining != 1 {
		t.Errorf("health-check outside the published window = %+v, want its whole budget (seed 000)", hc.Excluded)
	}
	run(t, tab, windows{env: "prod", ws: []maintenance.Window{win}}) // unchanged: no new round
	if len(f.asked) != 2 {
		t.Errorf("the same windows again started round %d", len(f.asked))
	}
}

func report(tab *slotab.Model, name string) slo.Report {
	for _, r := range tab.Reports() {
		if r.SLO.Name == name {
			return r
		}
	}
	return slo.Report{}
}
