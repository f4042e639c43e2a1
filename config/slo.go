package config

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/opsdeck/opsdeck/models/slo"
)

// Prometheus is the [env.NAME.prometheus] section: any server of the Prometheus HTTP API
// (Prometheus, Thanos, Mimir, VictoriaMetrics). Auth is Bearer with a token, or Basic with username.
type Prometheus struct {
	Upstream
	// Method is "GET" (default; long queries still go by POST) or "POST" (form body).
	Method string `toml:"method"`
	// Bucket is the step of the range query over the whole SLO window (chart, recovery, maintenance
	// exclusion): 1h unless set.
	Bucket Duration `toml:"bucket"`
}

// Check implements Checker.
func (p *Prometheus) Check(r *Reporter) {
	switch strings.ToUpper(p.Method) {
	case "", "GET", "POST":
	default:
		r.Error("method", "%q is not GET or POST", p.Method)
	}
	if p.Bucket.Duration > 0 && (p.Bucket.Duration < time.Minute || p.Bucket.Duration > 24*time.Hour) {
		r.Error("bucket", "%s is not between 1m and 24h", FormatDuration(p.Bucket.Duration))
	}
}

// SLO is one [[env.NAME.slo]]: an SLI and its objective (seed 002 measures over 28 days). Either a
// template (health-check, installation-callback, webhook) or a kind with a metric (from which
// opsdeck writes the PromQL) or raw good_query and total_query; set keys override the template's.
type SLO struct {
	Name        string            `toml:"name"`
	Kind        string            `toml:"kind"`     // "availability", "latency" or "probe"
	Template    string            `toml:"template"` // a ready platform SLI: "health-check", "installation-callback" (or "install-callback"), "webhook"
	Metric      string            `toml:"metric"`   // counter (availability), histogram base name (latency), 0/1 gauge (probe)
	Selector    map[string]string `toml:"selector"` // label = value matchers added to every query
	Matchers    string            `toml:"matchers"` // more matchers in PromQL syntax: handler=~"/webhook.*",code!="429"
	CodeLabel   string            `toml:"code_label"`
	GoodCodes   string            `toml:"good_codes"` // regex of good status codes ("200|204"); else every code not in bad_codes
	BadCodes    string            `toml:"bad_codes"`  // regex of bad status codes, "5.." by default
	GoodQuery   string            `toml:"good_query"` // raw PromQL counting good events over {{.window}}
	TotalQuery  string            `toml:"total_query"`
	Threshold   Duration          `toml:"threshold"` // latency SLI: requests faster than this are good (a bucket's le)
	Quantiles   []float64         `toml:"quantiles"` // latency SLI: shown beside it; 0.9 and 0.95 by default
	Objective   float64           `toml:"objective"` // 0.999 or 99.9
	Window      Duration          `toml:"window"`    // 28d by default
	Runbook     string            `toml:"runbook"`
	Description string            `toml:"description"`
}

// Check implements Checker.
func (s *SLO) Check(r *Reporter) {
	r.Required("name", s.Name, "(it names the SLO on screen)")
	if s.Objective != 0 && (s.Objective <= 0 || s.Objective >= 100 || (s.Objective >= 1 && s.Objective < 50)) {
		r.Error("objective", "%v is not an objective: write it as 0.999 or 99.9", s.Objective)
	}
	r.URL("runbook", s.Runbook, true)
	if s.Template != "" {
		if _, ok := slo.Template(s.Template); !ok {
			r.Error("template", "%q is not a template (have %s)", s.Template, strings.Join(slo.TemplateNames(), ", "))
			return
		}
	}
	if _, err := s.Model(); err != nil {
		// Model starts each line with the key it is about.
		for _, line := range strings.Split(err.Error(), "\n") {
			key, msg, ok := strings.Cut(line, ": ")
			if !ok || !sloKeys[key] {
				key, msg = "", line
			}
			if key == "objective" && s.Objective != 0 || s.Name == "" && strings.Contains(line, "name is empty") {
				continue // reported above
			}
			r.Error(key, "%s", msg)
		}
	}
}

