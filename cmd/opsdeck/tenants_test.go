package main

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/opsdeck/opsdeck/sources/sim"
)

func tenantsDemoEnv(t *testing.T) {
	t.Setenv("OPSDECK_CONFIG", "")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
}

// TestGetTenantsListsExactlyThePlantedAnomalies is issue 5's "done when": against the simulator,
// `get tenants -o json --anomalies` lists exactly the anomalies the generated data contains.
func TestGetTenantsListsExactlyThePlantedAnomalies(t *testing.T) {
	tenantsDemoEnv(t)
	out, errOut, code := runCLI(t, "get", "tenants", "-o", "json", "--anomalies", "--seed", "3", "--tenants", "2000")
	if code != exitProblem {
		t.Fatalf("exit %d, want %d (anomalies listed); stderr %s", code, exitProblem, errOut)
	}
	var doc struct {
		Count   int `json:"count"`
		Tenants []struct {
			ID        string   `json:"tenantId"`
			Anomalies []string `json:"anomalies"`
			Details   []struct {
				Anomaly     string `json:"anomaly"`
				Explanation string `json:"explanation"`
			} `json:"anomalyDetails"`
		} `json:"tenants"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out[:min(len(out), 500)])
	}
	got := map[string]string{}
	for _, tn := range doc.Tenants {
		got[tn.ID] = strings.Join(tn.Anomalies, "+")
		if len(tn.Details) != len(tn.Anomalies) || tn.Details[0].Explanation == "" {
			t.Errorf("tenant %s: anomalies %v without explanations %+v", tn.ID, tn.Anomalies, tn.Details)
		}
	}
	s, err := sim.Start(sim.Options{Seed: 3, Tenants: 2000})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	want := map[string]string{}
	for id, a := range s.PlantedAnomalies("prod") {
		want[id] = a.String()
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("listed anomalies differ from the planted ones (-planted +listed):\n%s", diff)
	}
	if doc.Count != len(want) {
		t.Errorf("count = %d, want %d", doc.Count, len(want))
	}
}

func TestGetTenantsStateFilterCSV(t *testing.T) {
	tenantsDemoEnv(t)
	out, errOut, code := runCLI(t, "get", "tenants", "-o", "csv", "--state", "cancelled,expired", "--tenants", "500")
	if code != exitOK && code != exitProblem {
		t.Fatalf("exit %d; stderr %s", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) < 10 {
		t.Fatalf("csv: %d rows, %v", len(rows), err)
	}
	if rows[0][0] != "tenant_id" || rows[0][5] != "state" {
		t.Errorf("header = %v", rows[0])
	}
	for _, r := range rows[1:] {
		if r[5] != "cancelled" && r[5] != "expired" {
			t.Fatalf("row in state %q passed --state cancelled,expired: %v", r[5], r)
		}
	}
}

func TestGetTenantsTableAndUsage(t *testing.T) {
	tenantsDemoEnv(t)
	out, _, code := runCLI(t, "get", "tenants", "--tenants", "300")
	if code != exitProblem {
		t.Errorf("exit %d, want %d: the demo base has anomalies", code, exitProblem)
	}
	for _, want := range []string{"300 tenants:", "installed without license", "SITE", "CLOUD ID", "ANOMALY"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out[:min(len(out), 800)])
		}
	}
	if _, errOut, code := runCLI(t, "get", "tenants", "--state", "valid"); code != exitUsage || !strings.Contains(errOut, `--state "valid"`) {
		t.Errorf("bad --state: exit %d, stderr %q", code, errOut)
	}
}
