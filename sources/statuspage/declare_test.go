package statuspage_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/statuspage"
)

const declKey = "sp-declare-key-0123456789"

// declFake is a page that keeps the maintenances created on it (upstream-apis.md §1).
type declFake struct {
	t       *testing.T
	mu      sync.Mutex
	windows []map[string]any
	posts   int
	bodies  []string
	hang    time.Duration // sleep after creating, before answering (once)
	fail    int           // answer POSTs with this status before creating anything
}

func (f *declFake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if r.Header.Get("Authorization") != "OAuth "+declKey {
		w.WriteHeader(401)
		w.Write([]byte(`{"error":"Could not authenticate"}`))
		return
	}
	f.mu.Lock()
	base := "/pages/" + page + "/incidents"
	switch {
	case r.Method == "GET" && (r.URL.Path == base+"/upcoming" || r.URL.Path == base+"/scheduled" || r.URL.Path == base+"/active_maintenance"):
		var out []map[string]any
		if r.URL.Query().Get("page") == "1" {
			for _, win := range f.windows {
				st := win["status"]
				if (strings.HasSuffix(r.URL.Path, "upcoming") && st == "scheduled") || strings.HasSuffix(r.URL.Path, "scheduled") ||
					(strings.HasSuffix(r.URL.Path, "active_maintenance") && st == "in_progress") {
					out = append(out, win)
				}
			}
		}
		if out == nil {
			out = []map[string]any{}
		}
		json.NewEncoder(w).Encode(out)
		f.mu.Unlock()
	case r.Method == "POST" && r.URL.Path == base:
		f.posts++
		if f.fail != 0 {
			f.mu.Unlock()
			w.WriteHeader(f.fail)
			w.Write([]byte(`{"error":"scheduled_until must be after scheduled_for"}`))
			return
		}
		var raw json.RawMessage
		json.NewDecoder(r.Body).Decode(&raw)
		f.bodies = append(f.bodies, string(raw))
		var body struct {
			Incident map[string]any `json:"incident"`
		}
		json.Unmarshal(raw, &body)
		inc := body.Incident
		win := map[string]any{"id": fmt.Sprintf("mw%03d", len(f.windows)+1), "page_id": page, "name": inc["name"],
			"status": inc["status"], "scheduled_for": inc["scheduled_for"], "scheduled_until": inc["scheduled_until"],
			"shortlink": "https://stspg.io/x", "components": []any{}, "incident_updates": []any{}}
		f.windows = append(f.windows, win)
		hang := f.hang
		f.hang = 0
		f.mu.Unlock()
		time.Sleep(hang)
		w.WriteHeader(201)
		json.NewEncoder(w).Encode(win)
	case r.Method == "PATCH" && strings.HasPrefix(r.URL.Path, base+"/"):
		id := strings.TrimPrefix(r.URL.Path, base+"/")
		var body struct {
			Incident map[string]any `json:"incident"`
		}
		json.NewDecoder(r.Body).Decode(&body)
		for _, win := range f.windows {
			if win["id"] == id {
				win["status"] = body.Incident["status"]
				json.NewEncoder(w).Encode(win)
				f.mu.Unlock()
				return
			}
		}
		f.mu.Unlock()
		w.WriteHeader(404)
		w.Write([]byte(`{"error":"not found"}`))
	default:
		f.mu.Unlock()
		w.WriteHeader(404)
	}
}

func declClient(t *testing.T, f *declFake, timeout time.Duration) *statuspage.Client {
	t.Cleanup(statuspage.SetDeclareSettle(10 * time.Millisecond))
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return statuspage.New(httpx.Endpoint{BaseURL: srv.URL, Timeout: timeout, Auth: httpx.Auth{Secret: httpx.NewSecret(declKey)}}, page)
}

var declNow = time.Date(2026, 5, 6, 12, 0, 0, 0, time.UTC)

func declaration() action.Declaration {
	d := action.NewDeclaration("DB upgrade", time.Date(2026, 5, 7, 3, 0, 0, 0, time.UTC), 2*time.Hour)
	d.Components = []action.Component{{ID: "8kbf7d35c070", Name: "API"}}
	d.RemindSubscribers = false // an explicit false must be sent, not dropped
	d.Message = "Planned database maintenance."
	return d
}

