package config

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
	Flavor string `toml:"flavor"` // "jsm" or "opsgenie"
}

// MaintenanceWindow is one [[env.NAME.maintenance_window]] known from config (until the status page
// publishes them): RFC 3339 start and end.
type MaintenanceWindow struct {
	Name  string `toml:"name"`
	Start string `toml:"start"`
	End   string `toml:"end"`
}
