package pagerduty_test

import (
	"context"
	"encoding/json"
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
	"github.com/opsdeck/opsdeck/sources/pagerduty"
)

const restKey = "pd-rest-key-0123456789"

// restFake serves GET /incidents the way PagerDuty REST v2 does: Token auth, the versioned Accept,
// statuses[]/urgencies[]/service_ids[] filters, offset/limit/more paging, 429 with ratelimit-reset.
type restFake struct {
	t       *testing.T
	mu      sync.Mutex
	items   []json.RawMessage
	limited []string // ratelimit-reset values to answer 429 with, one per request, first
	queries []listQuery
}

type listQuery struct {
	statuses, urgencies, services []string
	offset, limit                 string
}

func newRESTFake(t *testing.T, items []json.RawMessage) (*restFake, string) {
	f := &restFake{t: t, items: items}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv.URL
}

func (f *restFake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if r.Header.Get("Authorization") != "Token token="+restKey {
		w.WriteHeader(401)
		w.Write([]byte(`{"error":{"code":2006,"message":"Invalid Credentials","errors":["Invalid API key"]}}`))
		return
	}
	if r.Header.Get("Accept") != pagerduty.Accept {
		w.WriteHeader(400)
		w.Write([]byte(`{"error":{"code":2001,"message":"Invalid Accept header"}}`))
		return
	}
	if r.URL.Path != "/incidents" {
		w.WriteHeader(404)
		w.Write([]byte(`{"error":{"code":2100,"message":"Not Found"}}`))
		return
	}
	q := r.URL.Query()
	f.mu.Lock()
	f.queries = append(f.queries, listQuery{q["statuses[]"], q["urgencies[]"], q["service_ids[]"], q.Get("offset"), q.Get("limit")})
	var reset string
	limited := len(f.limited) > 0
	if limited {
		reset, f.limited = f.limited[0], f.limited[1:]
	}
	f.mu.Unlock()
	if limited {
		w.Header().Set("ratelimit-limit", "960")
		w.Header().Set("ratelimit-remaining", "0")
		w.Header().Set("ratelimit-reset", reset)
		w.WriteHeader(429)
		w.Write([]byte(`{"error":{"code":2020,"message":"Rate Limit Exceeded"}}`))
		return
	}
	off, _ := strconv.Atoi(q.Get("offset"))
	lim, _ := strconv.Atoi(q.Get("limit"))
	if lim <= 0 {
		lim = 25
	}
	lo, hi := min(off, len(f.items)), min(off+lim, len(f.items))
	page := f.items[lo:hi]
	if page == nil {
		page = []json.RawMessage{}
	}
	json.NewEncoder(w).Encode(map[string]any{"incidents": page, "limit": lim, "offset": off, "more": hi < len(f.items), "total": nil})
}

