package readiness

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// HealthDeadline is how fast the health-check resource must answer (seed 002: within 3 s).
const HealthDeadline = 3 * time.Second

// FortifiedWindow is the window SLOs are measured over in the Cloud Fortified program (seed 002).
const FortifiedWindow = 28 * 24 * time.Hour

// Evaluate computes every rule over obs. Every rule of Rules is present in the result.
func Evaluate(obs Observations) map[Rule]Evidence {
	return map[Rule]Evidence{
		RuleHealthCheck: HealthEvidence(obs.Health),
		RuleSLOs:        SLOEvidence(obs.SLOs),
		RuleMaintenance: MaintenanceEvidence(obs.Maintenance, obs.Now),
		RulePager:       PagerEvidence(obs.Pager),
		RuleBackup:      FreshnessEvidence(RuleBackup, obs.Backup, obs.Now),
		RuleSynthetic:   FreshnessEvidence(RuleSynthetic, obs.Synthetic, obs.Now),
		RuleDescriptor:  DescriptorEvidence(obs.Descriptor),
		RuleLicensing:   LicensingEvidence(obs.Descriptor),
		RuleSLAURL:      PageEvidence(RuleSLAURL, obs.SLAPage),
		RuleSupportURL:  PageEvidence(RuleSupportURL, obs.SupportPage),
		RuleSecurityURL: PageEvidence(RuleSecurityURL, obs.SecurityPage),
	}
}

// HealthEvidence checks every probed health-check resource: 200 over HTTPS within 3 s, without a
// redirect (seed 002, "3. Identify or implement a health check resource").
func HealthEvidence(h *HealthObs) Evidence {
	const r = RuleHealthCheck
	if h == nil {
		return unknown(r, "no health-check results yet")
	}
	if len(h.Probes) == 0 {
		if h.Err != "" {
			return Evidence{Rule: r, Status: Unknown, Summary: "health checks could not run: " + h.Err, At: h.At}
		}
		return Evidence{Rule: r, Status: Fail, At: h.At,
			Summary: "no health-check resource configured (seed 002 requires one)",
			Checks:  []Check{{What: "health-check resources", Status: Fail, Detail: "none configured"}}}
	}
	var cs []Check
	bad, local := 0, 0
	for _, p := range h.Probes {
		name := p.Name
		if name == "" {
			name = p.URL
		}
		c := Check{What: name}
		switch {
		case p.Err != "":
			c.Status, c.Detail = Fail, p.Err
		case p.Status >= 300 && p.Status < 400:
			c.Status, c.Detail = Fail, fmt.Sprintf("HTTP %d redirect, which the platform does not follow", p.Status)
			if p.Location != "" {
				c.Detail += " (to " + p.Location + ")"
			}
		case p.Status != 200:
			c.Status, c.Detail = Fail, fmt.Sprintf("HTTP %d: only 200 counts", p.Status)
		case p.Latency > HealthDeadline:
			c.Status, c.Detail = Fail, fmt.Sprintf("HTTP 200 in %s, over %s", Dur(p.Latency.Round(time.Millisecond)), Dur(HealthDeadline))
		default:
			c.Status, c.Detail = Pass, fmt.Sprintf("HTTP 200 in %s", Dur(p.Latency.Round(time.Millisecond)))
		}
		// The scheme: https passes, plain http elsewhere than loopback fails, loopback is noted.
		switch sc := httpsCheck("", p.URL); sc.Status {
		case Fail:
			if c.Status == Pass {
				c.Detail = sc.Detail + "; " + c.Detail
			} else {
				c.Detail += "; " + sc.Detail
			}
			c.Status = Fail
		case Unknown:
			local++
			c.Detail += " (loopback http: HTTPS not verified)"
		}
		if c.Status == Fail {
			bad++
		}
		cs = append(cs, c)
	}
	sum := fmt.Sprintf("%d of %d health checks answer 200 over HTTPS within %s", len(h.Probes)-bad, len(h.Probes), Dur(HealthDeadline))
	if local > 0 {
		sum = fmt.Sprintf("%d of %d health checks answer 200 within %s (loopback: HTTPS not verified)", len(h.Probes)-bad, len(h.Probes), Dur(HealthDeadline))
	}
	return Evidence{Rule: r, Status: combine(cs), Summary: sum, Checks: cs, At: h.At}
}

