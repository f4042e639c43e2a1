package severity_test

import (
	"testing"

	"github.com/opsdeck/opsdeck/models/severity"
)

// seedCapabilities is seed 003's "Ecosystem and Marketplace capabilities" section copied by hand,
// name and tier, so a slip in the data table shows up as a failing row.
var seedCapabilities = []struct {
	name string
	tier severity.Tier
	area severity.Area
}{
	{"App code execution", severity.C1, severity.Ecosystem},
	{"App network egress", severity.C1, severity.Ecosystem},
	{"App UI", severity.C1, severity.Ecosystem},
	{"Content delivery (CDN)", severity.C1, severity.Ecosystem},
	{"End-user consent", severity.C1, severity.Ecosystem},
	{"Extension discovery", severity.C1, severity.Ecosystem},
	{"Function invocation", severity.C1, severity.Ecosystem},
	{"Hosted storage", severity.C1, severity.Ecosystem},
	{"Webtriggers", severity.C1, severity.Ecosystem},
	{"App deployment", severity.C2, severity.Ecosystem},
	{"App distribution", severity.C2, severity.Ecosystem},
	{"App installation", severity.C2, severity.Ecosystem},
	{"App lifecycle events", severity.C2, severity.Ecosystem},
	{"App monitoring", severity.C2, severity.Ecosystem},
	{"Async events", severity.C2, severity.Ecosystem},
	{"Command-line interface", severity.C2, severity.Ecosystem},
	{"External API authentication", severity.C2, severity.Ecosystem},
	{"Product events", severity.C2, severity.Ecosystem},
	{"Scheduled triggers", severity.C2, severity.Ecosystem},
	{"App logging", severity.C3, severity.Ecosystem},
	{"Developer documentation", severity.C3, severity.Ecosystem},
	{"Manage apps", severity.C3, severity.Ecosystem},
	{"Identify App Constraints", severity.C2, severity.Ecosystem},
	{"Data Security Policy Events", severity.C2, severity.Ecosystem},
	{"Connect Data Residency", severity.C2, severity.Ecosystem},
	{"Download app", severity.C1, severity.Marketplace},
	{"Install apps (cloud only)", severity.C1, severity.Marketplace},
	{"Search apps", severity.C1, severity.Marketplace},
	{"View app listing", severity.C1, severity.Marketplace},
	{"View home page", severity.C1, severity.Marketplace},
	{"Aggregation reports", severity.C2, severity.Marketplace},
	{"Churn reports", severity.C2, severity.Marketplace},
	{"Cloud conversion reports", severity.C2, severity.Marketplace},
	{"Cloud renewals reports", severity.C2, severity.Marketplace},
	{"Create account", severity.C2, severity.Marketplace},
	{"Fetch feedback reports", severity.C2, severity.Marketplace},
	{"Fetch licenses reports", severity.C2, severity.Marketplace},
	{"Fetch transactions reports", severity.C2, severity.Marketplace},
	{"Publish app version", severity.C2, severity.Marketplace},
	{"Manage contact", severity.C2, severity.Marketplace},
	{"Publish new app", severity.C2, severity.Marketplace},
	{"Set app migration Info", severity.C2, severity.Marketplace},
	{"Set app pricing", severity.C2, severity.Marketplace},
	{"Update account", severity.C2, severity.Marketplace},
	{"Update app migration Info", severity.C2, severity.Marketplace},
	{"Update app pricing", severity.C2, severity.Marketplace},
	{"Update app version", severity.C2, severity.Marketplace},
	{"Request apps", severity.C3, severity.Marketplace},
	{"Request management", severity.C3, severity.Marketplace},
}

// TestCapabilityList checks every row of both capability tables of seed 003.
func TestCapabilityList(t *testing.T) {
	all := severity.Capabilities()
	if len(all) != len(seedCapabilities) {
		t.Fatalf("Capabilities() has %d rows, seed 003 has %d", len(all), len(seedCapabilities))
	}
	for i, row := range seedCapabilities {
		t.Run(seed+" capability list: "+row.name+" is "+row.tier.String(), func(t *testing.T) {
			got, ok := severity.Lookup(row.name)
			if !ok {
				t.Fatalf("Lookup(%q) found nothing", row.name)
			}
			if got.Name != row.name || got.Tier != row.tier || got.Area != row.area {
				t.Errorf("Lookup(%q) = %+v, want tier %v area %v", row.name, got, row.tier, row.area)
			}
			if all[i].Name != row.name {
				t.Errorf("Capabilities()[%d] = %q, want %q (the seed's order)", i, all[i].Name, row.name)
			}
		})
	}
}

func TestLookupForgiving(t *testing.T) {
	for in, want := range map[string]string{
		"app ui": "App UI", "WEBTRIGGERS": "Webtriggers", "content-delivery": "Content delivery (CDN)",
		"CDN": "Content delivery (CDN)", "command line interface": "Command-line interface",
		"Install apps": "Install apps (cloud only)", "end user consent": "End-user consent",
	} {
		got, ok := severity.Lookup(in)
		if !ok || got.Name != want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", in, got.Name, ok, want)
		}
	}
	if c, ok := severity.Lookup("cloud only"); ok {
		t.Errorf("Lookup(cloud only) = %q, want nothing", c.Name)
	}
}

func TestCapabilitiesIsACopy(t *testing.T) {
	a := severity.Capabilities()
	a[0].Tier = severity.C3
	if b := severity.Capabilities(); b[0].Tier != severity.C1 {
		t.Errorf("changing the returned slice changed the data: %v", b[0])
	}
}
