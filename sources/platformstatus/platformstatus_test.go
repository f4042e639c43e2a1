package platformstatus_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsdeck/opsdeck/models/incident"
	"github.com/opsdeck/opsdeck/models/severity"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/platformstatus"
)

// fake serves the three public documents from testdata; it refuses any Authorization header (the
// public API needs none and opsdeck must send none) and can answer one path with a fault first.
type fake struct {
	t      *testing.T
	mu     sync.Mutex
	status map[string]int    // path -> status to answer once
	header map[string]string // headers sent with a fault
	body   map[string]string // path -> body replacing the file
	paths  []string
}

func (f *fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.paths = append(f.paths, r.URL.Path)
	st, faulty := f.status[r.URL.Path]
	delete(f.status, r.URL.Path)
	body, replaced := f.body[r.URL.Path]
	f.mu.Unlock()
	if r.Header.Get("Authorization") != "" {
		f.t.Errorf("request to %s carries an Authorization header", r.URL.Path)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if faulty {
		for k, v := range f.header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(st)
		return
	}
	if replaced {
		w.Write([]byte(body))
		return
	}
	file := map[string]string{
		platformstatus.SummaryPath:    "summary.json",
		platformstatus.UnresolvedPath: "unresolved.json",
		platformstatus.UpcomingPath:   "upcoming.json",
	}[r.URL.Path]
	if file == "" {
		w.WriteHeader(404)
		return
	}
	b, err := os.ReadFile("testdata/" + file)
	if err != nil {
		f.t.Fatal(err)
	}
	w.Write(b)
}

func start(t *testing.T) (*fake, *platformstatus.Client) {
	f := &fake{t: t, status: map[string]int{}, header: map[string]string{}, body: map[string]string{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	// A secret given by mistake must not be sent to a public page.
	return f, platformstatus.New(httpx.Endpoint{BaseURL: srv.URL, Timeout: 2 * time.Second, Auth: httpx.Auth{Scheme: "Bearer", Secret: httpx.NewSecret("should-not-be-sent")}})
}

func fetch(t *testing.T, c *platformstatus.Client) (platformstatus.Snapshot, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	return c.Fetch(ctx)
}

func TestFetch(t *testing.T) {
	f, c := start(t)
	s, err := fetch(t, c)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if s.Page != "Atlassian Developer" || s.Indicator != "minor" || s.Description != "Partially Degraded Service" {
		t.Errorf("page %q indicator %q description %q", s.Page, s.Indicator, s.Description)
	}
	wantComps := []incident.Component{
		{ID: "c2", Name: "App UI", Status: "degraded_performance"},
		{ID: "c3", Name: "Forge Webtriggers", Status: "operational"},
		{ID: "c4", Name: "Developer console", Status: "operational"},
	}
	if diff := cmp.Diff(wantComps, s.Components); diff != "" {
		t.Errorf("components, groups left out, by position (-want +got):\n%s", diff)
	}
	var ids []string
	for _, inc := range s.Incidents {
		ids = append(ids, inc.ID)
	}
	if diff := cmp.Diff([]string{"inc2", "inc1"}, ids); diff != "" {
		t.Errorf("incidents, each once (-want +got):\n%s", diff)
	}
	web := s.Incidents[0]
	if diff := cmp.Diff([]incident.Component{{ID: "c3", Name: "Forge Webtriggers", Status: "major_outage"}}, web.Components); diff != "" {
		t.Errorf("components from the updates' latest new_status (-want +got):\n%s", diff)
	}
	if web.Source != incident.Platform || !web.TracksUpdates || web.Declared.Level != severity.None || web.Declared.Label != "impact major" {
		t.Errorf("platform incident = %+v", web)
	}
	ui := s.Incidents[1]
	if !ui.Started.Equal(time.Date(2026, 5, 7, 9, 30, 0, 0, time.UTC)) {
		t.Errorf("started_at not used: %v", ui.Started)
	}
	var mids []string
	for _, w := range s.Maintenances {
		mids = append(mids, w.ID+":"+w.Status+":"+strings.Join(w.Components, ","))
	}
	if diff := cmp.Diff([]string{"mnt1:in_progress:Hosted storage", "mnt2:scheduled:CDN"}, mids); diff != "" {
		t.Errorf("maintenances (-want +got):\n%s", diff)
	}
	// The three reads go side by side, in any order.
	want := []string{platformstatus.SummaryPath, platformstatus.UnresolvedPath, platformstatus.UpcomingPath}
	sort.Strings(want)
	got := append([]string(nil), f.paths...)
	sort.Strings(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}

// TestFetchAssess is the platform case: a degradation of a C1 capability, classified by seed
// 003 (003_817c9236db34d12c.txt) as time passes.
func TestFetchAssess(t *testing.T) {
	_, c := start(t)
	s, err := fetch(t, c)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	ui := s.Incidents[1]
	m := incident.DefaultMapping()
	if got := incident.Assess(ui, m, ui.Started.Add(time.Hour)).Computed.Level; got != severity.Sev2 {
		t.Errorf("App UI degraded 1h: %v, want SEV 2 (seed 003 C1 degradation < 2h)", got)
	}
	if got := incident.Assess(ui, m, ui.Started.Add(150*time.Minute)).Computed.Level; got != severity.Sev1 {
		t.Errorf("App UI degraded 2h30m: %v, want SEV 1 (seed 003 C1 degradation 2-5h)", got)
	}
	web := incident.Assess(s.Incidents[0], m, s.Incidents[0].Started.Add(30*time.Minute))
	if web.Computed.Level != severity.Sev2 || web.Components[0].Tier != severity.C1 {
		t.Errorf("Forge Webtriggers major outage 30m: %v tier %v, want SEV 2 C1", web.Computed.Level, web.Components[0].Tier)
	}
}

func TestFetchFaults(t *testing.T) {
	cases := []struct {
		name     string
		path     string
		status   int
		header   map[string]string
		body     string
		wantKind httpx.Kind
		wantOK   bool
	}{
		{name: "429 on the summary is waited out", path: platformstatus.SummaryPath, status: 429, header: map[string]string{"Retry-After": "0.05"}, wantOK: true},
		{name: "503 on unresolved is retried", path: platformstatus.UnresolvedPath, status: 503, wantOK: true},
		{name: "404 on upcoming (not a Statuspage page)", path: platformstatus.UpcomingPath, status: 404, wantKind: httpx.KindStatus},
		{name: "HTML instead of JSON", path: platformstatus.SummaryPath, body: "<html>", wantKind: httpx.KindDecode},
		{name: "truncated JSON", path: platformstatus.UnresolvedPath, body: `{"incidents": [`, wantKind: httpx.KindDecode},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, c := start(t)
			if tc.status != 0 {
				f.status[tc.path] = tc.status
				f.header = tc.header
			}
			if tc.body != "" {
				f.body[tc.path] = tc.body
			}
			_, err := fetch(t, c)
			if tc.wantOK {
				if err != nil {
					t.Fatalf("Fetch: %v, want success after the retry", err)
				}
				return
			}
			if k := httpx.KindOf(err); k != tc.wantKind {
				t.Errorf("Fetch: %v (kind %v), want kind %v", err, k, tc.wantKind)
			}
		})
	}
}