// SLOEvidence checks that an availability and a latency SLO are defined, measured over 28 days,
// and currently met (seed 002, "Creating a reliable experience for customers").
func SLOEvidence(s *SLOObs) Evidence {
	const r = RuleSLOs
	if s == nil {
		return unknown(r, "no SLO data yet")
	}
	if len(s.SLOs) == 0 {
		if s.Err != "" {
			return Evidence{Rule: r, Status: Unknown, Summary: "SLOs could not be evaluated: " + s.Err, At: s.At}
		}
		return Evidence{Rule: r, Status: Fail, At: s.At, Summary: "no SLO defined",
			Checks: []Check{{What: "SLOs defined", Status: Fail, Detail: "none: define availability and latency SLOs"}}}
	}
	var cs []Check
	for _, kind := range []string{"availability", "latency"} {
		var names []string
		for _, x := range s.SLOs {
			if strings.EqualFold(x.Kind, kind) || (kind == "availability" && strings.EqualFold(x.Kind, "probe")) {
				names = append(names, x.Name)
			}
		}
		c := Check{What: kind + " SLO defined", Status: Pass, Detail: strings.Join(names, ", ")}
		if len(names) == 0 {
			c.Status, c.Detail = Fail, "none"
		}
		cs = append(cs, c)
	}
	met, total := 0, 0
	for _, x := range s.SLOs {
		wc := Check{What: x.Name + ": 28-day window", Status: Pass, Detail: Dur(x.Window)}
		if x.Window != FortifiedWindow {
			wc.Status, wc.Detail = Fail, fmt.Sprintf("%s, but Cloud Fortified measures over 28d", Dur(x.Window))
		}
		mc := Check{What: x.Name + ": objective met"}
		total++
		switch {
		case !x.HasData:
			mc.Status, mc.Detail = Unknown, "no data"
			if x.Err != "" {
				mc.Detail = x.Err
			}
		case x.Met:
			met++
			mc.Status, mc.Detail = Pass, fmt.Sprintf("%s ≥ %s", Percent(x.Compliance), Percent(x.Objective))
		default:
			mc.Status, mc.Detail = Fail, fmt.Sprintf("%s < %s", Percent(x.Compliance), Percent(x.Objective))
		}
		cs = append(cs, wc, mc)
	}
	sum := fmt.Sprintf("%d of %d SLOs met over their window", met, total)
	return Evidence{Rule: r, Status: combine(cs), Summary: sum, Checks: cs, At: s.At}
}

// Percent formats a ratio as a percentage with up to three decimals: 0.999 → "99.9%".
func Percent(v float64) string {
	p := math.Floor(v*100*1000+0.5) / 1000
	s := fmt.Sprintf("%.3f", p)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s + "%"
}

// MaintenanceEvidence checks that maintenance windows are published on the status page, and that
// every window opsdeck knows of is among them (seed 001, "Maintenance Windows").
func MaintenanceEvidence(m *MaintenanceObs, now time.Time) Evidence {
	const r = RuleMaintenance
	if m == nil {
		return unknown(r, "no status page data yet")
	}
	if m.Err != "" {
		return Evidence{Rule: r, Status: Unknown, Summary: "status page could not be read: " + m.Err, At: m.At}
	}
	if len(m.Declared) == 0 && len(m.Published) == 0 {
		return Evidence{Rule: r, Status: Unknown, At: m.At, Summary: "no maintenance window declared or published",
			Checks: []Check{{What: "maintenance windows", Status: Unknown, Detail: "none scheduled: nothing to publish yet"}}}
	}
	var cs []Check
	missing := 0
	for _, d := range m.Declared {
		c := Check{What: "published: " + windowText(d)}
		if p, ok := findOverlap(d, m.Published); ok {
			c.Status, c.Detail = Pass, "on the status page as "+quote(p.Name)
		} else {
			missing++
			c.Status, c.Detail = Fail, "not on the status page"
		}
		cs = append(cs, c)
	}
	if len(m.Declared) == 0 {
		cs = append(cs, Check{What: "status page maintenances", Status: Pass,
			Detail: fmt.Sprintf("%d scheduled, next %s", len(m.Published), windowText(next(m.Published, now)))})
	}
	sum := fmt.Sprintf("%d maintenance windows on the status page", len(m.Published))
	if missing > 0 {
		sum = fmt.Sprintf("%d of %d known maintenance windows not published", missing, len(m.Declared))
	}
	return Evidence{Rule: r, Status: combine(cs), Summary: sum, Checks: cs, At: m.At}
}

func findOverlap(w Window, in []Window) (Window, bool) {
	for _, p := range in {
		if p.Start.Before(w.End) && w.Start.Before(p.End) {
			return p, true
		}
	}
	return Window{}, false
}

