package marketplace_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsdeck/opsdeck/models/license"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/marketplace"
)

const (
	email  = "ops@example.com"
	token  = "tok-secret-123456"
	vendor = "1212980"
	devID  = "5c8b7a1e-6f2d-4e9a-b3c1-0a9f8e7d6c5b"
	appKey = "com.example.app"
)

// server replays testdata files for the pages of the licenses endpoint. pages maps an offset to a
// file; before, when set, answers a request instead (faults), by call number.
type server struct {
	t      *testing.T
	path   string
	pages  map[string]string
	before func(call int, w http.ResponseWriter, r *http.Request) bool
	mu     sync.Mutex
	calls  []time.Time
	limits []string
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	call := len(s.calls)
	s.calls = append(s.calls, time.Now())
	s.limits = append(s.limits, r.URL.Query().Get("limit"))
	s.mu.Unlock()
	if u, p, ok := r.BasicAuth(); !ok || u != email || p != token {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"message":"Client must be authenticated to access this resource."}`))
		return
	}
	if s.before != nil && s.before(call, w, r) {
		return
	}
	if r.URL.Path != s.path {
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	if q.Get("addon") != appKey || q.Get("hosting") != "cloud" {
		s.t.Errorf("query %q: want addon=%s and hosting=cloud", r.URL.RawQuery, appKey)
	}
	file, ok := s.pages[q.Get("offset")]
	if !ok {
		http.Error(w, "no such page", http.StatusBadRequest)
		return
	}
	b, err := os.ReadFile("testdata/" + file)
	if err != nil {
		s.t.Fatal(err)
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.Write(b)
}

func client(t *testing.T, url string, mut func(*marketplace.Config)) *marketplace.Client {
	t.Helper()
	cfg := marketplace.Config{
		Endpoint: httpx.Endpoint{BaseURL: url, Timeout: 2 * time.Second,
			Auth: httpx.Auth{Username: email, Secret: httpx.NewSecret(token)}},
		VendorID: vendor, AppKey: appKey, Limit: 2,
	}
	if mut != nil {
		mut(&cfg)
	}
	c, err := marketplace.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func v2Server(t *testing.T) *server {
	return &server{t: t, path: "/rest/2/vendors/" + vendor + "/reporting/licenses",
		pages: map[string]string{"0": "v2_page1.json", "2": "v2_page2.json"}}
}

func TestLicensesV2Paging(t *testing.T) {
	s := v2Server(t)
	srv := httptest.NewServer(s)
	defer srv.Close()
	var progress []int
	got, err := client(t, srv.URL, nil).Licenses(context.Background(), func(n int) { progress = append(progress, n) })
	if err != nil {
		t.Fatalf("Licenses() error: %v", err)
	}
	want := []license.License{
		{AddonLicenseID: "E-3AB-CDE-FGH-IJK", LicenseID: "E-3AB-CDE-FGH-IJK", AppEntitlementNumber: "E-3AB-CDE-FGH-IJK",
			AddonKey: appKey, Hosting: "Cloud", CloudID: "aaaaaaaa-1111-2222-3333-444444444444", SiteHostname: "acme.atlassian.net",
			Type: license.TypeCommercial, Status: license.StatusActive, Tier: "Per Unit Pricing (593 Users)", Company: "Acme Corp",
			StartDate: license.Date(2024, 7, 1), EndDate: license.Date(2025, 7, 1), LastUpdated: license.Date(2025, 6, 1)},
		{AddonLicenseID: "E-4XY-ZZZ-AAA-BBB", LicenseID: "E-4XY-ZZZ-AAA-BBB", AppEntitlementNumber: "E-4XY-ZZZ-AAA-BBB",
			AddonKey: appKey, Hosting: "Cloud", CloudID: "bbbbbbbb-1111-2222-3333-444444444444", SiteHostname: "globex.atlassian.net",
			Type: license.TypeEvaluation, Status: license.StatusActive, Tier: "Subscription", Company: "Globex",
			StartDate: license.Date(2025, 5, 20), EndDate: license.Date(2025, 7, 4), LastUpdated: license.Date(2025, 6, 10)},
		{AddonLicenseID: "SEN-L998877", LicenseID: "SEN-998877", AddonKey: appKey, Hosting: "Cloud",
			CloudID: "cccccccc-1111-2222-3333-444444444444", SiteHostname: "initech.atlassian.net",
			Type: license.TypeCommercial, Status: license.StatusCancelled, Tier: "100 Users", Company: "RTBF",
			StartDate: license.Date(2024, 6, 1), EndDate: license.Date(2025, 6, 20), LastUpdated: license.Date(2024, 12, 2)},
		// The Data Center license of page 2 is dropped: the console is about cloud tenants.
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Licenses() mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{2, 3}, progress); diff != "" {
		t.Errorf("progress (-want +got):\n%s", diff)
	}
	if len(s.calls) != 2 {
		t.Errorf("server saw %d requests, want 2 (one per page)", len(s.calls))
	}
}

func TestBaseURLMayCarryTheVersion(t *testing.T) {
	s := v2Server(t)
	srv := httptest.NewServer(s)
	defer srv.Close()
	for _, base := range []string{srv.URL + "/rest/2", srv.URL + "/rest/2/", srv.URL + "/rest"} {
		got, err := client(t, base, nil).Licenses(context.Background(), nil)
		if err != nil || len(got) != 3 {
			t.Errorf("base %s: %d licenses, %v", base, len(got), err)
		}
	}
}

func TestLicensesV3DeveloperSpace(t *testing.T) {
	s := &server{t: t, path: "/marketplace/rest/3/reporting/developer-space/" + devID + "/licenses",
		pages: map[string]string{"0": "v3_page.json"}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	got, err := client(t, srv.URL+"/marketplace", func(c *marketplace.Config) { c.DeveloperID, c.Limit = devID, 200 }).
		Licenses(context.Background(), nil)
	if err != nil {
		t.Fatalf("Licenses() error: %v", err)
	}
	if len(got) != 1 || got[0].Status != license.StatusInactive || got[0].Type != license.TypeEvaluation ||
		!got[0].EndDate.Equal(license.Date(2025, 5, 15)) {
		t.Errorf("Licenses() = %+v", got)
	}
	if s.limits[0] != "50" {
		t.Errorf("limit = %s, want 50: the developer-space API caps it", s.limits[0])
	}
}

func TestLicensesRetryAfter(t *testing.T) {
	s := v2Server(t)
	s.before = func(call int, w http.ResponseWriter, r *http.Request) bool {
		if call == 1 { // the second page is rate limited once
			w.Header().Set("Retry-After", "1")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			w.Write([]byte(`{"message":"Rate limit exceeded"}`))
			return true
		}
		return false
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	got, err := client(t, srv.URL, nil).Licenses(context.Background(), nil)
	if err != nil {
		t.Fatalf("Licenses() error: %v", err)
	}
	if len(got) != 3 || len(s.calls) != 3 {
		t.Fatalf("got %d licenses in %d requests, want 3 in 3", len(got), len(s.calls))
	}
	if gap := s.calls[2].Sub(s.calls[1]); gap < time.Second {
		t.Errorf("retried %v after a 429 with Retry-After: 1, want >= 1s", gap)
	}
}

func TestLicensesFaults(t *testing.T) {
	tests := []struct {
		name     string
		before   func(call int, w http.ResponseWriter, r *http.Request) bool
		mut      func(*marketplace.Config)
		kind     httpx.Kind
		contains string
	}{
		{
			name: "429 on every try: rate limited, with the hint",
			before: func(_ int, w http.ResponseWriter, _ *http.Request) bool {
				w.Header().Set("Retry-After", "0.01")
				w.WriteHeader(http.StatusTooManyRequests)
				return true
			},
			mut:      func(c *marketplace.Config) { c.Retries = 2 },
			kind:     httpx.KindRateLimited,
			contains: "rate limited (HTTP 429)",
		},
		{
			name:     "wrong token: credentials refused, secret never shown",
			mut:      func(c *marketplace.Config) { c.Endpoint.Auth.Secret = httpx.NewSecret("wrong-token-999") },
			kind:     httpx.KindAuth,
			contains: "HTTP 401: credentials refused: Client must be authenticated",
		},
		{
			name: "503 on every try",
			before: func(_ int, w http.ResponseWriter, _ *http.Request) bool {
				w.Header().Set("Retry-After", "0.01")
				http.Error(w, "upstream down", http.StatusServiceUnavailable)
				return true
			},
			mut:      func(c *marketplace.Config) { c.Retries = 1 },
			kind:     httpx.KindStatus,
			contains: "HTTP 503",
		},
		{
			name: "malformed JSON",
			before: func(_ int, w http.ResponseWriter, _ *http.Request) bool {
				w.Header().Set("Content-Type", "application/json")
				b, _ := os.ReadFile("testdata/truncated.json")
				w.Write(b)
				return true
			},
			kind:     httpx.KindDecode,
			contains: "malformed JSON",
		},
		{
			name: "HTML instead of JSON",
			before: func(_ int, w http.ResponseWriter, _ *http.Request) bool {
				w.Header().Set("Content-Type", "text/html")
				w.Write([]byte("<html>login</html>"))
				return true
			},
			kind:     httpx.KindDecode,
			contains: "expected JSON",
		},
		{
			name: "redirect is not followed",
			before: func(_ int, w http.ResponseWriter, r *http.Request) bool {
				http.Redirect(w, r, "https://id.example.com/login?token=x", http.StatusFound)
				return true
			},
			kind:     httpx.KindRedirect,
			contains: "redirect (not followed): to https://id.example.com/login",
		},
		{
			name: "a date that is not YYYY-MM-DD names the license and the field",
			before: func(_ int, w http.ResponseWriter, _ *http.Request) bool {
				w.Header().Set("Content-Type", "application/json")
				b, _ := os.ReadFile("testdata/bad_date.json")
				w.Write(b)
				return true
			},
			kind:     httpx.KindOther,
			contains: `license E-BAD: maintenanceEndDate "01/07/2025" is not a date`,
		},
		{
			name: "_links.next to another host is not followed with the credentials",
			before: func(_ int, w http.ResponseWriter, _ *http.Request) bool {
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte(`{"_links":{"next":{"href":"https://evil.example.com/rest/2/vendors/1212980/reporting/licenses?offset=2"}},"licenses":[]}`))
				return true
			},
			kind:     httpx.KindOther,
			contains: "points at another host (evil.example.com)",
		},
		{
			name: "_links.next back to the same page is a loop",
			before: func(_ int, w http.ResponseWriter, r *http.Request) bool {
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte(`{"_links":{"next":{"href":"` + r.URL.RequestURI() + `"}},"licenses":[]}`))
				return true
			},
			kind:     httpx.KindOther,
			contains: "links back to a page already read",
		},
		{
			name: "a hanging server times out",
			before: func(_ int, w http.ResponseWriter, r *http.Request) bool {
				select {
				case <-r.Context().Done():
				case <-time.After(3 * time.Second):
				}
				return true
			},
			mut:      func(c *marketplace.Config) { c.Endpoint.Timeout, c.Retries = 200*time.Millisecond, -1 },
			kind:     httpx.KindTimeout,
			contains: "timed out",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := v2Server(t)
			s.before = tc.before
			srv := httptest.NewServer(s)
			defer srv.Close()
			_, err := client(t, srv.URL, tc.mut).Licenses(context.Background(), nil)
			if err == nil {
				t.Fatal("Licenses() succeeded, want an error")
			}
			if got := httpx.KindOf(err); got != tc.kind {
				t.Errorf("KindOf(%v) = %v, want %v", err, got, tc.kind)
			}
			if !strings.Contains(err.Error(), tc.contains) {
				t.Errorf("error %q does not contain %q", err, tc.contains)
			}
			for _, secret := range []string{token, "wrong-token-999"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error %q reveals the token", err)
				}
			}
		})
	}
}

func TestNewNeedsAPathAndAnApp(t *testing.T) {
	ep := httpx.Endpoint{BaseURL: "https://marketplace.atlassian.com"}
	for _, cfg := range []marketplace.Config{
		{Endpoint: ep, AppKey: appKey},
		{Endpoint: ep, VendorID: vendor},
		{Endpoint: httpx.Endpoint{BaseURL: "marketplace"}, VendorID: vendor, AppKey: appKey},
	} {
		if _, err := marketplace.New(cfg); err == nil {
			t.Errorf("New(%+v) succeeded, want an error", cfg)
		}
	}
}
