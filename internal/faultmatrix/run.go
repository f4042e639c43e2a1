package faultmatrix

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/sim"
)

// Call is one use of a source as a tab or `opsdeck get` makes it. It returns a short description of
// what it read, never empty on success, or the error. A source that reports failures inside its
// results (a health probe, a readiness page) turns them into the error.
type Call func(ctx context.Context) (string, error)

// Target is where a subject's client points: the simulator, or the address of a transport fault.
type Target struct {
	// Sim is the simulator serving the subject's upstream.
	Sim *sim.Sim
	// Env is the simulator's config of the subject's environment; URLs in it name the simulator.
	Env *config.Env
	// Timeout is the per-request timeout to build the client with: Timeout, or the row's own.
	Timeout time.Duration
	from    string
	to      string
}

// URL rewrites a URL of the simulator's config to the target's address.
func (tg Target) URL(u string) string {
	if rest, ok := strings.CutPrefix(u, tg.from); ok {
		return tg.to + rest
	}
	return u
}

// Upstream returns u pointed at the target, with the matrix's Timeout.
func (tg Target) Upstream(u config.Upstream) config.Upstream {
	u.BaseURL = tg.URL(u.BaseURL)
	u.Timeout = config.Dur(tg.Timeout)
	return u
}

// Endpoint resolves u (pointed at the target) into the endpoint a client is built from, the way
// cmd/opsdeck does; it fails the test when the credentials do not resolve.
func (tg Target) Endpoint(t testing.TB, u config.Upstream, name, scheme string) httpx.Endpoint {
	t.Helper()
	ep, err := tg.Upstream(u).Endpoint(name, scheme)
	if err != nil {
		t.Fatalf("%s endpoint: %v", name, err)
	}
	return ep
}

// Subject is one source client under the matrix.
type Subject struct {
	// Name names the source in logs.
	Name string
	// Env is the simulator environment whose config the client is built from; "prod" when empty.
	Env string
	// Prefix is the simulator path the faults are injected on: every request of a call must start
	// with it, so a call meets the fault on its first request.
	Prefix string
	// Retries is true when the client sends an idempotent request again after a rate limit,
	// waiting for the upstream's Retry-After: the once-rows must then succeed within the call.
	Retries bool
	// Build returns the call under test, its client built as cmd/opsdeck builds it, pointed at tg.
	Build func(t *testing.T, tg Target) Call
	// Expect overrides the table's outcome for this subject, by fault name, where its contract
	// differs (a health probe reads the status only, so a malformed body is a healthy answer).
	Expect map[string]Outcome
}

// Row is what one fault did to one subject, for logs and docs/proof.md.
type Row struct {
	Subject, Fault string
	Text           string        // the error text, or what was read
	Took           time.Duration // the failing call
}

// Run drives sub through every fault of the table, each in its own simulator and in parallel:
// before the fault the call succeeds; under it the call does not panic and ends as the outcome
// says (words a person reads, the error kind, no secret, Retry-After waited for where the client
// retries); after it (the fault removed, the port listening again) the same client succeeds.
func Run(t *testing.T, sub Subject) {
	// The rows mostly wait (for a timeout, a Retry-After, a backoff): they run side by side in
	// goroutines rather than as t.Parallel subtests, which -parallel would hold to GOMAXPROCS.
	var wg sync.WaitGroup
	for _, f := range Faults() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t.Run(f.Name, func(t *testing.T) { runOne(t, sub, f) })
		}()
	}
	wg.Wait()
}

func (sub Subject) outcome(f Fault) Outcome {
	if o, ok := sub.Expect[f.Name]; ok {
		return o
	}
	if f.Once && sub.Retries {
		return Outcome{OK: true}
	}
	return f.Want
}

