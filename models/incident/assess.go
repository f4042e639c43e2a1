package incident

import (
	"sort"
	"time"

	"github.com/opsdeck/opsdeck/models/severity"
)

// Assess maps the incident's components to seed 003 capabilities with m and computes the severity
// the data allows at now. Seed 003's capabilities are the platform's, so only a platform incident's
// components and title are mapped; an own incident keeps only the capabilities already set on its
// components. Durations count whole minutes, the resolution the rules are written and shown in.
//
//   - each component in an outage (partial or major) or a degradation whose capability is known is
//     classified by seed 003's capability tables, for the time since Started;
//   - when no component gives a capability, the incident's title is searched for one, and the
//     incident's impact says outage (major, critical) or degradation (minor);
//   - the most severe result wins; with nothing to go on Computed is None and says why.
//
// The severity grows with time: a C1 degradation is SEV 2 for its first 2 hours and SEV 1 after.
func Assess(inc Incident, m Mapping, now time.Time) Incident {
	impact := inc.Impact
	out := inc
	out.Components = make([]Component, len(inc.Components))
	copy(out.Components, inc.Components)
	d := max(now.Sub(inc.Started), 0).Truncate(time.Minute)
	if inc.Started.IsZero() {
		d = 0
	}
	platform := inc.Source == Platform
	var best severity.Result
	found := false
	for n := range out.Components {
		c := &out.Components[n]
		if c.Capability == "" && platform {
			if cap, ok := m.Capability(c.Name); ok {
				c.Capability, c.Tier = cap.Name, cap.Tier
			}
		}
		if c.Capability == "" || c.Kind() == severity.KindUnknown {
			continue
		}
		r := severity.ByCapability(severity.Event{Capability: c.Capability, Kind: c.Kind(), Duration: d})
		if !found || r.Level.MoreSevere(best.Level) {
			best, found = r, true
		}
	}
	if !found && platform {
		if cap, ok := m.InText(inc.Title); ok {
			if k := impactKind(impact); k != severity.KindUnknown {
				best = severity.ByCapability(severity.Event{Capability: cap.Name, Kind: k, Duration: d})
				best.Notes = append(best.Notes, "capability read from the incident's title, outage or degradation from its impact "+impact)
				found = true
			}
		}
	}
	if !found {
		best = severity.Result{Rule: "no SEV computed: " + missing(inc, impact)}
	}
	out.Computed = best
	return out
}

func impactKind(impact string) severity.Kind {
	switch impact {
	case "major", "critical":
		return severity.Outage
	case "minor":
		return severity.Degradation
	}
	return severity.KindUnknown
}

func missing(inc Incident, impact string) string {
	switch {
	case inc.Source == PagerDuty || inc.Source == Opsgenie:
		return "a page carries no affected users, capability or partner reports; the declared level is used"
	case inc.Source != Platform:
		return "the app's own components are not seed 003 capabilities; the declared impact is used"
	case len(inc.Components) == 0 && impactKind(impact) == severity.KindUnknown:
		return "no affected components or impact given"
	}
	return "no affected component maps to a seed 003 capability"
}

// Sort orders incidents for the list: overdue first updates first, then by severity (SEV 1 first,
// unknown last), then newest start first, then by key so the order is stable.
func Sort(list []Incident, now time.Time) {
	type keyed struct {
		overdue bool
		level   severity.Level
	}
	k := make(map[string]keyed, len(list))
	for _, inc := range list {
		k[inc.Key()] = keyed{inc.Clocks(now).Overdue, inc.Level()}
	}
	sort.SliceStable(list, func(a, b int) bool {
		ka, kb := k[list[a].Key()], k[list[b].Key()]
		switch {
		case ka.overdue != kb.overdue:
			return ka.overdue
		case ka.level != kb.level:
			return ka.level.MoreSevere(kb.level)
		case !list[a].Started.Equal(list[b].Started):
			return list[a].Started.After(list[b].Started)
		}
		return list[a].Key() < list[b].Key()
	})
}

// CountByLevel counts incidents by Level, for the Overview tab's "open incidents by severity".
func CountByLevel(list []Incident) map[severity.Level]int {
	out := map[severity.Level]int{}
	for _, inc := range list {
		out[inc.Level()]++
	}
	return out
}

// Merge is the Incidents tab's list and `opsdeck get incidents`' output: the sources' incidents
// together, linked (Link), assessed by seed 003 at now (Assess) and sorted (Sort).
func Merge(lists [][]Incident, m Mapping, now time.Time) []Incident {
	var all []Incident
	for _, l := range lists {
		all = append(all, l...)
	}
	all = Link(all)
	for i := range all {
		all[i] = Assess(all[i], m, now)
	}
	Sort(all, now)
	return all
}
