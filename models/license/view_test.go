package license_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/opsdeck/opsdeck/models/license"
)

// base generates n joined tenants with a spread of states, products, hosts and anomalies.
func base(n int, seed uint64) []license.Tenant {
	r := rand.New(rand.NewPCG(seed, 1))
	words := []string{"acme", "globex", "initech", "umbrella", "hooli", "Stark", "wayne", "tyrell", "cyberdyne", "soylent"}
	var ls []license.License
	var ins []license.Installation
	for i := range n {
		cloud := fmt.Sprintf("%08x-0000-4000-8000-%012x", r.Uint32(), i)
		host := fmt.Sprintf("%s-%d.atlassian.net", words[r.IntN(len(words))], i)
		var l license.License
		switch r.IntN(4) {
		case 0:
			l = trial(-r.IntN(50), r.IntN(40)-5)
		case 1:
			l = paid(license.StatusActive, r.IntN(300))
		case 2:
			l = paid(license.StatusCancelled, r.IntN(40)-20)
		default:
			l = paid(license.StatusInactive, -r.IntN(60))
		}
		l.Tier = fmt.Sprintf("%d Users", 10*(1+r.IntN(50)))
		l.Company = words[r.IntN(len(words))] + " Inc"
		l.LicenseID = fmt.Sprintf("SEN-%d", 100000+i)
		if r.IntN(20) > 0 {
			ls = append(ls, lic(cloud, host, l))
		}
		if r.IntN(10) > 0 {
			product := []string{"jira", "confluence"}[r.IntN(2)]
			ins = append(ins, inst(fmt.Sprintf("ck-%d", i), cloud, "https://"+host, product, license.FlagYes, day(-r.IntN(900))))
		}
	}
	return license.Join(ls, ins, now)
}

// naive filters and sorts the slow, obvious way.
func naive(ix *license.Index, q string, col license.Column, desc bool) []string {
	terms := strings.Fields(strings.ToLower(q))
	var out []string
	order := ix.Order(col)
	for i := range order {
		id := order[i]
		if desc {
			id = order[len(order)-1-i]
		}
		t := ix.Row(id)
		var hay []string
		for c := license.Column(0); c < license.NumColumns; c++ {
			hay = append(hay, strings.ToLower(t.Cell(c)))
		}
		hay = append(hay, t.Anomalies.Words()...)
		if t.Anomalies != 0 {
			hay = append(hay, "anomaly")
		}
		for _, in := range t.Installs {
			hay = append(hay, strings.ToLower(in.ClientKey))
		}
		if t.License != nil {
			hay = append(hay, strings.ToLower(t.License.Company), strings.ToLower(t.License.LicenseID))
		}
		ok := true
		for _, term := range terms {
			found := false
			for _, h := range hay {
				if strings.Contains(h, term) {
					found = true
					break
				}
			}
			ok = ok && found
		}
		if ok {
			out = append(out, t.ID)
		}
	}
	return out
}

func ids(v *license.View) []string {
	var out []string
	for i := range v.Len() {
		out = append(out, v.At(i).ID)
	}
	return out
}

func TestViewMatchesNaiveFilter(t *testing.T) {
	ix := license.NewIndex(base(3000, 7))
	v := license.NewView(ix)
	// Typed a character at a time, with backspaces, edits, several terms, and sort changes between.
	steps := []struct {
		query string
		col   license.Column
		desc  bool
	}{
		{"a", license.ColHost, false}, {"ac", license.ColHost, false}, {"acm", license.ColHost, false},
		{"acme", license.ColHost, false}, {"acme-1", license.ColHost, false}, {"acme-1", license.ColDays, false},
		{"acme-12", license.ColDays, true}, {"acme-1", license.ColState, false}, {"acme", license.ColState, false},
		{"acme tr", license.ColState, false}, {"acme tri", license.ColTier, true}, {"acme trial", license.ColTier, true},
		{"trial", license.ColTier, true}, {"", license.ColSince, false}, {"STARK", license.ColSince, false},
		{"stark unlicensed", license.ColAnomaly, false}, {"not-installed", license.ColAnomaly, false},
		{"jira 2025", license.ColCloudID, false}, {"jira 2024-0", license.ColCloudID, true},
		{"ira 2024-0", license.ColProduct, false}, {"sen-1001", license.ColHost, false}, {"ck-2", license.ColType, false},
		{"removal", license.ColDays, false}, {"anomaly", license.ColDays, false}, {"anomaly dup", license.ColHost, true}, {"zzzz", license.ColDays, false}, {"zz", license.ColDays, false},
		{"users 10", license.ColHost, false}, {"0 users", license.ColHost, false},
	}
	for _, s := range steps {
		v.SetSort(s.col, s.desc)
		v.SetQuery(s.query)
		want := naive(ix, s.query, s.col, s.desc)
		if diff := cmp.Diff(want, ids(v)); diff != "" {
			t.Fatalf("query %q sort %v desc %v: mismatch (-naive +view):\n%s", s.query, s.col, s.desc, diff)
		}
	}
}