func runOne(t *testing.T, sub Subject, f Fault) {
	s, err := sim.Start(sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	envName := sub.Env
	if envName == "" {
		envName = "prod"
	}
	cfg := s.Config()
	env := cfg.Envs[envName]
	if env == nil {
		t.Fatalf("the simulator has no environment %q", envName)
	}
	secrets := Secrets(cfg)
	tg := Target{Sim: s, Env: env, Timeout: Timeout, from: s.Base(), to: s.Base()}
	if f.Timeout > 0 {
		tg.Timeout = f.Timeout
	}
	var port string
	switch f.Transport {
	case Refused:
		port = freePort(t)
		tg.to = "http://" + port
	case UntrustedTLS:
		srv := httptest.NewTLSServer(http.NotFoundHandler())
		srv.Config.ErrorLog = quietLog()
		t.Cleanup(srv.Close)
		tg.to = srv.URL
	}
	call := sub.Build(t, tg)
	if f.Transport == NoTransport {
		if got, err := protect(call); err != nil || got == "" {
			t.Fatalf("%s before the fault: read %q, error %v", sub.Name, got, err)
		}
		fault := f.Sim
		fault.Path = sub.Prefix
		s.AddFault(fault)
	}
	before := countPrefix(s, sub.Prefix)
	start := time.Now()
	got, err := protect(call)
	took := time.Since(start)
	want := sub.outcome(f)
	text := got
	if err != nil {
		text = err.Error()
	}
	t.Logf("%s under %s (%v): %s", sub.Name, f.Name, took.Round(time.Millisecond), text)
	if leaks := Leaks(text, secrets); len(leaks) > 0 {
		t.Errorf("%s under %s: a secret appears (%v) in %q", sub.Name, f.Name, leaks, text)
	}
	if errors.Is(err, errPanic) {
		t.Fatalf("%s under %s panicked: %v", sub.Name, f.Name, err)
	}
	check(t, sub.Name+" under "+f.Name, want, got, err)
	if f.Once && want.OK {
		// Retry-After honoured: the second attempt came no sooner than the upstream asked.
		if took < RetryAfterOnce*time.Second {
			t.Errorf("%s under %s: succeeded after %v, before the Retry-After of %ds", sub.Name, f.Name, took, RetryAfterOnce)
		}
		if n := countPrefix(s, sub.Prefix) - before; n < 2 {
			t.Errorf("%s under %s: %d request(s) sent, want a retry after the rate limit", sub.Name, f.Name, n)
		}
	}
	// Recovery: the same client, the fault gone.
	switch f.Transport {
	case NoTransport:
		s.ClearFaults("")
	case Refused:
		serveProxy(t, port, s.Base())
	case UntrustedTLS:
		return // the certificate is the fix, not the next answer
	}
	if got, err := protect(call); err != nil || got == "" {
		t.Errorf("%s did not recover after %s: read %q, error %v", sub.Name, f.Name, got, err)
	}
}

// check compares a call's end with the outcome.
func check(t *testing.T, what string, want Outcome, got string, err error) {
	t.Helper()
	if want.OK {
		if err != nil || got == "" {
			t.Errorf("%s: want success, read %q, error %v", what, got, err)
		}
		return
	}
	if err == nil {
		t.Errorf("%s: want an error with %q, got success (%s)", what, want.Words, got)
		return
	}
	text := err.Error()
	for _, w := range want.Words {
		if !strings.Contains(text, w) {
			t.Errorf("%s: error %q lacks %q", what, text, w)
		}
	}
	if len(want.AnyWords) > 0 {
		found := false
		for _, w := range want.AnyWords {
			found = found || strings.Contains(text, w)
		}
		if !found {
			t.Errorf("%s: error %q has none of %q", what, text, want.AnyWords)
		}
	}
	var he *httpx.Error
	if want.Kind != httpx.KindOther && errors.As(err, &he) && he.Kind != want.Kind {
		t.Errorf("%s: error kind %d, want %d (%q)", what, he.Kind, want.Kind, text)
	}
	if strings.Contains(text, "\n") || strings.Contains(text, "%!") {
		t.Errorf("%s: error text is not one readable line: %q", what, text)
	}
}

var errPanic = errors.New("panic")

// protect runs call with CallTimeout and turns a panic into an error.
func protect(call Call) (got string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", errPanic, r)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), CallTimeout)
	defer cancel()
	return call(ctx)
}

func countPrefix(s *sim.Sim, prefix string) int {
	n := 0
	for _, r := range s.Requests() {
		if strings.HasPrefix(r.Path, prefix) {
			n++
		}
	}
	return n
}

// freePort returns a loopback host:port nothing listens on.
func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// serveProxy listens on addr (where a connection was refused) and forwards to the simulator.
func serveProxy(t *testing.T, addr, to string) {
	u, err := url.Parse(to)
	if err != nil {
		t.Fatal(err)
	}
	var l net.Listener
	for i := 0; i < 50; i++ {
		if l, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("cannot listen again on %s to show recovery: %v", addr, err)
	}
	srv := &http.Server{Handler: httputil.NewSingleHostReverseProxy(u), ErrorLog: quietLog()}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
}

// quietLog keeps the test servers' handshake and proxy errors (expected here) out of the output.
func quietLog() *log.Logger { return log.New(io.Discard, "", 0) }
