package incident

import (
	"fmt"
	"sort"
	"strings"

	"github.com/opsdeck/opsdeck/models/severity"
)

// defaultAliases maps component and incident names seen on a platform status page to a capability of
// seed 003's list. A name that is itself a capability (optionally after "Forge", "Connect",
// "Marketplace" or "Atlassian") needs no entry. Config overrides this table (see Mapping.Override).
var defaultAliases = map[string]string{
	"cdn":                           "Content delivery (CDN)",
	"content delivery":              "Content delivery (CDN)",
	"content delivery network":      "Content delivery (CDN)",
	"static assets":                 "Content delivery (CDN)",
	"cli":                           "Command-line interface",
	"forge cli":                     "Command-line interface",
	"custom ui":                     "App UI",
	"ui kit":                        "App UI",
	"app rendering":                 "App UI",
	"functions":                     "Function invocation",
	"function":                      "Function invocation",
	"storage":                       "Hosted storage",
	"storage api":                   "Hosted storage",
	"key value store":               "Hosted storage",
	"kvs":                           "Hosted storage",
	"custom entity store":           "Hosted storage",
	"web triggers":                  "Webtriggers",
	"webtrigger":                    "Webtriggers",
	"scheduled trigger":             "Scheduled triggers",
	"egress":                        "App network egress",
	"runtime":                       "App code execution",
	"compute":                       "App code execution",
	"consent":                       "End-user consent",
	"user consent":                  "End-user consent",
	"deployments":                   "App deployment",
	"deploy":                        "App deployment",
	"app installations":             "App installation",
	"installation":                  "App installation",
	"lifecycle events":              "App lifecycle events",
	"async events api":              "Async events",
	"queue":                         "Async events",
	"product event subscriptions":   "Product events",
	"developer console logs":        "App logging",
	"logs":                          "App logging",
	"developer console metrics":     "App monitoring",
	"metrics":                       "App monitoring",
	"developer console":             "Manage apps",
	"developer atlassian com":       "Developer documentation",
	"documentation":                 "Developer documentation",
	"external authentication":       "External API authentication",
	"external auth":                 "External API authentication",
	"marketplace search":            "Search apps",
	"search":                        "Search apps",
	"marketplace website":           "View home page",
	"home page":                     "View home page",
	"app listings":                  "View app listing",
	"listing pages":                 "View app listing",
	"app downloads":                 "Download app",
	"licenses api":                  "Fetch licenses reports",
	"transactions api":              "Fetch transactions reports",
	"feedback api":                  "Fetch feedback reports",
	"vendor accounts":               "Update account",
	"extension points":              "Extension discovery",
	"module discovery":              "Extension discovery",
	"connect data residency":        "Connect Data Residency",
	"data security policies":        "Data Security Policy Events",
	"app access rules":              "Identify App Constraints",
	"atlassian marketplace install": "Install apps (cloud only)",
}

// prefixes are platform product names a status page puts before a capability's name.
var prefixes = []string{"forge ", "connect ", "marketplace ", "atlassian ", "ecosystem "}

// Mapping maps status page component and incident names to seed 003 capabilities. The zero value
// knows only the capability names themselves; DefaultMapping adds common status page names.
type Mapping struct {
	names map[string]string // normalized name -> capability name, "" = deliberately unmapped
}

// DefaultMapping returns the built-in table.
func DefaultMapping() Mapping {
	m := Mapping{names: make(map[string]string, len(defaultAliases))}
	for k, v := range defaultAliases {
		m.names[severity.Normalize(k)] = v
	}
	return m
}

// Override returns a copy of m with over applied: component or incident name -> capability name
// (as seed 003 writes it, case and punctuation ignored). An empty value or "none" unmaps the name.
// Every unknown capability is reported, sorted, in one error; the valid entries still apply.
func (m Mapping) Override(over map[string]string) (Mapping, error) {
	out := Mapping{names: make(map[string]string, len(m.names)+len(over))}
	for k, v := range m.names {
		out.names[k] = v
	}
	var bad []string
	for k, v := range over {
		if strings.TrimSpace(v) == "" || strings.EqualFold(strings.TrimSpace(v), "none") {
			out.names[severity.Normalize(k)] = ""
			continue
		}
		c, ok := severity.Lookup(v)
		if !ok {
			bad = append(bad, fmt.Sprintf("%q -> %q", k, v))
			continue
		}
		out.names[severity.Normalize(k)] = c.Name
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		return out, fmt.Errorf("not a capability of seed 003: %s", strings.Join(bad, ", "))
	}
	return out, nil
}

// Capability returns the capability a component name stands for: an entry of the table, a
// capability's own name, or either after a product prefix ("Forge Webtriggers").
func (m Mapping) Capability(name string) (severity.Capability, bool) {
	n := severity.Normalize(name)
	if n == "" {
		return severity.Capability{}, false
	}
	if c, ok, decided := m.exact(n); decided {
		return c, ok
	}
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(n, p); ok && rest != "" {
			if c, ok, decided := m.exact(rest); decided {
				return c, ok
			}
		}
	}
	return severity.Capability{}, false
}

// exact looks n up in the table and then in seed 003's list; decided is false when neither knows it.
func (m Mapping) exact(n string) (c severity.Capability, ok, decided bool) {
	if v, found := m.names[n]; found {
		if v == "" {
			return severity.Capability{}, false, true
		}
		c, ok = severity.Lookup(v)
		return c, ok, true
	}
	c, ok = severity.Lookup(n)
	return c, ok, ok
}

// InText finds the capability a free text (an incident's name) talks about: the longest table
// entry or capability name that appears in it as whole words. "Webtriggers returning errors" is
// Webtriggers; a text naming none is not mapped.
func (m Mapping) InText(text string) (severity.Capability, bool) {
	t := " " + severity.Normalize(text) + " "
	best, bestKey := "", ""
	consider := func(key, capName string) {
		longer := len(key) > len(bestKey) || len(key) == len(bestKey) && key < bestKey // ties: stable order
		if capName != "" && longer && strings.Contains(t, " "+key+" ") {
			best, bestKey = capName, key
		}
	}
	for k, v := range m.names {
		consider(k, v)
	}
	for _, c := range severity.Capabilities() {
		if _, overridden := m.names[severity.Normalize(c.Name)]; !overridden {
			consider(severity.Normalize(c.Name), c.Name)
		}
	}
	if best == "" {
		return severity.Capability{}, false
	}
	return severity.Lookup(best)
}
