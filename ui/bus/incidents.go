package bus

import (
	"time"

	"github.com/opsdeck/opsdeck/models/incident"
)

// IncidentsMsg is published by the Incidents tab after every refresh of a source: the merged open
// incidents, linked, assessed by seed 003 and sorted (overdue first, then by severity).
type IncidentsMsg struct {
	Env       string
	Incidents []incident.Incident
	At        time.Time
}

// TenantReacher is implemented by a message that carries the tenant base by product and license
// state (the Tenants tab's). The Incidents tab reads it to show each incident's blast radius in
// customers: byProduct maps a product name as it appears in incident titles or components ("jira",
// "confluence", "jira service management") to the tenants using the app there.
type TenantReacher interface {
	TenantReach() (env string, byProduct map[string]incident.Reach)
}
