package statuspage_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsdeck/opsdeck/models/incident"
	"github.com/opsdeck/opsdeck/models/severity"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/statuspage"
)

const (
	key  = "sp-key-0123456789abcdef"
	page = "kctbh9vrtdwd"
)

// fake serves testdata files for the REST v1 paths, pages them with page/per_page, checks the
// OAuth header, and can answer with a status first (rate limits, errors).
type fake struct {
	t      *testing.T
	mu     sync.Mutex
	files  map[string]string // path after /pages/{id} -> testdata file
	items  map[string][]any  // path -> generated items (paging tests)
	faults []fault           // answered first, one per request
	seen   []string          // "path?query" of every request
}

type fault struct {
	status  int
	headers map[string]string
	body    string
}

func newFake(t *testing.T) (*fake, *statuspage.Client) {
	f := &fake{t: t, files: map[string]string{
		"/incidents/unresolved":         "unresolved.json",
		"/incidents/active_maintenance": "active_maintenance.json",
		"/incidents/upcoming":           "upcoming.json",
		"/incidents/scheduled":          "scheduled.json",
		"/components":                   "components.json",
	}, items: map[string][]any{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	c := statuspage.New(httpx.Endpoint{BaseURL: srv.URL, Timeout: 2 * time.Second, Auth: httpx.Auth{Secret: httpx.NewSecret(key)}}, page)
	return f, c
}

func (f *fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.seen = append(f.seen, r.URL.Path+"?"+r.URL.RawQuery)
	var ft *fault
	if len(f.faults) > 0 {
		ft = &f.faults[0]
		f.faults = f.faults[1:]
	}
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if r.Header.Get("Authorization") != "OAuth "+key {
		w.WriteHeader(401)
		w.Write([]byte(`{"message":"Could not authenticate"}`))
		return
	}
	if ft != nil {
		for k, v := range ft.headers {
			w.Header().Set(k, v)
		}
		w.WriteHeader(ft.status)
		w.Write([]byte(ft.body))
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/pages/"+page)
	if !ok {
		w.WriteHeader(404)
		w.Write([]byte(`{"message":"Page not found"}`))
		return
	}
	pg, _ := strconv.Atoi(r.URL.Query().Get("page"))
	per, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
	if pg < 1 || per < 1 {
		f.t.Errorf("request %s without page and per_page", r.URL)
		pg, per = 1, 100
	}
	var all []json.RawMessage
	if items, ok := f.items[rest]; ok {
		for _, it := range items {
			b, _ := json.Marshal(it)
			all = append(all, b)
		}
	} else if file, ok := f.files[rest]; ok {
		b, err := os.ReadFile("testdata/" + file)
		if err != nil {
			f.t.Fatal(err)
		}
		if json.Unmarshal(b, &all) != nil { // malformed on purpose: send as is
			w.Write(b)
			return
		}
	} else {
		w.WriteHeader(404)
		w.Write([]byte(`{"message":"not found"}`))
		return
	}
	lo, hi := min((pg-1)*per, len(all)), min(pg*per, len(all))
	out, _ := json.Marshal(all[lo:hi])
	if all[lo:hi] == nil {
		out = []byte("[]")
	}
	w.Write(out)
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return c
}

func TestIncidents(t *testing.T) {
	_, c := newFake(t)
	got, err := c.Incidents(ctx(t))
	if err != nil {
		t.Fatalf("Incidents: %v", err)
	}
	if len(got) != 2 {
		t.Fatalf("Incidents: %d, want 2", len(got))
	}
	first := got[0]
	want := incident.Incident{
		Source: incident.Statuspage, ID: "p31zjtct2jer", Title: "Checkout errors for some customers", Status: "identified",
		Impact:   "major",
		Declared: incident.Declared{Label: "impact major", Level: severity.Sev2},
		Started:  time.Date(2026, 5, 7, 9, 10, 0, 0, time.UTC),
		URL:      "https://stspg.io/abc123",
		Links:    []incident.Ref{{Source: incident.PagerDuty, ID: "Q1R2S3T4"}},
		Updates: []incident.Update{
			{At: time.Date(2026, 5, 7, 10, 5, 0, 0, time.UTC), Status: "identified", Body: "The cause is a bad deploy; rolling back."},
			{At: time.Date(2026, 5, 7, 9, 30, 12, 0, time.UTC), Status: "investigating", Body: "We are looking into failed checkouts."},
		},
		Components:    []incident.Component{{ID: "8kbf7d35c070", Name: "Checkout", Status: "partial_outage"}},
		TracksUpdates: true,
	}
	if diff := cmp.Diff(want, first); diff != "" {
		t.Errorf("first incident (-want +got):\n%s", diff)
	}
	second := got[1]
	if !second.Started.Equal(time.Date(2026, 5, 7, 11, 0, 0, 0, time.UTC)) {
		t.Errorf("without started_at the start is created_at; got %v", second.Started)
	}
	if second.Declared.Level != severity.Sev3 || len(second.Links) != 0 {
		t.Errorf("second incident declared %+v links %v", second.Declared, second.Links)
	}
	if u := second.Updates[0]; !u.At.Equal(time.Date(2026, 5, 7, 11, 0, 0, 0, time.UTC)) {
		t.Errorf("update without display_at: At = %v, want created_at", u.At)
	}
}

func TestMaintenances(t *testing.T) {
	f, c := newFake(t)
	got, err := c.Maintenances(ctx(t))
	if err != nil {
		t.Fatalf("Maintenances: %v", err)
	}
	var ids []string
	for _, w := range got {
		ids = append(ids, w.ID+":"+w.Status)
	}
	if diff := cmp.Diff([]string{"m-active:in_progress", "m-next:scheduled", "m-done:completed"}, ids); diff != "" {
		t.Errorf("windows (-want +got):\n%s", diff)
	}
	if w := got[0]; !w.Start.Equal(time.Date(2026, 5, 7, 11, 0, 0, 0, time.UTC)) || !w.End.Equal(time.Date(2026, 5, 7, 13, 0, 0, 0, time.UTC)) ||
		!cmp.Equal(w.Components, []string{"API", "Admin UI"}) || w.Source != "statuspage" {
		t.Errorf("active window = %+v", w)
	}
	wantPaths := []string{"/pages/" + page + "/incidents/active_maintenance", "/pages/" + page + "/incidents/upcoming", "/pages/" + page + "/incidents/scheduled"}
	var paths []string
	for _, s := range f.seen {
		paths = append(paths, strings.SplitN(s, "?", 2)[0])
	}
	if diff := cmp.Diff(wantPaths, paths); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}

func TestComponentsSkipsGroups(t *testing.T) {
	_, c := newFake(t)
	got, err := c.Components(ctx(t))
	if err != nil {
		t.Fatalf("Components: %v", err)
	}
	want := []incident.Component{{ID: "c1", Name: "API", Status: "operational"}, {ID: "c2", Name: "Admin UI", Status: "degraded_performance"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("components (-want +got):\n%s", diff)
	}
}

func TestPaging(t *testing.T) {
	cases := []struct {
		name      string
		n         int
		wantPages []string
	}{
		{"fewer than a page: one request", 2, []string{"page=1&per_page=3"}},
		{"exactly a page: a second, empty page ends it", 3, []string{"page=1&per_page=3", "page=2&per_page=3"}},
		{"seven items: three pages", 7, []string{"page=1&per_page=3", "page=2&per_page=3", "page=3&per_page=3"}},
		{"nothing: one request", 0, []string{"page=1&per_page=3"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, c := newFake(t)
			c.SetPerPage(3)
			f.items["/components"] = []any{}
			for i := 0; i < tc.n; i++ {
				f.items["/components"] = append(f.items["/components"], map[string]any{"id": fmt.Sprint("c", i), "name": fmt.Sprint("Component ", i), "status": "operational"})
			}
			got, err := c.Components(ctx(t))
			if err != nil {
				t.Fatalf("Components: %v", err)
			}
			if len(got) != tc.n {
				t.Errorf("Components: %d items, want %d", len(got), tc.n)
			}
			var qs []string
			for _, s := range f.seen {
				qs = append(qs, strings.SplitN(s, "?", 2)[1])
			}
			if diff := cmp.Diff(tc.wantPages, qs); diff != "" {
				t.Errorf("queries (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFaults(t *testing.T) {
	cases := []struct {
		name     string
		faults   []fault
		wantKind httpx.Kind
		wantOK   bool
		wantText string
	}{
		{name: "420 with Retry-After is rate limiting, retried after the wait", faults: []fault{{status: 420, headers: map[string]string{"Retry-After": "0.05"}, body: `{"message":"Enhance your calm"}`}}, wantOK: true},
		{name: "429 with Retry-After is rate limiting, retried after the wait", faults: []fault{{status: 429, headers: map[string]string{"Retry-After": "0.05"}}}, wantOK: true},
		{name: "429 with a Retry-After past the deadline fails with the wait", faults: []fault{{status: 429, headers: map[string]string{"Retry-After": "60"}, body: `{"message":"Rate limit exceeded"}`}},
			wantKind: httpx.KindRateLimited, wantText: "rate limited (HTTP 429), retry after 1m0s"},
		{name: "420 three times gives up", faults: []fault{{status: 420, headers: map[string]string{"Retry-After": "0"}}, {status: 420, headers: map[string]string{"Retry-After": "0"}}, {status: 420, headers: map[string]string{"Retry-After": "0"}}},
			wantKind: httpx.KindRateLimited, wantText: "rate limited (HTTP 420)"},
		{name: "401 is refused credentials", faults: []fault{{status: 401, body: `{"message":"Could not authenticate"}`}}, wantKind: httpx.KindAuth, wantText: "credentials refused: Could not authenticate"},
		{name: "500 is an error with the message", faults: []fault{{status: 500, body: `{"message":"boom"}`}}, wantKind: httpx.KindStatus, wantText: "HTTP 500 server error: boom"},
		{name: "redirect is not followed", faults: []fault{{status: 302, headers: map[string]string{"Location": "https://elsewhere.example/login?token=x"}}}, wantKind: httpx.KindRedirect, wantText: "https://elsewhere.example/login"},
		{name: "not JSON", faults: []fault{{status: 200, headers: map[string]string{"Content-Type": "text/html"}, body: "<html>"}}, wantKind: httpx.KindDecode, wantText: "unreadable answer"},
		{name: "malformed JSON", faults: []fault{{status: 200, body: `[{"id": 1`}}, wantKind: httpx.KindDecode, wantText: "unreadable answer"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, c := newFake(t)
			f.faults = tc.faults
			cx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			_, err := c.Incidents(cx)
			if tc.wantOK {
				if err != nil {
					t.Fatalf("Incidents after %v: %v, want success after the retry", tc.faults[0].status, err)
				}
				return
			}
			if err == nil {
				t.Fatal("Incidents succeeded, want an error")
			}
			if k := httpx.KindOf(err); k != tc.wantKind {
				t.Errorf("KindOf(%v) = %v, want %v", err, k, tc.wantKind)
			}
			if !strings.Contains(err.Error(), tc.wantText) {
				t.Errorf("error %q does not say %q", err, tc.wantText)
			}
			if strings.Contains(err.Error(), key) || strings.Contains(err.Error(), "token=x") {
				t.Errorf("error %q leaks a secret", err)
			}
			var he *httpx.Error
			if !errors.As(err, &he) {
				t.Errorf("error %T is not an *httpx.Error", err)
			}
		})
	}
}

func TestWrongKeyIsRefused(t *testing.T) {
	f, _ := newFake(t)
	srv := httptest.NewServer(f)
	defer srv.Close()
	c := statuspage.New(httpx.Endpoint{BaseURL: srv.URL, Auth: httpx.Auth{Secret: httpx.NewSecret("wrong-key-000")}}, page)
	_, err := c.Incidents(ctx(t))
	if httpx.KindOf(err) != httpx.KindAuth {
		t.Errorf("Incidents with a wrong key: %v, want credentials refused", err)
	}
}

func TestTimeout(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(2 * time.Second):
		}
	}))
	defer srv.Close()
	c := statuspage.New(httpx.Endpoint{BaseURL: srv.URL, Timeout: 100 * time.Millisecond, Auth: httpx.Auth{Secret: httpx.NewSecret(key)}}, page)
	cx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := c.Incidents(cx)
	if k := httpx.KindOf(err); k != httpx.KindTimeout {
		t.Errorf("Incidents against a hanging server: %v (kind %v), want a timeout", err, k)
	}
}
