package readiness_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/opsdeck/opsdeck/models/readiness"
)

// seedText reads a seed from testdata/seeds, the copy of ../shared/seeds kept with the tests.
func seedText(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "seeds", file))
	if err != nil {
		t.Fatalf("seed %s: %v", file, err)
	}
	return string(b)
}

func norm(s string) string { return strings.Join(strings.Fields(s), " ") }

// sectionSpan returns the text of seed from the heading line to the next heading of the seed.
func sectionSpan(t *testing.T, s readiness.Seed, heading string) (string, bool) {
	t.Helper()
	lines := strings.Split(seedText(t, s.File), "\n")
	start := -1
	for i, l := range lines {
		if strings.TrimSpace(l) == heading {
			start = i
			break
		}
	}
	if start < 0 {
		return "", false
	}
	end := len(lines)
	for i := start + 1; i < len(lines) && end == len(lines); i++ {
		for _, h := range s.Sections {
			if h != heading && strings.TrimSpace(lines[i]) == h {
				end = i
				break
			}
		}
	}
	return norm(strings.Join(lines[start:end], "\n")), true
}

func TestSeedCopiesMatchShared(t *testing.T) {
	shared := filepath.Join("..", "..", "..", "shared", "seeds")
	if _, err := os.Stat(shared); err != nil {
		t.Skipf("no %s beside the repository: the testdata copies are the reference", shared)
	}
	for _, s := range readiness.Seeds() {
		want, err := os.ReadFile(filepath.Join(shared, s.File))
		if err != nil {
			t.Errorf("seed %s is cited but missing from %s: %v", s.File, shared, err)
			continue
		}
		if got := []byte(seedText(t, s.File)); !bytes.Equal(got, want) {
			t.Errorf("testdata/seeds/%s differs from %s: copy it again", s.File, shared)
		}
	}
}

func TestSeedHeadingsAreInTheSeeds(t *testing.T) {
	for _, s := range readiness.Seeds() {
		lines := map[string]bool{}
		for _, l := range strings.Split(seedText(t, s.File), "\n") {
			lines[strings.TrimSpace(l)] = true
		}
		for _, h := range s.Sections {
			if !lines[h] {
				t.Errorf("seed %s has no heading line %q", s.File, h)
			}
		}
	}
}

