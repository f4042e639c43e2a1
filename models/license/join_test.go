package license_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsdeck/opsdeck/models/license"
)

const (
	cloudA = "aaaaaaaa-1111-2222-3333-444444444444"
	cloudB = "bbbbbbbb-1111-2222-3333-444444444444"
)

func lic(cloud, host string, l license.License) license.License {
	l.CloudID, l.SiteHostname = cloud, host
	if l.LicenseID == "" {
		l.LicenseID = "E-" + cloud[:3]
	}
	return l
}

func inst(ck, cloud, base, product string, installed license.Flag, created time.Time) license.Installation {
	return license.Installation{ClientKey: ck, CloudID: cloud, BaseURL: base, Product: product, Installed: installed,
		Created: created, Updated: created}
}

// summary is what a join case checks of each tenant.
type summary struct {
	ID           string
	State        string
	Anomalies    string
	Host         string
	Hosts        []string
	Installed    bool
	LinkedByHost bool
	LicenseID    string
	Since        time.Time
}

func summarize(ts []license.Tenant) []summary {
	var out []summary
	for _, t := range ts {
		s := summary{ID: t.ID, State: t.Life.State.String(), Anomalies: t.Anomalies.String(), Host: t.Host,
			Hosts: t.Hosts, Installed: t.Installed, LinkedByHost: t.LinkedByHost, Since: t.InstalledSince}
		if t.License != nil {
			s.LicenseID = t.License.LicenseID
		}
		out = append(out, s)
	}
	return out
}

