package config

import "time"

// Health is the [env.NAME.health] section: the app's health-check resources, probed directly as the
// platform does (seed 002: an unauthenticated GET answered 200 within 3 s, no redirects).
type Health struct {
	Timeout     Duration      `toml:"timeout"`     // per probe; 3s by default (seed 002)
	Refresh     Duration      `toml:"refresh"`     // between probe rounds; 30s by default
	Slow        Duration      `toml:"slow"`        // a 200 slower than this is "degraded"; 1s by default
	Concurrency int           `toml:"concurrency"` // probes in flight at once; 16 by default
	History     int           `toml:"history"`     // results kept per check; 60 by default
	Checks      []HealthCheck `toml:"check"`
}

// HealthCheck is one [[env.NAME.health.check]]: a named URL to probe.
type HealthCheck struct {
	Name              string `toml:"name"`
	URL               string `toml:"url"`
	AllowInsecureHTTP bool   `toml:"allow_insecure_http"`
}

// Defaults of the health section.
const (
	DefaultHealthTimeout = 3 * time.Second
	DefaultHealthRefresh = 30 * time.Second
	DefaultHealthSlow    = time.Second
)

// Check implements Checker.
func (h *Health) Check(r *Reporter) {
	if h.Concurrency < 0 {
		r.Error("concurrency", "must be 0 (default) or more, got %d", h.Concurrency)
	}
	if h.History < 0 {
		r.Error("history", "must be 0 (default) or more, got %d", h.History)
	}
	if h.Timeout.Duration > 0 && h.Timeout.Duration > 3*time.Second {
		r.Warn("timeout", "the platform gives a health check 3s (seed 002); %s hides failures it would count", h.Timeout.Duration)
	}
	seen := map[string]bool{}
	for i, c := range h.Checks {
		k := func(s string) string { return "check[" + itoa(i) + "]." + s }
		r.Required(k("name"), c.Name, "(it names the check on screen)")
		r.Required(k("url"), c.URL, "(the health-check resource to probe)")
		r.URL(k("url"), c.URL, c.AllowInsecureHTTP)
		if c.Name != "" && seen[c.Name] {
			r.Error(k("name"), "%q is used by two checks", c.Name)
		}
		seen[c.Name] = true
	}
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
