package action

import (
	"fmt"
	"strings"
	"time"
)

// Link is a URL a page carries for the responder: the runbook, the incident, the dashboard.
type Link struct {
	Href, Text string
}

// Alert is a page to support: what a pager driver (PagerDuty Events v2, JSM, Opsgenie) sends.
type Alert struct {
	Summary  string
	Severity Severity
	Source   string // the affected system, PagerDuty's payload.source; the app's name by default
	DedupKey string // from DedupKey: the same key updates the same alert instead of paging twice
	Env      string
	Time     time.Time // when the page was raised
	Incident string    // the incident the page is about, if any
	Links    []Link
	Details  map[string]string // custom details: who paged, from where, the incident's state
	Test     bool              // a test page from the readiness checklist
}

// TestAlert is the readiness checklist's "send test page": a SEV3 alert that says it is a test, with
// a key of its own per environment and day, so testing twice updates one alert and never merges
// with a real one.
func TestAlert(env, source string, at time.Time) Alert {
	return Alert{
		Summary:  fmt.Sprintf("opsdeck test page for %s: please acknowledge and resolve", orDefault(env, "default")),
		Severity: SEV3,
		Source:   source,
		DedupKey: DedupKey(Subject{Env: env, Source: "test-page", IncidentID: at.UTC().Format("2006-01-02")}),
		Env:      env,
		Time:     at,
		Test:     true,
		Details:  map[string]string{"test": "true", "purpose": "readiness checklist: paging reaches the person on call"},
	}
}

// Check returns what is wrong with an alert before it is sent, or nil.
func (a Alert) Check() error {
	var missing []string
	if strings.TrimSpace(a.Summary) == "" {
		missing = append(missing, "a summary")
	}
	if !a.Severity.Valid() {
		missing = append(missing, "a severity (SEV1, SEV2 or SEV3)")
	}
	if strings.TrimSpace(a.Source) == "" {
		missing = append(missing, "a source")
	}
	if a.DedupKey == "" {
		missing = append(missing, "a dedup key")
	}
	if len(missing) > 0 {
		return fmt.Errorf("page needs %s", strings.Join(missing, ", "))
	}
	return nil
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// Clip shortens s to n runes with an ellipsis, for upstream field limits (Opsgenie's message is
// at most 130 characters).
func Clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
