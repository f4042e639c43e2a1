package prometheus

import (
	"context"
	"fmt"
	"math"
	"sort"
	"sync"
	"time"

	"github.com/opsdeck/opsdeck/models/slo"
)

// Defaults of Options.
const (
	// DefaultSeriesStep is the bucket of the window's series: 672 points over 28 days.
	DefaultSeriesStep = time.Hour
	// DefaultDayStep is the bucket of the 24-hour sparkline: 48 points.
	DefaultDayStep = 30 * time.Minute
	// DefaultConcurrency is how many queries of one SLO are in flight at once.
	DefaultConcurrency = 4
)

// Options tune how an SLO is measured.
type Options struct {
	// SeriesStep is the bucket of the range query over the whole window (chart, recovery,
	// maintenance exclusion); DefaultSeriesStep when zero.
	SeriesStep time.Duration
	// DayStep is the bucket of the range query over the last 24 hours; DefaultDayStep when zero.
	DayStep time.Duration
	// Concurrency bounds the queries in flight; DefaultConcurrency when zero.
	Concurrency int
	// Maintenance intervals are measured exactly: the events of each (merged, clipped to the window)
	// are counted by an increase over exactly its length, evaluated at its end.
	Maintenance []slo.Interval
}

func (o Options) withDefaults() Options {
	if o.SeriesStep <= 0 {
		o.SeriesStep = DefaultSeriesStep
	}
	if o.DayStep <= 0 {
		o.DayStep = DefaultDayStep
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	return o
}

// Pair is the good and total queries of one measurement.
type Pair struct {
	Good, Total string
}

// Plan is every query Observe sends for one SLO: the simulator answers exactly these, and the detail
// view shows them.
type Plan struct {
	// Window counts events over the SLO window (instant).
	Window Pair
	// Burn counts events over each of slo.BurnWindows (instant).
	Burn map[time.Duration]Pair
	// Series counts events per SeriesStep over the window (range, SeriesStep apart).
	Series     Pair
	SeriesStep time.Duration
	// Day counts events per DayStep over the last 24 hours (range).
	Day     Pair
	DayStep time.Duration
	// Quantiles are the latency quantiles of a latency SLI (instant).
	Quantiles []slo.Quantile
}

// PlanFor returns the queries that measure s.
func PlanFor(s slo.SLO, o Options) Plan {
	o = o.withDefaults()
	q := s.SLI
	p := Plan{
		Window:     Pair{q.Good(s.EffectiveWindow()), q.Total(s.EffectiveWindow())},
		Burn:       map[time.Duration]Pair{},
		Series:     Pair{q.Good(o.SeriesStep), q.Total(o.SeriesStep)},
		SeriesStep: o.SeriesStep,
		Day:        Pair{q.Good(o.DayStep), q.Total(o.DayStep)},
		DayStep:    o.DayStep,
		Quantiles:  q.QuantileQueries(),
	}
	for _, w := range slo.BurnWindows {
		p.Burn[w] = Pair{q.Good(w), q.Total(w)}
	}
	return p
}

// SeriesRange returns the range of the window's series for an evaluation at at: one bucket per step,
// the last one ending at at.
func SeriesRange(s slo.SLO, at time.Time, step time.Duration) Range {
	return Range{Start: at.Add(-s.EffectiveWindow() + step), End: at, Step: step}
}

// DayRange returns the range of the 24-hour sparkline for an evaluation at at.
func DayRange(at time.Time, step time.Duration) Range {
	return Range{Start: at.Add(-24*time.Hour + step), End: at, Step: step}
}

// Observe measures s at the instant at (truncated to the second): every query of PlanFor, concurrently (bounded). It fails as a
// whole when any query fails, so a report is never built from half the numbers; warnings the server
// gave with successful answers are returned beside it, each once.
func (c *Client) Observe(ctx context.Context, s slo.SLO, at time.Time, o Options) (slo.Observation, []string, error) {
	o = o.withDefaults()
	p := PlanFor(s, o)
	// Whole seconds: every server then puts the range points on the same grid as buckets() expects.
	at = at.Truncate(time.Second)
	obs := slo.Observation{At: at, Burn: map[time.Duration]slo.Events{}}
	// The first failure fails the whole observation: the queries still queued or in flight are
	// cancelled, so a hanging server costs one timeout, not one per batch of queries.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var (
		mu       sync.Mutex
		firstErr error
		warnings = map[string]bool{}
		wg       sync.WaitGroup
		sem      = make(chan struct{}, o.Concurrency)
	)
	run := func(job func(context.Context) (Result, error), done func(Result) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if ctx.Err() != nil {
				return
			}
			res, err := job(ctx)
			if err == nil {
				mu.Lock()
				err = done(res)
				for _, w := range res.Warnings {
					warnings[w] = true
				}
				mu.Unlock()
			}
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
					cancel()
				}
				mu.Unlock()
			}
		}()
	}
	instantAt := func(q string, t time.Time, set func(float64)) {
		run(func(ctx context.Context) (Result, error) { return c.Query(ctx, q, t) },
			func(r Result) error {
				v, err := r.Sum()
				if err != nil {
					return fmt.Errorf("%s: %s: %w", c.name, clip(q, 80), err)
				}
				set(v)
				return nil
			})
	}
	instant := func(q string, set func(float64)) { instantAt(q, at, set) }
	ranged := func(q string, r Range, set func([]Point)) {
		run(func(ctx context.Context) (Result, error) { return c.QueryRange(ctx, q, r) },
			func(res Result) error {
				if res.Type != Matrix {
					return fmt.Errorf("%s: %s: expected a matrix, got a %s", c.name, clip(q, 80), res.Type)
				}
				set(sumSeries(res.Matrix))
				return nil
			})
	}

	instant(p.Window.Good, func(v float64) { obs.Window.Good = v })
	instant(p.Window.Total, func(v float64) { obs.Window.Total = v })
	burn := map[time.Duration]*slo.Events{}
	for _, w := range slo.BurnWindows {
		ev := &slo.Events{}
		burn[w] = ev
		instant(p.Burn[w].Good, func(v float64) { ev.Good = v })
		instant(p.Burn[w].Total, func(v float64) { ev.Total = v })
	}
	var seriesGood, seriesTotal, dayGood, dayTotal []Point
	sr, dr := SeriesRange(s, at, p.SeriesStep), DayRange(at, p.DayStep)
	ranged(p.Series.Good, sr, func(v []Point) { seriesGood = v })
	ranged(p.Series.Total, sr, func(v []Point) { seriesTotal = v })
	ranged(p.Day.Good, dr, func(v []Point) { dayGood = v })
	ranged(p.Day.Total, dr, func(v []Point) { dayTotal = v })
	win := s.EffectiveWindow()
	obs.Maintenance = make([]slo.Measured, 0, len(o.Maintenance))
	for _, iv := range slo.Merge(o.Maintenance, at.Add(-win), at) {
		obs.Maintenance = append(obs.Maintenance, slo.Measured{Interval: iv})
	}
	for i := range obs.Maintenance {
		m := &obs.Maintenance[i]
		d := m.End.Sub(m.Start)
		if d < time.Millisecond {
			continue
		}
		instantAt(s.SLI.Good(d), m.End, func(v float64) { m.Good = v })
		instantAt(s.SLI.Total(d), m.End, func(v float64) { m.Total = v })
	}
	obs.Quantiles = make([]slo.Quantile, len(p.Quantiles))
	for i, q := range p.Quantiles {
		obs.Quantiles[i] = q
		instant(q.Query, func(v float64) { obs.Quantiles[i].Value = v })
	}
	wg.Wait()
	if firstErr == nil && ctx.Err() != nil {
		firstErr = ctx.Err()
	}
	if firstErr != nil {
		return slo.Observation{}, nil, firstErr
	}
	for w, ev := range burn {
		obs.Burn[w] = *ev
	}
	obs.Series = buckets(seriesGood, seriesTotal, sr)
	obs.Day = buckets(dayGood, dayTotal, dr)
	ws := make([]string, 0, len(warnings))
	for w := range warnings {
		ws = append(ws, w)
	}
	sort.Strings(ws)
	return obs, ws, nil
}

