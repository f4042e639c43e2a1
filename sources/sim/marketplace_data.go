package sim

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/opsdeck/opsdeck/models/license"
)

// The demo app the generated licenses and installations belong to.
const (
	mpAppKey   = "com.example.opsdeck-demo"
	mpAppName  = "Opsdeck Demo App"
	mpVendorID = "1212980"
	mpDevID    = "5c8b7a1e-6f2d-4e9a-b3c1-0a9f8e7d6c5b"
	mpEmail    = "vendor@opsdeck.example"
)

// mpBase is one environment's generated tenant base: the Marketplace side, the app's own
// installation records, and the anomalies planted in them (tenant id -> anomaly), which a join of
// the two sides must find exactly.
type mpBase struct {
	licenses []license.License
	installs []license.Installation
	planted  map[string]license.Anomaly

	mu    sync.Mutex
	cache map[string][]int32 // filter signature -> positions in licenses
}

// marketplaceBase returns env's base, generated once: prod has Tenants() tenants, staging a twentieth.
func (s *Sim) marketplaceBase(env string) *mpBase {
	type cache struct {
		mu    sync.Mutex
		bases map[string]*mpBase
	}
	st := s.State("marketplace/bases", func() any { return &cache{bases: map[string]*mpBase{}} }).(*cache)
	st.mu.Lock()
	defer st.mu.Unlock()
	if b, ok := st.bases[env]; ok {
		return b
	}
	n := s.Tenants()
	if env != "prod" {
		n = max(20, n/20)
	}
	b := mpGenerate(s.Rand("marketplace/"+env), n, s.Started())
	st.bases[env] = b
	return b
}

var (
	mpStems = []string{"acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "tyrell", "cyberdyne",
		"soylent", "wonka", "gringotts", "oscorp", "vandelay", "massive", "dunder", "pied", "aperture", "black-mesa",
		"monarch", "virtucon", "zorg", "nakatomi", "duff", "krusty", "bluth", "sterling", "prestige", "abstergo",
		"weyland", "yutani", "genco", "ollivander", "spacely", "cogswell", "sirius", "tessier", "gekko", "planet",
		"octan", "aviato", "raviga", "hanso", "dharma", "rekall", "omni", "ingen", "biffco", "strickland", "mooby",
		"nordic", "atlas", "boreal", "cobalt", "delta", "ember", "fjord", "granite", "harbor", "indigo", "juniper",
		"kestrel", "lumen", "meridian", "nimbus", "orchid", "pioneer", "quartz", "radiant", "summit", "tundra"}
	mpSuffixes  = []string{"", "labs", "group", "digital", "systems", "cloud", "tech", "io", "corp", "works", "team", "global"}
	mpCountries = []string{"Germany", "United States", "France", "Japan", "Brazil", "Australia", "India", "Canada",
		"United Kingdom", "Netherlands", "Sweden", "Spain"}
)

