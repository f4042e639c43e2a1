package bus

import (
	"strings"
	"time"

	"github.com/opsdeck/opsdeck/models/incident"
	"github.com/opsdeck/opsdeck/models/license"
)

// TenantsMsg is published by the Tenants tab after every load that produced data: the joined tenant
// base (an immutable index, safe to read from any tab), its header counts, and the installed tenants
// by product and license state for the Incidents tab's blast radius (TenantReacher).
type TenantsMsg struct {
	Env    string
	Index  *license.Index
	Counts license.Counts
	// Reach is by product ("jira", "confluence"): the tenants the app serves there, by license state.
	Reach map[string]incident.Reach
	At    time.Time
}

// TenantReach implements TenantReacher.
func (m TenantsMsg) TenantReach() (string, map[string]incident.Reach) { return m.Env, m.Reach }

// ReachOf counts the tenants the app serves, by product and license state: installed tenants with an
// active license (paying), a trial, or a cancelled license still inside its billing period (seed
// 004). When installed is false (no installation source), every tenant with such a license counts.
func ReachOf(tenants []license.Tenant, installed bool) map[string]incident.Reach {
	out := map[string]incident.Reach{}
	for i := range tenants {
		t := &tenants[i]
		if installed && !t.Installed {
			continue
		}
		var r incident.Reach
		switch t.Life.State {
		case license.StateActive:
			r.Paying = 1
		case license.StateTrial:
			r.Trial = 1
		case license.StateCancelled:
			r.Cancelled = 1
		default:
			continue
		}
		p := strings.ToLower(t.Product)
		if p == "" {
			p = "unknown"
		}
		out[p] = out[p].Add(r)
	}
	return out
}

var _ TenantReacher = TenantsMsg{}
