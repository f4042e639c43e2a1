package heroku_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/models/deploy"
	"github.com/opsdeck/opsdeck/sources/heroku"
	"github.com/opsdeck/opsdeck/sources/httpx"
)

const token = "heroku-token-0123456789"

// fakeHeroku serves /apps/demo/releases the way the Platform API does (upstream-apis.md §6).
type fakeHeroku struct {
	t        *testing.T
	mu       sync.Mutex
	releases []map[string]any // oldest first
	posts    int
	hangPost time.Duration // sleep after creating the release, before answering
	failPost int           // status to answer a POST with, before creating anything
	limited  int           // answer this many requests with 429 first
}

func newFake(t *testing.T, n int) *fakeHeroku {
	f := &fakeHeroku{t: t}
	base := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	for v := 1; v <= n; v++ {
		f.releases = append(f.releases, map[string]any{
			"id": fmt.Sprintf("rel-%03d", v), "version": v, "description": fmt.Sprintf("Deploy %03x", v),
			"status": "succeeded", "current": v == n, "eligible_for_rollback": true,
			"created_at": base.Add(time.Duration(v) * time.Hour).Format(time.RFC3339),
			"user":       map[string]any{"id": "u1", "email": "dev@example.com"},
			"slug":       map[string]any{"id": fmt.Sprintf("slug-%03d", v)}, "addon_plan_names": []string{},
		})
	}
	return f
}

var rangeRe = regexp.MustCompile(`^version (\]?)(\d*)\.\.; order=desc, ?max=(\d+)$`)

func (f *fakeHeroku) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+token || r.Header.Get("Accept") != heroku.Accept {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(401)
		w.Write([]byte(`{"id":"unauthorized","message":"Invalid credentials provided."}`))
		return
	}
	f.mu.Lock()
	if f.limited > 0 {
		f.limited--
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(429)
		w.Write([]byte(`{"id":"rate_limit","message":"Your account reached the API rate limit"}`))
		return
	}
	f.mu.Unlock()
	switch {
	case r.Method == "GET" && r.URL.Path == "/apps/demo/releases":
		f.list(w, r)
	case r.Method == "POST" && r.URL.Path == "/apps/demo/releases":
		f.rollback(w, r)
	default:
		w.WriteHeader(404)
	}
}

