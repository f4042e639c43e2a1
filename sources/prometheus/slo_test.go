package prometheus_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/models/slo"
	"github.com/opsdeck/opsdeck/sources/prometheus"
)

// fakeAPI answers the instant queries in instant and the range queries in ranged (value per point
// time); anything else gets bad_data, as the simulator does.
type fakeAPI struct {
	instant map[string]float64
	ranged  map[string]func(time.Time) float64
	empty   map[string]bool // answered with an empty vector: no series
	calls   atomic.Int32
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.calls.Add(1)
	r.ParseForm()
	q := r.Form.Get("query")
	w.Header().Set("Content-Type", "application/json")
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	switch r.URL.Path {
	case "/api/v1/query":
		ts, _ := strconv.ParseFloat(r.Form.Get("time"), 64)
		if f.empty[q] {
			fmt.Fprint(w, `{"status":"success","data":{"resultType":"vector","result":[]}}`)
			return
		}
		if v, ok := f.instant[q]; ok {
			fmt.Fprintf(w, `{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[%s,%q]}]},"warnings":["w1"]}`, num(ts), num(v))
			return
		}
	case "/api/v1/query_range":
		if fn, ok := f.ranged[q]; ok {
			start, _ := strconv.ParseFloat(r.Form.Get("start"), 64)
			end, _ := strconv.ParseFloat(r.Form.Get("end"), 64)
			step, _ := strconv.ParseFloat(r.Form.Get("step"), 64)
			var pts []string
			for t := start; t <= end; t += step {
				pts = append(pts, fmt.Sprintf(`[%s,%q]`, num(t), num(fn(time.Unix(int64(t), 0)))))
			}
			fmt.Fprintf(w, `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[%s]}]}}`, strings.Join(pts, ","))
			return
		}
	}
	w.WriteHeader(400)
	b, _ := json.Marshal(map[string]string{"status": "error", "errorType": "bad_data", "error": "unknown query " + q})
	w.Write(b)
}

func TestObserve(t *testing.T) {
	s, err := slo.New("api", 0.999, 0, slo.SLI{Kind: slo.Latency, Metric: "http_request_duration_seconds", Selector: `job="app"`, Threshold: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	p := prometheus.PlanFor(s, prometheus.Options{})
	f := &fakeAPI{instant: map[string]float64{}, ranged: map[string]func(time.Time) float64{}, empty: map[string]bool{}}
	f.instant[p.Window.Good], f.instant[p.Window.Total] = 999500, 1e6
	for w, pair := range p.Burn {
		// 20x in the last hour and less, quiet before
		if w <= time.Hour {
			f.instant[pair.Good], f.instant[pair.Total] = 980, 1000
		} else {
			f.instant[pair.Good], f.instant[pair.Total] = 1000, 1000
		}
	}
	f.empty[p.Burn[5*time.Minute].Good], f.empty[p.Burn[5*time.Minute].Total] = true, true
	f.ranged[p.Series.Good] = func(time.Time) float64 { return 99 }
	f.ranged[p.Series.Total] = func(time.Time) float64 { return 100 }
	f.ranged[p.Day.Good] = func(t time.Time) float64 { return float64(t.Hour()) }
	f.ranged[p.Day.Total] = func(time.Time) float64 { return 24 }
	f.instant[p.Quantiles[0].Query], f.instant[p.Quantiles[1].Query] = 0.45, 0.8125
	srv := httptest.NewServer(f)
	defer srv.Close()

	c := client(srv, prometheus.Config{})
	obs, warns, err := c.Observe(context.Background(), s, at, prometheus.Options{})
	if err != nil {
		t.Fatalf("Observe() error = %v", err)
	}
	if want := 2 + 2*len(slo.BurnWindows) + 4 + 2; int(f.calls.Load()) != want {
		t.Errorf("Observe() sent %d queries, want %d", f.calls.Load(), want)
	}
	if obs.Window != (slo.Events{Good: 999500, Total: 1e6}) {
		t.Errorf("Observe().Window = %+v", obs.Window)
	}
	if obs.Burn[time.Hour] != (slo.Events{Good: 980, Total: 1000}) || obs.Burn[5*time.Minute] != (slo.Events{}) {
		t.Errorf("Observe().Burn = %+v, want 980/1000 over 1h and an empty 5m", obs.Burn)
	}
	if len(obs.Series) != 672 || obs.Series[0].Total != 100 || !obs.Series[671].End.Equal(at) || obs.Series[0].Step != time.Hour {
		t.Errorf("Observe().Series = %d buckets, first %+v, want 672 hourly ending at %v", len(obs.Series), obs.Series[0], at)
	}
	if len(obs.Day) != 48 || !obs.Day[47].End.Equal(at) || obs.Day[47].Good != float64(at.Hour()) {
		t.Errorf("Observe().Day = %d buckets, last %+v", len(obs.Day), obs.Day[len(obs.Day)-1])
	}
	if obs.Quantiles[0].Value != 0.45 || obs.Quantiles[1].Value != 0.8125 || obs.Quantiles[1].Label() != "p95" {
		t.Errorf("Observe().Quantiles = %+v", obs.Quantiles)
	}
	if len(warns) != 1 || warns[0] != "w1" {
		t.Errorf("Observe() warnings = %v, want [w1] once", warns)
	}
	r := slo.Evaluate(s, obs, nil)
	// 5m has no traffic, so the 1h/5m page rule has no data; 6h/30m is below 5.6x.
	if r.State != slo.OK || r.Burns[2].Rate != 20 {
		t.Errorf("Evaluate(Observe()) = %v with 1h burn %v, want OK (5m empty) and 20x", r.State, r.Burns[2].Rate)
	}
}

func TestObserveFailsWhole(t *testing.T) {
	s, _ := slo.New("api", 0.999, 0, slo.SLI{Kind: slo.Availability, Metric: "http_requests_total"})
	f := &fakeAPI{instant: map[string]float64{}, ranged: map[string]func(time.Time) float64{}}
	srv := httptest.NewServer(f)
	defer srv.Close()
	_, _, err := client(srv, prometheus.Config{}).Observe(context.Background(), s, at, prometheus.Options{})
	if err == nil || !strings.Contains(err.Error(), "bad_data: unknown query") {
		t.Errorf("Observe() against a server that knows no query = %v, want the bad_data error", err)
	}
}

func TestPlanForRawPromQL(t *testing.T) {
	s, err := slo.New("raw", 0.99, 7*24*time.Hour, slo.SLI{Kind: slo.Availability,
		GoodQuery: `sum(increase(ok_total[{{.window}}]))`, TotalQuery: `sum(increase(all_total[{{.window}}]))`})
	if err != nil {
		t.Fatal(err)
	}
	p := prometheus.PlanFor(s, prometheus.Options{SeriesStep: 10 * time.Minute})
	if p.Window.Good != `sum(increase(ok_total[7d]))` || p.Series.Total != `sum(increase(all_total[10m]))` || p.Burn[72*time.Hour].Good != `sum(increase(ok_total[3d]))` {
		t.Errorf("PlanFor(raw) = %+v", p)
	}
	if r := prometheus.SeriesRange(s, at, 10*time.Minute); r.End.Sub(r.Start)/r.Step+1 != 7*24*6 {
		t.Errorf("SeriesRange() = %+v, want %d points", r, 7*24*6)
	}
}