// Model turns the entry into the SLO it describes: the template's values, overridden by every key the
// entry sets. Its error lists every problem, one per line, each starting with the key it is about.
func (s SLO) Model() (slo.SLO, error) {
	var m slo.SLO
	if s.Template != "" {
		t, ok := slo.Template(s.Template)
		if !ok {
			return slo.SLO{}, fmt.Errorf("template: %q is not a template (have %s)", s.Template, strings.Join(slo.TemplateNames(), ", "))
		}
		m = t
	}
	if s.Name != "" {
		m.Name = s.Name
	}
	if s.Objective != 0 {
		m.Objective = s.Objective
		if m.Objective >= 1 { // 99.9 means 99.9%; rounded so that it is exactly 0.999
			m.Objective = math.Round(s.Objective*1e10) / 1e12
		}
	}
	if s.Window.Duration > 0 {
		m.Window = s.Window.Duration
	}
	if m.Window == 0 {
		m.Window = slo.DefaultWindow
	}
	if s.Runbook != "" {
		m.Runbook = s.Runbook
	}
	if s.Description != "" {
		m.Description = s.Description
	}
	q := &m.SLI
	if s.Kind != "" {
		q.Kind = slo.Kind(strings.ToLower(s.Kind))
	}
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&q.Metric, s.Metric)
	set(&q.CodeLabel, s.CodeLabel)
	set(&q.GoodCodes, s.GoodCodes)
	set(&q.BadCodes, s.BadCodes)
	set(&q.GoodQuery, s.GoodQuery)
	set(&q.TotalQuery, s.TotalQuery)
	if sel := s.selector(); sel != "" {
		q.Selector = sel
	}
	if s.Threshold.Duration > 0 {
		q.Threshold = s.Threshold.Seconds()
	}
	if len(s.Quantiles) > 0 {
		q.Quantiles = s.Quantiles
	}
	if s.Objective == 0 && s.Template == "" {
		return m, fmt.Errorf("objective: is required (0.999 or 99.9)")
	}
	var errs []string
	if err := m.Validate(); err != nil {
		for _, line := range strings.Split(err.Error(), "\n") {
			errs = append(errs, keyOf(line)+strings.TrimPrefix(line, fmt.Sprintf("slo %q: ", m.Name)))
		}
	}
	if len(errs) > 0 {
		return m, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return m, nil
}

// selector renders the selector table (sorted by label) and the matchers as one PromQL matcher list.
func (s SLO) selector() string {
	var parts []string
	keys := make([]string, 0, len(s.Selector))
	for k := range s.Selector {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		parts = append(parts, k+"="+strconv.Quote(s.Selector[k]))
	}
	if m := strings.TrimSpace(s.Matchers); m != "" {
		parts = append(parts, m)
	}
	return strings.Join(parts, ",")
}

// sloKeys are the keys Model's messages may start with.
var sloKeys = map[string]bool{"kind": true, "metric": true, "matchers": true, "code_label": true, "threshold": true,
	"quantiles": true, "good_query": true, "window": true, "objective": true, "template": true}

// keyOf guesses the config key a model validation message is about, as "key: ".
func keyOf(msg string) string {
	for _, kv := range [][2]string{
		{"sli kind", "kind"}, {"needs a metric", "metric"}, {"metric ", "metric"}, {"selector ", "matchers"},
		{"code_label", "code_label"}, {"threshold", "threshold"}, {"quantile", "quantiles"},
		{"good_query", "good_query"}, {"query ", "good_query"}, {"window", "window"}, {"objective", "objective"},
	} {
		if strings.Contains(msg, kv[0]) {
			return kv[1] + ": "
		}
	}
	return ""
}

// DefaultPrometheusRefresh is how often the SLOs are measured when the section sets no refresh.
const DefaultPrometheusRefresh = time.Minute
