package readiness_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/opsdeck/opsdeck/models/readiness"
)

var now = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

func statusOf(e readiness.Evidence) readiness.Status { return e.Status }

func TestHealthEvidence(t *testing.T) {
	ok := readiness.HealthProbe{Name: "api", URL: "https://app.example.com/health", Status: 200, Latency: 180 * time.Millisecond}
	with := func(f func(*readiness.HealthProbe)) readiness.HealthProbe { p := ok; f(&p); return p }
	tests := []struct {
		name   string
		obs    *readiness.HealthObs
		want   readiness.Status
		detail string // a word the failing check must say
	}{
		{"not observed is unknown", nil, readiness.Unknown, ""},
		{"round failed is unknown", &readiness.HealthObs{Err: "config has no health section"}, readiness.Unknown, ""},
		{"seed 002 requires a resource: none configured fails", &readiness.HealthObs{}, readiness.Fail, "none configured"},
		{"seed 002: 200 over https within 3s passes", &readiness.HealthObs{Probes: []readiness.HealthProbe{ok}}, readiness.Pass, ""},
		{"seed 002: exactly 3s still passes", &readiness.HealthObs{Probes: []readiness.HealthProbe{with(func(p *readiness.HealthProbe) { p.Latency = 3 * time.Second })}}, readiness.Pass, ""},
		{"seed 002: over 3s fails", &readiness.HealthObs{Probes: []readiness.HealthProbe{with(func(p *readiness.HealthProbe) { p.Latency = 3200 * time.Millisecond })}}, readiness.Fail, "over 3s"},
		{"seed 002: only 200 counts, 204 fails", &readiness.HealthObs{Probes: []readiness.HealthProbe{with(func(p *readiness.HealthProbe) { p.Status = 204 })}}, readiness.Fail, "only 200"},
		{"seed 002: redirects are not followed", &readiness.HealthObs{Probes: []readiness.HealthProbe{with(func(p *readiness.HealthProbe) {
			p.Status, p.Location = 302, "https://app.example.com/login"
		})}}, readiness.Fail, "redirect"},
		{"seed 002: a timeout fails", &readiness.HealthObs{Probes: []readiness.HealthProbe{with(func(p *readiness.HealthProbe) { p.Status, p.Err = 0, "timed out" })}}, readiness.Fail, "timed out"},
		{"seed 004: plain http fails", &readiness.HealthObs{Probes: []readiness.HealthProbe{with(func(p *readiness.HealthProbe) { p.URL = "http://app.example.com/health" })}}, readiness.Fail, "plain http"},
		{"loopback http cannot be judged but the answer passes", &readiness.HealthObs{Probes: []readiness.HealthProbe{with(func(p *readiness.HealthProbe) { p.URL = "http://127.0.0.1:8080/health" })}}, readiness.Pass, ""},
		{"one bad check of two fails", &readiness.HealthObs{Probes: []readiness.HealthProbe{ok, with(func(p *readiness.HealthProbe) { p.Name, p.Status = "db", 503 })}}, readiness.Fail, "HTTP 503"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := readiness.HealthEvidence(tt.obs)
			if e.Status != tt.want {
				t.Fatalf("HealthEvidence() = %v (%s), want %v", e.Status, e.Summary, tt.want)
			}
			if tt.detail != "" && !checksSay(e, readiness.Fail, tt.detail) {
				t.Errorf("HealthEvidence() checks %+v do not say %q", e.Checks, tt.detail)
			}
			if e.Rule != readiness.RuleHealthCheck {
				t.Errorf("rule = %q", e.Rule)
			}
		})
	}
}

func checksSay(e readiness.Evidence, st readiness.Status, word string) bool {
	for _, c := range e.Checks {
		if c.Status == st && strings.Contains(c.Detail, word) {
			return true
		}
	}
	return false
}

