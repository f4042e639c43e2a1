package slo

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Kind is how an SLI counts good and total events.
type Kind string

// Kinds of SLI.
const (
	// Availability counts requests from a counter (http_requests_total): good ones are those whose
	// status code label is not bad (or is good, when GoodCodes is set).
	Availability Kind = "availability"
	// Latency counts requests from a classic histogram: good ones are those in the bucket whose upper
	// bound (le) is Threshold; p90 and p95 come from histogram_quantile.
	Latency Kind = "latency"
	// Probe counts samples of a 0/1 gauge such as blackbox_exporter's probe_success: each sample is a
	// probe, good when it is 1.
	Probe Kind = "probe"
)

// WindowPlaceholder is replaced by the window (5m, 28d...) in raw PromQL given in the config.
const WindowPlaceholder = "{{.window}}"

// SLI says how the good and total events of an SLO are counted: either from a metric name plus label
// selectors, from which the PromQL is written, or from raw PromQL given in the config.
type SLI struct {
	Kind Kind
	// Metric is the counter (availability), histogram base name (latency) or gauge (probe).
	Metric string
	// Selector is label matchers without braces, as in PromQL: job="app",handler!="/metrics".
	Selector string
	// CodeLabel is the status code label of an availability counter: "code" (Go's promhttp) unless set.
	CodeLabel string
	// GoodCodes is a regular expression of good status codes ("200|204"); when empty, every code not
	// matching BadCodes is good.
	GoodCodes string
	// BadCodes is a regular expression of bad status codes, "5.." unless set; unused with GoodCodes.
	BadCodes string
	// Threshold is the latency bound in seconds: the le label of the bucket that counts as good.
	Threshold float64
	// Quantiles are shown beside a latency SLI: 0.9 and 0.95 unless set.
	Quantiles []float64
	// QuantileWindow is the rate window of the quantile queries: 5m unless set.
	QuantileWindow time.Duration
	// GoodQuery and TotalQuery are raw PromQL counting good and total events over WindowPlaceholder.
	// Both or neither are set; when set they replace the queries written from Metric.
	GoodQuery, TotalQuery string
}

// Raw reports whether the SLI's event queries come from the config as raw PromQL.
func (q SLI) Raw() bool { return q.GoodQuery != "" || q.TotalQuery != "" }

// Validate reports every problem with the SLI at once.
func (q SLI) Validate() error {
	var errs []error
	switch q.Kind {
	case Availability, Latency, Probe:
	case "":
		errs = append(errs, errors.New("sli kind is empty (availability, latency or probe)"))
	default:
		errs = append(errs, fmt.Errorf("sli kind %q is not availability, latency or probe", q.Kind))
	}
	if q.Raw() {
		if q.GoodQuery == "" || q.TotalQuery == "" {
			errs = append(errs, errors.New("good_query and total_query must be set together"))
		}
		for _, s := range []string{q.GoodQuery, q.TotalQuery} {
			if s != "" && !strings.Contains(s, WindowPlaceholder) {
				errs = append(errs, fmt.Errorf("query %q does not contain %s", s, WindowPlaceholder))
			}
		}
	} else if q.Metric == "" {
		errs = append(errs, errors.New("sli needs a metric, or good_query and total_query"))
	}
	if q.Metric != "" && !validMetricName(q.Metric) {
		errs = append(errs, fmt.Errorf("metric %q is not a valid metric name", q.Metric))
	}
	if _, err := parseSelector(q.Selector); err != nil {
		errs = append(errs, err)
	}
	if q.CodeLabel != "" && !validLabelName(q.CodeLabel) {
		errs = append(errs, fmt.Errorf("code_label %q is not a valid label name", q.CodeLabel))
	}
	if q.Kind == Latency && !q.Raw() && !(q.Threshold > 0) {
		errs = append(errs, errors.New("latency sli needs a threshold in seconds (the le of a histogram bucket)"))
	}
	for _, x := range q.Quantiles {
		if !(x > 0 && x < 1) {
			errs = append(errs, fmt.Errorf("quantile %v is not between 0 and 1", x))
		}
	}
	return errors.Join(errs...)
}

