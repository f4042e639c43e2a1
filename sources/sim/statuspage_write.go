package sim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// The write side of the simulated Statuspage (issue 7): POST /pages/{page}/incidents creates an
// incident or a scheduled maintenance (upstream-apis.md §1: booleans, component_ids and components
// as a map id -> status), and PATCH (or PUT) /pages/{page}/incidents/{id} changes its status and adds
// an update, which is how opsdeck cancels a maintenance it just declared.

type spWrite struct {
	Incident struct {
		Name                 *string           `json:"name"`
		Status               *string           `json:"status"`
		ImpactOverride       *string           `json:"impact_override"`
		ScheduledFor         *time.Time        `json:"scheduled_for"`
		ScheduledUntil       *time.Time        `json:"scheduled_until"`
		RemindPrior          *bool             `json:"scheduled_remind_prior"`
		AutoInProgress       *bool             `json:"scheduled_auto_in_progress"`
		AutoCompleted        *bool             `json:"scheduled_auto_completed"`
		AutoToMaintenance    *bool             `json:"auto_transition_to_maintenance_state"`
		AutoToOperational    *bool             `json:"auto_transition_to_operational_state"`
		DeliverNotifications *bool             `json:"deliver_notifications"`
		Body                 *string           `json:"body"`
		ComponentIDs         []string          `json:"component_ids"`
		Components           map[string]string `json:"components"`
	} `json:"incident"`
}

func boolOr(p *bool, def bool) bool {
	if p == nil {
		return def
	}
	return *p
}

func init() {
	Register(Upstream{Name: "statuspage-write", Order: 41, Routes: statuspageWriteRoutes})
}

func statuspageWriteRoutes(s *Sim, mux *http.ServeMux) {
	st := spStateOf(s)
	create := func(w http.ResponseWriter, r *http.Request) {
		if !spAuth(s, st, w, r) {
			return
		}
		var body spWrite
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			spError(w, http.StatusBadRequest, "the body must be JSON: {\"incident\": {...}}")
			return
		}
		in := body.Incident
		if in.Name == nil || strings.TrimSpace(*in.Name) == "" {
			spError(w, http.StatusUnprocessableEntity, "Name can't be blank")
			return
		}
		if len([]rune(*in.Name)) > 255 {
			spError(w, http.StatusUnprocessableEntity, "Name is too long (maximum is 255 characters)")
			return
		}
		status := "investigating"
		if in.Status != nil {
			status = *in.Status
		}
		now := s.Now()
		inc := SPIncident{Name: *in.Name, Status: status, Impact: "none", ImpactOverride: in.ImpactOverride, StartedAt: now}
		switch status {
		case "scheduled", "in_progress", "verifying", "completed":
			if in.ScheduledFor == nil || in.ScheduledUntil == nil {
				spError(w, http.StatusUnprocessableEntity, "Scheduled for and scheduled until are required for a scheduled maintenance")
				return
			}
			if !in.ScheduledUntil.After(*in.ScheduledFor) {
				spError(w, http.StatusUnprocessableEntity, "Scheduled until must be after scheduled for")
				return
			}
			inc.Impact = "maintenance"
			inc.ScheduledFor, inc.ScheduledUntil = in.ScheduledFor, in.ScheduledUntil
			inc.StartedAt = *in.ScheduledFor
			inc.ScheduledRemindPrior = boolOr(in.RemindPrior, false)
			inc.AutoInProgress = boolOr(in.AutoInProgress, false)
			inc.AutoCompleted = boolOr(in.AutoCompleted, false)
			inc.AutoToMaintenanceState = boolOr(in.AutoToMaintenance, false)
			inc.AutoToOperationalState = boolOr(in.AutoToOperational, false)
		case "investigating", "identified", "monitoring", "resolved":
		default:
			spError(w, http.StatusUnprocessableEntity, fmt.Sprintf("Status %q is not a status", status))
			return
		}
		if in.ImpactOverride != nil {
			inc.Impact = *in.ImpactOverride
		}
		text := ""
		if in.Body != nil {
			text = *in.Body
		}
		inc.Updates = []SPUpdate{{ID: fmt.Sprintf("upd%d", now.UnixNano()), Status: status, Body: text, CreatedAt: now,
			UpdatedAt: now, DisplayAt: now, DeliverNotifications: boolOr(in.DeliverNotifications, true)}}
		comps := map[string]string{}
		for _, id := range in.ComponentIDs {
			comps[id] = "operational"
		}
		for id, cs := range in.Components {
			comps[id] = cs
		}
		created, ok := st.add(now, r.PathValue("page"), inc, comps)
		if !ok {
			spError(w, http.StatusNotFound, "Page not found")
			return
		}
		if !s.afterWrite(w, r) {
			return
		}
		writeJSON(w, http.StatusCreated, created)
	}
	change := func(w http.ResponseWriter, r *http.Request) {
		if !spAuth(s, st, w, r) {
			return
		}
		var body spWrite
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			spError(w, http.StatusBadRequest, "the body must be JSON: {\"incident\": {...}}")
			return
		}
		in := body.Incident
		now := s.Now()
		id := strings.TrimSuffix(r.PathValue("id"), ".json")
		out, ok := st.update(r.PathValue("page"), id, func(inc *SPIncident) {
			if in.Name != nil && *in.Name != "" {
				inc.Name = *in.Name
			}
			if in.Status != nil {
				inc.Status = *in.Status
				if inc.Status == "resolved" || inc.Status == "completed" {
					t := now
					inc.ResolvedAt = &t
				}
			}
			if in.ScheduledFor != nil {
				inc.ScheduledFor = in.ScheduledFor
			}
			if in.ScheduledUntil != nil {
				inc.ScheduledUntil = in.ScheduledUntil
			}
			inc.UpdatedAt = now
			if in.Body != nil || in.Status != nil {
				text := ""
				if in.Body != nil {
					text = *in.Body
				}
				inc.Updates = append([]SPUpdate{{ID: fmt.Sprintf("upd%d", now.UnixNano()), IncidentID: inc.ID, Status: inc.Status,
					Body: text, CreatedAt: now, UpdatedAt: now, DisplayAt: now, DeliverNotifications: boolOr(in.DeliverNotifications, true)}}, inc.Updates...)
			}
		})
		if !ok {
			spError(w, http.StatusNotFound, "Incident not found")
			return
		}
		if !s.afterWrite(w, r) {
			return
		}
		writeJSON(w, http.StatusOK, out)
	}
	mux.HandleFunc("POST /statuspage/v1/pages/{page}/incidents", create)
	mux.HandleFunc("POST /statuspage/v1/pages/{page}/incidents.json", create)
	mux.HandleFunc("PATCH /statuspage/v1/pages/{page}/incidents/{id}", change)
	mux.HandleFunc("PUT /statuspage/v1/pages/{page}/incidents/{id}", change)
}
