package sim

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/prometheus"
)

// The readiness queries answered in the query API's shape, read back by the real Prometheus client
// (once the simulated Prometheus asks answerReadinessQuery first, the demo's backup and synthetic
// evidence comes from here).
func TestAnswerReadinessQuery(t *testing.T) {
	start := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	s := &Sim{opts: Options{Now: func() time.Time { return start }}, start: start}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		if !s.answerReadinessQuery(w, r.Form.Get("query"), float64(start.Add(time.Hour).Unix())) {
			w.WriteHeader(http.StatusTeapot)
		}
	}))
	defer srv.Close()
	c := prometheus.New(prometheus.Config{Endpoint: httpx.Endpoint{BaseURL: srv.URL}})
	res, err := c.Query(context.Background(), simBackupQuery, time.Time{})
	if err != nil || len(res.Vector) != 1 || res.Vector[0].V != float64(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC).Unix()) {
		t.Fatalf("backup query = %+v, %v; want one sample, 02:00 today", res, err)
	}
	res, err = c.Query(context.Background(), withEnv(simSyntheticQuery, "staging"), time.Time{})
	if err != nil || res.Type != prometheus.Vector || len(res.Vector) != 0 {
		t.Fatalf("staging synthetic query = %+v, %v; want an empty vector", res, err)
	}
	if _, err := c.Query(context.Background(), "up", time.Time{}); err == nil {
		t.Fatal("a query that is not a readiness query was answered")
	}
}
