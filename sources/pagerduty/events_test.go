package pagerduty_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/pagerduty"
)

const routingKey = "R0UTING0123456789abcdef0123456789"

// fakeEvents is an Events API v2 endpoint that keeps one alert per dedup key (upstream-apis.md §2).
type fakeEvents struct {
	mu       sync.Mutex
	alerts   map[string]int // dedup key -> events received for it
	bodies   []map[string]any
	hang     time.Duration // sleep after recording, before answering
	hangOnce bool
	status   int // answer with this status instead (400 / 429 / 500)
	times    int // ... this many times
}

func (f *fakeEvents) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if r.Method != "POST" || r.URL.Path != "/v2/enqueue" {
		w.WriteHeader(404)
		return
	}
	if r.Header.Get("Authorization") != "" {
		w.WriteHeader(400)
		w.Write([]byte(`{"status":"invalid event","message":"unexpected Authorization header"}`))
		return
	}
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		w.WriteHeader(400)
		w.Write([]byte(`{"status":"Unrecognized object","message":"Event object is invalid","errors":["bad JSON"]}`))
		return
	}
	f.mu.Lock()
	if f.times > 0 {
		f.times--
		st := f.status
		f.mu.Unlock()
		if st == 429 {
			w.Header().Set("Retry-After", "0")
		}
		w.WriteHeader(st)
		w.Write([]byte(`{"status":"invalid event","message":"Event object is invalid","errors":["'routing_key' ` + routingKey + ` is invalid"]}`))
		return
	}
	key, _ := body["dedup_key"].(string)
	if f.alerts == nil {
		f.alerts = map[string]int{}
	}
	f.alerts[key]++
	f.bodies = append(f.bodies, body)
	hang := f.hang
	if f.hangOnce {
		f.hang = 0
	}
	f.mu.Unlock()
	time.Sleep(hang)
	w.WriteHeader(202)
	json.NewEncoder(w).Encode(map[string]string{"status": "success", "message": "Event processed", "dedup_key": key})
}

func newEvents(t *testing.T, f *fakeEvents, timeout time.Duration) *pagerduty.Events {
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return pagerduty.NewEvents(httpx.Endpoint{BaseURL: srv.URL, Timeout: timeout, Auth: httpx.Auth{Secret: httpx.NewSecret(routingKey)}})
}

func alert() action.Alert {
	return action.Alert{Summary: "checkout is down", Severity: action.SEV2, Source: "checkout", Env: "prod",
		DedupKey: action.DedupKey(action.Subject{Env: "prod", Source: "pagerduty", IncidentID: "P1"}),
		Time:     time.Date(2026, 5, 7, 3, 0, 0, 0, time.UTC), Incident: "P1",
		Links: []action.Link{{Href: "https://status.example.com/incidents/1", Text: "status page"}}}
}

func TestPageBody(t *testing.T) {
	f := &fakeEvents{}
	e := newEvents(t, f, time.Second)
	out, err := e.Page(context.Background(), alert())
	if err != nil {
		t.Fatal(err)
	}
	if out.Result != action.ResultOK || out.RequestID != "opsdeck/prod/pagerduty/P1" || out.Attempts != 1 {
		t.Errorf("Page = %+v", out)
	}
	b := f.bodies[0]
	p := b["payload"].(map[string]any)
	if b["routing_key"] != routingKey || b["event_action"] != "trigger" || b["dedup_key"] != "opsdeck/prod/pagerduty/P1" {
		t.Errorf("event envelope = %v", b)
	}
	// SEV2 -> error (issue 7: SEV1 critical / SEV2 error / SEV3 warning)
	if p["summary"] != "checkout is down" || p["source"] != "checkout" || p["severity"] != "error" || p["timestamp"] != "2026-05-07T03:00:00Z" {
		t.Errorf("payload = %v", p)
	}
	cd := p["custom_details"].(map[string]any)
	if cd["link 1"] != "https://status.example.com/incidents/1" || cd["incident"] != "P1" {
		t.Errorf("custom_details = %v", cd)
	}
	if links := b["links"].([]any); len(links) != 1 {
		t.Errorf("links = %v", links)
	}
}

