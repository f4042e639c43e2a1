package config

// Prometheus is the [env.NAME.prometheus] section: any server of the Prometheus HTTP API
// (Prometheus, Thanos, Mimir, VictoriaMetrics). Auth is Bearer with a token, or Basic with username.
type Prometheus struct {
	Upstream
}

// SLO is one [[env.NAME.slo]]: an SLI and its objective (seed 002 measures over 28 days).
type SLO struct {
	Name       string            `toml:"name"`
	Kind       string            `toml:"kind"`     // "availability" or "latency"
	Template   string            `toml:"template"` // a ready platform SLI: "health-check", "install-callback", "webhook"
	Metric     string            `toml:"metric"`   // counter (availability) or histogram base name (latency)
	Selector   map[string]string `toml:"selector"` // label matchers added to every query
	GoodQuery  string            `toml:"good_query"`
	TotalQuery string            `toml:"total_query"`
	Threshold  Duration          `toml:"threshold"` // latency SLI: requests faster than this are good
	Objective  float64           `toml:"objective"` // 0.999 or 99.9
	Window     Duration          `toml:"window"`    // 28d by default
	Runbook    string            `toml:"runbook"`
}

// Check implements Checker.
func (s *SLO) Check(r *Reporter) {
	r.Required("name", s.Name, "(it names the SLO on screen)")
	if s.Objective != 0 && (s.Objective <= 0 || s.Objective >= 100 || (s.Objective >= 1 && s.Objective < 50)) {
		r.Error("objective", "%v is not an objective: write it as 0.999 or 99.9", s.Objective)
	}
	r.URL("runbook", s.Runbook, true)
}
