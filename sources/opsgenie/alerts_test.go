package opsgenie_test

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
	"github.com/opsdeck/opsdeck/sources/opsgenie"
)

const (
	listKey  = "genie-list-key-0123456789"
	jsmToken = "jsm-api-token-0123456789"
	jsmUser  = "oncall@example.com"
	cloudID  = "a436116f-02ce-4520-8fbb-7301462a1674"
)

// listFake serves open alerts from both APIs: Opsgenie GET /v2/alerts (GenieKey, limit, {data,
// paging}) and JSM GET /jsm/ops/api/{cloudId}/v1/alerts (Basic, size, {values, links}).
type listFake struct {
	t       *testing.T
	mu      sync.Mutex
	items   []json.RawMessage
	limited int // answer this many requests with 429 first
	offsets []string
}

func (f *listFake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	q := r.URL.Query()
	var size int
	var jsm bool
	switch r.URL.Path {
	case "/v2/alerts":
		if r.Header.Get("Authorization") != "GenieKey "+listKey {
			w.WriteHeader(401)
			w.Write([]byte(`{"message":"Could not authenticate","took":0.0,"requestId":"r0"}`))
			return
		}
		size, _ = strconv.Atoi(q.Get("limit"))
	case "/jsm/ops/api/" + cloudID + "/v1/alerts":
		if u, p, ok := r.BasicAuth(); !ok || u != jsmUser || p != jsmToken {
			w.WriteHeader(401)
			w.Write([]byte(`{"message":"Unauthorized"}`))
			return
		}
		size, _ = strconv.Atoi(q.Get("size"))
		jsm = true
	default:
		w.WriteHeader(404)
		return
	}
	if q.Get("query") != "status:open" {
		f.t.Errorf("query = %q, want status:open", q.Get("query"))
	}
	f.mu.Lock()
	f.offsets = append(f.offsets, q.Get("offset"))
	limited := f.limited > 0
	if limited {
		f.limited--
	}
	f.mu.Unlock()
	if limited {
		w.Header().Set("X-RateLimit-State", "THROTTLED")
		w.Header().Set("X-RateLimit-Reason", "ACCOUNT")
		w.Header().Set("X-RateLimit-Period-In-Sec", "0.05")
		w.WriteHeader(429)
		w.Write([]byte(`{"message":"You are making too many requests! To avoid errors, we recommend you limit requests.","took":0.001,"requestId":"r2"}`))
		return
	}
	off, _ := strconv.Atoi(q.Get("offset"))
	lo, hi := min(off, len(f.items)), min(off+size, len(f.items))
	page := append([]json.RawMessage{}, f.items[lo:hi]...)
	next := ""
	if hi < len(f.items) {
		next = fmt.Sprintf("https://example/next?offset=%d", hi)
	}
	if jsm {
		json.NewEncoder(w).Encode(map[string]any{"values": page, "links": map[string]any{"next": next}})
		return
	}
	json.NewEncoder(w).Encode(map[string]any{"data": page, "paging": map[string]any{"next": next}, "took": 0.1, "requestId": "r1"})
}

func startList(t *testing.T, items []json.RawMessage) (*listFake, string) {
	f := &listFake{t: t, items: items}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv.URL
}

func fileAlerts(t *testing.T) []json.RawMessage {
	b, err := os.ReadFile("testdata/alerts_opsgenie.json")
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Data []json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	return p.Data
}

func opsgenieLister(base string) *opsgenie.Client {
	return opsgenie.New(httpx.Endpoint{BaseURL: base, Timeout: 2 * time.Second, Auth: httpx.Auth{Secret: httpx.NewSecret(listKey)}}, "opsgenie", "")
}

func jsmLister(base string) *opsgenie.Client {
	return opsgenie.New(httpx.Endpoint{BaseURL: base, Timeout: 2 * time.Second, Auth: httpx.Auth{Username: jsmUser, Secret: httpx.NewSecret(jsmToken)}}, "jsm", cloudID)
}

func listCtx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return c
}