func TestSLOEvidence(t *testing.T) {
	avail := readiness.SLOStatus{Name: "availability", Kind: "availability", Objective: 0.999, Window: 28 * 24 * time.Hour, Compliance: 0.9995, Met: true, HasData: true}
	lat := readiness.SLOStatus{Name: "latency p95", Kind: "latency", Objective: 0.95, Window: 28 * 24 * time.Hour, Compliance: 0.97, Met: true, HasData: true}
	tests := []struct {
		name string
		obs  *readiness.SLOObs
		want readiness.Status
		says string
	}{
		{"not observed is unknown", nil, readiness.Unknown, ""},
		{"evaluation failed is unknown", &readiness.SLOObs{Err: "prometheus: connection refused"}, readiness.Unknown, ""},
		{"none defined fails", &readiness.SLOObs{}, readiness.Fail, "none"},
		{"seed 002: both over 28 days and met passes", &readiness.SLOObs{SLOs: []readiness.SLOStatus{avail, lat}}, readiness.Pass, ""},
		{"a probe SLI counts as availability", &readiness.SLOObs{SLOs: []readiness.SLOStatus{func() readiness.SLOStatus {
			s := avail
			s.Kind = "probe"
			return s
		}(), lat}}, readiness.Pass, ""},
		{"no latency SLO fails", &readiness.SLOObs{SLOs: []readiness.SLOStatus{avail}}, readiness.Fail, "none"},
		{"seed 002: a 30-day window fails", &readiness.SLOObs{SLOs: []readiness.SLOStatus{avail, func() readiness.SLOStatus {
			s := lat
			s.Window = 30 * 24 * time.Hour
			return s
		}()}}, readiness.Fail, "28d"},
		{"objective missed fails", &readiness.SLOObs{SLOs: []readiness.SLOStatus{func() readiness.SLOStatus {
			s := avail
			s.Compliance, s.Met = 0.9982, false
			return s
		}(), lat}}, readiness.Fail, "99.82% < 99.9%"},
		{"no data is unknown", &readiness.SLOObs{SLOs: []readiness.SLOStatus{avail, func() readiness.SLOStatus {
			s := lat
			s.HasData = false
			return s
		}()}}, readiness.Unknown, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := readiness.SLOEvidence(tt.obs)
			if e.Status != tt.want {
				t.Fatalf("SLOEvidence() = %v (%s, %+v), want %v", e.Status, e.Summary, e.Checks, tt.want)
			}
			if tt.says != "" && !checksSay(e, readiness.Fail, tt.says) {
				t.Errorf("SLOEvidence() checks %+v do not say %q", e.Checks, tt.says)
			}
		})
	}
}

func TestMaintenanceEvidence(t *testing.T) {
	w := readiness.Window{Name: "db upgrade", Start: now.Add(24 * time.Hour), End: now.Add(26 * time.Hour)}
	pub := readiness.Window{Name: "Scheduled: database upgrade", Start: now.Add(24 * time.Hour), End: now.Add(25 * time.Hour)}
	other := readiness.Window{Name: "later", Start: now.Add(72 * time.Hour), End: now.Add(73 * time.Hour)}
	tests := []struct {
		name string
		obs  *readiness.MaintenanceObs
		want readiness.Status
	}{
		{"not observed is unknown", nil, readiness.Unknown},
		{"status page unreadable is unknown", &readiness.MaintenanceObs{Err: "HTTP 401"}, readiness.Unknown},
		{"nothing scheduled is unknown", &readiness.MaintenanceObs{}, readiness.Unknown},
		{"seed 001: published windows pass", &readiness.MaintenanceObs{Published: []readiness.Window{pub}}, readiness.Pass},
		{"seed 001: a known window on the page passes", &readiness.MaintenanceObs{Declared: []readiness.Window{w}, Published: []readiness.Window{pub}}, readiness.Pass},
		{"seed 001: a known window missing from the page fails", &readiness.MaintenanceObs{Declared: []readiness.Window{w}, Published: []readiness.Window{other}}, readiness.Fail},
		{"seed 001: a known window with nothing published fails", &readiness.MaintenanceObs{Declared: []readiness.Window{w}}, readiness.Fail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if e := readiness.MaintenanceEvidence(tt.obs, now); e.Status != tt.want {
				t.Errorf("MaintenanceEvidence() = %v (%s), want %v", e.Status, e.Summary, tt.want)
			}
		})
	}
}