func testdataItems(t *testing.T) []json.RawMessage {
	b, err := os.ReadFile("testdata/incidents.json")
	if err != nil {
		t.Fatal(err)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(b, &items); err != nil {
		t.Fatal(err)
	}
	return items
}

func restClient(base string, services, urgencies []string) *pagerduty.Client {
	return pagerduty.New(httpx.Endpoint{BaseURL: base, Timeout: 2 * time.Second, Auth: httpx.Auth{Secret: httpx.NewSecret(restKey)}}, services, urgencies)
}

func tctx(t *testing.T, d time.Duration) context.Context {
	c, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return c
}

func TestIncidentsConvert(t *testing.T) {
	_, base := newRESTFake(t, testdataItems(t))
	got, err := restClient(base, nil, nil).Incidents(tctx(t, 5*time.Second))
	if err != nil {
		t.Fatalf("Incidents: %v", err)
	}
	at := func(h, m int) time.Time { return time.Date(2026, 5, 7, h, m, 0, 0, time.UTC) }
	want := []incident.Incident{
		{
			Source: incident.PagerDuty, ID: "Q1R2S3T4", Number: 1042, Title: "Checkout 5xx above 5%", Status: "acknowledged",
			Declared: incident.Declared{Label: "P2, high urgency", Level: severity.Sev2},
			Started:  at(9, 10), Paged: at(9, 10), Acknowledged: at(9, 14), Service: "checkout-api",
			URL: "https://acme.pagerduty.com/incidents/Q1R2S3T4", Updates: []incident.Update{}, Components: []incident.Component{},
		},
		{
			Source: incident.PagerDuty, ID: "Q9Z8Y7X6", Number: 1043, Title: "Disk 85% on worker-3", Status: "triggered",
			Declared: incident.Declared{Label: "low urgency"},
			Started:  at(10, 0), Paged: at(10, 0), Service: "workers",
			URL: "https://acme.pagerduty.com/incidents/Q9Z8Y7X6", Updates: []incident.Update{}, Components: []incident.Component{},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("incidents (-want +got):\n%s", diff)
	}
}

func TestIncidentsQuery(t *testing.T) {
	f, base := newRESTFake(t, nil)
	if _, err := restClient(base, []string{"PSVC001", "PSVC002"}, []string{"high"}).Incidents(tctx(t, 5*time.Second)); err != nil {
		t.Fatalf("Incidents: %v", err)
	}
	want := []listQuery{{statuses: []string{"triggered", "acknowledged"}, urgencies: []string{"high"}, services: []string{"PSVC001", "PSVC002"}, offset: "0", limit: "100"}}
	if diff := cmp.Diff(want, f.queries, cmp.AllowUnexported(listQuery{})); diff != "" {
		t.Errorf("queries (-want +got):\n%s", diff)
	}
}

func TestIncidentsPaging(t *testing.T) {
	for _, n := range []int{0, 1, 3, 4, 10} {
		t.Run(fmt.Sprintf("%d incidents in pages of 3", n), func(t *testing.T) {
			var items []json.RawMessage
			for i := 0; i < n; i++ {
				items = append(items, json.RawMessage(fmt.Sprintf(`{"id":"P%03d","title":"t%d","status":"triggered","urgency":"high","created_at":"2026-05-07T10:00:00Z"}`, i, i)))
			}
			f, base := newRESTFake(t, items)
			c := restClient(base, nil, nil)
			c.SetLimit(3)
			got, err := c.Incidents(tctx(t, 5*time.Second))
			if err != nil {
				t.Fatalf("Incidents: %v", err)
			}
			if len(got) != n {
				t.Errorf("Incidents: %d, want %d", len(got), n)
			}
			for i, inc := range got {
				if want := fmt.Sprintf("P%03d", i); inc.ID != want {
					t.Errorf("incident %d = %s, want %s", i, inc.ID, want)
				}
			}
			wantPages := max(1, (n+2)/3)
			if len(f.queries) != wantPages {
				t.Errorf("%d requests, want %d", len(f.queries), wantPages)
			}
			for i, q := range f.queries {
				if q.offset != strconv.Itoa(3*i) || q.limit != "3" {
					t.Errorf("request %d: offset %s limit %s, want %d and 3", i, q.offset, q.limit, 3*i)
				}
			}
		})
	}
}

func TestIncidentsRateLimit(t *testing.T) {
	t.Run("429 with a short ratelimit-reset is waited out", func(t *testing.T) {
		f, base := newRESTFake(t, testdataItems(t))
		f.limited = []string{"0.05"}
		got, err := restClient(base, nil, nil).Incidents(tctx(t, 5*time.Second))
		if err != nil || len(got) != 2 {
			t.Fatalf("Incidents after a 429: %d, %v; want 2 incidents", len(got), err)
		}
	})
	t.Run("429 with a reset past the deadline fails and says when to retry", func(t *testing.T) {
		f, base := newRESTFake(t, testdataItems(t))
		f.limited = []string{"30"}
		_, err := restClient(base, nil, nil).Incidents(tctx(t, 2*time.Second))
		if httpx.KindOf(err) != httpx.KindRateLimited {
			t.Fatalf("Incidents: %v, want rate limited", err)
		}
		if d, ok := httpx.RetryAfter(err); !ok || d != 30*time.Second {
			t.Errorf("RetryAfter = %v, %v; want 30s", d, ok)
		}
		if !strings.Contains(err.Error(), "retry after 30s") {
			t.Errorf("error %q does not say when to retry", err)
		}
	})
}

func TestIncidentsErrors(t *testing.T) {
	_, base := newRESTFake(t, nil)
	c := pagerduty.New(httpx.Endpoint{BaseURL: base, Auth: httpx.Auth{Secret: httpx.NewSecret("wrong-key-0000")}}, nil, nil)
	_, err := c.Incidents(tctx(t, 2*time.Second))
	if httpx.KindOf(err) != httpx.KindAuth || !strings.Contains(err.Error(), "Invalid Credentials") {
		t.Errorf("wrong key: %v, want credentials refused with PagerDuty's message", err)
	}
	if strings.Contains(fmt.Sprint(err), "wrong-key-0000") {
		t.Errorf("error %q leaks the key", err)
	}

	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"incidents": [{"id": 7}]}`))
	}))
	defer bad.Close()
	_, err = restClient(bad.URL, nil, nil).Incidents(tctx(t, 2*time.Second))
	if httpx.KindOf(err) != httpx.KindDecode {
		t.Errorf("wrong field type: %v, want an unreadable answer", err)
	}
}
