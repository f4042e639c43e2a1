package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func incidentsDemoEnv(t *testing.T) {
	t.Setenv("OPSDECK_CONFIG", "")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
}

// TestGetIncidentsDemo reads every incident source of the demo: the overdue SEV 2 page comes first
// and makes the exit code 1 (seed 003: first status update within 1 hour of the start).
func TestGetIncidentsDemo(t *testing.T) {
	incidentsDemoEnv(t)
	out, errOut, code := runCLI(t, "get", "incidents", "-o", "json")
	if code != exitProblem {
		t.Fatalf("exit %d, want %d (stderr %s)", code, exitProblem, errOut)
	}
	var doc struct {
		Errors    []any `json:"errors"`
		Incidents []struct {
			Source string `json:"source"`
			ID     string `json:"id"`
			Sev    int    `json:"sev"`
			Clocks struct {
				Overdue bool   `json:"overdue"`
				Text    string `json:"text"`
			} `json:"clocks"`
			Computed struct {
				Sev  int    `json:"sev"`
				Rule string `json:"rule"`
			} `json:"computed"`
		} `json:"incidents"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(doc.Errors) != 0 || len(doc.Incidents) < 6 {
		t.Fatalf("errors %v, %d incidents", doc.Errors, len(doc.Incidents))
	}
	first := doc.Incidents[0]
	if first.ID != "PSIM2317" || first.Sev != 2 || !first.Clocks.Overdue || !strings.HasPrefix(first.Clocks.Text, "OVERDUE") {
		t.Errorf("first incident = %+v, want the overdue SEV 2 page", first)
	}
	sources := map[string]bool{}
	var platformSev1or2 bool
	for _, inc := range doc.Incidents {
		sources[inc.Source] = true
		if inc.Source == "platform" && inc.Computed.Sev == 2 && strings.Contains(inc.Computed.Rule, "C1 capability (App UI)") {
			platformSev1or2 = true
		}
	}
	for _, s := range []string{"pagerduty", "statuspage", "opsgenie", "platform"} {
		if !sources[s] {
			t.Errorf("no incident from %s", s)
		}
	}
	if !platformSev1or2 {
		t.Error("the platform's App UI degradation is not computed as SEV 2 (seed 003, C1 degradation under 2 hours)")
	}

	table, _, code := runCLI(t, "get", "incidents")
	if code != exitProblem || !strings.Contains(table, "FIRST UPDATE") || !strings.Contains(table, "OVERDUE 20m") {
		t.Errorf("table: exit %d\n%s", code, table)
	}
}

func TestGetMaintenanceDemo(t *testing.T) {
	incidentsDemoEnv(t)
	out, errOut, code := runCLI(t, "get", "maintenance", "-o", "json")
	if code != exitOK {
		t.Fatalf("exit %d (stderr %s)", code, errOut)
	}
	var doc struct {
		InMaintenance bool                    `json:"in_maintenance"`
		Banner        string                  `json:"banner"`
		Active        []struct{ Name string } `json:"active"`
		Upcoming      []struct{ Name string } `json:"upcoming"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if !doc.InMaintenance || len(doc.Active) != 1 || len(doc.Upcoming) != 2 || !strings.Contains(doc.Banner, "Database failover test") {
		t.Errorf("doc = %+v", doc)
	}
	table, _, _ := runCLI(t, "get", "maintenance")
	for _, w := range []string{"MAINTENANCE in progress", "START (LOCAL)", "START (UTC)", "Search index rebuild", "Payment provider migration"} {
		if !strings.Contains(table, w) {
			t.Errorf("table lacks %q:\n%s", w, table)
		}
	}
}

func TestGetIncidentsUnreadableSource(t *testing.T) {
	t.Setenv("PD_KEY_THAT_IS_NOT_SET", "")
	p := t.TempDir() + "/c.toml"
	if err := os.WriteFile(p, []byte(`[env.prod.pagerduty]
base_url = "https://127.0.0.1:1"
token_env = "PD_KEY_THAT_IS_NOT_SET"
`), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("OPSDECK_CONFIG", p)
	_, errOut, code := runCLI(t, "get", "incidents")
	if code != exitUsage || !strings.Contains(errOut, "PD_KEY_THAT_IS_NOT_SET") {
		t.Errorf("exit %d, stderr %q; want 2 naming the unset variable", code, errOut)
	}
}
