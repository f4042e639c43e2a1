package license_test

import (
	"testing"

	"github.com/opsdeck/opsdeck/models/license"
)

func TestCount(t *testing.T) {
	created := license.Date(2024, 1, 5)
	ls := []license.License{
		lic("c01-trial-soon", "a.atlassian.net", trial(-40, 3)),                   // trial ending this week
		lic("c02-trial-late", "b.atlassian.net", trial(-10, 30)),                  // trial, later
		lic("c03-trial-odd", "c.atlassian.net", trial(-10, 70)),                   // 80-day trial: seed 004 line 37
		lic("c04-active", "d.atlassian.net", paid(license.StatusActive, 100)),     //
		lic("c05-cancelled", "e.atlassian.net", paid(license.StatusCancelled, 5)), // seed 004 line 39
		lic("c06-removal", "f.atlassian.net", paid(license.StatusCancelled, -2)),  // seed 004 line 41: due
		lic("c07-removed", "g.atlassian.net", paid(license.StatusInactive, -40)),  // data gone
		lic("c08-notinst", "h.atlassian.net", paid(license.StatusActive, 100)),    // licensed, not installed
	}
	var ins []license.Installation
	for _, l := range ls[:7] {
		ins = append(ins, inst("ck-"+l.CloudID, l.CloudID, "https://"+l.SiteHostname, "jira", license.FlagYes, created))
	}
	ins = append(ins, inst("ck-none", "c09-unlicensed", "https://i.atlassian.net", "jira", license.FlagYes, created))
	c := license.Count(license.Join(ls, ins, now))

	checks := []struct {
		name      string
		got, want int
	}{
		{"Total", c.Total, 9},
		{"trial", c.ByState[license.StateTrial], 3},
		{"active", c.ByState[license.StateActive], 2},
		{"cancelled", c.ByState[license.StateCancelled], 1},
		{"expired", c.ByState[license.StateExpired], 2},
		{"none", c.ByState[license.StateNone], 1},
		{"TrialsEndingSoon", c.TrialsEndingSoon, 1},
		{"RemovalsDue (seed 004 line 41)", c.RemovalsDue, 1},
		// c06 and c07 are installed and expired, c09 has no license: three unlicensed.
		{"unlicensed (seed 004 line 25)", c.Anomaly(license.AnomalyUnlicensed), 3},
		{"not-installed", c.Anomaly(license.AnomalyNotInstalled), 1},
		{"trial-length (seed 004 line 37)", c.Anomaly(license.AnomalyTrialLength), 1},
		{"duplicate", c.Anomaly(license.AnomalyDuplicate), 0},
		{"Anomalous", c.Anomalous, 5},
		{"Installed", c.Installed, 8},
		{"States map", c.States["trial"], 3},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("Count().%s = %d, want %d", ch.name, ch.got, ch.want)
		}
	}
	if got, want := c.StateLine(), "9 tenants: 3 trial, 2 active, 1 cancelled, 2 expired, 1 none"; got != want {
		t.Errorf("StateLine() = %q, want %q", got, want)
	}
	want := "1 trial ending this week, 1 data removal due, 3 installed without license, 1 licensed not installed, 1 odd trial length"
	if got := c.AttentionLine(); got != want {
		t.Errorf("AttentionLine() = %q, want %q", got, want)
	}
	if got, want := license.Count(nil).AttentionLine(), "nothing needs attention"; got != want {
		t.Errorf("empty AttentionLine() = %q, want %q", got, want)
	}
	if got, want := license.Count(nil).StateLine(), "0 tenants"; got != want {
		t.Errorf("empty StateLine() = %q, want %q", got, want)
	}
}
