package sim

import (
	"net/http"
	"time"

	"github.com/opsdeck/opsdeck/config"
)

// The simulated public status page of the platform (Statuspage's public v2 JSON, no auth) under
// /platform: summary.json, incidents/unresolved.json and scheduled-maintenances/upcoming.json, shaped
// like the developer status page seed 003 points to. The demo has a degradation of a C1 capability
// (App UI, SEV 2 by seed 003 for its first two hours, SEV 1 after) and a degradation of a C3 one
// (App logging: the table's no-incident cell until it has lasted two hours).

func init() {
	Register(Upstream{Name: "platform", Order: 43, Routes: platformRoutes, Configure: platformConfigure})
}

type platPage struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	URL       string    `json:"url"`
	TimeZone  string    `json:"time_zone"`
	UpdatedAt time.Time `json:"updated_at"`
}

type platComponent struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Status     string   `json:"status"`
	Position   int      `json:"position"`
	GroupID    *string  `json:"group_id"`
	Group      bool     `json:"group"`
	PageID     string   `json:"page_id"`
	Showcase   bool     `json:"showcase"`
	Components []string `json:"components,omitempty"`
}

type platAffected struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	OldStatus string `json:"old_status"`
	NewStatus string `json:"new_status"`
}

type platUpdate struct {
	ID        string         `json:"id"`
	Status    string         `json:"status"`
	Body      string         `json:"body"`
	CreatedAt time.Time      `json:"created_at"`
	DisplayAt time.Time      `json:"display_at"`
	Affected  []platAffected `json:"affected_components"`
}

type platIncident struct {
	ID             string          `json:"id"`
	Name           string          `json:"name"`
	Status         string          `json:"status"`
	Impact         string          `json:"impact"`
	CreatedAt      time.Time       `json:"created_at"`
	UpdatedAt      time.Time       `json:"updated_at"`
	StartedAt      time.Time       `json:"started_at"`
	ScheduledFor   *time.Time      `json:"scheduled_for"`
	ScheduledUntil *time.Time      `json:"scheduled_until"`
	Shortlink      string          `json:"shortlink"`
	PageID         string          `json:"page_id"`
	Updates        []platUpdate    `json:"incident_updates"`
	Components     []platComponent `json:"components"`
}

type platState struct {
	page       platPage
	components []platComponent
	incidents  []platIncident
}

func platStateOf(s *Sim) *platState {
	return s.State("platform", func() any { return platDemo(s.Started().UTC().Truncate(time.Second)) }).(*platState)
}

func platDemo(start time.Time) *platState {
	const pageID = "simdevstatus"
	st := &platState{page: platPage{ID: pageID, Name: "Atlassian Developer (simulated)", URL: "https://developer.status.atlassian.com",
		TimeZone: "Etc/UTC", UpdatedAt: start.Add(-10 * time.Minute)}}
	groups := []struct {
		name  string
		items []string
	}{
		{"Forge", []string{"App code execution", "App UI", "Function invocation", "Hosted storage", "Forge Webtriggers", "Scheduled triggers", "Forge CLI"}},
		{"Connect", []string{"App lifecycle events", "Content delivery (CDN)"}},
		{"Developer console", []string{"App logging", "App monitoring", "Manage apps"}},
		{"Marketplace", []string{"Search apps", "View app listing", "Install apps"}},
	}
	degraded := map[string]bool{"App UI": true, "App logging": true}
	pos := 0
	for gi, g := range groups {
		pos++
		gid := "pg" + string(rune('1'+gi))
		group := platComponent{ID: gid, Name: g.name, Status: "operational", Position: pos, Group: true, PageID: pageID, Showcase: true}
		gIdx := len(st.components)
		st.components = append(st.components, group)
		for ci, n := range g.items {
			pos++
			id := gid + "c" + string(rune('a'+ci))
			status := "operational"
			if degraded[n] {
				status = "degraded_performance"
				st.components[gIdx].Status = status
			}
			g := gid
			st.components = append(st.components, platComponent{ID: id, Name: n, Status: status, Position: pos, GroupID: &g, PageID: pageID, Showcase: true})
			st.components[gIdx].Components = append(st.components[gIdx].Components, id)
		}
	}
	comp := func(name string) platComponent {
		for _, c := range st.components {
			if c.Name == name && !c.Group {
				return c
			}
		}
		panic("sim: no platform component " + name)
	}
	inc := func(id, name, impact string, started time.Duration, c string, ups ...platUpdate) platIncident {
		for i := range ups {
			ups[i].ID = id + "u" + string(rune('1'+i))
			ups[i].DisplayAt = ups[i].CreatedAt
		}
		return platIncident{ID: id, Name: name, Status: ups[0].Status, Impact: impact, CreatedAt: ups[len(ups)-1].CreatedAt,
			UpdatedAt: ups[0].CreatedAt, StartedAt: start.Add(started), Shortlink: "https://stspg.io/" + id, PageID: pageID,
			Updates: ups, Components: []platComponent{comp(c)}}
	}
	aff := func(c, old, now string) []platAffected {
		return []platAffected{{Code: comp(c).ID, Name: c, OldStatus: old, NewStatus: now}}
	}
	st.incidents = []platIncident{
		inc("plat-appui", "Slow loading of app user interfaces", "minor", -50*time.Minute, "App UI",
			platUpdate{Status: "identified", CreatedAt: start.Add(-20 * time.Minute),
				Body: "We identified a misbehaving edge cache in front of app iframes and are replacing it. Apps render, but slowly."},
			platUpdate{Status: "investigating", CreatedAt: start.Add(-45 * time.Minute),
				Body:     "Some customers see app user interfaces load slowly in Jira and Confluence. We are investigating.",
				Affected: aff("App UI", "operational", "degraded_performance")}),
		inc("plat-logs", "Delays in app logs in the developer console", "minor", -40*time.Minute, "App logging",
			platUpdate{Status: "investigating", CreatedAt: start.Add(-35 * time.Minute),
				Body:     "App logs appear in the developer console with a delay of up to 15 minutes.",
				Affected: aff("App logging", "operational", "degraded_performance")}),
	}
	return st
}

func platformRoutes(s *Sim, mux *http.ServeMux) {
	st := platStateOf(s)
	active := func() []platIncident { return []platIncident{} } // no platform maintenance in the demo
	mux.HandleFunc("GET /platform/api/v2/summary.json", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{
			"page":                   st.page,
			"status":                 map[string]string{"indicator": "minor", "description": "Partially Degraded Service"},
			"components":             st.components,
			"incidents":              st.incidents,
			"scheduled_maintenances": active(),
		})
	})
	mux.HandleFunc("GET /platform/api/v2/incidents/unresolved.json", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"page": st.page, "incidents": st.incidents})
	})
	mux.HandleFunc("GET /platform/api/v2/scheduled-maintenances/upcoming.json", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"page": st.page, "scheduled_maintenances": active()})
	})
}

func platformConfigure(s *Sim, e *config.Env) {
	e.Platform = config.Platform{Upstream: config.Upstream{BaseURL: s.URL("/platform"), Timeout: config.Dur(5 * time.Second),
		Refresh: config.Dur(time.Minute)}}
}
