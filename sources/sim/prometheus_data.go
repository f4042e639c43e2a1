package sim

import (
	"hash/fnv"
	"math"
	"sync"
	"time"

	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/models/slo"
)

// The demo's SLOs and the synthetic series behind them. Every series is generated minute by minute
// from the seed, so the same seed and start give the same numbers; the story they tell:
//   - checkout-availability is burning budget right now: 4% of requests fail since 50 minutes before
//     the simulator started (and for 3 hours after), so the 1h and 5m burn rates page;
//   - api-latency has been slow for 30 hours (3% of requests over 0.5 s against a 1% budget): a ticket;
//   - health-check lost 25 minutes of probes 10 days ago, inside a published maintenance window, so its
//     raw budget is mostly spent but its uptime outside maintenance is not (seeds 000, 001);
//   - installation-callback and webhook are healthy.

// promBurst is a span with a different bad share.
type promBurst struct {
	from, to time.Duration // relative to the simulator's start
	ratio    float64
}

// promDemo is one demo SLO and how its series behave.
type promDemo struct {
	cfg      config.SLO
	perMin   float64 // events per minute, on average
	baseline float64 // bad share outside bursts (probe: failure probability)
	bursts   []promBurst
	envs     []string // environments it exists in
}

func demoSLOs() []promDemo {
	return []promDemo{
		{
			cfg: config.SLO{Name: "checkout-availability", Kind: "availability", Metric: "http_requests_total",
				Selector: map[string]string{"job": "checkout"}, Objective: 99.9,
				Runbook:     "https://runbooks.example.com/slo/checkout-availability",
				Description: "checkout requests answered without a 5xx"},
			perMin: 1000, baseline: 0.0006, envs: []string{"prod", "staging"},
			bursts: []promBurst{
				{from: -9*24*time.Hour - 3*time.Hour, to: -9*24*time.Hour - time.Hour, ratio: 0.01},
				{from: -50 * time.Minute, to: 3 * time.Hour, ratio: 0.04},
			},
		},
		{
			cfg: config.SLO{Name: "api-latency", Kind: "latency", Metric: "http_request_duration_seconds",
				Selector: map[string]string{"job": "api"}, Threshold: config.Dur(500 * time.Millisecond), Objective: 99,
				Runbook:     "https://runbooks.example.com/slo/api-latency",
				Description: "REST calls answered within 0.5 s (seed 000: service call response times)"},
			perMin: 600, baseline: 0.003, envs: []string{"prod", "staging"},
			bursts: []promBurst{{from: -30 * time.Hour, to: 24 * time.Hour, ratio: 0.03}},
		},
		{
			cfg: config.SLO{Name: "health-check", Template: "health-check",
				Selector: map[string]string{"job": "blackbox", "instance": "https://app.example.com/healthcheck"},
				Runbook:  "https://runbooks.example.com/slo/health-check"},
			perMin: 1, baseline: 0.00005, envs: []string{"prod"},
			bursts: []promBurst{{from: demoMaintenanceStart + 10*time.Minute, to: demoMaintenanceStart + 35*time.Minute, ratio: 1}},
		},
		{
			cfg: config.SLO{Name: "installation-callback", Template: "installation-callback",
				Selector: map[string]string{"job": "app", "handler": "/installed"},
				Runbook:  "https://runbooks.example.com/slo/installation-callback"},
			perMin: 2, baseline: 0.002, envs: []string{"prod"},
		},
		{
			cfg: config.SLO{Name: "webhook", Template: "webhook", Selector: map[string]string{"job": "app"},
				Matchers: `handler=~"/webhook.*|/enabled|/disabled"`,
				Runbook:  "https://runbooks.example.com/slo/webhook"},
			perMin: 50, baseline: 0.003, envs: []string{"prod"},
		},
	}
}

// demoMaintenanceStart is when the demo's published maintenance window began, relative to the
// simulator's start: 10 days ago, one hour long. (It is not aligned to a wall-clock hour, so the
// exclusion of partial buckets shows too.)
const demoMaintenanceStart = -10*24*time.Hour + 17*time.Minute

// promSeries is one SLO's generated history in one environment: cumulative counters per minute.
type promSeries struct {
	demo   promDemo
	model  slo.SLO
	name   string // env/slo, for the random stream
	seed   uint64
	start  time.Time // the simulator's start
	origin int64     // unix minute of cum[0]
	mu     sync.Mutex
	// cum holds, per minute from origin, the cumulative good and total events, and for a latency SLI
	// the cumulative count per histogram bucket (les).
	good, total []float64
	buckets     [][]float64
}

// les are the demo histogram's bucket bounds.
var les = []float64{0.1, 0.25, 0.5, 1, 2.5, math.Inf(1)}

// maxMinutes bounds how far the series grow (40 days from origin): the simulator answers queries
// up to ten days after it started, then repeats the last minute.
const maxMinutes = 40 * 24 * 60

