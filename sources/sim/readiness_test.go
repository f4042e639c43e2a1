package sim_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/models/readiness"
	"github.com/opsdeck/opsdeck/sources/descriptor"
	"github.com/opsdeck/opsdeck/sources/sim"
)

// The demo's descriptor and pages, read by the real descriptor client: prod passes every check
// (its security page moved, and the redirect is followed), staging shows the mistakes seed 004
// warns about (plain-http baseUrl, licensing off, no security statement).
func TestReadinessDescriptorAndPages(t *testing.T) {
	s, err := sim.Start(sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cfg := s.Config()
	want := map[string]map[readiness.Rule]readiness.Status{
		"prod": {readiness.RuleDescriptor: readiness.Pass, readiness.RuleLicensing: readiness.Pass, readiness.RuleSLAURL: readiness.Pass,
			readiness.RuleSupportURL: readiness.Pass, readiness.RuleSecurityURL: readiness.Pass},
		"staging": {readiness.RuleDescriptor: readiness.Fail, readiness.RuleLicensing: readiness.Fail, readiness.RuleSLAURL: readiness.Pass,
			readiness.RuleSupportURL: readiness.Pass, readiness.RuleSecurityURL: readiness.Fail},
	}
	for env, rules := range want {
		e := cfg.Envs[env]
		r := e.Readiness
		if r.DescriptorURL == "" || r.BackupQuery == "" || r.SyntheticQuery == "" || r.RPO.Duration != 24*time.Hour {
			t.Fatalf("%s readiness section not configured: %+v", env, r)
		}
		c := descriptor.New(descriptor.Config{DescriptorURL: r.DescriptorURL, SLAURL: r.SLAURL, SupportURL: r.SupportURL, SecurityURL: r.SecurityURL, Timeout: 5 * time.Second})
		var obs readiness.Observations
		c.Probe(context.Background()).Fill(&obs)
		ev := readiness.Evaluate(obs)
		for rule, st := range rules {
			if ev[rule].Status != st {
				t.Errorf("%s %s = %v (%s), want %v", env, rule, ev[rule].Status, ev[rule].Summary, st)
			}
		}
		if env == "prod" && obs.SecurityPage.FinalURL != s.URL("/app/prod/trust/security") {
			t.Errorf("prod security page ended at %q: the redirect was not followed", obs.SecurityPage.FinalURL)
		}
	}
}

func TestReadinessMetric(t *testing.T) {
	start := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	s, err := sim.Start(sim.Options{Now: func() time.Time { return start }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cfg := s.Config()
	now := float64(start.Add(90 * time.Minute).Unix())
	obs := func(env, q string, limit time.Duration) *readiness.MetricObs {
		v, ok := s.ReadinessMetric(q, now)
		if !ok {
			t.Fatalf("%s: %q not answered", env, q)
		}
		m := &readiness.MetricObs{Query: q, Limit: limit}
		if len(v) > 0 {
			m.Found, m.Value = true, v[0]
		}
		return m
	}
	at := start.Add(90 * time.Minute)
	for _, tt := range []struct {
		env  string
		rule readiness.Rule
		want readiness.Status
	}{
		{"prod", readiness.RuleBackup, readiness.Pass},       // seed 000: nightly backup within a 24h RPO
		{"staging", readiness.RuleBackup, readiness.Fail},    // stopped 50h ago
		{"prod", readiness.RuleSynthetic, readiness.Pass},    // seed 002: every 15 minutes
		{"staging", readiness.RuleSynthetic, readiness.Fail}, // no results at all
	} {
		r := cfg.Envs[tt.env].Readiness
		q, limit := r.BackupQuery, r.RPO.Duration
		if tt.rule == readiness.RuleSynthetic {
			q, limit = r.SyntheticQuery, time.Hour
		}
		if e := readiness.FreshnessEvidence(tt.rule, obs(tt.env, q, limit), at); e.Status != tt.want {
			t.Errorf("%s %s = %v (%s), want %v", tt.env, tt.rule, e.Status, e.Summary, tt.want)
		}
	}
	if _, ok := s.ReadinessMetric("up", now); ok {
		t.Error("an SLO or unknown query was answered as a readiness metric")
	}
}
