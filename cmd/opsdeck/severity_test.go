package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestSeverityCommand is the calculator, checked against seed 003
// (003_817c9236db34d12c.txt).
func TestSeverityCommand(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"issue example: App UI degraded 150m is SEV 1", []string{"--capability", "App UI", "--degradation", "--for", "150m"},
			[]string{"SEV 1 - CRITICAL", `degradation of a C1 capability (App UI) for 2h30m, in the column "2-5 hours" of seed 003's capability degradation table`}},
		{"impact matrix: 150,000 users major is SEV 2", []string{"--users", "150000", "--impact", "major"},
			[]string{"SEV 2 - MAJOR", "major impact on 150,000 users"}},
		{"capability outage: Webtriggers 3h is SEV 1", []string{"--capability", "Webtriggers", "--outage", "--for", "3h"},
			[]string{"SEV 1 - CRITICAL", "outage of a C1 capability (Webtriggers)"}},
		{"reports: 7 is SEV 2", []string{"--reports", "7"}, []string{"SEV 2 - MAJOR", "7 partner reports is more than 5"}},
		{"the no-incident cell", []string{"--tier", "C3", "--degradation", "--for", "90m"}, []string{"no SEV", "is no incident"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, append([]string{"severity"}, tc.args...)...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestSeverityJSON(t *testing.T) {
	out, errOut, code := runCLI(t, "severity", "--capability", "App UI", "--degradation", "--for", "150m", "-o", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Sev     int    `json:"sev"`
		Label   string `json:"label"`
		Basis   string `json:"basis"`
		Rule    string `json:"rule"`
		Targets struct {
			Applies            bool `json:"applies"`
			FirstUpdateMinutes int  `json:"first_update_within_minutes"`
		} `json:"targets"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if doc.Sev != 1 || doc.Label != "SEV 1" || doc.Basis != "capability" || !doc.Targets.Applies || doc.Targets.FirstUpdateMinutes != 60 {
		t.Errorf("doc = %+v", doc)
	}
}

func TestSeverityUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"--users", "5000"},
		{"--capability", "App UI", "--for", "1h"},
		{"--capability", "App UI", "--outage"},
		{"--capability", "Teleportation", "--outage", "--for", "1h"},
		{"--capability", "App UI", "--outage", "--degradation", "--for", "1h"},
		{"--tier", "C4", "--outage", "--for", "1h"},
		{"--impact", "huge", "--users", "10"},
		{"--capability", "App UI", "--outage", "--for", "a while"},
		{"--reports", "-1"},
	} {
		_, errOut, code := runCLI(t, append([]string{"severity"}, args...)...)
		if code != exitUsage || !strings.Contains(errOut, "severity:") {
			t.Errorf("severity %v: exit %d, stderr %q; want a usage error", args, code, errOut)
		}
	}
	out, _, code := runCLI(t, "severity", "--list")
	if code != exitOK || !strings.Contains(out, "Webtriggers") || !strings.Contains(out, "Request management") {
		t.Errorf("--list: exit %d\n%s", code, out)
	}
}