func TestPagerEvidence(t *testing.T) {
	tests := []struct {
		name string
		obs  *readiness.PagerObs
		want readiness.Status
	}{
		{"not observed is unknown", nil, readiness.Unknown},
		{"seed 000: no pager means no 24x7 contact", &readiness.PagerObs{}, readiness.Fail},
		{"configured, not tried is unknown", &readiness.PagerObs{Configured: true, Driver: "pagerduty"}, readiness.Unknown},
		{"dry run passes", &readiness.PagerObs{Configured: true, Driver: "pagerduty", Tested: true, TestOK: true, DryRun: true, Detail: "event built"}, readiness.Pass},
		{"test page refused fails", &readiness.PagerObs{Configured: true, Driver: "opsgenie", Tested: true, Detail: "HTTP 401: credentials refused"}, readiness.Fail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if e := readiness.PagerEvidence(tt.obs); e.Status != tt.want {
				t.Errorf("PagerEvidence() = %v (%s), want %v", e.Status, e.Summary, tt.want)
			}
		})
	}
}

func TestFreshnessEvidence(t *testing.T) {
	ts := func(d time.Duration) float64 { return float64(now.Add(-d).Unix()) }
	rpo := 24 * time.Hour
	tests := []struct {
		name string
		rule readiness.Rule
		obs  *readiness.MetricObs
		want readiness.Status
		says string
	}{
		{"no metric configured is unknown", readiness.RuleBackup, nil, readiness.Unknown, ""},
		{"query failed is unknown", readiness.RuleBackup, &readiness.MetricObs{Query: "q", Limit: rpo, Err: "timed out"}, readiness.Unknown, ""},
		{"no RPO is unknown", readiness.RuleBackup, &readiness.MetricObs{Query: "q", Found: true, Value: ts(time.Hour)}, readiness.Unknown, ""},
		{"seed 000: backup 6h old within a 24h RPO passes", readiness.RuleBackup, &readiness.MetricObs{Query: "q", Found: true, Value: ts(6 * time.Hour), Limit: rpo}, readiness.Pass, ""},
		{"seed 000: backup 30h old misses a 24h RPO", readiness.RuleBackup, &readiness.MetricObs{Query: "q", Found: true, Value: ts(30 * time.Hour), Limit: rpo}, readiness.Fail, "older than the RPO"},
		{"no sample fails", readiness.RuleBackup, &readiness.MetricObs{Query: "q", Limit: rpo}, readiness.Fail, "no sample"},
		{"a millisecond timestamp is in the future", readiness.RuleBackup, &readiness.MetricObs{Query: "q", Found: true, Value: ts(time.Hour) * 1000, Limit: rpo}, readiness.Fail, "future"},
		{"zero is not a timestamp", readiness.RuleBackup, &readiness.MetricObs{Query: "q", Found: true, Value: 0, Limit: rpo}, readiness.Fail, "not a Unix timestamp"},
		{"seed 002: synthetic results 10m old pass", readiness.RuleSynthetic, &readiness.MetricObs{Query: "q", Found: true, Value: ts(10 * time.Minute), Limit: time.Hour}, readiness.Pass, ""},
		{"seed 002: synthetic results 3h old fail", readiness.RuleSynthetic, &readiness.MetricObs{Query: "q", Found: true, Value: ts(3 * time.Hour), Limit: time.Hour}, readiness.Fail, "maximum age"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := readiness.FreshnessEvidence(tt.rule, tt.obs, now)
			if e.Status != tt.want {
				t.Fatalf("FreshnessEvidence() = %v (%s), want %v", e.Status, e.Summary, tt.want)
			}
			if tt.says != "" && !checksSay(e, readiness.Fail, tt.says) {
				t.Errorf("checks %+v do not say %q", e.Checks, tt.says)
			}
		})
	}
}