func TestAlertsConvert(t *testing.T) {
	_, base := startList(t, fileAlerts(t))
	created := time.Date(2026, 5, 7, 10, 0, 0, 0, time.UTC)
	want := []incident.Incident{
		{
			Source: incident.Opsgenie, ID: "70413a06-38d6-4c85-92b8-5ebc900d42e2", Number: 1791,
			Title: "Queue depth above 10k on billing-worker", Status: "acknowledged",
			Declared: incident.Declared{Label: "P2 (Opsgenie)", Level: severity.Sev2},
			Started:  created, Paged: created, Acknowledged: created.Add(7 * time.Minute), Service: "billing-team",
			Updates: []incident.Update{}, Components: []incident.Component{},
		},
		{
			Source: incident.Opsgenie, ID: "a1b2c3d4", Number: 1792, Title: "Certificate expires in 10 days", Status: "open, snoozed",
			Declared: incident.Declared{Label: "P4 (Opsgenie)"},
			Started:  time.Date(2026, 5, 7, 11, 0, 0, 0, time.UTC), Paged: time.Date(2026, 5, 7, 11, 0, 0, 0, time.UTC), Service: "cert-check",
			Updates: []incident.Update{}, Components: []incident.Component{},
		},
	}
	got, err := opsgenieLister(base).Alerts(listCtx(t))
	if err != nil {
		t.Fatalf("Alerts (opsgenie): %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("opsgenie alerts (-want +got):\n%s", diff)
	}
	got, err = jsmLister(base).Alerts(listCtx(t))
	if err != nil {
		t.Fatalf("Alerts (jsm): %v", err)
	}
	want[0].Declared.Label, want[1].Declared.Label = "P2", "P4"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("jsm alerts (-want +got):\n%s", diff)
	}
}

func TestAlertsPaging(t *testing.T) {
	for _, flavor := range []string{"opsgenie", "jsm"} {
		for _, n := range []int{0, 2, 3, 7} {
			t.Run(fmt.Sprintf("%s %d alerts in pages of 3", flavor, n), func(t *testing.T) {
				var items []json.RawMessage
				for i := 0; i < n; i++ {
					items = append(items, json.RawMessage(fmt.Sprintf(`{"id":"a%d","message":"m%d","status":"open","createdAt":"2026-05-07T10:00:00Z"}`, i, i)))
				}
				f, base := startList(t, items)
				c := opsgenieLister(base)
				if flavor == "jsm" {
					c = jsmLister(base)
				}
				c.SetLimit(3)
				got, err := c.Alerts(listCtx(t))
				if err != nil {
					t.Fatalf("Alerts: %v", err)
				}
				if len(got) != n {
					t.Errorf("Alerts: %d, want %d", len(got), n)
				}
				var want []string
				for off := 0; ; off += 3 {
					want = append(want, strconv.Itoa(off))
					if off+3 >= n {
						break
					}
				}
				if diff := cmp.Diff(want, f.offsets); diff != "" {
					t.Errorf("offsets (-want +got):\n%s", diff)
				}
			})
		}
	}
}

func TestAlertsRateLimitAndAuth(t *testing.T) {
	f, base := startList(t, fileAlerts(t))
	f.limited = 1
	if got, err := opsgenieLister(base).Alerts(listCtx(t)); err != nil || len(got) != 2 {
		t.Errorf("Alerts after a 429 with X-RateLimit-Period-In-Sec: %d, %v; want 2 alerts", len(got), err)
	}

	bad := opsgenie.New(httpx.Endpoint{BaseURL: base, Auth: httpx.Auth{Secret: httpx.NewSecret("nope-nope-nope")}}, "opsgenie", "")
	_, err := bad.Alerts(listCtx(t))
	if httpx.KindOf(err) != httpx.KindAuth || !strings.Contains(err.Error(), "Could not authenticate") {
		t.Errorf("wrong key: %v, want credentials refused", err)
	}
	if strings.Contains(fmt.Sprint(err), "nope-nope-nope") {
		t.Errorf("error %q leaks the key", err)
	}
}

func TestAlertsJSMNeedsCloudIDAndUser(t *testing.T) {
	for name, c := range map[string]*opsgenie.Client{
		"cloud_id": opsgenie.New(httpx.Endpoint{BaseURL: "https://api.atlassian.com", Auth: httpx.Auth{Username: jsmUser, Secret: httpx.NewSecret(jsmToken)}}, "jsm", ""),
		"username": opsgenie.New(httpx.Endpoint{BaseURL: "https://api.atlassian.com", Auth: httpx.Auth{Secret: httpx.NewSecret(jsmToken)}}, "jsm", cloudID),
	} {
		_, err := c.Alerts(listCtx(t))
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("Alerts without %s: %v, want an error naming it", name, err)
		}
	}
}

func TestSupportNote(t *testing.T) {
	if got, want := opsgenie.SupportNote(time.Date(2027, 3, 6, 0, 0, 0, 0, time.UTC)), "Opsgenie support ends on 2027-04-05 (in 30 days): plan the move to Jira Service Management operations"; got != want {
		t.Errorf("SupportNote = %q, want %q", got, want)
	}
	if got := opsgenie.SupportNote(time.Date(2027, 5, 1, 0, 0, 0, 0, time.UTC)); !strings.Contains(got, "ended") {
		t.Errorf("SupportNote after the end = %q", got)
	}
}