func next(ws []Window, now time.Time) Window {
	sorted := append([]Window(nil), ws...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Start.Before(sorted[j].Start) })
	for _, w := range sorted {
		if w.End.After(now) {
			return w
		}
	}
	return sorted[len(sorted)-1]
}

func windowText(w Window) string {
	s := w.Start.UTC().Format("2006-01-02 15:04") + "–" + w.End.UTC().Format("15:04") + " UTC"
	if w.End.Sub(w.Start) >= 24*time.Hour {
		s = w.Start.UTC().Format("2006-01-02 15:04") + " – " + w.End.UTC().Format("2006-01-02 15:04") + " UTC"
	}
	if w.Name != "" {
		s = quote(w.Name) + " " + s
	}
	return s
}

func quote(s string) string { return "“" + s + "”" }

// PagerEvidence checks that a pager is configured and a test page could be sent or, in a dry run,
// built and validated (seed 000: a 24x7 emergency contact; seed 002: alerts on breach).
func PagerEvidence(p *PagerObs) Evidence {
	const r = RulePager
	if p == nil {
		return unknown(r, "pager state not known yet")
	}
	cfg := Check{What: "pager configured", Status: Pass, Detail: p.Driver}
	if !p.Configured {
		cfg.Status, cfg.Detail = Fail, "no [pager] section: nobody is paged on a breach"
		return Evidence{Rule: r, Status: Fail, Summary: "no pager configured", Checks: []Check{cfg}, At: p.At}
	}
	test := Check{What: "test page"}
	switch {
	case !p.Tested:
		test.Status, test.Detail = Unknown, "not tried yet"
	case !p.TestOK:
		test.Status, test.Detail = Fail, p.Detail
	case p.DryRun:
		test.Status, test.Detail = Pass, "dry run: "+p.Detail
	default:
		test.Status, test.Detail = Pass, "sent: "+p.Detail
	}
	cs := []Check{cfg, test}
	sum := "pager " + p.Driver + " configured, test page " + test.Status.String()
	return Evidence{Rule: r, Status: combine(cs), Summary: sum, Checks: cs, At: p.At}
}

// FreshnessEvidence checks that a timestamp metric is recent enough: the last successful backup
// within the RPO (seed 000, "Business continuity planning"), the last synthetic run within its
// maximum age (seed 002, "2. Implement synthetic tests:").
func FreshnessEvidence(r Rule, m *MetricObs, now time.Time) Evidence {
	what := "last successful backup"
	limitName := "RPO"
	if r == RuleSynthetic {
		what, limitName = "last synthetic test result", "maximum age"
	}
	if m == nil {
		return unknown(r, "no metric configured for the "+what)
	}
	if m.Err != "" {
		return Evidence{Rule: r, Status: Unknown, Summary: "metric could not be read: " + m.Err, At: m.At,
			Checks: []Check{{What: m.Query, Status: Unknown, Detail: m.Err}}}
	}
	if m.Limit <= 0 {
		return Evidence{Rule: r, Status: Unknown, Summary: "no " + limitName + " configured to compare with", At: m.At}
	}
	c := Check{What: fmt.Sprintf("%s within %s %s (%s)", what, limitName, Dur(m.Limit), m.Query)}
	switch {
	case !m.Found:
		c.Status, c.Detail = Fail, "the query returned no sample: nothing recorded"
	case math.IsNaN(m.Value) || math.IsInf(m.Value, 0) || m.Value <= 0:
		c.Status, c.Detail = Fail, fmt.Sprintf("value %v is not a Unix timestamp", m.Value)
	default:
		sec, frac := math.Modf(math.Min(m.Value, 1<<40)) // beyond year 36000: surely not seconds
		ts := time.Unix(int64(sec), int64(frac*1e9))
		age := now.Sub(ts)
		switch {
		case age < -5*time.Minute:
			c.Status, c.Detail = Fail, fmt.Sprintf("%s is in the future: is the metric a Unix time in seconds?", ts.UTC().Format(time.RFC3339))
		case age > m.Limit:
			c.Status, c.Detail = Fail, fmt.Sprintf("%s ago (%s), older than the %s", Ago(age), ts.UTC().Format(time.RFC3339), limitName)
		default:
			c.Status, c.Detail = Pass, fmt.Sprintf("%s ago (%s)", Ago(age), ts.UTC().Format(time.RFC3339))
		}
	}
	return Evidence{Rule: r, Status: c.Status, Summary: what + ": " + c.Detail, Checks: []Check{c}, At: m.At}
}

