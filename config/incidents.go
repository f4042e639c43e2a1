package config

import (
	"fmt"
	"strings"
	"time"

	"github.com/opsdeck/opsdeck/models/severity"
)

// Statuspage is the [env.NAME.statuspage] section: the app's own Statuspage page (REST v1,
// Authorization: OAuth KEY).
type Statuspage struct {
	Upstream
	PageID string `toml:"page_id"`
}

// Platform is the [env.NAME.platform] section: the platform's public status page (Statuspage public
// v2 JSON, no auth), for example the developer status page seed 003 points to.
type Platform struct {
	Upstream
	Capabilities map[string]string `toml:"capabilities"` // component name -> seed 003 capability
}

// PagerDuty is the [env.NAME.pagerduty] section: PagerDuty REST v2 for open incidents.
type PagerDuty struct {
	Upstream
	ServiceIDs []string `toml:"service_ids"`
	Urgencies  []string `toml:"urgencies"`
}

// Opsgenie is the [env.NAME.opsgenie] section: Jira Service Management operations or Opsgenie
// (support ends 2027-04-05) alerts, for teams that page through it.
type Opsgenie struct {
	Upstream
	Flavor  string `toml:"flavor"`   // "jsm" or "opsgenie"
	CloudID string `toml:"cloud_id"` // the Atlassian site's cloud id, for listing JSM alerts
}

// MaintenanceWindow is one [[env.NAME.maintenance_window]] known from config (until the status page
// publishes them): RFC 3339 start and end.
type MaintenanceWindow struct {
	Name  string `toml:"name"`
	Start string `toml:"start"`
	End   string `toml:"end"`
}

// Check implements Checker: every capability named in the mapping must be one of seed 003's.
func (p *Platform) Check(r *Reporter) {
	if p.IsSet() {
		r.Warn("token_env", "the public status page needs no credentials; none is sent")
	}
	for comp, capName := range p.Capabilities {
		c := strings.TrimSpace(capName)
		if c == "" || strings.EqualFold(c, "none") {
			continue
		}
		if _, ok := severity.Lookup(c); !ok {
			r.Error("capabilities", "%q -> %q: not a capability of seed 003 (see `opsdeck severity --list`), or \"none\" to unmap", comp, capName)
		}
	}
}

// Check implements Checker: urgencies are high or low. (A missing page id or key is reported by
// the Incidents tab and `opsdeck get incidents`, which name the section.)
func (p *PagerDuty) Check(r *Reporter) {
	for _, u := range p.Urgencies {
		if u != "high" && u != "low" {
			r.Error("urgencies", "%q is not a PagerDuty urgency: use high or low", u)
		}
	}
}

// Check implements Checker: the flavour is jsm or opsgenie; listing JSM alerts needs the site's
// cloud id and an Atlassian account (username) with an API token.
func (o *Opsgenie) Check(r *Reporter) {
	if !o.Enabled() && o.Flavor == "" {
		return
	}
	switch o.Flavor {
	case "", "jsm":
		if o.Enabled() {
			r.Required("cloud_id", o.CloudID, "for Jira Service Management (GET https://SITE.atlassian.net/_edge/tenant_info)")
			r.Required("username", o.Username, "for Jira Service Management: the Atlassian account email; the secret is its API token")
		}
	case "opsgenie":
		r.Warn("flavor", "Opsgenie's support ends 2027-04-05; move to jsm (Jira Service Management operations)")
	default:
		r.Error("flavor", "%q is not a flavour: use jsm or opsgenie", o.Flavor)
	}
}

// Times parses the window's RFC 3339 start and end.
func (m MaintenanceWindow) Times() (start, end time.Time, err error) {
	start, err = time.Parse(time.RFC3339, strings.TrimSpace(m.Start))
	if err != nil {
		return start, end, fmt.Errorf("start %q is not an RFC 3339 time (2026-05-07T03:00:00Z)", m.Start)
	}
	end, err = time.Parse(time.RFC3339, strings.TrimSpace(m.End))
	if err != nil {
		return start, end, fmt.Errorf("end %q is not an RFC 3339 time (2026-05-07T05:00:00Z)", m.End)
	}
	return start, end, nil
}

// Check implements Checker: a name, RFC 3339 times and an end after the start.
func (m *MaintenanceWindow) Check(r *Reporter) {
	r.Required("name", m.Name, "(it names the window on screen)")
	if _, err := time.Parse(time.RFC3339, strings.TrimSpace(m.Start)); err != nil {
		r.Error("start", "%q is not an RFC 3339 time (2026-05-07T03:00:00Z)", m.Start)
		return
	}
	start, end, err := m.Times()
	if err != nil {
		r.Error("end", "%q is not an RFC 3339 time (2026-05-07T05:00:00Z)", m.End)
		return
	}
	if !end.After(start) {
		r.Error("end", "%s is not after the start %s", m.End, m.Start)
	}
}
