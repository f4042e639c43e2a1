package incident_test

import (
	"strings"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/models/incident"
	"github.com/opsdeck/opsdeck/models/severity"
)

func TestMappingCapability(t *testing.T) {
	m := incident.DefaultMapping()
	cases := []struct {
		component string
		want      string // "" = not mapped
	}{
		{"App UI", "App UI"},
		{"Forge Webtriggers", "Webtriggers"},
		{"Forge Function Invocation", "Function invocation"},
		{"Forge CLI", "Command-line interface"},
		{"CDN", "Content delivery (CDN)"},
		{"Custom UI", "App UI"},
		{"Forge Storage API", "Hosted storage"},
		{"Marketplace Search", "Search apps"},
		{"Connect Lifecycle Events", "App lifecycle events"},
		{"Developer console", "Manage apps"},
		{"Confluence Cloud", ""},
		{"", ""},
	}
	for _, tc := range cases {
		t.Run(seed+" mapping: "+tc.component, func(t *testing.T) {
			got, ok := m.Capability(tc.component)
			if ok != (tc.want != "") || got.Name != tc.want {
				t.Errorf("Capability(%q) = %q, %v; want %q", tc.component, got.Name, ok, tc.want)
			}
		})
	}
}

func TestMappingOverride(t *testing.T) {
	m, err := incident.DefaultMapping().Override(map[string]string{
		"Billing widget": "App UI",
		"Forge CLI":      "none",
		"Reports v2":     "Churn reports",
	})
	if err != nil {
		t.Fatalf("Override: %v", err)
	}
	if c, ok := m.Capability("billing widget"); !ok || c.Name != "App UI" {
		t.Errorf("Capability(billing widget) = %q, %v; want App UI", c.Name, ok)
	}
	if c, ok := m.Capability("Forge CLI"); ok {
		t.Errorf("Capability(Forge CLI) = %q after unmapping it, want nothing", c.Name)
	}
	if c, ok := m.Capability("Reports v2"); !ok || c.Tier != severity.C2 {
		t.Errorf("Capability(Reports v2) = %+v, want Churn reports C2", c)
	}
	if c, ok := incident.DefaultMapping().Capability("Forge CLI"); !ok || c.Name != "Command-line interface" {
		t.Errorf("Override changed the default mapping: %q, %v", c.Name, ok)
	}

	_, err = incident.DefaultMapping().Override(map[string]string{"x": "Teleportation", "y": "Warp"})
	if err == nil || !strings.Contains(err.Error(), `"x" -> "Teleportation"`) || !strings.Contains(err.Error(), `"y" -> "Warp"`) {
		t.Errorf("Override with unknown capabilities: err = %v, want both named", err)
	}
}

func TestMappingInText(t *testing.T) {
	m := incident.DefaultMapping()
	for text, want := range map[string]string{
		"Webtriggers returning 503 errors":                    "Webtriggers",
		"Elevated latency in Forge function invocation":       "Function invocation",
		"Increased error rates for App lifecycle events (EU)": "App lifecycle events",
		"Some Data Security Policy Events delayed":            "Data Security Policy Events",
		"Degraded performance of the developer console logs":  "App logging",
		"Confluence editor slow for some customers":           "",
		"Product events delivery delayed for Jira webhooks":   "Product events",
	} {
		got, ok := m.InText(text)
		if ok != (want != "") || got.Name != want {
			t.Errorf("InText(%q) = %q, %v; want %q", text, got.Name, ok, want)
		}
	}
}

func TestAssess(t *testing.T) {
	m := incident.DefaultMapping()
	cases := []struct {
		name      string
		inc       incident.Incident
		after     time.Duration
		wantLevel severity.Level
		wantTier  severity.Tier
	}{
		{
			name: seed + " platform: App UI degraded 30m is SEV 2 (C1 degradation, less than 2 hours)",
			inc: incident.Incident{Source: incident.Platform, Title: "Slow app rendering", Started: t0,
				Components: []incident.Component{{Name: "App UI", Status: "degraded_performance"}}},
			after: 30 * time.Minute, wantLevel: severity.Sev2, wantTier: severity.C1,
		},
		{
			name: seed + " platform: App UI degraded 150m is SEV 1 (C1 degradation, 2-5 hours)",
			inc: incident.Incident{Source: incident.Platform, Title: "Slow app rendering", Started: t0,
				Components: []incident.Component{{Name: "App UI", Status: "degraded_performance"}}},
			after: 150 * time.Minute, wantLevel: severity.Sev1, wantTier: severity.C1,
		},
		{
			name: seed + " platform: the most severe component wins (C3 outage and C2 outage)",
			inc: incident.Incident{Source: incident.Platform, Started: t0, Components: []incident.Component{
				{Name: "App logging", Status: "major_outage"}, {Name: "Forge CLI", Status: "partial_outage"}}},
			after: time.Hour, wantLevel: severity.Sev2,
		},
		{
			name: seed + " platform: operational components give nothing",
			inc: incident.Incident{Source: incident.Platform, Started: t0, Components: []incident.Component{
				{Name: "Webtriggers", Status: "operational"}}},
			after: time.Hour, wantLevel: severity.None,
		},
		{
			name:  seed + " platform: no components, capability from the title and outage from impact major",
			inc:   incident.Incident{Source: incident.Platform, Title: "Webtriggers unavailable", Impact: "major", Started: t0},
			after: 3 * time.Hour, wantLevel: severity.Sev1,
		},
		{
			name: seed + " own status page: its components are not the platform's capabilities",
			inc: incident.Incident{Source: incident.Statuspage, Title: "Search results are slow", Started: t0,
				Components: []incident.Component{{Name: "Search", Status: "degraded_performance"}}},
			after: time.Hour, wantLevel: severity.None,
		},
		{
			name: seed + " platform: durations count whole minutes (1h59m59s is less than 2 hours)",
			inc: incident.Incident{Source: incident.Platform, Started: t0,
				Components: []incident.Component{{Name: "App UI", Status: "degraded_performance"}}},
			after: 2*time.Hour - time.Second, wantLevel: severity.Sev2,
		},
		{
			name:  seed + " pagerduty: nothing to compute",
			inc:   incident.Incident{Source: incident.PagerDuty, Title: "checkout 5xx", Started: t0},
			after: time.Hour, wantLevel: severity.None,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := incident.Assess(tc.inc, m, t0.Add(tc.after))
			if got.Computed.Level != tc.wantLevel || got.Computed.Rule == "" {
				t.Errorf("Assess: Computed = %v %q, want %v", got.Computed.Level, got.Computed.Rule, tc.wantLevel)
			}
			if tc.wantTier != severity.NoTier && got.Components[0].Tier != tc.wantTier {
				t.Errorf("Assess: component tier = %v, want %v", got.Components[0].Tier, tc.wantTier)
			}
			if len(tc.inc.Components) > 0 && tc.inc.Components[0].Capability != "" {
				t.Error("Assess changed its input's components")
			}
		})
	}
}