func TestViewRandomEdits(t *testing.T) {
	ix := license.NewIndex(base(2000, 11))
	v := license.NewView(ix)
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := "acmetrialjx-0123 .u"
	q := ""
	for step := range 600 {
		switch k := r.IntN(10); {
		case k < 6 || q == "":
			q += string(alphabet[r.IntN(len(alphabet))])
		case k < 9:
			q = q[:len(q)-1]
		default:
			q = ""
		}
		if r.IntN(15) == 0 {
			v.SetSort(license.Column(r.IntN(int(license.NumColumns))), r.IntN(2) == 0)
		}
		v.SetQuery(q)
		col, desc := v.Sort()
		if diff := cmp.Diff(naive(ix, q, col, desc), ids(v)); diff != "" {
			t.Fatalf("step %d query %q: mismatch (-naive +view):\n%s", step, q, diff)
		}
		for i := 0; i < v.Len(); i += 1 + v.Len()/7 {
			if p := v.Position(v.ID(i)); p != i {
				t.Fatalf("step %d query %q: Position(ID(%d)) = %d", step, q, i, p)
			}
		}
	}
}

func TestViewRefreshKeepsQueryAndSort(t *testing.T) {
	v := license.NewView(license.NewIndex(base(500, 1)))
	v.SetSort(license.ColDays, true)
	v.SetQuery("acme")
	ix2 := license.NewIndex(base(800, 2))
	v.SetIndex(ix2)
	if diff := cmp.Diff(naive(ix2, "acme", license.ColDays, true), ids(v)); diff != "" {
		t.Errorf("after SetIndex (-naive +view):\n%s", diff)
	}
}

func TestIndexOrders(t *testing.T) {
	ix := license.NewIndex(base(1500, 5))
	for c := license.Column(0); c < license.NumColumns; c++ {
		order := ix.Order(c)
		if len(order) != ix.Len() {
			t.Fatalf("Order(%v) has %d rows, want %d", c, len(order), ix.Len())
		}
		seen := make([]bool, ix.Len())
		for _, id := range order {
			if seen[id] {
				t.Fatalf("Order(%v) repeats row %d", c, id)
			}
			seen[id] = true
		}
	}
	host := ix.Order(license.ColHost)
	hosts := make([]string, len(host))
	for i, id := range host {
		hosts[i] = ix.Row(id).Host
	}
	if !slices.IsSorted(hosts[:len(hosts)-countEmpty(hosts)]) {
		t.Errorf("Order(site) is not sorted by host")
	}
	state := ix.Order(license.ColState)
	for i := 1; i < len(state); i++ {
		a, b := ix.Row(state[i-1]), ix.Row(state[i])
		if a.Life.State > b.Life.State || a.Life.State == b.Life.State && a.Host > b.Host && b.Host != "" {
			t.Fatalf("Order(state) row %d: %v/%s before %v/%s", i, a.Life.State, a.Host, b.Life.State, b.Host)
		}
	}
	anom := ix.Order(license.ColAnomaly)
	if ix.Row(anom[0]).Anomalies&license.AnomalyUnlicensed == 0 {
		t.Errorf("Order(anomaly) does not start with an unlicensed tenant: %v", ix.Row(anom[0]).Anomalies)
	}
	if ix.Row(anom[len(anom)-1]).Anomalies != 0 {
		t.Errorf("Order(anomaly) does not end with a clean tenant")
	}
	days := ix.Order(license.ColDays)
	if d := ix.Row(days[0]).Life; !(d.DaysLeft >= 0 || d.DaysToRemoval >= 0) {
		t.Errorf("Order(days) starts with %+v, want the nearest deadline", d)
	}
}

func countEmpty(s []string) int {
	n := 0
	for _, x := range s {
		if x == "" {
			n++
		}
	}
	return n
}

func TestIndexFindAndPosition(t *testing.T) {
	rows := base(400, 9)
	ix := license.NewIndex(rows)
	want := rows[123]
	id, ok := ix.Find(want.IDKind, want.ID)
	if !ok || ix.Row(id).ID != want.ID {
		t.Fatalf("Find(%q) = %d, %v", want.ID, id, ok)
	}
	if _, ok := ix.Find(license.IDCloud, "nope"); ok {
		t.Errorf("Find(nope) ok, want not found")
	}
	v := license.NewView(ix)
	v.SetSort(license.ColTier, true)
	p := v.Position(id)
	if p < 0 || v.ID(p) != id {
		t.Errorf("Position(%d) = %d", id, p)
	}
	v.SetQuery("no-such-text")
	if p := v.Position(id); p != -1 {
		t.Errorf("Position of a filtered-out row = %d, want -1", p)
	}
}
