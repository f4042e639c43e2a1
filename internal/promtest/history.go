// Package promtest runs a real Prometheus for tests: it writes synthetic history as OpenMetrics,
// backfills it with promtool, starts prometheus on a free loopback port with that data, and knows
// what the data implies, so a test can compare opsdeck's numbers with the truth
// (../shared/notes/real-prometheus.md has the recipe and its gotchas, cited here as G1-G10).
package promtest

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
)

// Labels every generated series carries.
const (
	// Selector selects the generated series in PromQL.
	Selector = `app="demo"`
	// RequestsMetric is the request counter, labelled code="200" or code="500".
	RequestsMetric = "http_requests_total"
	// LatencyMetric is the classic histogram of request durations.
	LatencyMetric = "http_request_duration_seconds"
)

// Buckets are the histogram's upper bounds; the last is +Inf.
var Buckets = []float64{0.1, 0.25, 0.5, 1, 2.5, math.Inf(1)}

var (
	// normalShape is the cumulative share of requests at or under each bucket normally: p95 is
	// 0.5 + 0.5*(0.95-0.9)/(0.98-0.9) = 0.8125.
	normalShape = []float64{0.5, 0.8, 0.9, 0.98, 0.995, 1}
	// burstShape is the same during a burst: p95 is above the last finite bucket, so 2.5.
	burstShape = []float64{0.1, 0.2, 0.4, 0.6, 0.9, 1}
)

// NormalP95 and BurstP95 are what histogram_quantile(0.95, ...) returns outside and inside a burst.
const (
	NormalP95 = 0.8125
	BurstP95  = 2.5
)

// Burst is an interval with a high error ratio and slow requests.
type Burst struct {
	Start      time.Time
	Length     time.Duration
	ErrorRatio float64
}

// History describes the synthetic data.
type History struct {
	// End is the last sample's time; never after now (G3). Rounded down to Step.
	End time.Time
	// Days of history ending at End.
	Days int
	// Step between samples: 1 minute is what the recipe verified; ranges are then exact (G5).
	Step time.Duration
	// BaselineErrorRatio is the share of 500s outside bursts.
	BaselineErrorRatio float64
	// Bursts of errors.
	Bursts []Burst
}

// Truth is what the generated data implies: the counters at every sample, so any increase between
// two samples is known exactly.
type Truth struct {
	start time.Time
	step  time.Duration
	good  []float64 // code 200, cumulative
	total []float64 // all codes, cumulative
	fast  []float64 // le=0.5 bucket, cumulative
}

// Start returns the first sample's time.
func (tr *Truth) Start() time.Time { return tr.start }

// End returns the last sample's time.
func (tr *Truth) End() time.Time { return tr.start.Add(time.Duration(len(tr.total)-1) * tr.step) }

// index returns the sample at or before t, clamped to the data.
func (tr *Truth) index(t time.Time) int {
	i := int(t.Sub(tr.start) / tr.step)
	return max(0, min(i, len(tr.total)-1))
}

// Requests returns the good (non-5xx) and total requests counted between the samples at from and to:
// what sum(increase(x[to-from])) at to returns when the range holds samples at both ends.
func (tr *Truth) Requests(from, to time.Time) (good, total float64) {
	i, j := tr.index(from), tr.index(to)
	return tr.good[j] - tr.good[i], tr.total[j] - tr.total[i]
}

// Fast returns the requests at or under 0.5 s and the total, between the samples at from and to.
func (tr *Truth) Fast(from, to time.Time) (fast, total float64) {
	i, j := tr.index(from), tr.index(to)
	return tr.fast[j] - tr.fast[i], tr.total[j] - tr.total[i]
}

// inBurst returns the burst covering ts, if any.
func (h History) inBurst(ts time.Time) (Burst, bool) {
	for _, b := range h.Bursts {
		if !ts.Before(b.Start) && ts.Before(b.Start.Add(b.Length)) {
			return b, true
		}
	}
	return Burst{}, false
}

// Write writes the history as OpenMetrics for `promtool tsdb create-blocks-from openmetrics`: integer
// second timestamps (ms are silently taken as seconds, G8), each series ascending, counters starting
// at 0 so increases come back exact, `# EOF` last with nothing after it.
func (h History) Write(w io.Writer) (*Truth, error) {
	if h.Step <= 0 {
		h.Step = time.Minute
	}
	end := h.End.Truncate(h.Step)
	n := h.Days * int(24*time.Hour/h.Step)
	tr := &Truth{start: end.Add(-time.Duration(n-1) * h.Step), step: h.Step,
		good: make([]float64, n), total: make([]float64, n), fast: make([]float64, n)}
	buckets := make([][]float64, len(Buckets))
	for j := range buckets {
		buckets[j] = make([]float64, n)
	}
	sum := make([]float64, n)
	perStep := h.Step.Minutes()
	for i := 1; i < n; i++ { // sample 0 is all zeros
		ts := tr.start.Add(time.Duration(i) * h.Step)
		// requests per minute follow a daily sine between 500 and 1500
		secOfDay := float64(ts.Unix() % 86400)
		v := math.Round((1000 + 500*math.Sin(2*math.Pi*secOfDay/86400)) * perStep)
		ratio, shape, mean := h.BaselineErrorRatio, normalShape, 0.2
		if b, ok := h.inBurst(ts); ok {
			ratio, shape, mean = b.ErrorRatio, burstShape, 1.5
		}
		bad := v * ratio
		tr.good[i] = tr.good[i-1] + v - bad
		tr.total[i] = tr.total[i-1] + v
		for j := range Buckets {
			buckets[j][i] = buckets[j][i-1] + v*shape[j]
		}
		tr.fast[i] = buckets[2][i]
		sum[i] = sum[i-1] + v*mean
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	line := make([]byte, 0, 160)
	series := func(name string, vals []float64) {
		for i, v := range vals {
			line = append(line[:0], name...)
			line = append(line, ' ')
			line = strconv.AppendFloat(line, v, 'f', -1, 64)
			line = append(line, ' ')
			line = strconv.AppendInt(line, tr.start.Add(time.Duration(i)*h.Step).Unix(), 10)
			line = append(line, '\n')
			bw.Write(line)
		}
	}
	bad := make([]float64, n)
	for i := range bad {
		bad[i] = tr.total[i] - tr.good[i]
	}
	fmt.Fprintln(bw, "# TYPE http_requests counter")
	series(RequestsMetric+`{app="demo",code="200"}`, tr.good)
	series(RequestsMetric+`{app="demo",code="500"}`, bad)
	fmt.Fprintln(bw, "# TYPE http_request_duration_seconds histogram")
	for j, le := range Buckets {
		series(LatencyMetric+`_bucket{app="demo",le="`+formatLE(le)+`"}`, buckets[j])
	}
	series(LatencyMetric+`_sum{app="demo"}`, sum)
	series(LatencyMetric+`_count{app="demo"}`, buckets[len(Buckets)-1])
	fmt.Fprint(bw, "# EOF\n")
	return tr, bw.Flush()
}

func formatLE(v float64) string {
	if math.IsInf(v, 1) {
		return "+Inf"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
