package config

import (
	"strings"
	"time"
)

// Pager is the [env.NAME.pager] section: where "page support" sends an alert. Driver "pagerduty"
// (Events API v2; the secret is the routing key), "jsm" or "opsgenie" (GenieKey).
type Pager struct {
	Upstream
	Driver string `toml:"driver"`
	Source string `toml:"source"` // the event's source field; the app name by default
}

// Pager drivers.
const (
	PagerPagerDuty = "pagerduty"
	PagerJSM       = "jsm"
	PagerOpsgenie  = "opsgenie"
)

// Check implements Checker.
func (p *Pager) Check(r *Reporter) {
	if !p.Enabled() && p.Driver == "" {
		return
	}
	switch p.Driver {
	case PagerPagerDuty, PagerJSM, PagerOpsgenie, "":
	default:
		r.Error("driver", "%q is not a pager driver: use pagerduty, jsm or opsgenie", p.Driver)
	}
	if p.Driver == "" && p.Enabled() {
		r.Error("driver", "is required (pagerduty, jsm or opsgenie)")
	}
	if p.Enabled() && !p.IsSet() {
		r.Error("token_env", "the pager needs its key (PagerDuty routing key or GenieKey): set token_env, token_file or token_cmd")
	}
	if p.Driver == PagerOpsgenie {
		r.Warn("driver", "Opsgenie's support ends 2027-04-05; move to jsm (Jira Service Management operations)")
	}
}

// Heroku is the [env.NAME.heroku] section: the Heroku Platform API, for releases and rollback.
type Heroku struct {
	Upstream
	App string `toml:"app"`
}

// Check implements Checker.
func (h *Heroku) Check(r *Reporter) {
	if h.App == "" && !h.Enabled() {
		return
	}
	r.Required("app", h.App, "(the Heroku app whose releases are listed)")
}

// Kubernetes is the [env.NAME.kubernetes] section: a Deployment read and rolled back through the
// API server named by a kubeconfig, or given directly (server, ca_file and a token, as a service
// account has them).
type Kubernetes struct {
	Kubeconfig        string   `toml:"kubeconfig"`
	Context           string   `toml:"context"`
	Namespace         string   `toml:"namespace"`
	Deployment        string   `toml:"deployment"`
	Timeout           Duration `toml:"timeout"`
	Refresh           Duration `toml:"refresh"`
	Server            string   `toml:"server"`  // the API server, instead of the kubeconfig's
	CAFile            string   `toml:"ca_file"` // its CA (PEM), instead of the kubeconfig's
	AllowInsecureHTTP bool     `toml:"allow_insecure_http"`
	Credentials                // a token instead of the kubeconfig user's (token_cmd can run an exec plugin)
}

// Enabled reports whether the section was configured at all.
func (k Kubernetes) Enabled() bool { return k.Deployment != "" }

// Check implements Checker.
func (k *Kubernetes) Check(r *Reporter) {
	if !k.Enabled() && k.Kubeconfig == "" && k.Server == "" {
		return
	}
	r.Required("deployment", k.Deployment, "(the Deployment whose revisions are listed)")
	if k.Kubeconfig == "" && k.Server == "" {
		r.Error("kubeconfig", "set kubeconfig (a file) or server with ca_file and a token")
	}
	if k.Server != "" {
		r.URL("server", k.Server, k.AllowInsecureHTTP)
		if k.Kubeconfig == "" && !k.IsSet() {
			r.Error("token_env", "server needs a token: set token_env, token_file or token_cmd")
		}
	}
	if k.Token != "" {
		r.Warn("token", "an inline secret works, but keep secrets out of config files: use token_env, token_file or token_cmd")
	}
	if strings.ContainsAny(k.Namespace, " /") {
		r.Error("namespace", "%q is not a namespace name", k.Namespace)
	}
}

// DefaultDeployRefresh is how often the Deployments tab re-reads the releases.
const DefaultDeployRefresh = time.Minute
