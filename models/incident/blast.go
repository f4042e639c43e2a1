package incident

import (
	"sort"
	"strings"

	"github.com/opsdeck/opsdeck/models/severity"
)

// Reach is how many tenants an incident touches, by license state: the blast radius in customers
// rather than requests.
type Reach struct {
	Paying    int `json:"paying"`
	Trial     int `json:"trial"`
	Cancelled int `json:"cancelled"` // still valid until the end of the billing period (seed 004)
}

// Total is every tenant touched.
func (r Reach) Total() int { return r.Paying + r.Trial + r.Cancelled }

// Add sums two reaches.
func (r Reach) Add(o Reach) Reach {
	return Reach{Paying: r.Paying + o.Paying, Trial: r.Trial + o.Trial, Cancelled: r.Cancelled + o.Cancelled}
}

// BlastRadius returns the tenants inc touches and the products it counted: the products its title,
// service or components name (whole words, any case), or every product when it names none (an
// incident of the app itself, or of the platform under it, reaches every installation).
func BlastRadius(inc Incident, byProduct map[string]Reach) (Reach, []string) {
	var text strings.Builder
	text.WriteString(" " + severity.Normalize(inc.Title) + " " + severity.Normalize(inc.Service) + " ")
	for _, c := range inc.Components {
		text.WriteString(severity.Normalize(c.Name) + " ")
	}
	t := text.String()
	names := make([]string, 0, len(byProduct))
	for p := range byProduct {
		names = append(names, p)
	}
	sort.Strings(names)
	var named []string
	for _, p := range names {
		if n := severity.Normalize(p); n != "" && strings.Contains(t, " "+n+" ") {
			named = append(named, p)
		}
	}
	// "jira service management" also contains "jira": keep the longest product a match lies in.
	named = longestOnly(named)
	if len(named) == 0 {
		named = names
	}
	var r Reach
	for _, p := range named {
		r = r.Add(byProduct[p])
	}
	return r, named
}

func longestOnly(ps []string) []string {
	var out []string
	for _, p := range ps {
		inside := false
		for _, q := range ps {
			if q != p && strings.Contains(" "+severity.Normalize(q)+" ", " "+severity.Normalize(p)+" ") {
				inside = true
			}
		}
		if !inside {
			out = append(out, p)
		}
	}
	return out
}