// Every item names its seed, a section of that seed, and words of that section (issue 8: "a test
// fails if an item loses its citation").
func TestEveryItemCitesASeedSection(t *testing.T) {
	seeds := map[string]readiness.Seed{}
	for _, s := range readiness.Seeds() {
		seeds[s.File] = s
	}
	for _, it := range readiness.Checklist() {
		if len(it.Cites) == 0 {
			t.Errorf("%s: no citation", it.ID)
		}
		for _, c := range it.Cites {
			s, ok := seeds[c.Seed]
			if !ok {
				t.Errorf("%s cites seed %q, which does not exist", it.ID, c.Seed)
				continue
			}
			span, ok := sectionSpan(t, s, c.Section)
			if !ok || !contains(s.Sections, c.Section) {
				t.Errorf("%s cites section %q, which is not a heading of seed %s", it.ID, c.Section, c.Seed)
				continue
			}
			if strings.TrimSpace(c.Quote) == "" {
				t.Errorf("%s: citation of %s %q quotes nothing", it.ID, c.Seed, c.Section)
			} else if !strings.Contains(span, norm(c.Quote)) {
				t.Errorf("%s: %q is not in seed %s section %q", it.ID, c.Quote, c.Seed, c.Section)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var idRe = regexp.MustCompile(`^[a-z]+\.[a-z0-9-]+$`)

func TestItemsAreComplete(t *testing.T) {
	seen := map[string]bool{}
	sections := map[string]bool{}
	for _, s := range readiness.Sections() {
		sections[s] = true
	}
	rules := map[readiness.Rule]bool{}
	for _, r := range readiness.Rules() {
		rules[r] = true
	}
	list := readiness.Checklist()
	for _, it := range list {
		if !idRe.MatchString(it.ID) {
			t.Errorf("id %q is not section.words", it.ID)
		}
		if seen[it.ID] {
			t.Errorf("id %q used twice", it.ID)
		}
		seen[it.ID] = true
		if !sections[it.Section] {
			t.Errorf("%s: unknown section %q", it.ID, it.Section)
		}
		if it.Title == "" || it.Question == "" || it.Why == "" {
			t.Errorf("%s: title, question and why are all needed", it.ID)
		}
		for _, r := range it.Evidence {
			if !rules[r] {
				t.Errorf("%s: unknown rule %q", it.ID, r)
			}
		}
		if got, ok := readiness.Find(it.ID); !ok || got.ID != it.ID {
			t.Errorf("Find(%q) = %v, %v", it.ID, got.ID, ok)
		}
	}
	// walk order is section order
	last := -1
	order := map[string]int{}
	for i, s := range readiness.Sections() {
		order[s] = i
	}
	for _, it := range list {
		if order[it.Section] < last {
			t.Errorf("%s (%s) comes after a later section", it.ID, it.Section)
		}
		last = order[it.Section]
	}
	// a copy: changing it does not change the checklist
	list[0].Cites[0].Seed = "changed"
	if readiness.Checklist()[0].Cites[0].Seed == "changed" {
		t.Error("Checklist shares its citations with callers")
	}
}

// The coverage issue 8 point 1 asks for, item by item.
func TestChecklistCoverage(t *testing.T) {
	want := map[string]string{
		"sla.uptime":                "seed 000: uptime outside maintenance windows",
		"sla.ui-latency":            "seed 000: UI response-time percentiles",
		"sla.rest-latency":          "seed 000: REST response-time percentiles",
		"sla.rto":                   "seed 000: RTO",
		"sla.rpo":                   "seed 000: RPO",
		"sla.support-availability":  "seed 000: support availability",
		"sla.initial-response":      "seed 000: initial response per level 1-4",
		"sla.resolution":            "seed 000: resolution time",
		"sla.published":             "seed 000: publish the SLA",
		"perf.load":                 "seed 000: load testing",
		"perf.stress":               "seed 000: stress testing",
		"perf.soak":                 "seed 000: soak testing",
		"perf.spike":                "seed 000: spike testing",
		"perf.monitoring":           "seed 000: resource monitoring",
		"maint.versioning":          "seed 000: versioning",
		"maint.regression":          "seed 000: regression testing",
		"maint.windows-published":   "seed 001: publish maintenance windows",
		"maint.windows-message":     "seed 001: meaningful message during maintenance",
		"bc.backups-rpo":            "seed 000: backups meet the RPO",
		"bc.backups-offsite":        "seed 000: backups off-site",
		"bc.recovery-dry-runs":      "seed 000: recovery dry runs",
		"support.url":               "seed 000: support URL",
		"support.hours":             "seed 000: support 8x5",
		"support.tracker":           "seed 000: issue tracker",
		"support.emergency-contact": "seed 000: 24x7 emergency contact",
		"cf.slos":                   "seed 002: SLIs and SLOs over 28 days",
		"cf.alerts":                 "seed 002: alerts on breach",
		"cf.synthetic":              "seed 002: synthetic tests",
		"cf.health-check":           "seed 002: health-check resource",
		"ticket.scaling-factors":    "seed 002: scalability characteristics",
		"ticket.early-rollout":      "seed 002: testing against early-rollout instances",
		"ticket.bad-deploy":         "seed 002: service recovery plan",
		"ticket.backups":            "seed 002: backup frequency, retention",
		"ticket.restore-testing":    "seed 002: restore testing",
		"ticket.availability":       "seed 002: incident management process",
		"dev.https-base-url":        "seed 004: HTTPS base URL",
		"dev.https-only":            "seed 004: HTTPS only",
		"dev.browsers":              "seed 004: supported browsers",
		"dev.localization":          "seed 004: localization",
		"dev.security-statement":    "seed 004: security statement",
		"dev.tenant-user-key":       "seed 004: tenant id plus user key",
		"dev.retention-policy":      "seed 004: data retention policy",
		"dev.resilience":            "seed 004: resilience to slow instances",
		"dev.license-check":         "seed 004: license on every request",
	}
	for id, what := range want {
		if _, ok := readiness.Find(id); !ok {
			t.Errorf("missing item %s (%s)", id, what)
		}
	}
}

// Every bullet of seed 002's approval ticket is a question of its own.
func TestEveryApprovalTicketQuestionIsAnItem(t *testing.T) {
	s := seedText(t, "002_11342fb64186dd7a.txt")
	start := strings.Index(s, "4. Submit this information in your approval ticket:")
	end := strings.Index(s, "5. Familiarize yourself with our incident management process.")
	var bullets []string
	for _, l := range strings.Split(s[start:end], "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "•") {
			b := strings.TrimSpace(strings.TrimPrefix(l, "•"))
			switch b { // the sub-bullets of "in the presence of:" belong to that question
			case "thousands of concurrent users", "large datasets", "distributed users":
				continue
			}
			bullets = append(bullets, b)
		}
	}
	if len(bullets) < 10 {
		t.Fatalf("found %d approval-ticket bullets in seed 002, the test is reading the wrong text", len(bullets))
	}
	// single-question headings have no bullet: their one paragraph is the question
	bullets = append(bullets, "Describe any pre- or post-deployment testing you do against the Developer First Rollout instance.")
	var quotes []string
	headings := map[string]int{}
	for _, it := range readiness.Checklist() {
		if it.Ticket == "" {
			continue
		}
		headings[it.Ticket]++
		if it.Section != readiness.SectionTicket || !it.Required {
			t.Errorf("%s: ticket items are required and in the %s section", it.ID, readiness.SectionTicket)
		}
		for _, c := range it.Cites {
			quotes = append(quotes, norm(c.Quote))
		}
	}
	for _, b := range bullets {
		found := false
		for _, q := range quotes {
			if strings.Contains(norm(b), q) {
				found = true
			}
		}
		if !found {
			t.Errorf("approval-ticket question of seed 002 has no item: %q", b)
		}
	}
	for _, h := range readiness.TicketHeadings() {
		if headings[h] == 0 {
			t.Errorf("ticket heading %q has no item", h)
		}
	}
}

// docs/readiness.md lists every item, so people editing the answers file by hand find every id.
func TestDocsListEveryItem(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "readiness.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range readiness.Checklist() {
		if !strings.Contains(string(b), "`"+it.ID+"`") {
			t.Errorf("docs/readiness.md does not list %s", it.ID)
		}
	}
	want := fmt.Sprintf("%d items in %d sections", len(readiness.Checklist()), len(readiness.Sections()))
	if !strings.Contains(string(b), want) {
		t.Errorf("docs/readiness.md does not say %q", want)
	}
}