func TestDeclareBody(t *testing.T) {
	f := &declFake{t: t}
	c := declClient(t, f, 2*time.Second)
	w, out, err := c.Declare(context.Background(), declaration(), declNow)
	if err != nil {
		t.Fatal(err)
	}
	if w.ID != "mw001" || w.Name != "DB upgrade" || out.Result != action.ResultOK || out.RequestID != "mw001" {
		t.Errorf("Declare = %+v, %+v", w, out)
	}
	var got struct {
		Incident map[string]any `json:"incident"`
	}
	json.Unmarshal([]byte(f.bodies[0]), &got)
	inc := got.Incident
	want := map[string]any{
		"name": "DB upgrade", "status": "scheduled", "scheduled_for": "2026-05-07T03:00:00Z", "scheduled_until": "2026-05-07T05:00:00Z",
		"scheduled_remind_prior": false, "scheduled_auto_in_progress": true, "scheduled_auto_completed": true,
		"auto_transition_to_maintenance_state": true, "auto_transition_to_operational_state": true,
		"deliver_notifications": true, "body": "Planned database maintenance.",
	}
	for k, v := range want {
		if inc[k] != v {
			t.Errorf("incident.%s = %#v, want %#v", k, inc[k], v)
		}
	}
	if comps, ok := inc["components"].(map[string]any); !ok || comps["8kbf7d35c070"] != "under_maintenance" {
		t.Errorf("components = %#v, want the map form {id: under_maintenance}", inc["components"])
	}
	if ids, _ := inc["component_ids"].([]any); len(ids) != 1 || ids[0] != "8kbf7d35c070" {
		t.Errorf("component_ids = %#v", inc["component_ids"])
	}
}

func TestDeclareTwiceFindsExisting(t *testing.T) {
	f := &declFake{t: t}
	c := declClient(t, f, 2*time.Second)
	first, _, err := c.Declare(context.Background(), declaration(), declNow)
	if err != nil {
		t.Fatal(err)
	}
	again := declaration()
	again.Name = "  db UPGRADE " // same title, other case and spaces
	w, out, err := c.Declare(context.Background(), again, declNow)
	if err != nil {
		t.Fatal(err)
	}
	if f.posts != 1 || out.Result != action.ResultExisting || w.ID != first.ID || !strings.Contains(out.Detail, "already declared") {
		t.Errorf("second declaration: %d posts, %+v; want the existing window reported, nothing created", f.posts, out)
	}
	other := declaration()
	other.End = other.End.Add(time.Hour) // other times: a new window
	if _, out, _ := c.Declare(context.Background(), other, declNow); out.Result != action.ResultOK || f.posts != 2 {
		t.Errorf("a window with other times was not created: %+v", out)
	}
}

func TestDeclareTimeoutAfterAccepted(t *testing.T) {
	f := &declFake{t: t, hang: 500 * time.Millisecond}
	c := declClient(t, f, 200*time.Millisecond)
	w, out, err := c.Declare(context.Background(), declaration(), declNow)
	if err != nil {
		t.Fatalf("Declare after timeout = %v", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.posts != 1 || len(f.windows) != 1 || w.ID != "mw001" || !strings.Contains(out.Detail, "not sent again") {
		t.Errorf("after a timeout: %d posts, %d windows, %+v; want the check to find the window, no second POST", f.posts, len(f.windows), out)
	}
}

func TestDeclareErrors(t *testing.T) {
	f := &declFake{t: t, fail: 422}
	c := declClient(t, f, time.Second)
	_, _, err := c.Declare(context.Background(), declaration(), declNow)
	var fail *action.Failure
	if !errors.As(err, &fail) || fail.Uncertain || f.posts != 1 {
		t.Fatalf("422: %v (%d posts)", err, f.posts)
	}
	if !strings.Contains(err.Error(), "HTTP 422") || !strings.Contains(err.Error(), "scheduled_until must be after") || !strings.Contains(err.Error(), "no window was created") {
		t.Errorf("error %q does not say what failed and what was done", err)
	}
	bad := declaration()
	bad.End = bad.Start
	_, _, err = c.Declare(context.Background(), bad, declNow)
	if err == nil || !strings.Contains(err.Error(), "end must be after the start") || f.posts != 1 {
		t.Errorf("bad form: %v", err)
	}
}

func TestDeclarePlanAndCancel(t *testing.T) {
	f := &declFake{t: t}
	c := declClient(t, f, time.Second)
	p := c.DeclarePlan(declaration())
	req := p.Request()
	if !strings.Contains(req, "POST ") || !strings.Contains(req, "/pages/"+page+"/incidents\n") ||
		!strings.Contains(req, "OAuth [redacted]") || strings.Contains(req, declKey) || !strings.Contains(req, `"scheduled_remind_prior": false`) {
		t.Errorf("plan:\n%s", req)
	}
	w, _, err := c.Declare(context.Background(), declaration(), declNow)
	if err != nil {
		t.Fatal(err)
	}
	if cp := c.CancelPlan(w); cp.Method != "PATCH" || !strings.HasSuffix(cp.URL, "/incidents/"+w.ID) {
		t.Errorf("cancel plan = %+v", cp)
	}
	cw, out, err := c.Cancel(context.Background(), w)
	if err != nil || cw.Status != "completed" || out.Result != action.ResultOK {
		t.Fatalf("Cancel = %+v, %+v, %v", cw, out, err)
	}
	// a cancelled window of the same name may be declared again
	if _, out, _ := c.Declare(context.Background(), declaration(), declNow); out.Result != action.ResultOK {
		t.Errorf("declaring after cancelling = %+v, want a new window", out)
	}
}
