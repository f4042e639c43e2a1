package severity

import "strings"

// Area says which of seed 003's two capability tables a capability comes from.
type Area string

// The two capability tables of seed 003.
const (
	Ecosystem   Area = "ecosystem"   // the development ecosystem (apps, Forge, Connect)
	Marketplace Area = "marketplace" // the Atlassian Marketplace
)

// Capability is one row of seed 003's capability-to-tier list.
type Capability struct {
	Name        string `json:"name"`
	Tier        Tier   `json:"tier"`
	Area        Area   `json:"area"`
	Description string `json:"description,omitempty"`
}

// capabilities is seed 003's "Ecosystem and Marketplace capabilities" section, both tables, in the
// seed's order. Descriptions are the seed's own words.
var capabilities = []Capability{
	{"App code execution", C1, Ecosystem, "underlying execution environment for running third-party code"},
	{"App network egress", C1, Ecosystem, "permissions and enforcement of app egress to external URLs"},
	{"App UI", C1, Ecosystem, "rendering and integration of third-party app user interfaces in products"},
	{"Content delivery (CDN)", C1, Ecosystem, "static asset delivery of hosted app assets and common libraries (ac.js, forge bridge)"},
	{"End-user consent", C1, Ecosystem, "prompt for the consent of specific permissions for an app"},
	{"Extension discovery", C1, Ecosystem, "the ability for products to fetch app modules for use in product extension points"},
	{"Function invocation", C1, Ecosystem, "backend functionality for Atlassian-hosted apps; powers app modules where a function is specified"},
	{"Hosted storage", C1, Ecosystem, "Atlassian-hosted storage for hosted and remote compute resources"},
	{"Webtriggers", C1, Ecosystem, "external endpoint that invokes third-party compute resources; commonly used as webhooks for data ingestion"},
	{"App deployment", C2, Ecosystem, "the ability for a third-party developer to roll out changes in their app"},
	{"App distribution", C2, Ecosystem, "the ability for developers to publish and distribute their app via Marketplace or direct distribution"},
	{"App installation", C2, Ecosystem, "the ability for admins and developers to install apps in a product"},
	{"App lifecycle events", C2, Ecosystem, "events that are triggered at different life stages of an app installation (installation, permission upgrade)"},
	{"App monitoring", C2, Ecosystem, "web UI for monitoring app metrics via the developer console"},
	{"Async events", C2, Ecosystem, "queue service that enables hosted compute resources to split out workloads into multiple asynchronous tasks"},
	{"Command-line interface", C2, Ecosystem, "the ability for a developer to create, tunnel, deploy, and install apps at the command line"},
	{"External API authentication", C2, Ecosystem, "credentials and auth flow management for external APIs"},
	{"Product events", C2, Ecosystem, "product event subscriptions that trigger third-party compute resources"},
	{"Scheduled triggers", C2, Ecosystem, "the ability for developers to schedule compute resources; similar to cron jobs"},
	{"App logging", C3, Ecosystem, "web UI for viewing app logs via the developer console"},
	{"Developer documentation", C3, Ecosystem, "a single source of truth for Atlassian product and platform developer documentation"},
	{"Manage apps", C3, Ecosystem, "web UI for managing apps via the developer console"},
	{"Identify App Constraints", C2, Ecosystem, "ability for Atlassian screens (e.g. Connected apps in Admin hub) to discover what apps are impacted by app access rules within a given site"},
	{"Data Security Policy Events", C2, Ecosystem, "ability for apps to receive events when an app's access to certain data has been blocked by an administrative policy"},
	{"Connect Data Residency", C2, Ecosystem, "ability for admins and app developers to migrate their connect app data to a desired region"},

	{"Download app", C1, Marketplace, ""},
	{"Install apps (cloud only)", C1, Marketplace, ""},
	{"Search apps", C1, Marketplace, ""},
	{"View app listing", C1, Marketplace, ""},
	{"View home page", C1, Marketplace, ""},
	{"Aggregation reports", C2, Marketplace, ""},
	{"Churn reports", C2, Marketplace, ""},
	{"Cloud conversion reports", C2, Marketplace, ""},
	{"Cloud renewals reports", C2, Marketplace, ""},
	{"Create account", C2, Marketplace, ""},
	{"Fetch feedback reports", C2, Marketplace, ""},
	{"Fetch licenses reports", C2, Marketplace, ""},
	{"Fetch transactions reports", C2, Marketplace, ""},
	{"Publish app version", C2, Marketplace, ""},
	{"Manage contact", C2, Marketplace, ""},
	{"Publish new app", C2, Marketplace, ""},
	{"Set app migration Info", C2, Marketplace, ""},
	{"Set app pricing", C2, Marketplace, ""},
	{"Update account", C2, Marketplace, ""},
	{"Update app migration Info", C2, Marketplace, ""},
	{"Update app pricing", C2, Marketplace, ""},
	{"Update app version", C2, Marketplace, ""},
	{"Request apps", C3, Marketplace, ""},
	{"Request management", C3, Marketplace, ""},
}

// byName indexes capabilities by their normalized name, and by the name without its parenthesis
// ("Content delivery" and "CDN" for "Content delivery (CDN)", "Install apps" for "Install apps
// (cloud only)").
var byName = func() map[string]Capability {
	m := make(map[string]Capability, 2*len(capabilities))
	for _, c := range capabilities {
		m[Normalize(c.Name)] = c
		if i := strings.IndexByte(c.Name, '('); i > 0 {
			short := Normalize(c.Name[:i])
			if _, taken := m[short]; !taken {
				m[short] = c
			}
			if inner := Normalize(strings.TrimSuffix(c.Name[i+1:], ")")); inner != "cloud only" {
				m[inner] = c
			}
		}
	}
	return m
}()

// Capabilities returns seed 003's capability-to-tier list (both tables), in the seed's order. The
// slice is a copy.
func Capabilities() []Capability { return append([]Capability(nil), capabilities...) }

// Lookup finds a capability by name, ignoring case, punctuation and spacing ("app ui", "Webtriggers",
// "content-delivery", "CDN").
func Lookup(name string) (Capability, bool) {
	c, ok := byName[Normalize(name)]
	return c, ok
}
