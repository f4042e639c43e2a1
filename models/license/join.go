package license

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"time"
)

// Anomaly is a set of disagreements between the licenses and the installations of one tenant.
type Anomaly uint8

// The anomalies. "Add-on installation and licensing are separate concerns" (seed 004, line 23), so
// each side can exist without the other.
const (
	// AnomalyUnlicensed: installed without a valid license. "It's possible for a cloud instance to
	// have your descriptor installed, but not to have a valid license" (seed 004, line 25); the app
	// must then serve its unlicensed response (lic=none; seed 004, lines 43 and 57).
	AnomalyUnlicensed Anomaly = 1 << iota
	// AnomalyNotInstalled: a valid license but no installed record. The customer pays (or trials)
	// and the app never heard of the site: an install that failed, or a record lost (seed 004,
	// lines 23 and 27).
	AnomalyNotInstalled
	// AnomalyDuplicate: two installed records of one product under one cloud id (two client keys
	// for one tenant): the app keeps two sets of data for one tenant (seed 004, line 13: one tenant id
	// per instance).
	AnomalyDuplicate
	// AnomalyURLChanged: the same tenant id seen under more than one host. "An instance URL is
	// liable to change without warning" (seed 004, line 13); anything keyed by URL is now stale.
	AnomalyURLChanged
	// AnomalyTrialLength: an evaluation whose length falls outside 31-61 days (seed 004, line 37).
	AnomalyTrialLength
	numAnomalies = 5
)

// InstallAnomalies are the anomalies that need the installation side. Without an installation
// source they are unknown, not absent: clear them from Join's result rather than report every
// license as not installed.
const InstallAnomalies = AnomalyUnlicensed | AnomalyNotInstalled | AnomalyDuplicate

var anomalyNames = [numAnomalies]string{"unlicensed", "not-installed", "duplicate", "url-changed", "trial-length"}

// Anomalies lists every anomaly, in the order they are shown.
func Anomalies() []Anomaly {
	return []Anomaly{AnomalyUnlicensed, AnomalyNotInstalled, AnomalyDuplicate, AnomalyURLChanged, AnomalyTrialLength}
}

