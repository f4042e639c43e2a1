// Package sim is the demo simulator: every upstream opsdeck reads, served on loopback with the real
// paths, auth headers, pagination, errors and rate-limit answers, so the production clients are
// exercised for real. Its data is deterministic for a seed. Each upstream lives in its own file and
// registers itself with Register; faults can be injected per path through /_sim/faults.
package sim

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/opsdeck/opsdeck/config"
)

// Upstream is one simulated API.
type Upstream struct {
	Name      string                           // "health", "prometheus"...; also names its token
	Order     int                              // registration order; lower first
	Routes    func(s *Sim, mux *http.ServeMux) // registers its handlers (paths under its own prefix)
	Configure func(s *Sim, env *config.Env)    // fills env's section to point at the simulator
}

var (
	regMu     sync.Mutex
	upstreams []Upstream
)

// Register adds a simulated upstream; call it from an init function in the upstream's file.
func Register(u Upstream) {
	regMu.Lock()
	defer regMu.Unlock()
	upstreams = append(upstreams, u)
	sort.SliceStable(upstreams, func(i, j int) bool { return upstreams[i].Order < upstreams[j].Order })
}

// Options choose the simulator's data and address.
type Options struct {
	Listen  string           // host:port; 127.0.0.1:0 (a random port) by default
	Seed    int64            // data seed; 1 by default
	Tenants int              // size of the generated tenant base; 300 by default
	Now     func() time.Time // the clock; time.Now by default
	Faults  []Fault          // faults active from the start
}

// Request is one request the simulator received, for tests ("the simulator records no request").
type Request struct {
	At     time.Time
	Method string
	Path   string
}

// Sim is a running simulator.
type Sim struct {
	opts    Options
	start   time.Time
	base    string
	ln      net.Listener
	srv     *http.Server
	faults  *faults
	mu      sync.Mutex
	reqs    []Request
	state   map[string]any // per-upstream state, created lazily by the upstream's file
	stateMu sync.Mutex
}

// Start listens and serves every registered upstream.
func Start(opts Options) (*Sim, error) {
	if opts.Listen == "" {
		opts.Listen = "127.0.0.1:0"
	}
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	if opts.Tenants <= 0 {
		opts.Tenants = 300
	}
	if opts.Tenants > 1_000_000 {
		return nil, fmt.Errorf("--tenants %d: at most 1000000", opts.Tenants)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	ln, err := net.Listen("tcp", opts.Listen)
	if err != nil {
		return nil, fmt.Errorf("simulator: listen on %s: %w", opts.Listen, err)
	}
	s := &Sim{opts: opts, start: opts.Now(), ln: ln, base: "http://" + ln.Addr().String(),
		faults: newFaults(opts.Faults), state: map[string]any{}}
	mux := http.NewServeMux()
	s.adminRoutes(mux)
	regMu.Lock()
	ups := append([]Upstream(nil), upstreams...)
	regMu.Unlock()
	for _, u := range ups {
		if u.Routes != nil {
			u.Routes(s, mux)
		}
	}
	s.srv = &http.Server{Handler: s.record(s.faults.wrap(mux)), ReadHeaderTimeout: 5 * time.Second}
	go s.srv.Serve(ln)
	return s, nil
}

// Close stops the simulator.
func (s *Sim) Close() error {
	// Requests still in flight (a probe, a hanging fault) are cut after 100ms: quitting must be quick.
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		return s.srv.Close()
	}
	return err
}

// Base is the simulator's root URL, "http://127.0.0.1:PORT".
func (s *Sim) Base() string { return s.base }

// URL is the simulator's URL for a path: s.URL("/statuspage/v1").
func (s *Sim) URL(path string) string { return s.base + path }

// Now is the simulator's clock.
func (s *Sim) Now() time.Time { return s.opts.Now() }

// Started is when the simulator started; generated data is anchored to it.
func (s *Sim) Started() time.Time { return s.start }

// Seed is the data seed.
func (s *Sim) Seed() int64 { return s.opts.Seed }

// Tenants is the size of the generated tenant base.
func (s *Sim) Tenants() int { return s.opts.Tenants }

// Rand returns a generator that is deterministic for the seed and the given stream name.
func (s *Sim) Rand(stream string) *rand.Rand {
	h := sha256.Sum256([]byte(fmt.Sprintf("%d/%s", s.opts.Seed, stream)))
	var a, b uint64
	for i := 0; i < 8; i++ {
		a = a<<8 | uint64(h[i])
		b = b<<8 | uint64(h[8+i])
	}
	return rand.New(rand.NewPCG(a, b))
}

// Token is the simulator's credential for an upstream, deterministic for the seed. Requests
// without it are refused the way the real API refuses them.
func (s *Sim) Token(upstream string) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("opsdeck-sim/%d/%s", s.opts.Seed, upstream)))
	return "sim_" + upstream + "_" + hex.EncodeToString(h[:10])
}

// State returns the upstream's state, creating it with mk on first use. Upstreams keep mutable
// data (new maintenance windows, releases, pages) here.
func (s *Sim) State(name string, mk func() any) any {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	v, ok := s.state[name]
	if !ok {
		v = mk()
		s.state[name] = v
	}
	return v
}

// Requests returns the requests received so far (admin requests excluded).
func (s *Sim) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

func (s *Sim) record(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(r.URL.Path) < 6 || r.URL.Path[:6] != "/_sim/" {
			s.mu.Lock()
			if len(s.reqs) < 100_000 {
				s.reqs = append(s.reqs, Request{At: s.Now(), Method: r.Method, Path: r.URL.Path})
			}
			s.mu.Unlock()
		}
		h.ServeHTTP(w, r)
	})
}

// Config returns a config that points every upstream at this simulator: environments "prod" and
// "staging" (staging is smaller), with "prod" the default.
func (s *Sim) Config() *config.File {
	f := &config.File{Path: "(demo)", DefaultEnv: "prod", Envs: map[string]*config.Env{}}
	regMu.Lock()
	ups := append([]Upstream(nil), upstreams...)
	regMu.Unlock()
	for _, name := range []string{"prod", "staging"} {
		e := &config.Env{Name: name, ConfirmTyped: name == "prod"}
		for _, u := range ups {
			if u.Configure != nil {
				u.Configure(s, e)
			}
		}
		f.Envs[name] = e
	}
	return f
}

// Upstream returns the common section fields for an upstream served under path, with its token.
func (s *Sim) Upstream(name, path string, refresh time.Duration) config.Upstream {
	return config.Upstream{BaseURL: s.URL(path), Timeout: config.Dur(5 * time.Second),
		Refresh: config.Dur(refresh), Credentials: config.Credentials{Token: s.Token(name)}}
}
