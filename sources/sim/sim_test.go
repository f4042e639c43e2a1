package sim_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/sources/sim"
)

func TestParseFault(t *testing.T) {
	f, err := sim.ParseFault("/health/prod/billing=status:429,retry-after:30,times:2")
	if err != nil || f.Path != "/health/prod/billing" || f.Status != 429 || f.RetryAfter != 30 || f.Times != 2 {
		t.Fatalf("got %+v %v", f, err)
	}
	for _, bad := range []string{"health=status:500", "/x=status:abc", "/x=explode"} {
		if _, err := sim.ParseFault(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestFaultsApplyByPrefixAndExpire(t *testing.T) {
	s, err := sim.Start(sim.Options{Faults: []sim.Fault{{Path: "/health/prod/app-us", Status: 503, RetryAfter: 7, Times: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	get := func(p string) (*http.Response, string) {
		resp, err := http.Get(s.URL(p))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	if r, _ := get("/health/prod/app-us"); r.StatusCode != 503 || r.Header.Get("Retry-After") != "7" {
		t.Fatalf("fault not applied: %d %q", r.StatusCode, r.Header.Get("Retry-After"))
	}
	if r, _ := get("/health/prod/app-us"); r.StatusCode != 200 {
		t.Fatalf("times:1 fault still applied: %d", r.StatusCode)
	}
	s.AddFault(sim.Fault{Path: "/health/prod/app-eu", Malformed: true})
	if _, body := get("/health/prod/app-eu"); !strings.HasPrefix(body, `{"data": [1, 2, {"broken"`) {
		t.Fatalf("malformed body %q", body)
	}
	s.AddFault(sim.Fault{Path: "/health/prod/app-apac", Latency: 300 * time.Millisecond})
	start := time.Now()
	get("/health/prod/app-apac")
	if time.Since(start) < 300*time.Millisecond {
		t.Fatal("latency not added")
	}
	s.ClearFaults("")
	if r, _ := get("/health/prod/app-eu"); r.StatusCode != 200 {
		t.Fatalf("cleared fault still applied: %d", r.StatusCode)
	}
	resp, err := http.Post(s.URL("/_sim/faults"), "application/json", strings.NewReader(`{"path":"/health/prod/search","status":500}`))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("admin POST: %v %v", resp, err)
	}
	if r, _ := get("/health/prod/search"); r.StatusCode != 500 {
		t.Fatalf("admin fault not applied: %d", r.StatusCode)
	}
	if n := len(s.Requests()); n < 5 {
		t.Fatalf("requests recorded: %d", n)
	}
}

func TestDemoHealthChecksBehave(t *testing.T) {
	s, _ := sim.Start(sim.Options{})
	defer s.Close()
	status := func(name string) int {
		resp, err := http.Get(s.URL("/health/prod/" + name))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if status("reports") != 503 || status("app-us") != 200 {
		t.Fatal("failing/healthy checks wrong")
	}
	var seq []int
	for i := 0; i < 6; i++ {
		seq = append(seq, status("billing"))
	}
	fails := 0
	for _, c := range seq {
		if c != 200 {
			fails++
		}
	}
	if fails != 2 {
		t.Fatalf("flapping check pattern %v", seq)
	}
	cfg := s.Config()
	if len(cfg.Envs["prod"].Health.Checks) != 8 || cfg.DefaultEnv != "prod" {
		t.Fatalf("demo config: %+v", cfg.Envs["prod"].Health)
	}
}