// Good returns the PromQL counting good events over the window w.
func (q SLI) Good(w time.Duration) string {
	if q.Raw() {
		return strings.ReplaceAll(q.GoodQuery, WindowPlaceholder, Duration(w))
	}
	switch q.Kind {
	case Latency:
		return fmt.Sprintf("sum(increase(%s_bucket%s[%s]))", q.Metric, q.matchers(`le="`+FormatLE(q.Threshold)+`"`), Duration(w))
	case Probe:
		return fmt.Sprintf("sum(sum_over_time(%s%s[%s]))", q.Metric, q.matchers(), Duration(w))
	default:
		code := q.codeLabel()
		if q.GoodCodes != "" {
			return fmt.Sprintf("sum(increase(%s%s[%s]))", q.Metric, q.matchers(code+"=~"+strconv.Quote(q.GoodCodes)), Duration(w))
		}
		return fmt.Sprintf("sum(increase(%s%s[%s]))", q.Metric, q.matchers(code+"!~"+strconv.Quote(q.badCodes())), Duration(w))
	}
}

// Total returns the PromQL counting all events over the window w.
func (q SLI) Total(w time.Duration) string {
	if q.Raw() {
		return strings.ReplaceAll(q.TotalQuery, WindowPlaceholder, Duration(w))
	}
	switch q.Kind {
	case Latency:
		return fmt.Sprintf("sum(increase(%s_count%s[%s]))", q.Metric, q.matchers(), Duration(w))
	case Probe:
		return fmt.Sprintf("sum(count_over_time(%s%s[%s]))", q.Metric, q.matchers(), Duration(w))
	default:
		return fmt.Sprintf("sum(increase(%s%s[%s]))", q.Metric, q.matchers(), Duration(w))
	}
}

// Ratio returns the PromQL of the SLI itself over the window w: good / total.
func (q SLI) Ratio(w time.Duration) string {
	return q.Good(w) + "\n/\n" + q.Total(w)
}

// QuantileQueries returns the histogram_quantile query for each quantile of a latency SLI written
// from a metric (none otherwise), keyed by quantile.
func (q SLI) QuantileQueries() []Quantile {
	if q.Kind != Latency || q.Metric == "" {
		return nil
	}
	qs := q.Quantiles
	if len(qs) == 0 {
		qs = []float64{0.9, 0.95}
	}
	w := q.QuantileWindow
	if w <= 0 {
		w = 5 * time.Minute
	}
	out := make([]Quantile, len(qs))
	for i, x := range qs {
		out[i] = Quantile{Q: x, Window: w, Query: fmt.Sprintf("histogram_quantile(%s, sum by (le) (rate(%s_bucket%s[%s])))",
			strconv.FormatFloat(x, 'f', -1, 64), q.Metric, q.matchers(), Duration(w))}
	}
	return out
}

// Quantile is one latency quantile of a latency SLI: the query that measures it and, once measured,
// its value in seconds.
type Quantile struct {
	Q      float64
	Window time.Duration
	Query  string
	// Value is in seconds: NaN without traffic, +Inf above the histogram's last finite bucket.
	Value float64
}

// Label returns "p90", "p95", "p99.9".
func (x Quantile) Label() string { return "p" + strconv.FormatFloat(x.Q*100, 'f', -1, 64) }

func (q SLI) codeLabel() string {
	if q.CodeLabel == "" {
		return "code"
	}
	return q.CodeLabel
}

func (q SLI) badCodes() string {
	if q.BadCodes == "" {
		return "5.."
	}
	return q.BadCodes
}

// matchers renders the SLI's selector plus extra matchers as {a="b",c!~"d"}, or "" when empty.
// Config validation has already rejected a selector that does not parse.
func (q SLI) matchers(extra ...string) string {
	ms, _ := parseSelector(q.Selector)
	parts := make([]string, 0, len(ms)+len(extra))
	for _, m := range ms {
		parts = append(parts, m.String())
	}
	parts = append(parts, extra...)
	if len(parts) == 0 {
		return ""
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// Duration writes d as a PromQL duration in its largest whole unit: 28d, 6h, 30m, 90s, 1500ms.
func Duration(d time.Duration) string {
	switch {
	case d <= 0:
		return "0s"
	case d%(24*time.Hour) == 0:
		return strconv.FormatInt(int64(d/(24*time.Hour)), 10) + "d"
	case d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	case d%time.Minute == 0:
		return strconv.FormatInt(int64(d/time.Minute), 10) + "m"
	case d%time.Second == 0:
		return strconv.FormatInt(int64(d/time.Second), 10) + "s"
	}
	return strconv.FormatInt(d.Milliseconds(), 10) + "ms"
}

// FormatLE writes a bucket bound as Prometheus client libraries write the le label: 0.5, 1, 2.5.
func FormatLE(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
