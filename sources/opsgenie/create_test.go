package opsgenie_test

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
	"github.com/opsdeck/opsdeck/sources/opsgenie"
)

const genieKey = "genie-0123456789-abcdef"

// fakeAlerts accepts alert creates on both paths, deduplicating open alerts by alias (§3).
type fakeAlerts struct {
	mu       sync.Mutex
	paths    []string
	byAlias  map[string]int
	bodies   []map[string]any
	hangOnce time.Duration
	fail     int
	failN    int
}

func (f *fakeAlerts) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if r.Header.Get("Authorization") != "GenieKey "+genieKey {
		w.WriteHeader(401)
		w.Write([]byte(`{"message":"Could not authenticate","took":0.0,"requestId":"r0"}`))
		return
	}
	if r.Method != "POST" || (r.URL.Path != "/v2/alerts" && r.URL.Path != "/jsm/ops/integration/v2/alerts") {
		w.WriteHeader(404)
		return
	}
	var b map[string]any
	json.NewDecoder(r.Body).Decode(&b)
	f.mu.Lock()
	if f.failN > 0 {
		f.failN--
		f.mu.Unlock()
		w.WriteHeader(f.fail)
		w.Write([]byte(`{"message":"Request body is not processable. Please check the errors.","errors":{"message":"Message can not be empty."},"took":0.001,"requestId":"r1"}`))
		return
	}
	f.paths = append(f.paths, r.URL.Path)
	f.bodies = append(f.bodies, b)
	if f.byAlias == nil {
		f.byAlias = map[string]int{}
	}
	f.byAlias[b["alias"].(string)]++
	hang := f.hangOnce
	f.hangOnce = 0
	f.mu.Unlock()
	time.Sleep(hang)
	w.WriteHeader(202)
	w.Write([]byte(`{"result":"Request will be processed","took":0.302,"requestId":"43a29c5c-3dbf-4fa4-9c26-f4f71023e120"}`))
}

func pager(t *testing.T, f *fakeAlerts, flavor string, timeout time.Duration) *opsgenie.Pager {
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return opsgenie.NewPager(httpx.Endpoint{BaseURL: srv.URL, Timeout: timeout, Auth: httpx.Auth{Secret: httpx.NewSecret(genieKey)}}, flavor)
}

func alert() action.Alert {
	return action.Alert{Summary: "checkout is down", Severity: action.SEV1, Source: "checkout", Env: "prod",
		DedupKey: "opsdeck/prod/statuspage/abc", Links: []action.Link{{Href: "https://status.example.com/x", Text: "status"}}}
}

func TestPageFlavors(t *testing.T) {
	for flavor, path := range map[string]string{opsgenie.FlavorJSM: "/jsm/ops/integration/v2/alerts", opsgenie.FlavorOpsgenie: "/v2/alerts"} {
		t.Run(flavor, func(t *testing.T) {
			f := &fakeAlerts{}
			p := pager(t, f, flavor, time.Second)
			out, err := p.Page(context.Background(), alert())
			if err != nil {
				t.Fatal(err)
			}
			if out.RequestID != "43a29c5c-3dbf-4fa4-9c26-f4f71023e120" || out.Result != action.ResultOK {
				t.Errorf("Page = %+v", out)
			}
			if f.paths[0] != path {
				t.Errorf("%s posted to %s, want %s", flavor, f.paths[0], path)
			}
			b := f.bodies[0]
			// SEV1 -> P1; alias is the dedup key
			if b["message"] != "checkout is down" || b["alias"] != "opsdeck/prod/statuspage/abc" || b["priority"] != "P1" || b["entity"] != "checkout" {
				t.Errorf("body = %v", b)
			}
			if !strings.Contains(b["description"].(string), "status: https://status.example.com/x") {
				t.Errorf("description lacks the link: %v", b["description"])
			}
		})
	}
}

func TestPageTwiceSameAlias(t *testing.T) {
	f := &fakeAlerts{}
	p := pager(t, f, opsgenie.FlavorJSM, time.Second)
	p.Page(context.Background(), alert())
	p.Page(context.Background(), alert())
	if len(f.byAlias) != 1 {
		t.Errorf("two pages made %d aliases, want 1", len(f.byAlias))
	}
}

func TestPageTimeoutAfterAccepted(t *testing.T) {
	f := &fakeAlerts{hangOnce: 400 * time.Millisecond}
	p := pager(t, f, opsgenie.FlavorOpsgenie, 150*time.Millisecond)
	out, err := p.Page(context.Background(), alert())
	if err != nil {
		t.Fatalf("Page after timeout = %v", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.byAlias) != 1 || out.Attempts != 2 {
		t.Errorf("timeout then retry: %d aliases, %d attempts; want the retry to reuse the alias", len(f.byAlias), out.Attempts)
	}
}

func TestPageRefused(t *testing.T) {
	f := &fakeAlerts{fail: 422, failN: 9}
	p := pager(t, f, opsgenie.FlavorJSM, time.Second)
	out, err := p.Page(context.Background(), alert())
	var fail *action.Failure
	if !errors.As(err, &fail) || fail.Uncertain || out.Attempts != 1 {
		t.Fatalf("422 = %+v, %v; want one certain failure", out, err)
	}
	if !strings.Contains(err.Error(), "Request body is not processable") || !strings.Contains(err.Error(), "no alert was created") {
		t.Errorf("error %q does not say what failed", err)
	}
	bad := opsgenie.NewPager(httpx.Endpoint{BaseURL: "http://127.0.0.1:1"}, opsgenie.FlavorJSM)
	if _, err := bad.Page(context.Background(), alert()); err == nil || !strings.Contains(err.Error(), "nothing was sent") {
		t.Errorf("no key: %v", err)
	}
}

func TestPagePlan(t *testing.T) {
	p := opsgenie.NewPager(httpx.Endpoint{Auth: httpx.Auth{Secret: httpx.NewSecret(genieKey)}}, opsgenie.FlavorJSM)
	req := p.PagePlan(alert()).Request()
	if !strings.HasPrefix(req, "POST https://api.atlassian.com/jsm/ops/integration/v2/alerts\n") ||
		!strings.Contains(req, "GenieKey [redacted]") || strings.Contains(req, genieKey) {
		t.Errorf("plan:\n%s", req)
	}
	long := alert()
	long.Summary = strings.Repeat("x", 200)
	var b map[string]any
	json.Unmarshal(p.PagePlan(long).Body, &b)
	if n := len([]rune(b["message"].(string))); n != 130 {
		t.Errorf("message is %d runes, want Opsgenie's 130 limit", n)
	}
}