// sumSeries adds the series of a matrix point by point (a raw query may not aggregate), skipping NaN.
func sumSeries(m []Series) []Point {
	if len(m) == 1 {
		return m[0].Points
	}
	sums := map[time.Time]float64{}
	for _, s := range m {
		for _, p := range s.Points {
			if !math.IsNaN(p.V) {
				sums[p.T] += p.V
			}
		}
	}
	out := make([]Point, 0, len(sums))
	for t, v := range sums {
		out = append(out, Point{T: t, V: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].T.Before(out[j].T) })
	return out
}

// buckets lays good and total points on the range's grid: a step missing from the answer (no
// samples) is a bucket without events.
func buckets(good, total []Point, r Range) []slo.Bucket {
	g, t := index(good), index(total)
	var out []slo.Bucket
	for ts := r.Start; !ts.After(r.End); ts = ts.Add(r.Step) {
		k := ts.UnixMilli()
		b := slo.Bucket{End: ts, Step: r.Step, Good: g[k], Total: t[k]}
		if math.IsNaN(b.Good) || math.IsNaN(b.Total) {
			b.Good, b.Total = 0, 0
		}
		out = append(out, b)
	}
	return out
}

func index(ps []Point) map[int64]float64 {
	m := make(map[int64]float64, len(ps))
	for _, p := range ps {
		m[p.T.UnixMilli()] = p.V
	}
	return m
}
