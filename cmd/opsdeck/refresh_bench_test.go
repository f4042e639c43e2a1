package main

import (
	"fmt"
	"io"
	"reflect"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/sources/sim"
	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui"
)

// refreshLatencies gives each upstream of the demo its own added latency (per request), the
// slowest last: a refresh that fetches side by side takes about the slowest, one that fetches in
// turn takes about the sum (4.5s).
var refreshLatencies = []struct {
	prefix string
	d      time.Duration
}{
	{"/health/", 100 * time.Millisecond},
	{"/prometheus/", 200 * time.Millisecond},
	{"/heroku/", 300 * time.Millisecond},
	{"/marketplace/", 400 * time.Millisecond},
	{"/statuspage/", 500 * time.Millisecond},
	{"/pagerduty/", 600 * time.Millisecond},
	{"/jsm/", 700 * time.Millisecond},
	{"/platform/", 800 * time.Millisecond},
	{"/app/", 900 * time.Millisecond},
}

// rootModel adapts the root model to the driver.
type rootModel struct{ m *ui.Model }

func (r rootModel) Init() tea.Cmd { return r.m.Init() }
func (r rootModel) Update(msg tea.Msg) tea.Cmd {
	_, c := r.m.Update(msg)
	return c
}
func (r rootModel) View() string { return r.m.View().Content }

// slowRefresh sets every refresh interval of e to an hour: the benchmark starts rounds with `r`.
func slowRefresh(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			if v.Type().Field(i).Name == "Refresh" && f.Type() == reflect.TypeOf(config.Duration{}) {
				f.Set(reflect.ValueOf(config.Dur(time.Hour)))
				continue
			}
			if v.Type().Field(i).IsExported() {
				slowRefresh(f)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			slowRefresh(v.Index(i))
		}
	case reflect.Pointer:
		if !v.IsNil() {
			slowRefresh(v.Elem())
		}
	}
}

// console is the whole console of the demo's prod environment, driven without a terminal.
type console struct {
	sim  *sim.Sim
	tabs []ui.Tab
	d    *faultmatrix.Driver
	// done is when each tab last finished a round (busy to idle), by title.
	done map[string]time.Time
	busy map[string]bool
}

func newConsole(b *testing.B) *console {
	s, err := sim.Start(sim.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	f := s.Config()
	for _, e := range f.Envs {
		slowRefresh(reflect.ValueOf(e))
	}
	app := newApp(io.Discard, io.Discard)
	app.file, app.demo = f, s
	env := f.Envs["prod"]
	th := themes.Mono()
	sh := &ui.Shared{Theme: &th, Now: time.Now, Env: env.Name, Demo: true}
	c := &console{sim: s, tabs: buildTabs(app, env, sh), done: map[string]time.Time{}, busy: map[string]bool{}}
	root := ui.New(ui.Options{Shared: sh, Tabs: c.tabs, Envs: f.EnvNames()})
	c.d = faultmatrix.DriveModel(b, rootModel{root}, c.idle, false)
	c.d.Send(tea.WindowSizeMsg{Width: 200, Height: 50})
	c.settle(b)
	return c
}

// idle reports whether no tab has a fetch in flight, and notes when each tab finished.
func (c *console) idle() bool {
	all := true
	now := time.Now()
	for _, t := range c.tabs {
		busy := false
		for _, s := range t.Sources() {
			busy = busy || s.Busy
		}
		if c.busy[t.Title()] && !busy {
			c.done[t.Title()] = now
		}
		c.busy[t.Title()] = busy
		all = all && !busy
	}
	return all
}

// settle delivers messages until every tab is idle and nothing has arrived for a while (a tab's
// answer can start another's round through the bus: the Maintenance tab's windows make the SLOs
// tab measure again), and returns when the last tab became idle.
func (c *console) settle(b *testing.B) time.Time {
	const quiet = 300 * time.Millisecond
	last := time.Now()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if c.d.Next(quiet) {
			if c.idle() {
				last = time.Now()
			}
			continue
		}
		if c.idle() {
			return last
		}
	}
	b.Fatalf("the console did not settle in 2 minutes")
	return last
}

// BenchmarkRefreshWallTime measures `r` on the Overview tab (every tab fetches again) until every
// tab has its answer, in the demo with no added latency and with each upstream given a different
// added latency per request (100ms to 900ms). ratio-slowest is the wall time over the slowest
// upstream's latency: 1 means the upstreams are fetched side by side and each costs one request;
// paging and dependent requests add to it (docs/proof.md explains the figure). ratio-slowest-tab is
// the wall time over the slowest tab refreshed alone: 1 means no tab waits for another. Each tab's
// own time is reported as TAB-ms. ns/op includes the
// 300ms of quiet that tells the round is over; wall-ms does not.
func BenchmarkRefreshWallTime(b *testing.B) {
	for _, staggered := range []bool{false, true} {
		name := "latency=none"
		if staggered {
			name = "latency=staggered"
		}
		b.Run(name, func(b *testing.B) {
			c := newConsole(b)
			slowest := time.Duration(0)
			if staggered {
				for _, l := range refreshLatencies {
					c.sim.AddFault(sim.Fault{Path: l.prefix, Latency: l.d})
					slowest = max(slowest, l.d)
				}
			}
			b.ResetTimer()
			var wall time.Duration
			perTab := map[string]time.Duration{}
			for i := 0; i < b.N; i++ {
				start := time.Now()
				c.d.Key(faultmatrix.Press("r"))
				wall += c.settle(b).Sub(start)
				for title, at := range c.done {
					if at.After(start) {
						perTab[title] += at.Sub(start)
					}
				}
			}
			b.StopTimer()
			// Each tab alone (its slot, then `r`): the refresh of all is as slow as the slowest tab
			// alone when the tabs do not wait for each other.
			alone := time.Duration(0)
			for slot := 2; slot <= 8; slot++ {
				c.d.Key(faultmatrix.Press(fmt.Sprint(slot)))
				start := time.Now()
				c.d.Key(faultmatrix.Press("r"))
				alone = max(alone, c.settle(b).Sub(start))
			}
			c.d.Key(faultmatrix.Press("1"))
			per := wall / time.Duration(b.N)
			b.ReportMetric(float64(alone.Milliseconds()), "slowest-tab-alone-ms")
			b.ReportMetric(float64(per)/float64(alone), "ratio-slowest-tab")
			b.ReportMetric(float64(per.Milliseconds()), "wall-ms")
			for title, d := range perTab {
				b.ReportMetric(float64((d / time.Duration(b.N)).Milliseconds()), title+"-ms")
			}
			if slowest > 0 {
				b.ReportMetric(float64(per)/float64(slowest), "ratio-slowest")
			}
		})
	}
}
