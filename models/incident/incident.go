// Package incident is the merged incident of the Incidents tab: one type for an own PagerDuty page,
// an own Statuspage incident, an Opsgenie or Jira Service Management alert, and an incident on the
// platform's public status page, with the severity seed 003 gives it where the data allows and the
// response clocks of seed 003 (003_817c9236db34d12c.txt). It does no I/O and never reads the clock.
package incident

import (
	"sort"
	"strings"
	"time"

	"github.com/opsdeck/opsdeck/models/severity"
)

// Source says where an incident comes from.
type Source string

// The incident sources of the Incidents tab.
const (
	PagerDuty  Source = "pagerduty"  // own pages, PagerDuty REST v2
	Statuspage Source = "statuspage" // own status page, Statuspage REST v1
	Opsgenie   Source = "opsgenie"   // own alerts, Opsgenie or Jira Service Management operations
	Platform   Source = "platform"   // the platform's public status page
)

// Label is the short source name the list shows: PD, SP, OG, PLAT.
func (s Source) Label() string {
	switch s {
	case PagerDuty:
		return "PD"
	case Statuspage:
		return "SP"
	case Opsgenie:
		return "OG"
	case Platform:
		return "PLAT"
	}
	return strings.ToUpper(string(s))
}

// Declared is the severity or urgency the upstream itself carries, as written there, and the
// seed 003 level it stands for when it names one (see DeclaredLevel).
type Declared struct {
	// Label is the upstream's own words: "P2, high urgency", "impact major", "P3".
	Label string `json:"label"`
	// Level is the severity the label stands for, None when it names none (urgency alone).
	Level severity.Level `json:"sev"`
}

// Update is one entry of an incident's updates timeline.
type Update struct {
	At     time.Time `json:"at"`
	Status string    `json:"status"`
	Body   string    `json:"body"`
	// Via names the incident the update was published on when it is not this one (a status page
	// incident linked to a PagerDuty page), as "statuspage:ID".
	Via string `json:"via,omitempty"`
}

// Component is an affected component and, where the mapping knows it, the seed 003 capability it is.
type Component struct {
	ID     string `json:"id,omitempty"`
	Name   string `json:"name"`
	Status string `json:"status"` // Statuspage words: operational, degraded_performance, partial_outage, major_outage, under_maintenance
	// Capability is the seed 003 capability the component maps to; empty when none does.
	Capability string        `json:"capability,omitempty"`
	Tier       severity.Tier `json:"tier,omitempty"`
}

// Kind returns the seed 003 incident kind the component's status stands for: partial and major
// outages are outages, degraded performance is a degradation, anything else neither.
func (c Component) Kind() severity.Kind {
	switch c.Status {
	case "major_outage", "partial_outage":
		return severity.Outage
	case "degraded_performance":
		return severity.Degradation
	}
	return severity.KindUnknown
}

// Ref names another incident: its source and id.
type Ref struct {
	Source Source `json:"source"`
	ID     string `json:"id"`
}

// Incident is one open incident from any source.
type Incident struct {
	Source Source `json:"source"`
	ID     string `json:"id"`
	// Number is the upstream's human number when it has one (PagerDuty incident_number).
	Number int    `json:"number,omitempty"`
	Title  string `json:"title"`
	// Status is the upstream's own status word: triggered, acknowledged, investigating, identified,
	// monitoring, open...
	Status   string   `json:"status"`
	Declared Declared `json:"declared"`
	// Impact is a status page incident's impact (none, minor, major, critical); empty for pages.
	Impact string `json:"impact,omitempty"`
	// Computed is the severity seed 003 gives from the incident's data (affected capabilities and
	// duration); Level None with the reason when the data does not allow one.
	Computed severity.Result `json:"computed"`
	// Started is when the incident started impacting customers, seed 003's incident start time.
	Started time.Time `json:"started"`
	// Paged is when the responders were paged (PagerDuty created_at); zero when not a page.
	Paged time.Time `json:"paged,omitzero"`
	// Acknowledged is the first acknowledgement, taken as the start of the investigation.
	Acknowledged time.Time `json:"acknowledged,omitzero"`
	// Service is the upstream's service, team or page the incident belongs to.
	Service    string      `json:"service,omitempty"`
	Updates    []Update    `json:"updates"`
	Components []Component `json:"components"`
	URL        string      `json:"url,omitempty"`
	// Links are incidents this one names as the same event (a status page incident that carries a
	// PagerDuty incident id in its metadata).
	Links []Ref `json:"links,omitempty"`
	// TracksUpdates is true when the source publishes status updates itself (Statuspage and the
	// platform); a page or an alert gets its updates only through a linked status page incident.
	TracksUpdates bool `json:"tracks_updates"`
}