func (f *fakeHeroku) list(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := rangeRe.FindStringSubmatch(r.Header.Get("Range"))
	if m == nil {
		f.t.Errorf("bad Range header %q", r.Header.Get("Range"))
		w.WriteHeader(400)
		return
	}
	below := len(f.releases) + 1
	if m[2] != "" {
		below, _ = strconv.Atoi(m[2])
	}
	max, _ := strconv.Atoi(m[3])
	var page []map[string]any
	for i := len(f.releases) - 1; i >= 0 && len(page) < max; i-- {
		if f.releases[i]["version"].(int) < below {
			page = append(page, f.releases[i])
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("RateLimit-Remaining", "4000")
	last := page[len(page)-1]["version"].(int)
	if last > 1 {
		w.Header().Set("Next-Range", fmt.Sprintf("version ]%d..; order=desc, max=%d", last, max))
		w.WriteHeader(206)
	}
	json.NewEncoder(w).Encode(page)
}

func (f *fakeHeroku) rollback(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Release string `json:"release"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || r.Header.Get("Content-Type") != "application/json" {
		w.WriteHeader(400)
		return
	}
	f.mu.Lock()
	f.posts++
	if f.failPost != 0 {
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(f.failPost)
		w.Write([]byte(`{"id":"invalid_params","message":"Release not found."}`))
		return
	}
	var target map[string]any
	for _, rel := range f.releases {
		if rel["id"] == body.Release {
			target = rel
		}
	}
	if target == nil {
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(404)
		w.Write([]byte(`{"id":"not_found","message":"Couldn't find that release."}`))
		return
	}
	for _, rel := range f.releases {
		rel["current"] = false
	}
	v := len(f.releases) + 1
	nr := map[string]any{"id": fmt.Sprintf("rel-%03d", v), "version": v,
		"description": fmt.Sprintf("Rollback to v%d", target["version"]), "status": "succeeded", "current": true,
		"eligible_for_rollback": true, "created_at": time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC).Format(time.RFC3339),
		"user": map[string]any{"email": "oncall@example.com"}, "slug": target["slug"]}
	f.releases = append(f.releases, nr)
	hang := f.hangPost
	f.mu.Unlock()
	if hang > 0 {
		time.Sleep(hang)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Request-Id", "req-123")
	w.WriteHeader(201)
	json.NewEncoder(w).Encode(nr)
}

func client(t *testing.T, f *fakeHeroku, timeout time.Duration) *heroku.Client {
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	c := heroku.New(httpx.Endpoint{BaseURL: srv.URL, Timeout: timeout, Auth: httpx.Auth{Secret: httpx.NewSecret(token)}}, "demo")
	c.SetSettle(10 * time.Millisecond)
	return c
}

func TestReleasesPaging(t *testing.T) {
	f := newFake(t, 250) // three pages of 100 (206, 206, 200)
	c := client(t, f, 5*time.Second)
	rs, err := c.Releases(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 250 || rs[0].Version != 250 || rs[249].Version != 1 {
		t.Fatalf("Releases = %d releases, first v%d; want 250 newest first", len(rs), rs[0].Version)
	}
	if !rs[0].Current || rs[1].Current {
		t.Errorf("current flag not carried: %v %v", rs[0].Current, rs[1].Current)
	}
	r := rs[1]
	if r.Author != "dev@example.com" || r.Status != deploy.StatusSucceeded || !r.Rollbackable ||
		len(r.Artifacts) != 1 || r.Artifacts[0].Ref != "slug-249" || r.Time.IsZero() {
		t.Errorf("release decoded as %+v", r)
	}
	few, err := c.Releases(context.Background(), 30)
	if err != nil || len(few) != 30 || few[0].Version != 250 {
		t.Errorf("Releases(30) = %d, %v", len(few), err)
	}
}

func TestReleasesErrors(t *testing.T) {
	f := newFake(t, 3)
	srv := httptest.NewServer(f)
	defer srv.Close()
	bad := heroku.New(httpx.Endpoint{BaseURL: srv.URL, Auth: httpx.Auth{Secret: httpx.NewSecret("wrong-token-xyz")}}, "demo")
	_, err := bad.Releases(context.Background(), 10)
	if httpx.KindOf(err) != httpx.KindAuth || strings.Contains(err.Error(), "wrong-token-xyz") {
		t.Errorf("bad token: err = %v, want an auth error without the token", err)
	}
	f.limited = 1 // 429 {"id":"rate_limit"} then success: a GET is retried after Retry-After
	c := client(t, f, time.Second)
	if rs, err := c.Releases(context.Background(), 10); err != nil || len(rs) != 3 {
		t.Errorf("after one 429: %d releases, %v", len(rs), err)
	}
}

func TestRollback(t *testing.T) {
	f := newFake(t, 5)
	c := client(t, f, 5*time.Second)
	rs, _ := c.Releases(context.Background(), 0)
	target, _ := deploy.Find(rs, 3)
	got, out, err := c.Rollback(context.Background(), action.Rollback, target, 5)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 6 || got.Description != "Rollback to v3" || !got.Current || out.Attempts != 1 || out.Result != action.ResultOK {
		t.Errorf("Rollback = %+v, %+v", got, out)
	}
	if p := deploy.ReleaseProgress(got); p.Phase != deploy.PhaseComplete {
		t.Errorf("progress after rollback = %s", p.Phase.Word())
	}
}

func TestRollbackTimeoutAfterAccepted(t *testing.T) {
	f := newFake(t, 5)
	f.hangPost = 400 * time.Millisecond // the release is created, the answer comes after the client gave up
	c := client(t, f, 150*time.Millisecond)
	rs, _ := c.Releases(context.Background(), 0)
	target, _ := deploy.Find(rs, 4)
	got, out, err := c.Rollback(context.Background(), action.Rollback, target, 0)
	if err != nil {
		t.Fatalf("Rollback after timeout = %v, want the release found by the check", err)
	}
	f.mu.Lock()
	posts, n := f.posts, len(f.releases)
	f.mu.Unlock()
	if posts != 1 || n != 6 {
		t.Errorf("after a timeout the rollback was sent %d times, %d releases; want 1 and 6 (never re-sent blindly)", posts, n)
	}
	if got.Version != 6 || out.Attempts != 1 || !strings.Contains(out.Detail, "not sent again") {
		t.Errorf("Rollback = %s, %+v", got.Label(), out)
	}
}

func TestRollbackRefused(t *testing.T) {
	f := newFake(t, 5)
	f.failPost = 422
	c := client(t, f, time.Second)
	rs, _ := c.Releases(context.Background(), 0)
	target, _ := deploy.Find(rs, 2)
	_, _, err := c.Rollback(context.Background(), action.Rollback, target, 5)
	var fail *action.Failure
	if !errors.As(err, &fail) || fail.Uncertain || f.posts != 1 {
		t.Fatalf("Rollback on 422 = %v (posts %d), want a certain failure sent once", err, f.posts)
	}
	if msg := err.Error(); !strings.Contains(msg, "HTTP 422") || !strings.Contains(msg, "Release not found.") || !strings.Contains(msg, "nothing was changed") {
		t.Errorf("message %q does not say what failed and what was done", msg)
	}
}

func TestRollbackExpiredTarget(t *testing.T) {
	c := heroku.New(httpx.Endpoint{BaseURL: "http://127.0.0.1:1"}, "demo")
	_, _, err := c.Rollback(context.Background(), action.Rollback, deploy.Release{Version: 2, Status: deploy.StatusExpired}, 5)
	if err == nil || !strings.Contains(err.Error(), "nothing was sent") {
		t.Errorf("rollback to an expired release = %v", err)
	}
}

func TestRollbackPlan(t *testing.T) {
	c := heroku.New(httpx.Endpoint{Auth: httpx.Auth{Secret: httpx.NewSecret(token)}}, "demo")
	p := c.RollbackPlan(action.Rollback, deploy.Release{ID: "rel-003", Version: 3, Description: "Deploy 003"})
	req := p.Request()
	for _, want := range []string{"POST https://api.heroku.com/apps/demo/releases", "Accept: application/vnd.heroku+json; version=3", `"release": "rel-003"`, "Bearer [redacted]"} {
		if !strings.Contains(req, want) {
			t.Errorf("plan %q lacks %q", req, want)
		}
	}
	if strings.Contains(req, token) {
		t.Errorf("plan shows the token")
	}
}
