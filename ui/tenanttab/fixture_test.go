package tenanttab

import (
	"context"
	"fmt"
	"time"

	"github.com/opsdeck/opsdeck/models/license"
	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui"
)

// clock is the fixed "now" of every test: 2026-11-23 03:00 UTC.
var clock = time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)

func day(offset int) time.Time { return license.Date(2026, 11, 23).AddDate(0, 0, offset) }

// fixture is a small tenant base with one tenant per state and per anomaly of seed 004.
func fixture() ([]license.License, []license.Installation) {
	cloud := func(n int) string { return fmt.Sprintf("%08x-1111-4222-8333-%012x", n, n) }
	var ls []license.License
	var ins []license.Installation
	lic := func(n int, host string, typ license.Type, st license.Status, start, end int) {
		ls = append(ls, license.License{AddonLicenseID: fmt.Sprintf("E-%03d", n), LicenseID: fmt.Sprintf("E-%03d", n),
			AppEntitlementNumber: fmt.Sprintf("E-%03d", n), AddonKey: "com.example.app", Hosting: "Cloud",
			CloudID: cloud(n), SiteHostname: host + ".atlassian.net", Type: typ, Status: st,
			Tier: "Per Unit Pricing (100 Users)", Company: host + " Inc", StartDate: day(start), EndDate: day(end), LastUpdated: day(-1)})
	}
	inst := func(n int, ck, host, product string, f license.Flag) {
		ins = append(ins, license.Installation{ClientKey: ck, BaseURL: "https://" + host + ".atlassian.net", CloudID: cloud(n),
			Product: product, Installed: f, Created: day(-200 + n), Updated: day(-100 + n)})
	}
	lic(1, "acme", license.TypeCommercial, license.StatusActive, -10, 20)
	inst(1, "ck-acme", "acme", "jira", license.FlagYes)
	lic(2, "globex", license.TypeEvaluation, license.StatusActive, -40, 3) // seed 004 line 37: ends this week
	inst(2, "ck-globex", "globex", "jira", license.FlagYes)
	lic(3, "initech", license.TypeCommercial, license.StatusCancelled, -20, 10) // seed 004 line 39
	inst(3, "ck-initech", "initech", "confluence", license.FlagYes)
	lic(4, "umbrella", license.TypeCommercial, license.StatusCancelled, -35, -5) // seed 004 line 41: removal in 10d
	inst(4, "ck-umbrella", "umbrella", "jira", license.FlagYes)                  // still installed: unlicensed
	inst(5, "ck-hooli", "hooli", "jira", license.FlagYes)                        // no license at all
	lic(6, "stark", license.TypeEvaluation, license.StatusActive, -5, 35)        // not installed
	lic(7, "wayne", license.TypeCommercial, license.StatusActive, -100, 265)
	inst(7, "ck-wayne-1", "wayne", "jira", license.FlagYes)
	inst(7, "ck-wayne-2", "wayne", "jira", license.FlagYes) // installed twice
	lic(8, "tyrell-corp", license.TypeCommercial, license.StatusActive, -3, 27)
	inst(8, "ck-tyrell", "tyrell", "jira", license.FlagYes)                    // the site was renamed
	lic(9, "cyberdyne", license.TypeEvaluation, license.StatusActive, -10, 80) // a 90-day trial
	inst(9, "ck-cyberdyne", "cyberdyne", "jira", license.FlagYes)
	lic(10, "soylent", license.TypeCommercial, license.StatusInactive, -70, -40)
	inst(10, "ck-soylent", "soylent", "jira", license.FlagNo)
	lic(11, "wonka", license.TypeAcademic, license.StatusActive, -30, 335)
	ins = append(ins, license.Installation{ClientKey: "ck-wonka", BaseURL: "https://wonka.atlassian.net", Product: "jira",
		Installed: license.FlagYes, Created: day(-30)}) // no cloud id: joined through the host
	return ls, ins
}

func fixedLicenses(ctx context.Context, progress func(int)) ([]license.License, error) {
	ls, _ := fixture()
	if progress != nil {
		progress(len(ls))
	}
	return ls, nil
}

func fixedInstallations(context.Context) ([]license.Installation, error) {
	_, ins := fixture()
	return ins, nil
}

func shared() *ui.Shared {
	th := themes.Mono()
	return &ui.Shared{Theme: &th, Now: func() time.Time { return clock }, Env: "prod", Demo: true}
}

// loaded returns a tab that has loaded the fixture, sized w x h (the body the root gives a tab).
func loaded(w, h int) *Model {
	m := New(shared(), Config{Licenses: fixedLicenses, Installations: fixedInstallations, Every: time.Hour})
	m.SetSize(w, h)
	m.busy = true
	m.Update(m.loadCmd()())
	return m
}
