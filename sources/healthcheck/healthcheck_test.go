package healthcheck_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/sources/healthcheck"
)

func TestProbe(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("fine")) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/fail", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "db down", 503) })
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok", 302) })
	mux.HandleFunc("/nocontent", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	tls := httptest.NewTLSServer(mux) // its certificate is not trusted by the prober
	defer tls.Close()
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	refused := "http://" + l.Addr().String() + "/"
	l.Close()

	p := healthcheck.New(healthcheck.Config{Timeout: 300 * time.Millisecond, Targets: []healthcheck.Target{
		{"ok", srv.URL + "/ok"}, {"slow", srv.URL + "/slow"}, {"fail", srv.URL + "/fail"},
		{"moved", srv.URL + "/moved"}, {"nocontent", srv.URL + "/nocontent"},
		{"refused", refused}, {"tls", tls.URL + "/ok"}, {"secret", srv.URL + "/ok?token=hunter2"},
	}})
	res, err := p.Probe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"ok": "", "slow": "timed out", "fail": "HTTP 503", "moved": "redirect",
		"nocontent": "only 200 counts", "refused": "connection refused", "tls": "TLS", "secret": ""}
	for _, r := range res {
		w := want[r.Name]
		if w == "" && !r.OK() {
			t.Errorf("%s: want OK, got %+v", r.Name, r)
		}
		if w != "" && (r.OK() || !strings.Contains(r.Err, w)) {
			t.Errorf("%s: want error containing %q, got %q (status %d)", r.Name, w, r.Err, r.Status)
		}
		if strings.Contains(r.URL, "hunter2") || strings.Contains(r.Err, "hunter2") {
			t.Errorf("%s: query secret shown: %+v", r.Name, r)
		}
	}
	if res[1].Latency > time.Second {
		t.Errorf("slow probe was not cut at the timeout: %v", res[1].Latency)
	}
}

// BenchmarkProbe1000 probes 1,000 checks that each take 20ms and reports the round's time as a
// multiple of one probe (target <= 2 with the bound at or above the number of checks).
func BenchmarkProbe1000(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond)
	}))
	defer srv.Close()
	targets := make([]healthcheck.Target, 1000)
	for i := range targets {
		targets[i] = healthcheck.Target{Name: fmt.Sprint("c", i), URL: srv.URL}
	}
	for _, conc := range []int{256, 1000} {
		b.Run(fmt.Sprint("concurrency=", conc), func(b *testing.B) {
			p := healthcheck.New(healthcheck.Config{Targets: targets, Concurrency: conc})
			p.Probe(context.Background()) // warm the connection pool
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				p.Probe(context.Background())
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/20, "x-one-probe")
		})
	}
}

func TestRoundOutOfTimeSaysNotProbed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(150 * time.Millisecond)
	}))
	defer srv.Close()
	targets := []healthcheck.Target{{"a", srv.URL}, {"b", srv.URL}, {"c", srv.URL}}
	p := healthcheck.New(healthcheck.Config{Targets: targets, Concurrency: 1, Timeout: time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	res, _ := p.Probe(ctx)
	if !res[0].OK() || !strings.Contains(res[2].Err, "not probed") {
		t.Fatalf("results %+v", res)
	}
	if d := healthcheck.RoundTimeout(healthcheck.Config{Targets: make([]healthcheck.Target, 33), Timeout: time.Second}); d != 8*time.Second {
		t.Fatalf("RoundTimeout = %v, want 3 batches of 1s + 5s", d)
	}
}
