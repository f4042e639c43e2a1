package readiness_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/google/go-cmp/cmp"
	"github.com/opsdeck/opsdeck/models/readiness"
)

func item(t *testing.T, id string) readiness.Item {
	t.Helper()
	it, ok := readiness.Find(id)
	if !ok {
		t.Fatalf("no item %s", id)
	}
	return it
}

func failingHealth() map[readiness.Rule]readiness.Evidence {
	ev := readiness.Evaluate(readiness.Observations{Now: now, Health: &readiness.HealthObs{At: now, Probes: []readiness.HealthProbe{
		{Name: "api", URL: "https://app.example.com/health", Status: 503, Latency: 40 * time.Millisecond},
	}}})
	return ev
}

func TestParseVerdict(t *testing.T) {
	for in, want := range map[string]readiness.Verdict{"pass": readiness.VerdictPass, " FAIL ": readiness.VerdictFail, "n/a": readiness.NotApplicable, "": readiness.Unanswered} {
		got, err := readiness.ParseVerdict(in)
		if err != nil || got != want {
			t.Errorf("ParseVerdict(%q) = %q, %v, want %q", in, got, err, want)
		}
	}
	if _, err := readiness.ParseVerdict("passed"); err == nil || !strings.Contains(err.Error(), `"n/a"`) {
		t.Errorf("ParseVerdict(passed) error = %v, want one listing the verdicts", err)
	}
}

// Issue 8 point 3: items with failing live evidence cannot be marked pass without a note.
func TestSetRefusesPassOverFailingEvidenceWithoutANote(t *testing.T) {
	it := item(t, "cf.health-check") // evidence: health-check (seed 002)
	ev := failingHealth()
	s := readiness.Sheet{Answers: map[string]readiness.Answer{}}
	tests := []struct {
		name    string
		ans     readiness.Answer
		wantErr bool
	}{
		{"pass without note is refused", readiness.Answer{Verdict: readiness.VerdictPass}, true},
		{"pass with blank note is refused", readiness.Answer{Verdict: readiness.VerdictPass, Note: "  \n "}, true},
		{"pass with a note saying why is kept", readiness.Answer{Verdict: readiness.VerdictPass, Note: "503 is the staging check; prod answers"}, false},
		{"fail needs no note", readiness.Answer{Verdict: readiness.VerdictFail}, false},
		{"n/a needs no note", readiness.Answer{Verdict: readiness.NotApplicable}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Set(it, tt.ans, ev)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Set() error = %v, wantErr %v", err, tt.wantErr)
			}
			if tt.wantErr {
				if !errors.Is(err, readiness.ErrNoteRequired) || !strings.Contains(err.Error(), "Health-check resource") {
					t.Errorf("Set() error = %v, want ErrNoteRequired naming the failing evidence", err)
				}
				if _, ok := got.Answers[it.ID]; ok {
					t.Error("refused answer was recorded")
				}
				return
			}
			if diff := cmp.Diff(tt.ans, got.Answers[it.ID]); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
			if len(s.Answers) != 0 {
				t.Error("Set changed the receiver")
			}
		})
	}
	// the same pass is fine once the evidence passes
	okEv := readiness.Evaluate(readiness.Observations{Now: now, Health: &readiness.HealthObs{Probes: []readiness.HealthProbe{
		{Name: "api", URL: "https://app.example.com/health", Status: 200, Latency: 40 * time.Millisecond}}}})
	if _, err := s.Set(it, readiness.Answer{Verdict: readiness.VerdictPass}, okEv); err != nil {
		t.Errorf("Set(pass) with passing evidence: %v", err)
	}
	// an item without that evidence is not affected
	if _, err := s.Set(item(t, "sla.rto"), readiness.Answer{Verdict: readiness.VerdictPass}, ev); err != nil {
		t.Errorf("Set(sla.rto pass): %v", err)
	}
}

func TestSetClearsAnEmptyAnswer(t *testing.T) {
	s := readiness.Sheet{Answers: map[string]readiness.Answer{"sla.rto": {Verdict: readiness.VerdictPass}}}
	got, err := s.Set(item(t, "sla.rto"), readiness.Answer{}, nil)
	if err != nil || len(got.Answers) != 0 {
		t.Errorf("Set(empty) = %v, %v; want the answer removed", got.Answers, err)
	}
	got, _ = s.Set(item(t, "sla.rto"), readiness.Answer{Note: "draft"}, nil)
	if got.Answers["sla.rto"].Note != "draft" {
		t.Errorf("a note without verdict was dropped: %v", got.Answers)
	}
}

func TestBySection(t *testing.T) {
	list := readiness.Checklist()
	s := readiness.Sheet{Answers: map[string]readiness.Answer{
		"sla.uptime": {Verdict: readiness.VerdictPass}, "sla.rto": {Verdict: readiness.VerdictFail},
		"sla.rpo": {Verdict: readiness.NotApplicable}, "sla.resolution": {Note: "draft only"},
		"dev.browsers": {Verdict: readiness.VerdictPass}, "gone.item": {Verdict: readiness.VerdictPass},
	}}
	ps := readiness.BySection(list, s)
	if len(ps) != len(readiness.Sections()) {
		t.Fatalf("BySection() has %d rows, want %d", len(ps), len(readiness.Sections()))
	}
	sla := ps[0]
	if sla.Section != readiness.SectionSLA || sla.Total != 9 || sla.Passed != 1 || sla.Failed != 1 || sla.NotAppl != 1 || sla.Answered() != 3 || sla.Open() != 6 {
		t.Errorf("SLA progress = %+v", sla)
	}
	all := readiness.Sum(ps)
	if all.Total != len(list) || all.Answered() != 4 {
		t.Errorf("Sum() = %+v, want %d items, 4 answered", all, len(list))
	}
	if r := (readiness.Progress{}).Ratio(); r != 0 {
		t.Errorf("empty Ratio() = %v", r)
	}
}