// DescriptorEvidence checks the app descriptor: it is fetched, its baseUrl is HTTPS (seed 004,
// "Development checklist") and it declares lifecycle callbacks, at least "installed", which
// delivers the shared secret.
func DescriptorEvidence(d *DescriptorObs) Evidence {
	const r = RuleDescriptor
	if d == nil {
		return unknown(r, "no descriptor URL configured")
	}
	if d.Err != "" {
		return Evidence{Rule: r, Status: Fail, Summary: "descriptor not fetched: " + d.Err, At: d.At,
			Checks: []Check{{What: "GET " + d.URL, Status: Fail, Detail: d.Err}}}
	}
	var cs []Check
	if d.BaseURL == "" {
		cs = append(cs, Check{What: "baseUrl", Status: Fail, Detail: "missing"})
	} else {
		c := httpsCheck("baseUrl is HTTPS", d.BaseURL)
		c.Detail = d.BaseURL + ": " + c.Detail
		cs = append(cs, c)
	}
	events := make([]string, 0, len(d.Lifecycle))
	for e := range d.Lifecycle {
		events = append(events, e)
	}
	sort.Strings(events)
	inst := Check{What: "lifecycle callback \"installed\"", Status: Pass}
	if p, ok := d.Lifecycle["installed"]; ok && strings.TrimSpace(p) != "" {
		inst.Detail = p
	} else {
		inst.Status, inst.Detail = Fail, "missing: the app never receives the shared secret"
	}
	cs = append(cs, inst)
	for _, e := range events {
		p := d.Lifecycle[e]
		if strings.Contains(p, "://") {
			c := httpsCheck("lifecycle "+e+" is HTTPS", p)
			c.Detail = p + ": " + c.Detail
			cs = append(cs, c)
		}
	}
	sum := fmt.Sprintf("baseUrl %s, lifecycle: %s", orNone(d.BaseURL), orNone(strings.Join(events, ", ")))
	return Evidence{Rule: r, Status: combine(cs), Summary: sum, Checks: cs, At: d.At}
}

// LicensingEvidence checks that the descriptor sets enableLicensing, without which the products do
// not send the lic parameter the app must check on every request (seed 004). Free apps answer the
// item not applicable.
func LicensingEvidence(d *DescriptorObs) Evidence {
	const r = RuleLicensing
	if d == nil {
		return unknown(r, "no descriptor URL configured")
	}
	if d.Err != "" {
		return Evidence{Rule: r, Status: Unknown, Summary: "descriptor not fetched: " + d.Err, At: d.At}
	}
	c := Check{What: "descriptor enableLicensing"}
	switch {
	case d.EnableLicensing == nil:
		c.Status, c.Detail = Fail, "not set: the products send no lic parameter (free apps: not applicable)"
	case *d.EnableLicensing:
		c.Status, c.Detail = Pass, "true: lic reaches every iframe request"
	default:
		c.Status, c.Detail = Fail, "false: the products send no lic parameter (free apps: not applicable)"
	}
	return Evidence{Rule: r, Status: c.Status, Summary: c.What + " " + c.Detail, Checks: []Check{c}, At: d.At}
}

// PageEvidence checks that a published page answers 2xx and ends on HTTPS.
func PageEvidence(r Rule, p *PageObs) Evidence {
	if p == nil {
		return unknown(r, "no URL configured")
	}
	if p.Err != "" {
		return Evidence{Rule: r, Status: Fail, Summary: p.URL + ": " + p.Err, At: p.At,
			Checks: []Check{{What: "GET " + p.URL, Status: Fail, Detail: p.Err}}}
	}
	final := p.FinalURL
	if final == "" {
		final = p.URL
	}
	cs := []Check{httpsCheck("HTTPS", final)}
	ans := Check{What: "GET " + p.URL, Status: Pass, Detail: fmt.Sprintf("HTTP %d in %s", p.Status, Dur(p.Latency.Round(time.Millisecond)))}
	if final != p.URL {
		ans.Detail += " via " + final
	}
	if p.Status < 200 || p.Status > 299 {
		ans.Status = Fail
	}
	cs = append(cs, ans)
	st := combine(cs)
	if st == Unknown && ans.Status == Pass {
		st = Pass // a loopback page answered: only its scheme could not be judged
	}
	return Evidence{Rule: r, Status: st, Summary: p.URL + ": " + ans.Detail, Checks: cs, At: p.At}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