func TestJoin(t *testing.T) {
	created := license.Date(2024, 1, 5)
	later := license.Date(2024, 3, 1)
	tests := []struct {
		name     string
		licenses []license.License
		installs []license.Installation
		want     []summary
	}{
		{
			name:     "seed 004 line 13: license and installation joined by cloud id, no anomaly",
			licenses: []license.License{lic(cloudA, "acme.atlassian.net", paid(license.StatusActive, 40))},
			installs: []license.Installation{inst("ck-1", cloudA, "https://acme.atlassian.net", "jira", license.FlagYes, created)},
			want:     []summary{{ID: cloudA, State: "active", Host: "acme.atlassian.net", Installed: true, LicenseID: "E-aaa", Since: created}},
		},
		{
			name:     "seed 004 line 25: installed without any license",
			installs: []license.Installation{inst("ck-1", cloudA, "https://acme.atlassian.net", "jira", license.FlagYes, created)},
			want: []summary{{ID: cloudA, State: "none", Anomalies: "unlicensed", Host: "acme.atlassian.net",
				Installed: true, Since: created}},
		},
		{
			name:     "seed 004 lines 25 and 43: installed with an expired license must get the unlicensed response",
			licenses: []license.License{lic(cloudA, "acme.atlassian.net", paid(license.StatusInactive, -3))},
			installs: []license.Installation{inst("ck-1", cloudA, "https://acme.atlassian.net", "jira", license.FlagYes, created)},
			want: []summary{{ID: cloudA, State: "expired", Anomalies: "unlicensed", Host: "acme.atlassian.net",
				Installed: true, LicenseID: "E-aaa", Since: created}},
		},
		{
			name:     "seed 004 line 39: installed and cancelled but still in the billing period is fine",
			licenses: []license.License{lic(cloudA, "acme.atlassian.net", paid(license.StatusCancelled, 3))},
			installs: []license.Installation{inst("ck-1", cloudA, "https://acme.atlassian.net", "jira", license.FlagYes, created)},
			want: []summary{{ID: cloudA, State: "cancelled", Host: "acme.atlassian.net",
				Installed: true, LicenseID: "E-aaa", Since: created}},
		},
		{
			name:     "seed 004 line 23: licensed (trial) but not installed",
			licenses: []license.License{lic(cloudA, "acme.atlassian.net", trial(-5, 40))},
			want: []summary{{ID: cloudA, State: "trial", Anomalies: "not-installed", Host: "acme.atlassian.net",
				LicenseID: "E-aaa"}},
		},
		{
			name:     "seed 004 line 23: licensed, the installation record says uninstalled (spring-boot keeps the row)",
			licenses: []license.License{lic(cloudA, "acme.atlassian.net", paid(license.StatusActive, 40))},
			installs: []license.Installation{inst("ck-1", cloudA, "https://acme.atlassian.net", "jira", license.FlagNo, created)},
			want: []summary{{ID: cloudA, State: "active", Anomalies: "not-installed", Host: "acme.atlassian.net",
				LicenseID: "E-aaa"}},
		},
		{
			name:     "expired and uninstalled is the normal end of a tenant",
			licenses: []license.License{lic(cloudA, "acme.atlassian.net", paid(license.StatusInactive, -30))},
			installs: []license.Installation{inst("ck-1", cloudA, "https://acme.atlassian.net", "jira", license.FlagNo, created)},
			want: []summary{{ID: cloudA, State: "expired", Host: "acme.atlassian.net",
				LicenseID: "E-aaa"}},
		},
		{
			name:     "express keeps no installed flag: a row means installed",
			licenses: []license.License{lic(cloudA, "acme.atlassian.net", paid(license.StatusActive, 40))},
			installs: []license.Installation{inst("ck-1", cloudA, "https://acme.atlassian.net", "jira", license.FlagUnknown, time.Time{})},
			want: []summary{{ID: cloudA, State: "active", Host: "acme.atlassian.net",
				Installed: true, LicenseID: "E-aaa"}},
		},
		{
			name:     "seed 004 line 13: installed twice under one cloud id (two client keys, same product)",
			licenses: []license.License{lic(cloudA, "acme.atlassian.net", paid(license.StatusActive, 40))},
			installs: []license.Installation{
				inst("ck-1", cloudA, "https://acme.atlassian.net", "jira", license.FlagYes, later),
				inst("ck-2", cloudA, "https://acme.atlassian.net", "jira", license.FlagYes, created),
			},
			want: []summary{{ID: cloudA, State: "active", Anomalies: "duplicate", Host: "acme.atlassian.net",
				Installed: true, LicenseID: "E-aaa", Since: created}},
		},
		{
			name:     "jira and confluence of one site share a cloud id: not a duplicate",
			licenses: []license.License{lic(cloudA, "acme.atlassian.net", paid(license.StatusActive, 40))},
			installs: []license.Installation{
				inst("ck-jira", cloudA, "https://acme.atlassian.net", "jira", license.FlagYes, created),
				inst("ck-conf", cloudA, "https://acme.atlassian.net/wiki", "confluence", license.FlagYes, later),
			},
			want: []summary{{ID: cloudA, State: "active", Host: "acme.atlassian.net",
				Installed: true, LicenseID: "E-aaa", Since: created}},
		},
		{
			name:     "a reinstall under a new client key after an uninstall is not a duplicate",
			licenses: []license.License{lic(cloudA, "acme.atlassian.net", paid(license.StatusActive, 40))},
			installs: []license.Installation{
				inst("ck-old", cloudA, "https://acme.atlassian.net", "jira", license.FlagNo, created),
				inst("ck-new", cloudA, "https://acme.atlassian.net", "jira", license.FlagYes, later),
			},
			want: []summary{{ID: cloudA, State: "active", Host: "acme.atlassian.net",
				Installed: true, LicenseID: "E-aaa", Since: later}},
		},
		{
			name:     "seed 004 line 13: the installation's base URL differs from the license's site: URL changed",
			licenses: []license.License{lic(cloudA, "acme-corp.atlassian.net", paid(license.StatusActive, 40))},
			installs: []license.Installation{inst("ck-1", cloudA, "https://acme.atlassian.net", "jira", license.FlagYes, created)},
			want: []summary{{ID: cloudA, State: "active", Anomalies: "url-changed", Host: "acme-corp.atlassian.net",
				Hosts: []string{"acme-corp.atlassian.net", "acme.atlassian.net"}, Installed: true, LicenseID: "E-aaa", Since: created}},
		},
		{
			name:     "seed 004 line 13: an older clientInfo row kept another base URL: URL changed",
			licenses: []license.License{lic(cloudA, "acme.atlassian.net", paid(license.StatusActive, 40))},
			installs: []license.Installation{{ClientKey: "ck-1", CloudID: cloudA, BaseURL: "https://acme.atlassian.net",
				Product: "jira", FormerBaseURLs: []string{"https://acme-old.atlassian.net"}}},
			want: []summary{{ID: cloudA, State: "active", Anomalies: "url-changed", Host: "acme.atlassian.net",
				Hosts: []string{"acme.atlassian.net", "acme-old.atlassian.net"}, Installed: true, LicenseID: "E-aaa"}},
		},
		{
			name:     "URL hosts compare case-insensitively and ignore the path",
			licenses: []license.License{lic(cloudA, "ACME.atlassian.net", paid(license.StatusActive, 40))},
			installs: []license.Installation{inst("ck-1", cloudA, "https://acme.Atlassian.net/wiki/", "confluence", license.FlagYes, created)},
			want: []summary{{ID: cloudA, State: "active", Host: "acme.atlassian.net",
				Installed: true, LicenseID: "E-aaa", Since: created}},
		},
		{
			name:     "an installation without a cloud id is linked to the one license on its host",
			licenses: []license.License{lic(cloudA, "acme.atlassian.net", paid(license.StatusActive, 40))},
			installs: []license.Installation{inst("ck-1", "", "https://acme.atlassian.net", "jira", license.FlagYes, created)},
			want:     []summary{{ID: cloudA, State: "active", Host: "acme.atlassian.net", Installed: true, LinkedByHost: true, LicenseID: "E-aaa", Since: created}},
		},
		{
			name: "seed 004 line 13: a host held by two cloud ids links nothing: the tenant stays its client key",
			licenses: []license.License{
				lic(cloudA, "acme.atlassian.net", paid(license.StatusActive, 40)),
				lic(cloudB, "acme.atlassian.net", paid(license.StatusActive, 50)),
			},
			installs: []license.Installation{inst("ck-1", "", "https://acme.atlassian.net", "jira", license.FlagYes, created)},
			want: []summary{
				{ID: cloudA, State: "active", Anomalies: "not-installed", Host: "acme.atlassian.net", LicenseID: "E-aaa"},
				{ID: cloudB, State: "active", Anomalies: "not-installed", Host: "acme.atlassian.net", LicenseID: "E-bbb"},
				{ID: "ck-1", State: "none", Anomalies: "unlicensed", Host: "acme.atlassian.net", Installed: true, Since: created},
			},
		},
		{
			name: "several licenses for one tenant: the valid one decides (an expired trial then a subscription)",
			licenses: []license.License{
				lic(cloudA, "acme.atlassian.net", license.License{LicenseID: "E-trial", Type: license.TypeEvaluation,
					Status: license.StatusInactive, StartDate: day(-80), EndDate: day(-40)}),
				lic(cloudA, "acme.atlassian.net", license.License{LicenseID: "E-paid", Type: license.TypeCommercial,
					Status: license.StatusActive, StartDate: day(-40), EndDate: day(325)}),
			},
			installs: []license.Installation{inst("ck-1", cloudA, "https://acme.atlassian.net", "jira", license.FlagYes, created)},
			want:     []summary{{ID: cloudA, State: "active", Host: "acme.atlassian.net", Installed: true, LicenseID: "E-paid", Since: created}},
		},
		{
			name: "of two invalid licenses the latest end decides",
			licenses: []license.License{
				lic(cloudA, "acme.atlassian.net", license.License{LicenseID: "E-new", Type: license.TypeCommercial, Status: license.StatusInactive, EndDate: day(-2)}),
				lic(cloudA, "acme.atlassian.net", license.License{LicenseID: "E-old", Type: license.TypeCommercial, Status: license.StatusInactive, EndDate: day(-300)}),
			},
			want: []summary{{ID: cloudA, State: "expired", Host: "acme.atlassian.net", LicenseID: "E-new"}},
		},
		{
			name:     "a license without a cloud id is its own tenant, keyed by license id",
			licenses: []license.License{{LicenseID: "SEN-123", Type: license.TypeCommercial, Status: license.StatusInactive, EndDate: day(-100)}},
			want:     []summary{{ID: "SEN-123", State: "expired", LicenseID: "SEN-123"}},
		},
		{
			name:     "seed 004 line 37: a trial of 70 days is flagged",
			licenses: []license.License{lic(cloudA, "acme.atlassian.net", trial(-10, 60))},
			installs: []license.Installation{inst("ck-1", cloudA, "https://acme.atlassian.net", "jira", license.FlagYes, created)},
			want: []summary{{ID: cloudA, State: "trial", Anomalies: "trial-length", Host: "acme.atlassian.net",
				Installed: true, LicenseID: "E-aaa", Since: created}},
		},
		{
			name: "anomalies combine: unlicensed, duplicate and URL changed at once",
			installs: []license.Installation{
				inst("ck-1", cloudA, "https://acme.atlassian.net", "jira", license.FlagYes, later),
				inst("ck-2", cloudA, "https://acme-old.atlassian.net", "jira", license.FlagYes, created),
			},
			want: []summary{{ID: cloudA, State: "none", Anomalies: "unlicensed+duplicate+url-changed", Host: "acme.atlassian.net",
				Hosts: []string{"acme.atlassian.net", "acme-old.atlassian.net"}, Installed: true, Since: created}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := summarize(license.Join(tc.licenses, tc.installs, now))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Join() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestJoinKeepsBothSides(t *testing.T) {
	ls := []license.License{lic(cloudA, "acme.atlassian.net", paid(license.StatusActive, 40))}
	ins := []license.Installation{
		inst("ck-1", cloudA, "https://acme.atlassian.net", "jira", license.FlagYes, license.Date(2024, 1, 1)),
		inst("ck-0", cloudA, "https://acme.atlassian.net", "jira", license.FlagNo, license.Date(2023, 1, 1)),
	}
	ts := license.Join(ls, ins, now)
	if len(ts) != 1 {
		t.Fatalf("Join() = %d tenants, want 1", len(ts))
	}
	tn := ts[0]
	if len(tn.Licenses) != 1 || tn.License != &tn.Licenses[0] {
		t.Errorf("License does not point at Licenses[0]: %p vs %p", tn.License, &tn.Licenses[0])
	}
	var keys []string
	for _, in := range tn.Installs {
		keys = append(keys, in.ClientKey)
	}
	if diff := cmp.Diff([]string{"ck-1", "ck-0"}, keys); diff != "" {
		t.Errorf("Installs order, installed first (-want +got):\n%s", diff)
	}
	if tn.Product != "jira" || tn.CloudID() != cloudA {
		t.Errorf("Product, CloudID = %q, %q", tn.Product, tn.CloudID())
	}
}

func TestJoinLicensesLeavesInstallAnomaliesUnknown(t *testing.T) {
	ls := []license.License{lic(cloudA, "a.atlassian.net", trial(-10, 30)), lic(cloudB, "b.atlassian.net", trial(-1, 70))}
	ts := license.JoinLicenses(ls, now)
	got := map[string]string{}
	for _, tn := range ts {
		got[tn.ID] = tn.Anomalies.String()
	}
	// No "not-installed" without an installation source; the trial length is still known (seed 004 line 37).
	want := map[string]string{cloudA: "", cloudB: "trial-length"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("JoinLicenses anomalies (-want +got):\n%s", diff)
	}
}