func TestPageTwiceOneAlert(t *testing.T) {
	f := &fakeEvents{}
	e := newEvents(t, f, time.Second)
	for i := 0; i < 2; i++ {
		if _, err := e.Page(context.Background(), alert()); err != nil {
			t.Fatal(err)
		}
	}
	if len(f.alerts) != 1 {
		t.Errorf("two presses made %d alerts, want 1 (same dedup key)", len(f.alerts))
	}
}

func TestPageTimeoutAfterAccepted(t *testing.T) {
	f := &fakeEvents{hang: 400 * time.Millisecond, hangOnce: true}
	e := newEvents(t, f, 150*time.Millisecond)
	out, err := e.Page(context.Background(), alert())
	if err != nil {
		t.Fatalf("Page after a timeout = %v, want the retry (same key) to succeed", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.alerts) != 1 || out.Attempts != 2 {
		t.Errorf("timeout then retry: %d alerts, %d attempts; want 1 alert (the retry reused the dedup key), 2 attempts", len(f.alerts), out.Attempts)
	}
	for _, b := range f.bodies {
		if b["dedup_key"] != "opsdeck/prod/pagerduty/P1" {
			t.Errorf("retry sent dedup key %v", b["dedup_key"])
		}
	}
}

func TestPageErrors(t *testing.T) {
	tests := []struct {
		name      string
		status    int
		times     int
		wantErr   bool
		uncertain bool
		attempts  int
	}{
		{"400 is not retried and says why", 400, 5, true, false, 1},
		{"429 is retried with the same key", 429, 1, false, false, 2},
		{"500 three times: uncertain", 500, 5, true, true, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeEvents{status: tt.status, times: tt.times}
			e := newEvents(t, f, time.Second)
			out, err := e.Page(context.Background(), alert())
			if (err != nil) != tt.wantErr || out.Attempts != tt.attempts {
				t.Fatalf("Page = %+v, %v; want err %v after %d attempts", out, err, tt.wantErr, tt.attempts)
			}
			if err == nil {
				return
			}
			var fail *action.Failure
			if !errors.As(err, &fail) || fail.Uncertain != tt.uncertain {
				t.Errorf("err = %#v, want uncertain %v", err, tt.uncertain)
			}
			if strings.Contains(err.Error(), routingKey) {
				t.Errorf("error shows the routing key: %v", err)
			}
			if tt.status == 400 && (!strings.Contains(err.Error(), "Event object is invalid") || !strings.Contains(err.Error(), "no alert was created")) {
				t.Errorf("error %q does not say what failed and what was done", err)
			}
		})
	}
}

func TestPagePlanHidesKey(t *testing.T) {
	e := pagerduty.NewEvents(httpx.Endpoint{Auth: httpx.Auth{Secret: httpx.NewSecret(routingKey)}})
	p := e.PagePlan(alert())
	req := p.Request()
	if strings.Contains(req, routingKey) || !strings.Contains(req, `"routing_key": "[redacted]"`) {
		t.Errorf("preview shows the routing key or lacks the redacted field:\n%s", req)
	}
	if !strings.HasPrefix(req, "POST https://events.pagerduty.com/v2/enqueue\n") || !p.Idempotent || p.DedupKey == "" {
		t.Errorf("plan = %+v", p)
	}
}

func TestPageRefusesIncomplete(t *testing.T) {
	f := &fakeEvents{}
	e := newEvents(t, f, time.Second)
	a := alert()
	a.Severity = 0
	if _, err := e.Page(context.Background(), a); err == nil || !strings.Contains(err.Error(), "nothing was sent") {
		t.Errorf("page without severity = %v", err)
	}
	if len(f.bodies) != 0 {
		t.Errorf("an incomplete page was sent")
	}
}
