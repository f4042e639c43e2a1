package slo

import "sort"

// templates are the platform-facing SLIs of the Cloud Fortified program (seed 002, reference section
// 5), measured over 28 days. A config entry names one with `template = "..."` and overrides the
// selector (and anything else) to point it at its own metrics.
var templates = map[string]SLO{
	// App availability success rate: Atlassian sends an unauthenticated GET to the health check about
	// every 60 s; only a 200 within 3 s counts, redirects are not followed. Measured here from a
	// blackbox_exporter probe with the same rules, one sample per probe.
	"health-check": {
		Name:        "health-check",
		Objective:   0.999,
		Window:      DefaultWindow,
		Description: "App availability success rate: health-check GET answered 200 within 3 s (Cloud Fortified, seed 002)",
		SLI:         SLI{Kind: Probe, Metric: "probe_success", Selector: `job="blackbox"`},
	},
	// Installation callback success rate: the `installed` lifecycle POST answered 200 or 204.
	"installation-callback": {
		Name:        "installation-callback",
		Objective:   0.99,
		Window:      DefaultWindow,
		Description: "Installation callback success rate: installed lifecycle POST answered 200/204 (Cloud Fortified, seed 002)",
		SLI:         SLI{Kind: Availability, Metric: "http_requests_total", Selector: `handler="/installed"`, GoodCodes: "200|204"},
	},
	// Webhook delivery success rate, enabled/disabled lifecycle events included: answered 200 or 204.
	"webhook": {
		Name:        "webhook",
		Objective:   0.99,
		Window:      DefaultWindow,
		Description: "Webhook delivery success rate: webhooks and enabled/disabled lifecycle events answered 200/204 (Cloud Fortified, seed 002)",
		SLI:         SLI{Kind: Availability, Metric: "http_requests_total", Selector: `handler=~"/webhook.*|/enabled|/disabled"`, GoodCodes: "200|204"},
	},
}

// aliases are other names a config may use for a template.
var aliases = map[string]string{"install-callback": "installation-callback", "app-availability": "health-check"}

// Template returns the ready-made SLO of that name ("health-check", "installation-callback",
// "webhook"; "install-callback" and "app-availability" are accepted too) and whether it exists.
func Template(name string) (SLO, bool) {
	if a, ok := aliases[name]; ok {
		name = a
	}
	s, ok := templates[name]
	return s, ok
}

// TemplateNames returns the names of the ready-made SLOs, sorted.
func TemplateNames() []string {
	names := make([]string, 0, len(templates))
	for n := range templates {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
