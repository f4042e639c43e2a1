package tenanttab

import (
	"fmt"
	"math/rand/v2"

	"github.com/opsdeck/opsdeck/models/license"
)

var genStems = []string{"acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "tyrell", "cyberdyne",
	"soylent", "wonka", "gringotts", "oscorp", "vandelay", "aperture", "monarch", "nakatomi", "bluth", "weyland", "dharma"}

// generatedBase makes n tenants for tests and benchmarks: licenses of every state with realistic
// hosts, UUID cloud ids and client keys, and an installation for nine in ten.
func generatedBase(n int) ([]license.License, []license.Installation) {
	r := rand.New(rand.NewPCG(uint64(n), 42))
	uuid := func() string {
		return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", r.Uint32(), r.Uint32()&0xffff, r.Uint32()&0xfff,
			0x8000|r.Uint32()&0x3fff, r.Uint64()&0xffffffffffff)
	}
	ls := make([]license.License, 0, n)
	ins := make([]license.Installation, 0, n)
	for i := range n {
		host := fmt.Sprintf("%s-%d.atlassian.net", genStems[r.IntN(len(genStems))], i)
		cloud := uuid()
		l := license.License{AddonLicenseID: fmt.Sprintf("E-%09d", i), LicenseID: fmt.Sprintf("E-%09d", i),
			CloudID: cloud, SiteHostname: host, Hosting: "Cloud", Tier: fmt.Sprintf("Per Unit Pricing (%d Users)", 10+r.IntN(2000)),
			Company: genStems[r.IntN(len(genStems))] + " Inc"}
		switch r.IntN(4) {
		case 0:
			l.Type, l.Status = license.TypeEvaluation, license.StatusActive
			l.StartDate = day(-r.IntN(40))
			l.EndDate = l.StartDate.AddDate(0, 0, 31+r.IntN(31))
		case 1:
			l.Type, l.Status = license.TypeCommercial, license.StatusCancelled
			l.EndDate = day(r.IntN(60) - 30)
			l.StartDate = l.EndDate.AddDate(0, -1, 0)
		default:
			l.Type, l.Status = license.TypeCommercial, license.StatusActive
			l.StartDate = day(-r.IntN(30))
			l.EndDate = l.StartDate.AddDate(0, 1, 0)
		}
		ls = append(ls, l)
		if r.IntN(10) > 0 {
			ins = append(ins, license.Installation{ClientKey: uuid(), BaseURL: "https://" + host, CloudID: cloud,
				Product: []string{"jira", "confluence"}[r.IntN(2)], Installed: license.FlagYes, Created: day(-r.IntN(900))})
		}
	}
	return ls, ins
}

func generated(n int) []license.License {
	ls, _ := generatedBase(n)
	return ls
}