func TestDescriptorEvidence(t *testing.T) {
	yes, no := true, false
	good := readiness.DescriptorObs{URL: "https://app.example.com/atlassian-connect.json", BaseURL: "https://app.example.com",
		Lifecycle: map[string]string{"installed": "/installed", "uninstalled": "/uninstalled"}, EnableLicensing: &yes}
	with := func(f func(*readiness.DescriptorObs)) *readiness.DescriptorObs { d := good; f(&d); return &d }
	tests := []struct {
		name          string
		obs           *readiness.DescriptorObs
		want, license readiness.Status
	}{
		{"no URL configured is unknown", nil, readiness.Unknown, readiness.Unknown},
		{"seed 004: https baseUrl and installed callback pass", &good, readiness.Pass, readiness.Pass},
		{"unfetchable descriptor fails", with(func(d *readiness.DescriptorObs) { d.Err = "HTTP 404 not found" }), readiness.Fail, readiness.Unknown},
		{"seed 004: http baseUrl fails", with(func(d *readiness.DescriptorObs) { d.BaseURL = "http://app.example.com" }), readiness.Fail, readiness.Pass},
		{"missing baseUrl fails", with(func(d *readiness.DescriptorObs) { d.BaseURL = "" }), readiness.Fail, readiness.Pass},
		{"no installed callback fails", with(func(d *readiness.DescriptorObs) { d.Lifecycle = map[string]string{"uninstalled": "/u"} }), readiness.Fail, readiness.Pass},
		{"an absolute http callback fails", with(func(d *readiness.DescriptorObs) {
			d.Lifecycle = map[string]string{"installed": "http://other.example.com/installed"}
		}), readiness.Fail, readiness.Pass},
		{"seed 004: licensing disabled fails the license rule", with(func(d *readiness.DescriptorObs) { d.EnableLicensing = &no }), readiness.Pass, readiness.Fail},
		{"licensing absent fails the license rule", with(func(d *readiness.DescriptorObs) { d.EnableLicensing = nil }), readiness.Pass, readiness.Fail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if e := readiness.DescriptorEvidence(tt.obs); e.Status != tt.want {
				t.Errorf("DescriptorEvidence() = %v (%s %+v), want %v", e.Status, e.Summary, e.Checks, tt.want)
			}
			if e := readiness.LicensingEvidence(tt.obs); e.Status != tt.license {
				t.Errorf("LicensingEvidence() = %v (%s), want %v", e.Status, e.Summary, tt.license)
			}
		})
	}
}

func TestPageEvidence(t *testing.T) {
	tests := []struct {
		name string
		obs  *readiness.PageObs
		want readiness.Status
	}{
		{"no URL is unknown", nil, readiness.Unknown},
		{"seed 000: the published SLA answers", &readiness.PageObs{URL: "https://example.com/sla", Status: 200}, readiness.Pass},
		{"a redirect to an https page passes", &readiness.PageObs{URL: "https://example.com/sla", FinalURL: "https://www.example.com/sla/", Status: 200}, readiness.Pass},
		{"a redirect to http fails", &readiness.PageObs{URL: "https://example.com/sla", FinalURL: "http://www.example.com/sla/", Status: 200}, readiness.Fail},
		{"404 fails", &readiness.PageObs{URL: "https://example.com/sla", Status: 404}, readiness.Fail},
		{"unreachable fails", &readiness.PageObs{URL: "https://example.com/sla", Err: "host name does not resolve"}, readiness.Fail},
		{"loopback page answers", &readiness.PageObs{URL: "http://127.0.0.1:9/sla", Status: 200}, readiness.Pass},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if e := readiness.PageEvidence(readiness.RuleSLAURL, tt.obs); e.Status != tt.want {
				t.Errorf("PageEvidence() = %v (%s), want %v", e.Status, e.Summary, tt.want)
			}
		})
	}
}

func TestEvaluateCoversEveryRule(t *testing.T) {
	ev := readiness.Evaluate(readiness.Observations{Now: now})
	var got []readiness.Rule
	for _, r := range readiness.Rules() {
		e, ok := ev[r]
		if !ok {
			t.Errorf("Evaluate() has no %q", r)
		}
		if e.Status != readiness.Unknown {
			t.Errorf("Evaluate(nothing)[%s] = %v, want unknown", r, e.Status)
		}
		got = append(got, e.Rule)
	}
	if diff := cmp.Diff(readiness.Rules(), got); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
}

func TestFormatting(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{readiness.Percent(0.999), "99.9%"},
		{readiness.Percent(0.99823), "99.823%"},
		{readiness.Percent(1), "100%"},
		{readiness.Ago(90 * time.Second), "1m"},
		{readiness.Ago(6*time.Hour + 5*time.Minute), "6h05m"},
		{readiness.Ago(50 * time.Hour), "2d 2h"},
		{readiness.Dur(28 * 24 * time.Hour), "28d"},
		{readiness.Dur(3 * time.Second), "3s"},
		{readiness.Dur(180 * time.Millisecond), "180ms"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
