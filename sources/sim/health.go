package sim

import (
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/opsdeck/opsdeck/config"
)

// The demo's health checks (seed 002's health-check resource, one per region and function): most
// healthy, one slow, one flapping, one failing.
var simChecks = []struct {
	name string
	kind string // ok, slow, flapping, failing
}{
	{"app-us", "ok"}, {"app-eu", "ok"}, {"app-apac", "ok"}, {"installed-callback", "ok"},
	{"webhooks", "ok"}, {"search", "slow"}, {"billing", "flapping"}, {"reports", "failing"},
}

type healthState struct {
	mu    sync.Mutex
	calls map[string]int
}

func init() {
	Register(Upstream{Name: "health", Order: 10, Routes: healthRoutes, Configure: healthConfigure})
}

func healthRoutes(s *Sim, mux *http.ServeMux) {
	st := s.State("health", func() any { return &healthState{calls: map[string]int{}} }).(*healthState)
	mux.HandleFunc("GET /health/{env}/{name}", func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		kind := ""
		for _, c := range simChecks {
			if c.name == name {
				kind = c.kind
			}
		}
		if kind == "" {
			http.NotFound(w, r)
			return
		}
		st.mu.Lock()
		n := st.calls[r.PathValue("env")+"/"+name]
		st.calls[r.PathValue("env")+"/"+name]++
		st.mu.Unlock()
		rnd := s.Rand(fmt.Sprintf("health/%s/%d", name, n))
		delay := time.Duration(20+rnd.IntN(60)) * time.Millisecond
		status, body := 200, `{"status":"ok"}`
		switch kind {
		case "slow":
			delay = time.Duration(1200+rnd.IntN(600)) * time.Millisecond
		case "flapping":
			if []bool{true, false, true, false, true, true}[n%6] == false {
				status, body = 503, `{"status":"down","reason":"payment provider timed out"}`
			}
		case "failing":
			status, body = 503, `{"status":"down","reason":"database connection pool exhausted"}`
		}
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write([]byte(body))
	})
}

func healthConfigure(s *Sim, e *config.Env) {
	e.Health = config.Health{Refresh: config.Dur(10 * time.Second), Timeout: config.Dur(3 * time.Second)}
	for i, c := range simChecks {
		if e.Name == "staging" && i%2 == 1 {
			continue
		}
		e.Health.Checks = append(e.Health.Checks, config.HealthCheck{Name: c.name, URL: s.URL("/health/" + e.Name + "/" + c.name)})
	}
}