func newPromSeries(d promDemo, m slo.SLO, env string, seed int64, start time.Time) *promSeries {
	h := fnv.New64a()
	h.Write([]byte(env + "/" + d.cfg.Name))
	return &promSeries{demo: d, model: m, name: env + "/" + d.cfg.Name, seed: uint64(seed) ^ h.Sum64(), start: start,
		origin: start.Unix()/60 - 30*24*60}
}

// rnd returns a deterministic number in [0, 1) for a minute and a stream (splitmix64).
func (p *promSeries) rnd(minute int64, stream uint64) float64 {
	z := p.seed ^ uint64(minute)*0x9E3779B97F4A7C15 ^ stream*0xBF58476D1CE4E5B9
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	z ^= z >> 31
	return float64(z>>11) / (1 << 53)
}

// ratio is the bad share at a minute.
func (p *promSeries) ratio(minute int64) float64 {
	at := time.Unix(minute*60, 0).Sub(p.start)
	for _, b := range p.demo.bursts {
		if at >= b.from && at < b.to {
			return b.ratio
		}
	}
	return p.demo.baseline
}

// grow generates minutes up to index n (exclusive). Called with mu held.
func (p *promSeries) grow(n int) {
	n = min(n, maxMinutes)
	latency := p.model.SLI.Kind == slo.Latency
	if latency && p.buckets == nil {
		p.buckets = make([][]float64, len(les))
	}
	for i := len(p.total); i < n; i++ {
		minute := p.origin + int64(i)
		var good, total float64
		var bk [6]float64
		switch p.model.SLI.Kind {
		case slo.Probe: // one probe a minute, bad during a burst or by bad luck
			total = 1
			good = 1
			if r := p.ratio(minute); r >= 1 || p.rnd(minute, 1) < r {
				good = 0
			}
		default:
			day := 2 * math.Pi * float64((minute+360)%1440) / 1440
			total = p.demo.perMin * (1 + 0.35*math.Sin(day)) * (0.9 + 0.2*p.rnd(minute, 2))
			r := p.ratio(minute) * (0.8 + 0.4*p.rnd(minute, 3))
			good = total * (1 - r)
			if latency { // good = at or under 0.5 s; the slow rest spreads over the upper buckets
				f := good / total
				for j, share := range []float64{0.55 * f, 0.85 * f, f, f + (1-f)*0.6, f + (1-f)*0.95, 1} {
					bk[j] = total * share
				}
			}
		}
		prevG, prevT := 0.0, 0.0
		if i > 0 {
			prevG, prevT = p.good[i-1], p.total[i-1]
		}
		p.good = append(p.good, prevG+good)
		p.total = append(p.total, prevT+total)
		if latency {
			for j := range les {
				prev := 0.0
				if i > 0 {
					prev = p.buckets[j][i-1]
				}
				p.buckets[j] = append(p.buckets[j], prev+bk[j])
			}
		}
	}
}

// at returns the index of the minute holding unix time t, growing the series as needed; -1 before
// the origin.
func (p *promSeries) at(t float64) int {
	i := int(math.Floor(t/60) - float64(p.origin))
	if i < 0 {
		return -1
	}
	if i >= len(p.total) {
		p.grow(i + 1)
	}
	return min(i, len(p.total)-1)
}

// increase returns the events over (t-w, t] of one cumulative counter: what sum(increase(x[w]))
// returns at t, without Prometheus's extrapolation.
func (p *promSeries) increase(cum func() []float64, t float64, w time.Duration) float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	j := p.at(t)
	if j < 0 {
		return 0
	}
	i := p.at(t - w.Seconds())
	c := cum()
	if i < 0 {
		return c[j]
	}
	return c[j] - c[i]
}

// quantile is histogram_quantile(q, sum by (le) (rate(bucket[w]))) at t, as Prometheus computes it:
// linear interpolation inside the bucket holding the rank, the last finite bound above it, NaN
// without traffic.
func (p *promSeries) quantile(q float64, t float64, w time.Duration) float64 {
	counts := make([]float64, len(les))
	for j := range les {
		counts[j] = p.increase(func() []float64 { return p.buckets[j] }, t, w)
	}
	n := counts[len(counts)-1]
	if !(n > 0) {
		return math.NaN()
	}
	rank := q * n
	lower, below := 0.0, 0.0
	for j, c := range counts {
		if c >= rank {
			if math.IsInf(les[j], 1) {
				return les[j-1]
			}
			if c == below {
				return les[j]
			}
			return lower + (les[j]-lower)*(rank-below)/(c-below)
		}
		lower, below = les[j], c
	}
	return les[len(les)-2]
}

// demoMaintenance is the published maintenance window the demo's health-check outage fell in.
func demoMaintenance(start time.Time) config.MaintenanceWindow {
	from := start.Add(demoMaintenanceStart).UTC()
	return config.MaintenanceWindow{Name: "database upgrade (published)",
		Start: from.Format(time.RFC3339), End: from.Add(time.Hour).Format(time.RFC3339)}
}
