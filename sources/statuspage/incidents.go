package statuspage

import (
	"context"
	"encoding/json"
	"time"

	"github.com/opsdeck/opsdeck/models/incident"
	"github.com/opsdeck/opsdeck/models/maintenance"
)

// wireIncident is the Incident object of the REST API (upstream-apis.md section 1), only the fields
// opsdeck reads. Fields whose type the spec gets wrong (postmortem_published_at, reminder_intervals)
// are not decoded, so a live answer of either shape reads fine.
type wireIncident struct {
	ID             string          `json:"id"`
	PageID         string          `json:"page_id"`
	Name           string          `json:"name"`
	Status         string          `json:"status"`
	Impact         string          `json:"impact"`
	ImpactOverride *string         `json:"impact_override"`
	CreatedAt      time.Time       `json:"created_at"`
	StartedAt      time.Time       `json:"started_at"`
	ResolvedAt     time.Time       `json:"resolved_at"`
	ScheduledFor   time.Time       `json:"scheduled_for"`
	ScheduledUntil time.Time       `json:"scheduled_until"`
	Shortlink      string          `json:"shortlink"`
	Updates        []wireUpdate    `json:"incident_updates"`
	Components     []wireComponent `json:"components"`
	Metadata       json.RawMessage `json:"metadata"`
}

// wireUpdate is an IncidentUpdate.
type wireUpdate struct {
	ID        string    `json:"id"`
	Status    string    `json:"status"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
	DisplayAt time.Time `json:"display_at"`
}

// wireComponent is a Component.
type wireComponent struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Status  string `json:"status"`
	GroupID string `json:"group_id"`
	Group   bool   `json:"group"`
}

// impact is the incident's effective impact: the override when one is set.
func (w wireIncident) impact() string {
	if w.ImpactOverride != nil && *w.ImpactOverride != "" {
		return *w.ImpactOverride
	}
	return w.Impact
}

// start is when the incident started impacting customers: started_at, which live answers carry
// (the OpenAPI omits it), else created_at.
func (w wireIncident) start() time.Time {
	if !w.StartedAt.IsZero() {
		return w.StartedAt
	}
	return w.CreatedAt
}

// links reads the PagerDuty incident this status page incident answers, from its metadata:
// {"pagerduty": {"incident_id": "P123"}} (Statuspage wants metadata values to be objects). This is
// opsdeck's convention for linking, see docs/incidents.md.
func (w wireIncident) links() []incident.Ref {
	if len(w.Metadata) == 0 {
		return nil
	}
	var md map[string]json.RawMessage
	if json.Unmarshal(w.Metadata, &md) != nil {
		return nil
	}
	var out []incident.Ref
	for key, src := range map[string]incident.Source{"pagerduty": incident.PagerDuty, "opsgenie": incident.Opsgenie} {
		var v struct {
			IncidentID string `json:"incident_id"`
			AlertID    string `json:"alert_id"`
		}
		if raw, ok := md[key]; ok && json.Unmarshal(raw, &v) == nil {
			if id := v.IncidentID + v.AlertID; id != "" {
				out = append(out, incident.Ref{Source: src, ID: id})
			}
		}
	}
	if len(out) == 2 && out[0].Source > out[1].Source {
		out[0], out[1] = out[1], out[0]
	}
	return out
}

// model converts the wire incident into the merged incident type.
func (w wireIncident) model() incident.Incident {
	imp := w.impact()
	inc := incident.Incident{
		Source: incident.Statuspage, ID: w.ID, Title: w.Name, Status: w.Status, Impact: imp,
		Declared: incident.Declared{Label: "impact " + orDash(imp), Level: incident.DeclaredLevel(imp)},
		Started:  w.start(), URL: w.Shortlink, Links: w.links(), TracksUpdates: true,
		Updates: make([]incident.Update, 0, len(w.Updates)), Components: make([]incident.Component, 0, len(w.Components)),
	}
	for _, u := range w.Updates {
		at := u.DisplayAt
		if at.IsZero() {
			at = u.CreatedAt
		}
		inc.Updates = append(inc.Updates, incident.Update{At: at, Status: u.Status, Body: u.Body})
	}
	for _, c := range w.Components {
		inc.Components = append(inc.Components, incident.Component{ID: c.ID, Name: c.Name, Status: c.Status})
	}
	return inc
}

// window converts a scheduled incident (a maintenance) into a maintenance window.
func (w wireIncident) window(source string) maintenance.Window {
	mw := maintenance.Window{ID: w.ID, Name: w.Name, Status: w.Status, Start: w.ScheduledFor, End: w.ScheduledUntil,
		Source: source, URL: w.Shortlink}
	if mw.Start.IsZero() {
		mw.Start = w.start()
	}
	for _, c := range w.Components {
		mw.Components = append(mw.Components, c.Name)
	}
	return mw
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// Incidents lists the page's unresolved incidents (investigating, identified, monitoring) as merged
// incidents, every page of them.
func (c *Client) Incidents(ctx context.Context) ([]incident.Incident, error) {
	ws, err := list[wireIncident](ctx, c, c.pagePath("/incidents/unresolved"))
	if err != nil {
		return nil, err
	}
	out := make([]incident.Incident, 0, len(ws))
	for _, w := range ws {
		out = append(out, w.model())
	}
	return out, nil
}

// Maintenances lists the page's maintenance windows: active (active_maintenance), upcoming and
// scheduled (which also holds completed ones, the recent list), each window once. The three
// listings are read one after the other: Statuspage allows about one request per second per key.
func (c *Client) Maintenances(ctx context.Context) ([]maintenance.Window, error) {
	var out []maintenance.Window
	seen := map[string]bool{}
	for _, p := range []string{"/incidents/active_maintenance", "/incidents/upcoming", "/incidents/scheduled"} {
		ws, err := list[wireIncident](ctx, c, c.pagePath(p))
		if err != nil {
			return nil, err
		}
		for _, w := range ws {
			if seen[w.ID] {
				continue
			}
			seen[w.ID] = true
			out = append(out, w.window(name))
		}
	}
	return out, nil
}

// Components lists the page's components (always paged: unpaged component listings are limited to
// one a minute since 2020).
func (c *Client) Components(ctx context.Context) ([]incident.Component, error) {
	ws, err := list[wireComponent](ctx, c, c.pagePath("/components"))
	if err != nil {
		return nil, err
	}
	out := make([]incident.Component, 0, len(ws))
	for _, w := range ws {
		if w.Group {
			continue // a group is a heading, not a component
		}
		out = append(out, incident.Component{ID: w.ID, Name: w.Name, Status: w.Status})
	}
	return out, nil
}
