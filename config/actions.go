package config

// Pager is the [env.NAME.pager] section: where "page support" sends an alert. Driver "pagerduty"
// (Events API v2; the secret is the routing key), "jsm" or "opsgenie" (GenieKey).
type Pager struct {
	Upstream
	Driver string `toml:"driver"`
	Source string `toml:"source"` // the event's source field; the app name by default
}

// Heroku is the [env.NAME.heroku] section: the Heroku Platform API, for releases and rollback.
type Heroku struct {
	Upstream
	App string `toml:"app"`
}

// Kubernetes is the [env.NAME.kubernetes] section: a Deployment read and rolled back through the
// API server named by a kubeconfig.
type Kubernetes struct {
	Kubeconfig string   `toml:"kubeconfig"`
	Context    string   `toml:"context"`
	Namespace  string   `toml:"namespace"`
	Deployment string   `toml:"deployment"`
	Timeout    Duration `toml:"timeout"`
	Refresh    Duration `toml:"refresh"`
}
