package sim

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/opsdeck/opsdeck/config"
)

// The simulated Prometheus query API (reference section 7) under /prometheus/api/v1: GET or POST form,
// Bearer auth (as behind the auth proxy a hosted Prometheus, Mimir or Thanos usually sits), the JSON
// envelope with string sample values, and the API's own error answers. It answers exactly the queries
// opsdeck writes for the demo SLOs, whatever the window, from the series in prometheus_data.go; it
// does not evaluate PromQL, so any other query gets the bad_data error a real server gives a query
// it cannot run.

// promMaxPoints is Prometheus's limit of points per series in a range query.
const promMaxPoints = 11000

func init() {
	Register(Upstream{Name: "prometheus", Order: 20, Routes: promRoutes, Configure: promConfigure})
}

// promState is the simulator's Prometheus: every demo series, by environment and SLO.
type promState struct {
	series []*promSeries
	mu     sync.Mutex
	known  map[string]promMatch // query -> what it measures, cached
}

// promMatch is what a recognised query measures.
type promMatch struct {
	series *promSeries
	role   string // good, total, quantile
	window time.Duration
	q      float64
}

func promStateOf(s *Sim) *promState {
	return s.State("prometheus", func() any {
		st := &promState{known: map[string]promMatch{}}
		for _, env := range []string{"prod", "staging"} {
			for _, d := range demoSLOs() {
				if !contains(d.envs, env) {
					continue
				}
				if env != "prod" {
					d.bursts = nil // staging is quiet
				}
				cfg := envSLO(d.cfg, env)
				m, err := cfg.Model()
				if err != nil {
					panic(fmt.Sprintf("sim: demo SLO %s: %v", d.cfg.Name, err))
				}
				st.series = append(st.series, newPromSeries(d, m, env, s.Seed(), s.Started()))
			}
		}
		return st
	}).(*promState)
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// envSLO is the demo SLO as configured in env: staging's series carry env="staging".
func envSLO(c config.SLO, env string) config.SLO {
	if env == "prod" {
		return c
	}
	sel := map[string]string{"env": env}
	for k, v := range c.Selector {
		sel[k] = v
	}
	c.Selector = sel
	return c
}

func promConfigure(s *Sim, e *config.Env) {
	e.Prometheus = config.Prometheus{Upstream: s.Upstream("prometheus", "/prometheus", time.Minute)}
	for _, d := range demoSLOs() {
		if contains(d.envs, e.Name) {
			e.SLOs = append(e.SLOs, envSLO(d.cfg, e.Name))
		}
	}
	if e.Name == "prod" {
		e.MaintenanceWindows = append(e.MaintenanceWindows, demoMaintenance(s.Started()))
	}
}

// promWindowRe finds the range of a query: the last [5m], [28d]...
var promWindowRe = regexp.MustCompile(`\[(\d+(?:ms|[smhdwy]))\]`)

// match finds what q measures, or false.
func (st *promState) match(q string) (promMatch, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if m, ok := st.known[q]; ok {
		return m, true
	}
	ws := promWindowRe.FindAllStringSubmatch(q, -1)
	if len(ws) == 0 {
		return promMatch{}, false
	}
	w, err := parsePromDuration(ws[len(ws)-1][1])
	if err != nil || w <= 0 {
		return promMatch{}, false
	}
	for _, p := range st.series {
		sli := p.model.SLI
		var m promMatch
		switch q {
		case sli.Good(w):
			m = promMatch{series: p, role: "good", window: w}
		case sli.Total(w):
			m = promMatch{series: p, role: "total", window: w}
		default:
			for _, x := range sli.QuantileQueries() {
				if x.Query == q {
					m = promMatch{series: p, role: "quantile", window: x.Window, q: x.Q}
				}
			}
		}
		if m.series != nil {
			st.known[q] = m
			return m, true
		}
	}
	return promMatch{}, false
}

// value evaluates a recognised query at unix time t.
func (m promMatch) value(t float64) float64 {
	p := m.series
	switch m.role {
	case "good":
		return p.increase(func() []float64 { return p.good }, t, m.window)
	case "total":
		return p.increase(func() []float64 { return p.total }, t, m.window)
	}
	p.mu.Lock() // quantile locks per bucket; make sure the series has grown first
	p.at(t)
	p.mu.Unlock()
	return p.quantile(m.q, t, m.window)
}

// parsePromDuration reads a PromQL duration: 5m, 28d, 1500ms.
func parsePromDuration(s string) (time.Duration, error) {
	units := []struct {
		suffix string
		d      time.Duration
	}{{"ms", time.Millisecond}, {"s", time.Second}, {"m", time.Minute}, {"h", time.Hour}, {"d", 24 * time.Hour}, {"w", 7 * 24 * time.Hour}, {"y", 365 * 24 * time.Hour}}
	for _, u := range units {
		if n, ok := strings.CutSuffix(s, u.suffix); ok {
			v, err := strconv.ParseInt(n, 10, 64)
			if err != nil {
				continue
			}
			return time.Duration(v) * u.d, nil
		}
	}
	return 0, fmt.Errorf("not a duration: %q", s)
}

func promRoutes(s *Sim, mux *http.ServeMux) {
	st := promStateOf(s)
	token := "Bearer " + s.Token("prometheus")
	auth := func(h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") != token {
				// What an auth proxy in front of Prometheus answers: no API envelope.
				w.Header().Set("Content-Type", "text/plain; charset=utf-8")
				w.Header().Set("WWW-Authenticate", `Bearer realm="prometheus"`)
				w.WriteHeader(http.StatusUnauthorized)
				fmt.Fprintln(w, "Unauthorized")
				return
			}
			if err := r.ParseForm(); err != nil {
				promError(w, http.StatusBadRequest, "bad_data", "error parsing form values: "+err.Error())
				return
			}
			h(w, r)
		}
	}
	for _, m := range []string{"GET", "POST"} {
		mux.HandleFunc(m+" /prometheus/api/v1/query", auth(func(w http.ResponseWriter, r *http.Request) { promQuery(s, st, w, r) }))
		mux.HandleFunc(m+" /prometheus/api/v1/query_range", auth(func(w http.ResponseWriter, r *http.Request) { promQueryRange(st, w, r) }))
	}
}

