package action_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsdeck/opsdeck/models/action"
)

func TestDedupKey(t *testing.T) {
	tests := []struct {
		name string
		s    action.Subject
		want string
	}{
		{"incident from PagerDuty", action.Subject{Env: "prod", Source: "pagerduty", IncidentID: "PABC123", Summary: "whatever"}, "opsdeck/prod/pagerduty/PABC123"},
		{"incident id with spaces and slashes", action.Subject{Env: "prod", Source: "statuspage", IncidentID: "a b/c"}, "opsdeck/prod/statuspage/a-b-c"},
		{"incident without source", action.Subject{Env: "prod", IncidentID: "42"}, "opsdeck/prod/incident/42"},
		{"no environment", action.Subject{IncidentID: "42", Source: "platform"}, "opsdeck/default/platform/42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := action.DedupKey(tt.s); got != tt.want {
				t.Errorf("DedupKey(%+v) = %q, want %q", tt.s, got, tt.want)
			}
		})
	}
}

func TestDedupKeyFromSummary(t *testing.T) {
	a := action.DedupKey(action.Subject{Env: "prod", Summary: "Checkout is DOWN!"})
	b := action.DedupKey(action.Subject{Env: "prod", Summary: "  checkout   is down "})
	c := action.DedupKey(action.Subject{Env: "prod", Summary: "checkout is slow"})
	d := action.DedupKey(action.Subject{Env: "staging", Summary: "checkout is down"})
	if a != b {
		t.Errorf("the same summary typed twice gave two keys: %q and %q", a, b)
	}
	if a == c {
		t.Errorf("different summaries gave one key %q", a)
	}
	if a == d {
		t.Errorf("different environments gave one key %q", a)
	}
	if !strings.HasPrefix(a, "opsdeck/prod/summary/") || strings.ContainsAny(a, " !") {
		t.Errorf("DedupKey(summary) = %q, want opsdeck/prod/summary/<hash> without spaces", a)
	}
}

func TestDedupKeyLength(t *testing.T) {
	long := strings.Repeat("x", 400)
	k1 := action.DedupKey(action.Subject{Env: "prod", Source: "pagerduty", IncidentID: long + "1"})
	k2 := action.DedupKey(action.Subject{Env: "prod", Source: "pagerduty", IncidentID: long + "2"})
	if len(k1) > action.MaxDedupKey {
		t.Errorf("len(DedupKey(long)) = %d, want <= %d", len(k1), action.MaxDedupKey)
	}
	if k1 == k2 {
		t.Errorf("two long incident ids that differ at the end gave one key")
	}
}

func TestSeverity(t *testing.T) {
	tests := []struct {
		in       string
		want     action.Severity
		pd, prio string
	}{
		{"SEV1", action.SEV1, "critical", "P1"}, // seed 003: SEV 1 - CRITICAL
		{"sev 2", action.SEV2, "error", "P2"},   // seed 003: SEV 2 - MAJOR
		{"SEV-3", action.SEV3, "warning", "P3"}, // seed 003: SEV 3 - MINOR
		{"3", action.SEV3, "warning", "P3"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := action.ParseSeverity(tt.in)
			if err != nil || got != tt.want {
				t.Fatalf("ParseSeverity(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
			if got.PagerDuty() != tt.pd || got.Priority() != tt.prio {
				t.Errorf("%v maps to PagerDuty %q / priority %q, want %q / %q", got, got.PagerDuty(), got.Priority(), tt.pd, tt.prio)
			}
		})
	}
	for _, bad := range []string{"", "SEV0", "SEV4", "critical", "info", "sev"} {
		if s, err := action.ParseSeverity(bad); err == nil {
			t.Errorf("ParseSeverity(%q) = %v, want an error (never guess a severity)", bad, s)
		}
	}
	if action.Severity(0).PagerDuty() != "" || action.Severity(5).Priority() != "" || action.Severity(4).Valid() {
		t.Errorf("out-of-range severities map to something")
	}
}

func TestPlanRequest(t *testing.T) {
	p := action.Plan{
		Method:  "POST",
		URL:     "https://events.pagerduty.com/v2/enqueue",
		Headers: []action.Header{{Name: "Content-Type", Value: "application/json"}},
		Body:    action.JSONBody(map[string]any{"routing_key": action.Redacted, "event_action": "trigger"}),
	}
	want := "POST https://events.pagerduty.com/v2/enqueue\nContent-Type: application/json\n\n{\n  \"event_action\": \"trigger\",\n  \"routing_key\": \"[redacted]\"\n}\n"
	if diff := cmp.Diff(want, p.Request()); diff != "" {
		t.Errorf("Request() (-want +got):\n%s", diff)
	}
	if got := (action.Plan{Method: "GET", URL: "https://x/y"}).Request(); got != "GET https://x/y\n" {
		t.Errorf("Request() without body = %q", got)
	}
}

func TestPolicy(t *testing.T) {
	ro := action.Policy{ReadOnly: true, Why: "--readonly"}
	err := ro.Allow(action.Rollback)
	var roe *action.ReadOnlyError
	if !errors.As(err, &roe) {
		t.Fatalf("Allow in read-only = %v, want *ReadOnlyError", err)
	}
	if want := "read-only mode: rollback refused, nothing was sent (--readonly)"; err.Error() != want {
		t.Errorf("read-only message = %q, want %q", err.Error(), want)
	}
	if err := (action.Policy{}).Allow(action.Page); err != nil {
		t.Errorf("Allow outside read-only = %v", err)
	}
	tests := []struct {
		p    action.Policy
		k    action.Kind
		want action.Confirmation
	}{
		{action.Policy{}, action.Page, action.ConfirmKey},
		{action.Policy{}, action.DeclareMaintenance, action.ConfirmKey},
		{action.Policy{}, action.Rollback, action.ConfirmTyped},
		{action.Policy{}, action.RollForward, action.ConfirmTyped},
		{action.Policy{TypedAll: true}, action.Page, action.ConfirmTyped},
		{action.Policy{TypedAll: true}, action.CancelMaintenance, action.ConfirmTyped},
	}
	for _, tt := range tests {
		if got := tt.p.Confirmation(tt.k); got != tt.want {
			t.Errorf("%+v.Confirmation(%s) = %v, want %v", tt.p, tt.k, got, tt.want)
		}
	}
}

func TestNewEntry(t *testing.T) {
	at := time.Date(2026, 5, 7, 14, 0, 0, 0, time.FixedZone("CEST", 2*3600))
	p := action.Plan{Action: action.Page, Target: "checkout", Env: "prod", Summary: "page SEV2", DedupKey: "k",
		Body: []byte(`{"routing_key":"[redacted]"}`)}
	got := action.NewEntry(p, at, "ana", "bastion")
	want := action.Entry{Time: at.UTC(), User: "ana", Host: "bastion", Env: "prod", Action: action.Page,
		Target: "checkout", Summary: "page SEV2", DedupKey: "k"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("NewEntry (-want +got):\n%s", diff)
	}
}