// mpGenerate builds n tenants anchored at the day of start. Most are consistent (a valid
// license and an installed record, or an expired license and no installed record); a known share of
// them carries exactly one planted anomaly each.
func mpGenerate(r *rand.Rand, n int, start time.Time) *mpBase {
	y, m, d := start.UTC().Date()
	today := license.Date(y, m, d)
	b := &mpBase{planted: map[string]license.Anomaly{}}
	uuid := func() string {
		return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", r.Uint32(), r.Uint32()&0xffff, r.Uint32()&0xfff,
			0x8000|r.Uint32()&0x3fff, r.Uint64()&0xffffffffffff)
	}
	entitlement := func() string {
		const al = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
		var sb strings.Builder
		sb.WriteString("E-")
		for i := range 12 {
			if i > 0 && i%3 == 0 {
				sb.WriteByte('-')
			}
			sb.WriteByte(al[r.IntN(len(al))])
		}
		return sb.String()
	}
	used := map[string]int{}
	site := func() (host, company string) {
		stem := mpStems[r.IntN(len(mpStems))]
		suf := mpSuffixes[r.IntN(len(mpSuffixes))]
		name := stem
		company = strings.ToUpper(stem[:1]) + strings.ReplaceAll(stem[1:], "-", " ")
		if suf != "" {
			name += "-" + suf
			company += " " + strings.ToUpper(suf[:1]) + suf[1:]
		}
		used[name]++
		if k := used[name]; k > 1 {
			name = fmt.Sprintf("%s-%d", name, k)
		}
		return name + ".atlassian.net", company
	}

	// Plant the anomalies at random distinct positions: about 1 in 100 installed without a valid
	// license, and rarer ones for the others, at least one each in any base of 50 or more.
	counts := []struct {
		a license.Anomaly
		n int
	}{
		{license.AnomalyUnlicensed, n / 100},
		{license.AnomalyNotInstalled, n / 150},
		{license.AnomalyDuplicate, n / 300},
		{license.AnomalyURLChanged, n / 200},
		{license.AnomalyTrialLength, n / 250},
	}
	plan := make([]license.Anomaly, n)
	order := r.Perm(n)
	k := 0
	for _, c := range counts {
		want := c.n
		if n >= 50 {
			want = max(1, want)
		}
		for range want {
			plan[order[k]] = c.a
			k++
		}
	}

	for i := range n {
		host, company := site()
		cloud := uuid()
		product := "jira"
		if r.IntN(7) == 0 {
			product = "confluence"
		}
		l := license.License{
			AddonLicenseID: entitlement(), AddonKey: mpAppKey, Hosting: "Cloud", CloudID: cloud,
			SiteHostname: host, Company: company,
			Tier: fmt.Sprintf("Per Unit Pricing (%d Users)", mpUsers(r)),
		}
		l.LicenseID, l.AppEntitlementNumber = l.AddonLicenseID, l.AddonLicenseID
		inst := license.Installation{ClientKey: uuid(), BaseURL: "https://" + host, CloudID: cloud, Product: product,
			Installed: license.FlagYes}
		if product == "confluence" {
			inst.BaseURL += "/wiki"
		}
		withLicense, installed := true, true
		valid := func() { // a trial or a paid license, active today
			if r.IntN(10) < 3 {
				trialDays := 31 + r.IntN(31) // seed 004 line 37: 31 to 61 days
				l.Type, l.Status = license.TypeEvaluation, license.StatusActive
				l.StartDate = today.AddDate(0, 0, -r.IntN(trialDays))
				l.EndDate = l.StartDate.AddDate(0, 0, trialDays-1) // the end date is the trial's last day
				return
			}
			l.Type, l.Status = mpPaidType(r), license.StatusActive
			if r.IntN(4) == 0 { // annual
				l.StartDate = today.AddDate(0, 0, -r.IntN(365))
				l.EndDate = l.StartDate.AddDate(1, 0, 0)
			} else {
				l.StartDate = today.AddDate(0, 0, -r.IntN(30))
				l.EndDate = l.StartDate.AddDate(0, 1, 0)
			}
		}
		expired := func() {
			l.Type = mpPaidType(r)
			if r.IntN(3) == 0 {
				l.Type = license.TypeEvaluation
			}
			l.Status = license.StatusInactive
			if r.IntN(2) == 0 {
				l.Status = license.StatusCancelled // cancelled, billing period over (seed 004 line 39)
			}
			l.EndDate = today.AddDate(0, 0, -1-r.IntN(120))
			l.StartDate = l.EndDate.AddDate(0, -1, 0)
			if l.Type == license.TypeEvaluation { // an ordinary trial that lapsed: 31 to 61 days, end date included
				l.StartDate = l.EndDate.AddDate(0, 0, -30-r.IntN(31))
			}
		}
		switch a := plan[i]; a {
		case 0:
			switch p := r.IntN(100); {
			case p < 75:
				valid()
			case p < 84: // cancelled, still inside the billing period (seed 004 line 39)
				l.Type, l.Status = mpPaidType(r), license.StatusCancelled
				l.EndDate = today.AddDate(0, 0, r.IntN(31))
				l.StartDate = l.EndDate.AddDate(0, -1, 0)
			default: // expired and uninstalled: the record is gone, or kept as uninstalled
				expired()
				if r.IntN(5) < 3 {
					installed = false
				} else {
					inst.Installed = license.FlagNo
				}
			}
			if installed && inst.Installed == license.FlagYes && r.IntN(30) == 0 {
				inst.CloudID = "" // an old install without cloud_id: joined through its unique host
			}
		case license.AnomalyUnlicensed: // seed 004 line 25
			if r.IntN(2) == 0 {
				withLicense = false
			} else {
				expired()
			}
		case license.AnomalyNotInstalled:
			valid()
			if r.IntN(2) == 0 {
				installed = false
			} else {
				inst.Installed = license.FlagNo
			}
		case license.AnomalyDuplicate, license.AnomalyURLChanged:
			valid()
			if a == license.AnomalyURLChanged { // renamed site: the app still has the old URL (seed 004 line 13)
				l.SiteHostname = strings.TrimSuffix(host, ".atlassian.net") + "-new.atlassian.net"
			}
		case license.AnomalyTrialLength: // seed 004 line 37
			length := []int{14, 21, 75, 90}[r.IntN(4)]
			l.Type, l.Status = license.TypeEvaluation, license.StatusActive
			l.StartDate = today.AddDate(0, 0, -r.IntN(min(length, 14)))
			l.EndDate = l.StartDate.AddDate(0, 0, length-1) // a length-day trial, end date included
		}
		if plan[i] != 0 {
			b.planted[cloud] = plan[i]
		}
		if withLicense {
			l.LastUpdated = mpMinDate(today, l.StartDate.AddDate(0, 0, r.IntN(20)))
			b.licenses = append(b.licenses, l)
		}
		if installed {
			inst.Created = l.StartDate.Add(time.Duration(r.IntN(86400)) * time.Second)
			if !withLicense {
				inst.Created = today.AddDate(0, 0, -30-r.IntN(400))
			}
			if l.Type != license.TypeEvaluation && withLicense && r.IntN(2) == 0 {
				inst.Created = inst.Created.AddDate(0, -r.IntN(30), 0) // installed long before this period
			}
			inst.Updated = inst.Created.Add(time.Duration(r.IntN(90*86400)) * time.Second)
			b.installs = append(b.installs, inst)
			if plan[i] == license.AnomalyDuplicate { // a second client key for the same cloud id
				dup := inst
				dup.ClientKey = uuid()
				dup.Created = inst.Created.AddDate(0, 0, 3)
				dup.Updated = dup.Created
				b.installs = append(b.installs, dup)
			}
		}
	}
	return b
}

func mpUsers(r *rand.Rand) int {
	return []int{10, 25, 50, 100, 250, 500, 1000, 2000, 5000}[r.IntN(9)] + r.IntN(10)
}

func mpPaidType(r *rand.Rand) license.Type {
	switch r.IntN(40) {
	case 0:
		return license.TypeAcademic
	case 1:
		return license.TypeCommunity
	case 2:
		return license.TypeOpenSource
	}
	return license.TypeCommercial
}

func mpMinDate(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// Installations returns the app's installation records of env's generated tenant base: what the
// demo reads instead of a database (the demo needs no PostgreSQL).
func (s *Sim) Installations(env string) []license.Installation {
	b := s.marketplaceBase(env)
	return append([]license.Installation(nil), b.installs...)
}

// PlantedAnomalies returns the anomalies the generator planted in env's tenant base, by tenant id:
// what `opsdeck get tenants --anomalies` must list, no more, no less.
func (s *Sim) PlantedAnomalies(env string) map[string]license.Anomaly {
	b := s.marketplaceBase(env)
	out := make(map[string]license.Anomaly, len(b.planted))
	for k, v := range b.planted {
		out[k] = v
	}
	return out
}
