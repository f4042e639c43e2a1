package descriptor_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/opsdeck/opsdeck/models/readiness"
	"github.com/opsdeck/opsdeck/sources/descriptor"
)

func server(t *testing.T) *httptest.Server {
	t.Helper()
	good, err := os.ReadFile("testdata/atlassian-connect.json")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	js := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(body))
		}
	}
	mux.HandleFunc("/atlassian-connect.json", js(string(good)))
	mux.HandleFunc("/plain.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain") // a static file server's guess: still read
		w.Write(good)
	})
	mux.HandleFunc("/bad.json", js(`{"key": "x", "baseUrl": `))
	mux.HandleFunc("/wrongtype.json", js(`{"key": "x", "lifecycle": ["installed"]}`))
	mux.HandleFunc("/notapp.json", js(`{"hello": "world"}`))
	mux.HandleFunc("/html", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<html>login</html>")) })
	mux.HandleFunc("/moved.json", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/atlassian-connect.json?token=s3cret", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/sla", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<html>SLA</html>")) })
	mux.HandleFunc("/old-sla", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/sla", http.StatusFound) })
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestDescriptor(t *testing.T) {
	srv := server(t)
	c := descriptor.New(descriptor.Config{Timeout: 500 * time.Millisecond})
	yes := true
	tests := []struct {
		name    string
		path    string
		want    readiness.DescriptorObs // URL and At are not compared
		wantErr string
	}{
		{name: "seed 004: the descriptor with https baseUrl and lifecycle", path: "/atlassian-connect.json", want: readiness.DescriptorObs{
			Key: "acme-timesheets", BaseURL: "https://timesheets.acme.example", EnableLicensing: &yes,
			Lifecycle: map[string]string{"installed": "/lifecycle/installed", "uninstalled": "/lifecycle/uninstalled", "enabled": "/lifecycle/enabled", "disabled": "/lifecycle/disabled"},
		}},
		{name: "served as text/plain is still read", path: "/plain.json", want: readiness.DescriptorObs{
			Key: "acme-timesheets", BaseURL: "https://timesheets.acme.example", EnableLicensing: &yes,
			Lifecycle: map[string]string{"installed": "/lifecycle/installed", "uninstalled": "/lifecycle/uninstalled", "enabled": "/lifecycle/enabled", "disabled": "/lifecycle/disabled"},
		}},
		{name: "truncated JSON", path: "/bad.json", wantErr: "not JSON: truncated"},
		{name: "wrong field type", path: "/wrongtype.json", wantErr: `field "lifecycle" is a JSON array`},
		{name: "not a descriptor", path: "/notapp.json", wantErr: "not an app descriptor"},
		{name: "an HTML page", path: "/html", wantErr: "not JSON: malformed at byte 1"},
		{name: "a redirect is not followed", path: "/moved.json", wantErr: "HTTP 301 redirect (not followed): to /atlassian-connect.json"},
		{name: "404", path: "/missing.json", wantErr: "HTTP 404 not found"},
		{name: "timeout", path: "/slow", wantErr: "timed out"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Descriptor(context.Background(), srv.URL+tt.path)
			if got.At.IsZero() || got.URL != srv.URL+tt.path {
				t.Errorf("URL %q, At %v: want the URL and the time of the fetch", got.URL, got.At)
			}
			if tt.wantErr != "" {
				if !strings.Contains(got.Err, tt.wantErr) {
					t.Errorf("Descriptor() Err = %q, want it to contain %q", got.Err, tt.wantErr)
				}
				if strings.Contains(got.Err, "s3cret") {
					t.Errorf("error leaks the query: %q", got.Err)
				}
				return
			}
			got.URL, got.At = "", time.Time{}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Descriptor() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPage(t *testing.T) {
	srv := server(t)
	c := descriptor.New(descriptor.Config{Timeout: 500 * time.Millisecond})
	tests := []struct {
		name, path string
		status     int
		final      string
		err        string
	}{
		{name: "seed 000: the SLA page answers", path: "/sla", status: 200, final: "/sla"},
		{name: "a moved page is followed", path: "/old-sla", status: 200, final: "/sla"},
		{name: "gone", path: "/gone", status: 410, final: "/gone", err: "HTTP 410 gone"},
		{name: "a redirect loop", path: "/loop", err: "more than 5 redirects"},
		{name: "timeout", path: "/slow", err: "timed out"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Page(context.Background(), srv.URL+tt.path)
			if got.Status != tt.status || !strings.Contains(got.Err, tt.err) || (tt.err == "") != (got.Err == "") {
				t.Errorf("Page() = status %d err %q, want %d %q", got.Status, got.Err, tt.status, tt.err)
			}
			if tt.final != "" && got.FinalURL != srv.URL+tt.final {
				t.Errorf("FinalURL = %q, want %q", got.FinalURL, srv.URL+tt.final)
			}
		})
	}
	refused := c.Page(context.Background(), "http://127.0.0.1:1/sla?key=s3cret")
	if !strings.Contains(refused.Err, "connection refused") || strings.Contains(refused.Err+refused.URL, "s3cret") {
		t.Errorf("refused page = %+v", refused)
	}
}

func TestProbe(t *testing.T) {
	srv := server(t)
	c := descriptor.New(descriptor.Config{DescriptorURL: srv.URL + "/atlassian-connect.json", SLAURL: srv.URL + "/sla", SupportURL: srv.URL + "/gone"})
	ev := c.Probe(context.Background())
	if ev.Descriptor == nil || ev.SLAPage == nil || ev.SupportPage == nil {
		t.Fatalf("Probe() = %+v: want the descriptor and both configured pages", ev)
	}
	if ev.Security != nil {
		t.Error("security page probed without a URL")
	}
	var obs readiness.Observations
	ev.Fill(&obs)
	got := readiness.Evaluate(obs)
	for r, want := range map[readiness.Rule]readiness.Status{
		readiness.RuleDescriptor:  readiness.Pass,
		readiness.RuleLicensing:   readiness.Pass,
		readiness.RuleSLAURL:      readiness.Pass, // loopback http: scheme not judged
		readiness.RuleSupportURL:  readiness.Fail,
		readiness.RuleSecurityURL: readiness.Unknown,
	} {
		if got[r].Status != want {
			t.Errorf("%s = %v (%s), want %v", r, got[r].Status, got[r].Summary, want)
		}
	}
}
