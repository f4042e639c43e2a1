// Package healthcheck probes the app's health-check resources the way the platform does
// (seed 002_11342fb64186dd7a.txt and reference section 5): an unauthenticated GET, good only when it
// answers HTTP 200 within the timeout (3 s by default), redirects not followed.
package healthcheck

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/go-resty/resty/v2"
	"github.com/opsdeck/opsdeck/models/health"
	"github.com/opsdeck/opsdeck/sources/httpx"
)

// Target is one check to probe.
type Target struct {
	Name string
	URL  string
}

// Config is what a Prober needs.
type Config struct {
	Targets     []Target
	Timeout     time.Duration // per probe; 3s by default
	Concurrency int           // probes in flight at once; 16 by default
}

// Prober probes every target concurrently, bounded. It is safe for concurrent use.
type Prober struct {
	http    *resty.Client
	targets []Target
	sem     int
	now     func() time.Time
}

// New builds a Prober; it sends no request.
func New(cfg Config) *Prober {
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = 3 * time.Second
	}
	n := cfg.Concurrency
	if n <= 0 {
		n = 16
	}
	c := httpx.New(httpx.Endpoint{Name: "health", Timeout: timeout, MaxBody: 1 << 20})
	// Many checks often share one host: let them run side by side instead of queueing on two
	// idle connections.
	c.SetTransport(&http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		MaxIdleConns:        max(256, n),
		MaxIdleConnsPerHost: max(256, n), // every probe of a round may reuse a connection next round
		IdleConnTimeout:     90 * time.Second,
		TLSHandshakeTimeout: timeout,
		ForceAttemptHTTP2:   true,
	})
	return &Prober{http: c, targets: cfg.Targets, sem: n, now: time.Now}
}

// Probe checks every target once and returns one result per target, in target order. It never
// fails as a whole: each failure is in its result.
func (p *Prober) Probe(ctx context.Context) ([]health.Result, error) {
	out := make([]health.Result, len(p.targets))
	sem := make(chan struct{}, p.sem)
	var wg sync.WaitGroup
	for i, t := range p.targets {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			// The round's time ran out before this check's turn: say so, rather than report a
			// timeout of a request that was never sent.
			out[i] = health.Result{Name: t.Name, URL: httpx.StripQuery(t.URL), At: p.now(),
				Err: "not probed: the round ran out of time (raise concurrency)"}
			continue
		}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			out[i] = p.probeOne(ctx, t)
		}()
	}
	wg.Wait()
	return out, nil
}

func (p *Prober) probeOne(ctx context.Context, t Target) health.Result {
	start := p.now()
	resp, err := p.http.R().SetContext(ctx).SetDoNotParseResponse(true).Get(t.URL)
	r := health.Result{Name: t.Name, URL: httpx.StripQuery(t.URL), At: start}
	if resp != nil && resp.RawBody() != nil {
		resp.RawBody().Close() // the body carries no meaning (reference section 5)
	}
	r.Latency = p.now().Sub(start)
	if err != nil {
		r.Err = httpx.Human(httpx.Check("health", resp, err))
		return r
	}
	r.Status = resp.StatusCode()
	if r.Status >= 300 && r.Status < 400 {
		r.Redirect = true
	}
	if r.Status != http.StatusOK {
		if e := httpx.Check("health", resp, nil); e != nil {
			r.Err = httpx.Human(e)
		} else {
			r.Err = "HTTP " + http.StatusText(r.Status) + ": only 200 counts"
		}
	}
	return r
}

// RoundTimeout is how long a whole round may take: every batch of Concurrency probes its full
// per-probe timeout, plus slack.
func RoundTimeout(cfg Config) time.Duration {
	timeout, n := cfg.Timeout, cfg.Concurrency
	if timeout <= 0 {
		timeout = 3 * time.Second
	}
	if n <= 0 {
		n = 16
	}
	batches := (len(cfg.Targets) + n - 1) / n
	return time.Duration(max(1, batches))*timeout + 5*time.Second
}
