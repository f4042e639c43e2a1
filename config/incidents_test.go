package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opsdeck/opsdeck/config"
)

func TestIncidentSectionChecks(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.toml")
	body := `[env.prod.platform]
base_url = "https://developer.status.atlassian.com"
capabilities = { "Forge Widgets" = "Teleportation", "Forge CLI" = "none", "Custom UI" = "App UI" }

[env.prod.pagerduty]
base_url = "https://api.pagerduty.com"
urgencies = ["high", "urgent"]

[env.prod.opsgenie]
base_url = "https://api.atlassian.com"
flavor = "jsm"

[[env.prod.maintenance_window]]
name = "db"
start = "2026-05-07T03:00:00Z"
end = "2026-05-07T02:00:00Z"

[[env.prod.maintenance_window]]
name = "bad"
start = "tomorrow"
end = "2026-05-07T02:00:00Z"
`
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	_, ps := config.Load(path)
	var got []string
	for _, p := range ps {
		got = append(got, p.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`env.prod.platform.capabilities: "Forge Widgets" -> "Teleportation": not a capability of seed 003`,
		`env.prod.pagerduty.urgencies: "urgent" is not a PagerDuty urgency`,
		`env.prod.opsgenie.cloud_id: is required`,
		`env.prod.opsgenie.username: is required`,
		`env.prod.maintenance_window[0].end: 2026-05-07T02:00:00Z is not after the start`,
		`env.prod.maintenance_window[1].start: "tomorrow" is not an RFC 3339 time`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("problems do not say %q; got:\n%s", want, all)
		}
	}
	if strings.Contains(all, "Forge CLI") || strings.Contains(all, "Custom UI") {
		t.Errorf("valid mapping entries reported:\n%s", all)
	}
}