func allAnswered(v readiness.Verdict) readiness.Sheet {
	s := readiness.Sheet{Answers: map[string]readiness.Answer{}}
	for _, it := range readiness.Checklist() {
		s.Answers[it.ID] = readiness.Answer{Verdict: v, Note: "done"}
	}
	return s
}

func TestAssess(t *testing.T) {
	list := readiness.Checklist()
	if a := readiness.Assess(list, readiness.Sheet{}, nil); a.OK() || len(a.Unanswered) == 0 {
		t.Errorf("empty sheet: OK() = %v, %d unanswered; want not OK", a.OK(), len(a.Unanswered))
	}
	if a := readiness.Assess(list, allAnswered(readiness.VerdictPass), nil); !a.OK() {
		t.Errorf("all passed: OK() = false: %+v", a)
	}
	if a := readiness.Assess(list, allAnswered(readiness.NotApplicable), nil); !a.OK() {
		t.Errorf("all n/a: OK() = false")
	}
	s := allAnswered(readiness.VerdictPass)
	s.Answers["sla.rto"] = readiness.Answer{Verdict: readiness.VerdictFail, Note: "no RTO yet\nwe are working on it"}
	delete(s.Answers, "perf.horizontal") // recommended, not required
	delete(s.Answers, "perf.load")
	s.Answers["cf.health-check"] = readiness.Answer{Verdict: readiness.VerdictPass} // hand-edited: no note over failing evidence
	s.Answers["old.item"] = readiness.Answer{Verdict: readiness.VerdictPass}
	a := readiness.Assess(list, s, failingHealth())
	if a.OK() {
		t.Fatal("OK() = true with a failing, an unanswered and an unjustified pass")
	}
	var failing, open []string
	for _, f := range a.Failing {
		failing = append(failing, f.Item.ID+": "+f.Reason)
	}
	for _, it := range a.Unanswered {
		open = append(open, it.ID)
	}
	wantFailing := []string{
		"sla.rto: answered fail: no RTO yet …",
		"cf.health-check: passed without a note while live evidence fails: Health-check resource (0 of 1 health checks answer 200 over HTTPS within 3s)",
	}
	if diff := cmp.Diff(wantFailing, failing); diff != "" {
		t.Errorf("Failing (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"perf.load"}, open); diff != "" {
		t.Errorf("Unanswered (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"old.item"}, a.Unknown); diff != "" {
		t.Errorf("Unknown (-want +got):\n%s", diff)
	}
}

// The export answers every approval-ticket question or marks it MISSING (issue 8, done when).
func TestWriteMarkdown(t *testing.T) {
	list := readiness.Checklist()
	s := readiness.Sheet{Position: "sla.rto", Answers: map[string]readiness.Answer{
		"sla.uptime":             {Verdict: readiness.VerdictPass, Note: "99.9% outside maintenance windows, see https://example.com/sla", At: now},
		"ticket.scaling-factors": {Verdict: readiness.VerdictPass, Note: "Per-tenant Postgres schemas; jobs on a queue.\n\n- bulk export paginates by 100\n- no N+1 calls | none", At: now},
		"ticket.backups":         {Verdict: readiness.VerdictFail, Note: "Nightly <pg_dump>, kept 30 days; restore takes 2h.", At: now},
		"ticket.rate-limits":     {Verdict: readiness.VerdictPass},
		"sla.rto":                {Note: "draft: 8h?"},
		"removed.item":           {Verdict: readiness.NotApplicable, Note: "kept"},
	}}
	ev := readiness.Evaluate(readiness.Observations{Now: now,
		Health: &readiness.HealthObs{At: now, Probes: []readiness.HealthProbe{{Name: "api", URL: "https://app.example.com/health", Status: 200, Latency: 120 * time.Millisecond}}},
		Backup: &readiness.MetricObs{At: now, Query: "backup_last_success_timestamp_seconds", Found: true, Value: float64(now.Add(-30 * time.Hour).Unix()), Limit: 24 * time.Hour},
	})
	var b bytes.Buffer
	if err := readiness.WriteMarkdown(&b, readiness.Document{App: "Acme Timesheets", Env: "prod", Source: "readiness.toml", Date: now, Items: list, Sheet: s, Evidence: ev}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, it := range list {
		if it.Ticket == "" {
			continue
		}
		if !strings.Contains(out, "#### "+it.Question) {
			t.Errorf("export lacks approval-ticket question %s", it.ID)
		}
	}
	if n := strings.Count(out, "**Answer: MISSING**"); n != 12 {
		t.Errorf("export marks %d ticket questions MISSING, want 12 (15 minus 3 answered)", n)
	}
	for _, want := range []string{"Exported 2026-03-02 12:00 UTC", "**Not ready:**", "&lt;pg_dump>", "no N+1 calls | none", "Evidence, Backup freshness: **FAIL**", "`removed.item`"} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %q", want)
		}
	}
	golden.RequireEqual(t, b.Bytes())
}
