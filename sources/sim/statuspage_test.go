package sim_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/models/incident"
	"github.com/opsdeck/opsdeck/models/maintenance"
	"github.com/opsdeck/opsdeck/models/severity"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/opsgenie"
	"github.com/opsdeck/opsdeck/sources/pagerduty"
	"github.com/opsdeck/opsdeck/sources/platformstatus"
	"github.com/opsdeck/opsdeck/sources/sim"
	"github.com/opsdeck/opsdeck/sources/statuspage"
)

// incSim starts a simulator with a fixed clock, so the demo's clocks read the same every run.
func incSim(t *testing.T) (*sim.Sim, time.Time) {
	t.Helper()
	now := time.Date(2026, 5, 7, 12, 0, 0, 0, time.UTC)
	s, err := sim.Start(sim.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, now
}

func incCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func endpoint(t *testing.T, s *sim.Sim, section string) httpx.Endpoint {
	t.Helper()
	e, err := s.Config().Env("prod")
	if err != nil {
		t.Fatal(err)
	}
	var ep httpx.Endpoint
	switch section {
	case "statuspage":
		ep, err = e.Statuspage.Endpoint("statuspage", "OAuth")
	case "pagerduty":
		ep, err = e.PagerDuty.Endpoint("pagerduty", "Token token=")
	case "opsgenie":
		ep, err = e.Opsgenie.Endpoint("jsm", "GenieKey")
	case "platform":
		ep, err = e.Platform.Endpoint("platform", "")
	}
	if err != nil {
		t.Fatal(err)
	}
	return ep
}

func TestSimStatuspageDemo(t *testing.T) {
	s, now := incSim(t)
	e, _ := s.Config().Env("prod")
	c := statuspage.New(endpoint(t, s, "statuspage"), e.Statuspage.PageID)
	incs, err := c.Incidents(incCtx(t))
	if err != nil {
		t.Fatalf("Incidents: %v", err)
	}
	if len(incs) != 1 || incs[0].Title != "Search results are slow" || len(incs[0].Links) != 1 || incs[0].Links[0].ID != "PSIM2316" {
		t.Fatalf("unresolved incidents = %+v, want the search incident linked to PSIM2316", incs)
	}
	ws, err := c.Maintenances(incCtx(t))
	if err != nil {
		t.Fatalf("Maintenances: %v", err)
	}
	b := maintenance.Classify(ws, now)
	if len(b.Active) != 1 || len(b.Upcoming) != 2 || len(b.Recent) != 1 {
		t.Errorf("demo windows: %d active, %d upcoming, %d recent; want 1, 2, 1", len(b.Active), len(b.Upcoming), len(b.Recent))
	}
	if banner, ok := maintenance.Banner(ws, now, time.UTC); !ok || !strings.Contains(banner, "Database failover test") {
		t.Errorf("Banner = %q, %v; want the failover test", banner, ok)
	}
	comps, err := c.Components(incCtx(t))
	if err != nil || len(comps) != 6 {
		t.Errorf("Components: %d, %v; want 6", len(comps), err)
	}
}

func TestSimStatuspagePagingAndAuth(t *testing.T) {
	s, _ := incSim(t)
	e, _ := s.Config().Env("prod")
	c := statuspage.New(endpoint(t, s, "statuspage"), e.Statuspage.PageID)
	c.SetPerPage(2)
	ws, err := c.Maintenances(incCtx(t))
	if err != nil || len(ws) != 5 {
		t.Fatalf("Maintenances in pages of 2: %d, %v; want all 5 windows", len(ws), err)
	}
	var paged int
	for _, r := range s.Requests() {
		if strings.HasSuffix(r.Path, "/incidents/scheduled") {
			paged++
		}
	}
	if paged != 3 {
		t.Errorf("scheduled read in %d requests, want 3 (2+2+1)", paged)
	}
	bad := statuspage.New(httpx.Endpoint{BaseURL: s.URL("/statuspage/v1"), Auth: httpx.Auth{Scheme: "OAuth", Secret: httpx.NewSecret("not-the-key")}}, e.Statuspage.PageID)
	if _, err := bad.Incidents(incCtx(t)); httpx.KindOf(err) != httpx.KindAuth {
		t.Errorf("wrong key: %v, want credentials refused", err)
	}
	other := statuspage.New(endpoint(t, s, "statuspage"), "nosuchpage")
	if _, err := other.Incidents(incCtx(t)); httpx.KindOf(err) != httpx.KindStatus || !strings.Contains(err.Error(), "404") {
		t.Errorf("unknown page: %v, want 404", err)
	}
}

func TestSimStatuspageRateLimit(t *testing.T) {
	s, _ := incSim(t)
	e, _ := s.Config().Env("prod")
	ep := endpoint(t, s, "statuspage")
	url := s.URL("/statuspage/v1/pages/" + e.Statuspage.PageID + "/components?page=1&per_page=100")
	var last *http.Response
	for i := 0; i < 61; i++ {
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Authorization", "OAuth "+ep.Auth.Secret.Reveal())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		last = resp
	}
	if last.StatusCode != 420 || last.Header.Get("Retry-After") == "" {
		t.Fatalf("61st request in a minute: %d Retry-After %q, want 420 with Retry-After", last.StatusCode, last.Header.Get("Retry-After"))
	}
	c := statuspage.New(ep, e.Statuspage.PageID)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, err := c.Incidents(ctx)
	if httpx.KindOf(err) != httpx.KindRateLimited {
		t.Errorf("client over the limit: %v, want rate limited", err)
	}
}

func TestSimStatuspageAutoTransitions(t *testing.T) {
	now := time.Date(2026, 5, 7, 12, 0, 0, 0, time.UTC)
	clock := now
	s, err := sim.Start(sim.Options{Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	e, _ := s.Config().Env("prod")
	c := statuspage.New(endpoint(t, s, "statuspage"), e.Statuspage.PageID)
	clock = now.Add(3 * time.Hour) // the failover test (until +90m) has ended; the banner must go
	ws, err := c.Maintenances(incCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	if b := maintenance.Classify(ws, clock); len(b.Active) != 0 {
		t.Errorf("after the window: active = %+v, want none (auto-completed)", b.Active)
	}
}

func TestSimPagerDutyDemo(t *testing.T) {
	s, now := incSim(t)
	e, _ := s.Config().Env("prod")
	c := pagerduty.New(endpoint(t, s, "pagerduty"), e.PagerDuty.ServiceIDs, e.PagerDuty.Urgencies)
	c.SetLimit(2) // exercise offset paging
	incs, err := c.Incidents(incCtx(t))
	if err != nil {
		t.Fatalf("Incidents: %v", err)
	}
	byID := map[string]incident.Incident{}
	for _, inc := range incs {
		byID[inc.ID] = inc
	}
	if len(incs) != 3 {
		t.Errorf("open prod incidents = %d, want 3 (the resolved one and staging's filtered out)", len(incs))
	}
	over := byID["PSIM2317"]
	if cl := over.Clocks(now); over.Level() != severity.Sev2 || !cl.Overdue {
		t.Errorf("PSIM2317: %v overdue=%v, want a SEV 2 past its first-update deadline", over.Level(), cl.Overdue)
	}
	low := byID["PSIM2318"]
	if low.Status != "acknowledged" || !strings.HasPrefix(low.Declared.Label, "low urgency") {
		t.Errorf("PSIM2318 = %s %q, want an acknowledged low-urgency page", low.Status, low.Declared.Label)
	}
	bad := pagerduty.New(httpx.Endpoint{BaseURL: s.URL("/pagerduty"), Auth: httpx.Auth{Secret: httpx.NewSecret("nope-nope-nope")}}, nil, nil)
	if _, err := bad.Incidents(incCtx(t)); httpx.KindOf(err) != httpx.KindAuth {
		t.Errorf("wrong key: %v, want credentials refused", err)
	}
}

func TestSimLinkStopsTheAnsweredClock(t *testing.T) {
	s, now := incSim(t)
	e, _ := s.Config().Env("prod")
	sp, err := statuspage.New(endpoint(t, s, "statuspage"), e.Statuspage.PageID).Incidents(incCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	pd, err := pagerduty.New(endpoint(t, s, "pagerduty"), e.PagerDuty.ServiceIDs, nil).Incidents(incCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, inc := range incident.Link(append(pd, sp...)) {
		cl := inc.Clocks(now)
		switch inc.ID {
		case "PSIM2316":
			if cl.Overdue || cl.FirstUpdateAt.IsZero() {
				t.Errorf("PSIM2316 answered by the status page: overdue=%v first update %v", cl.Overdue, cl.FirstUpdateAt)
			}
		case "PSIM2317":
			if !cl.Overdue {
				t.Error("PSIM2317 has no status page incident and should be overdue")
			}
		}
	}
}

func TestSimJSMAlerts(t *testing.T) {
	s, _ := incSim(t)
	e, _ := s.Config().Env("prod")
	c := opsgenie.New(endpoint(t, s, "opsgenie"), e.Opsgenie.Flavor, e.Opsgenie.CloudID)
	c.SetLimit(1)
	alerts, err := c.Alerts(incCtx(t))
	if err != nil {
		t.Fatalf("Alerts: %v", err)
	}
	if len(alerts) != 2 || alerts[0].Title != "Billing worker queue depth above 10k" {
		t.Errorf("open alerts = %+v, want the queue alert first, then the certificate", alerts)
	}
	og := opsgenie.New(httpx.Endpoint{BaseURL: s.URL("/opsgenie"), Auth: httpx.Auth{Secret: httpx.NewSecret(s.Token("opsgenie"))}}, "opsgenie", "")
	if got, err := og.Alerts(incCtx(t)); err != nil || len(got) != 2 {
		t.Errorf("Opsgenie flavour: %d, %v; want the same 2 alerts", len(got), err)
	}
}

func TestSimPlatformDemo(t *testing.T) {
	s, now := incSim(t)
	snap, err := platformstatus.New(endpoint(t, s, "platform")).Fetch(incCtx(t))
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	m := incident.DefaultMapping()
	got := map[string]severity.Level{}
	for _, inc := range snap.Incidents {
		got[inc.Title] = incident.Assess(inc, m, now).Computed.Level
	}
	// Seed 003 (003_817c9236db34d12c.txt): App UI is C1, degraded 50m: SEV 2; App logging is C3,
	// degraded 40m: the no-incident cell.
	if got["Slow loading of app user interfaces"] != severity.Sev2 || got["Delays in app logs in the developer console"] != severity.None {
		t.Errorf("platform severities = %v", got)
	}
	for _, r := range s.Requests() {
		if strings.HasPrefix(r.Path, "/platform/") && r.Method != "GET" {
			t.Errorf("unexpected %s %s", r.Method, r.Path)
		}
	}
}