// Words returns the names of the anomalies in a, in display order ("unlicensed", "url-changed").
func (a Anomaly) Words() []string {
	var out []string
	for i, n := range anomalyNames {
		if a&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}

// String joins the words with "+"; "" for none.
func (a Anomaly) String() string { return strings.Join(a.Words(), "+") }

// MarshalJSON writes the anomalies as a list of words.
func (a Anomaly) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('[')
	for i, w := range a.Words() {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"` + w + `"`)
	}
	b.WriteByte(']')
	return []byte(b.String()), nil
}

// IDKind says where a tenant id comes from.
type IDKind uint8

// The kinds of tenant id, strongest first.
const (
	IDCloud     IDKind = iota // the cloud id, shared by the license and the installation
	IDClientKey               // an installation that does not know its cloud id
	IDLicense                 // a license without a cloud id (old or expired)
)

// Tenant is one product instance of a customer: the license side and the installation side joined
// by tenant id, never by URL (seed 004, line 13).
type Tenant struct {
	// ID is the tenant id: the cloud id when known, else the client key, else the license id.
	ID     string `json:"tenantId"`
	IDKind IDKind `json:"-"`
	// LinkedByHost is set when an installation without a cloud id was joined to its license through
	// the site host name: the only link left, shown as such.
	LinkedByHost bool    `json:"linkedByHost,omitempty"`
	Anomalies    Anomaly `json:"anomalies"`
	// Installed reports whether any record says the app is installed.
	Installed bool `json:"installed"`
	// License is the license that decides the state (a valid one first, then the latest end); nil
	// when the Marketplace has none for this tenant.
	License *License `json:"license,omitempty"`
	// Licenses are all the licenses under this tenant id, License included.
	Licenses []License `json:"licenses,omitempty"`
	// Installs are all the installation records under this tenant id, uninstalled ones included.
	Installs []Installation `json:"installations,omitempty"`

	Life Lifecycle `json:"lifecycle"`
	// Host is the site host name: the license's cloudSiteHostname, else the newest installed base URL's.
	Host    string `json:"siteHostname"`
	Product string `json:"product,omitempty"`
	// Hosts are the distinct hosts this tenant was seen under, current first, set only when there is
	// more than one (AnomalyURLChanged).
	Hosts []string `json:"hosts,omitempty"`
	// InstalledSince is the earliest creation date of the installed records (zero when unknown).
	InstalledSince time.Time `json:"installedSince,omitzero"`
}

// Type is the deciding license's type, "" without one.
func (t *Tenant) Type() Type {
	if t.License == nil {
		return ""
	}
	return t.License.Type
}

// Tier is the deciding license's tier, "" without one.
func (t *Tenant) Tier() string {
	if t.License == nil {
		return ""
	}
	return t.License.Tier
}

// CloudID is the tenant's cloud id, "" when neither side knows it.
func (t *Tenant) CloudID() string {
	if t.IDKind == IDCloud {
		return t.ID
	}
	return ""
}

// Join pairs licenses and installations by tenant id and evaluates each tenant on the day of now.
// Licenses and installations are keyed by cloud id; an installation without one is keyed by its
// client key and, only when exactly one license carries its host, joined to that license
// (LinkedByHost). The result is sorted by tenant id.
//
// Join copies nothing: it sorts licenses and installs in place and each tenant's Licenses and
// Installs are sub-slices of them, so a base of a million tenants costs its tenants and no second
// copy of the data. The caller must not change either slice afterwards.
func Join(licenses []License, installs []Installation, now time.Time) []Tenant {
	hostOwner := make(map[string]string, len(licenses)) // license host -> cloud id; "" when ambiguous
	lk := make([]joinKey, len(licenses))
	for i := range licenses {
		l := &licenses[i]
		lk[i] = joinKey{kind: IDCloud, id: l.CloudID}
		if l.CloudID == "" {
			lk[i] = joinKey{kind: IDLicense, id: cmp.Or(l.LicenseID, l.AddonLicenseID, l.AppEntitlementNumber)}
		} else if h := Host(l.SiteHostname); h != "" {
			if owner, seen := hostOwner[h]; seen && owner != l.CloudID {
				hostOwner[h] = ""
			} else {
				hostOwner[h] = l.CloudID
			}
		}
	}
	ik := make([]joinKey, len(installs))
	for i := range installs {
		in := &installs[i]
		ik[i] = joinKey{kind: IDCloud, id: in.CloudID}
		if in.CloudID == "" {
			ik[i] = joinKey{kind: IDClientKey, id: in.ClientKey}
			if owner := hostOwner[Host(in.BaseURL)]; owner != "" {
				ik[i] = joinKey{kind: IDCloud, id: owner, host: true}
			}
		}
	}
	sort.Sort(licenseSorter{licenses, lk})
	sort.Sort(installSorter{installs, ik})
	out := make([]Tenant, 0, len(licenses))
	for i, j := 0, 0; i < len(licenses) || j < len(installs); {
		var k joinKey
		switch {
		case j == len(installs) || i < len(licenses) && lk[i].compare(ik[j]) <= 0:
			k = lk[i]
		default:
			k = ik[j]
		}
		i0, j0 := i, j
		for i < len(licenses) && lk[i].compare(k) == 0 {
			i++
		}
		t := Tenant{ID: k.id, IDKind: k.kind}
		for j < len(installs) && ik[j].compare(k) == 0 {
			t.LinkedByHost = t.LinkedByHost || ik[j].host
			j++
		}
		if i > i0 {
			t.Licenses = licenses[i0:i:i]
		}
		if j > j0 {
			t.Installs = installs[j0:j:j]
		}
		t.evaluate(now)
		out = append(out, t)
	}
	return out
}

// JoinLicenses is Join for a console without an installation source: the anomalies that need the
// installation side are unknown there, not absent, so they are cleared rather than every license
// reported as not installed.
func JoinLicenses(licenses []License, now time.Time) []Tenant {
	ts := Join(licenses, nil, now)
	for i := range ts {
		ts[i].Anomalies &^= InstallAnomalies
	}
	return ts
}

// joinKey is a row's tenant id; host marks an installation joined through its host.
type joinKey struct {
	kind IDKind
	id   string
	host bool
}

func (k joinKey) compare(o joinKey) int {
	return cmp.Or(cmp.Compare(k.kind, o.kind), strings.Compare(k.id, o.id))
}

// licenseSorter sorts licenses in place by tenant id, stably enough: ties keep no particular order,
// and evaluate picks the deciding license by its own rule.
type licenseSorter struct {
	ls   []License
	keys []joinKey
}

func (s licenseSorter) Len() int           { return len(s.ls) }
func (s licenseSorter) Less(i, j int) bool { return s.keys[i].compare(s.keys[j]) < 0 }
func (s licenseSorter) Swap(i, j int) {
	s.ls[i], s.ls[j] = s.ls[j], s.ls[i]
	s.keys[i], s.keys[j] = s.keys[j], s.keys[i]
}

type installSorter struct {
	ins  []Installation
	keys []joinKey
}

func (s installSorter) Len() int           { return len(s.ins) }
func (s installSorter) Less(i, j int) bool { return s.keys[i].compare(s.keys[j]) < 0 }
func (s installSorter) Swap(i, j int) {
	s.ins[i], s.ins[j] = s.ins[j], s.ins[i]
	s.keys[i], s.keys[j] = s.keys[j], s.keys[i]
}

// better reports whether a should decide a tenant's state rather than b when both are equally valid:
// the later end date, then the later update.
func better(a, b License) bool {
	if !a.EndDate.Equal(b.EndDate) {
		return a.EndDate.After(b.EndDate)
	}
	return a.LastUpdated.After(b.LastUpdated)
}

// evaluate derives the lifecycle, the anomalies and the display fields.
func (t *Tenant) evaluate(now time.Time) {
	t.Life = Lifecycle{State: StateNone}
	var lic *License
	if len(t.Licenses) > 0 {
		best, bestLC := 0, Evaluate(t.Licenses[0], now)
		for i := 1; i < len(t.Licenses); i++ {
			lc := Evaluate(t.Licenses[i], now)
			if lc.Valid != bestLC.Valid {
				if lc.Valid {
					best, bestLC = i, lc
				}
				continue
			}
			if better(t.Licenses[i], t.Licenses[best]) {
				best, bestLC = i, lc
			}
		}
		// The deciding license goes first; the pointer is into the backing array, which copies of
		// the Tenant share.
		t.Licenses[0], t.Licenses[best] = t.Licenses[best], t.Licenses[0]
		lic, t.Life = &t.Licenses[0], bestLC
		t.License = lic
	}
	// Newest record first: it carries the current base URL.
	slices.SortStableFunc(t.Installs, func(a, b Installation) int {
		if a.IsInstalled() != b.IsInstalled() {
			if a.IsInstalled() {
				return -1
			}
			return 1
		}
		return -cmp.Compare(latest(a).UnixNano(), latest(b).UnixNano())
	})
	perProduct := map[string]int{}
	for _, in := range t.Installs {
		if !in.IsInstalled() {
			continue
		}
		t.Installed = true
		if !in.Created.IsZero() && (t.InstalledSince.IsZero() || in.Created.Before(t.InstalledSince)) {
			t.InstalledSince = in.Created
		}
		perProduct[strings.ToLower(in.Product)]++
	}
	// Hosts, current first: the license's site host, then each record's base URL and former URLs.
	// Most tenants have one, kept on the stack; only a changed URL allocates the list.
	var buf [4]string
	hosts := buf[:0]
	addHost := func(raw string) {
		if h := Host(raw); h != "" && !slices.Contains(hosts, h) {
			hosts = append(hosts, h)
		}
	}
	if lic != nil {
		addHost(lic.SiteHostname)
	}
	for _, in := range t.Installs {
		addHost(in.BaseURL)
	}
	for _, in := range t.Installs {
		for _, u := range in.FormerBaseURLs {
			addHost(u)
		}
	}
	if len(hosts) > 0 {
		t.Host = hosts[0]
	}
	if len(hosts) > 1 {
		t.Hosts = slices.Clone(hosts)
	}
	if len(t.Installs) > 0 {
		t.Product = t.Installs[0].Product
	}

	if t.Installed && !t.Life.Valid {
		t.Anomalies |= AnomalyUnlicensed
	}
	if t.Life.Valid && !t.Installed {
		t.Anomalies |= AnomalyNotInstalled
	}
	for _, n := range perProduct {
		if n > 1 && t.IDKind == IDCloud {
			t.Anomalies |= AnomalyDuplicate
		}
	}
	if len(t.Hosts) > 1 {
		t.Anomalies |= AnomalyURLChanged
	}
	if t.Life.TrialOutOfRange {
		t.Anomalies |= AnomalyTrialLength
	}
}

func latest(in Installation) time.Time {
	if in.Updated.After(in.Created) {
		return in.Updated
	}
	return in.Created
}