// promError writes the API's error envelope.
func promError(w http.ResponseWriter, status int, errType, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"status": "error", "errorType": errType, "error": msg})
}

func promTime(r *http.Request, name string, def time.Time) (float64, error) {
	v := r.Form.Get(name)
	if v == "" {
		if def.IsZero() {
			return 0, fmt.Errorf("invalid parameter %q: missing", name)
		}
		return float64(def.UnixMilli()) / 1000, nil
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
		return f, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return float64(t.UnixMilli()) / 1000, nil
	}
	return 0, fmt.Errorf("invalid parameter %q: cannot parse %q to a valid timestamp", name, v)
}

func promFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// unsupported is the message for a query the simulator does not answer.
func unsupported(q string) string {
	return fmt.Sprintf("invalid parameter \"query\": the opsdeck simulator answers only the queries opsdeck writes for the demo SLOs, not %q", q)
}

func promQuery(s *Sim, st *promState, w http.ResponseWriter, r *http.Request) {
	q := r.Form.Get("query")
	t, err := promTime(r, "time", s.Now())
	if err != nil {
		promError(w, http.StatusBadRequest, "bad_data", err.Error())
		return
	}
	if s.answerReadinessQuery(w, q, t) {
		return
	}
	m, ok := st.match(q)
	if !ok {
		promError(w, http.StatusBadRequest, "bad_data", unsupported(q))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[%s,%q]}]}}`,
		promFloat(t), promFloat(m.value(t)))
}

func promQueryRange(st *promState, w http.ResponseWriter, r *http.Request) {
	q := r.Form.Get("query")
	start, err := promTime(r, "start", time.Time{})
	if err != nil {
		promError(w, http.StatusBadRequest, "bad_data", err.Error())
		return
	}
	end, err := promTime(r, "end", time.Time{})
	if err != nil {
		promError(w, http.StatusBadRequest, "bad_data", err.Error())
		return
	}
	stepS := r.Form.Get("step")
	step, err := strconv.ParseFloat(stepS, 64)
	if err != nil {
		d, derr := parsePromDuration(stepS)
		step, err = d.Seconds(), derr
	}
	switch {
	case err != nil:
		promError(w, http.StatusBadRequest, "bad_data", fmt.Sprintf("invalid parameter \"step\": cannot parse %q to a valid duration", stepS))
		return
	case step <= 0:
		promError(w, http.StatusBadRequest, "bad_data", "zero or negative query resolution step widths are not accepted. Try a positive integer")
		return
	case end < start:
		promError(w, http.StatusBadRequest, "bad_data", "end timestamp must not be before start time")
		return
	case (end-start)/step > promMaxPoints:
		promError(w, http.StatusBadRequest, "bad_data", "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)")
		return
	}
	m, ok := st.match(q)
	if !ok {
		promError(w, http.StatusBadRequest, "bad_data", unsupported(q))
		return
	}
	var b strings.Builder
	b.WriteString(`{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[`)
	n := int(math.Floor((end-start)/step + 1e-9))
	for i := 0; i <= n; i++ {
		t := start + float64(i)*step
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `[%s,%q]`, promFloat(math.Round(t*1000)/1000), promFloat(m.value(t)))
	}
	b.WriteString(`]}]}}`)
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(b.String()))
}