// Level is the severity the console acts on: the more severe of the computed and the declared level,
// so a team's own SEV 2 keeps its clocks even when the data cannot show it, and the framework can
// raise an under-declared incident.
func (i Incident) Level() severity.Level { return severity.Max(i.Computed.Level, i.Declared.Level) }

// Key identifies the incident across sources: "pagerduty:P123".
func (i Incident) Key() string { return string(i.Source) + ":" + i.ID }

// FirstUpdate returns the earliest update of the timeline, and false when there is none.
func (i Incident) FirstUpdate() (Update, bool) {
	var first Update
	ok := false
	for _, u := range i.Updates {
		if !ok || u.At.Before(first.At) {
			first, ok = u, true
		}
	}
	return first, ok
}

// Timeline returns the updates newest first, the order the detail view shows them in.
func (i Incident) Timeline() []Update {
	out := append([]Update(nil), i.Updates...)
	sort.SliceStable(out, func(a, b int) bool { return out[a].At.After(out[b].At) })
	return out
}

// DeclaredLevel reads the severity an upstream's own words name: "SEV1"/"SEV 2", priorities "P1".."P3"
// (PagerDuty priority, Opsgenie priority; P4 and P5 name no seed 003 level) and Statuspage impacts
// "critical", "major", "minor". Urgency alone ("high", "low") names no level.
func DeclaredLevel(label string) severity.Level {
	s := strings.ToLower(strings.TrimSpace(label))
	s = strings.NewReplacer(" ", "", "-", "", "_", "").Replace(s)
	switch s {
	case "p1", "sev1", "critical":
		return severity.Sev1
	case "p2", "sev2", "major":
		return severity.Sev2
	case "p3", "sev3", "minor":
		return severity.Sev3
	}
	return severity.None
}

// Link copies, into every incident that does not publish status updates itself, the updates of the
// status page incidents that name it in their Links. A PagerDuty page answered with a status page
// incident then shows that incident's updates, marked with Via, and its first-update clock stops.
func Link(list []Incident) []Incident {
	out := append([]Incident(nil), list...)
	idx := make(map[string]int, len(out))
	for n, inc := range out {
		idx[inc.Key()] = n
	}
	for _, inc := range list {
		if !inc.TracksUpdates {
			continue
		}
		for _, r := range inc.Links {
			n, ok := idx[string(r.Source)+":"+r.ID]
			if !ok || out[n].TracksUpdates {
				continue
			}
			t := &out[n]
			t.Updates = append(append([]Update(nil), t.Updates...), via(inc)...)
			t.Links = appendRef(t.Links, Ref{Source: inc.Source, ID: inc.ID})
		}
	}
	return out
}

func via(inc Incident) []Update {
	out := make([]Update, len(inc.Updates))
	for n, u := range inc.Updates {
		u.Via = inc.Key()
		out[n] = u
	}
	return out
}

func appendRef(refs []Ref, r Ref) []Ref {
	for _, x := range refs {
		if x == r {
			return refs
		}
	}
	return append(append([]Ref(nil), refs...), r)
}
