package config

import "time"

// Readiness is the [env.NAME.readiness] section: where the checklist answers live and where the live
// evidence comes from.
type Readiness struct {
	File          string `toml:"file"`           // answers file; readiness.toml in the working directory by default
	DescriptorURL string `toml:"descriptor_url"` // the app descriptor (atlassian-connect.json)
	SLAURL        string `toml:"sla_url"`
	SupportURL    string `toml:"support_url"`
	SecurityURL   string `toml:"security_url"`

	// BackupQuery is PromQL answering the Unix time (seconds) of the last successful backup, for
	// example max(backup_last_success_timestamp_seconds{app="x"}); it is compared with RPO.
	BackupQuery string   `toml:"backup_query"`
	RPO         Duration `toml:"rpo"` // 24h by default, seed 000's example
	// SyntheticQuery is PromQL answering the Unix time of the last synthetic test run (seed 002);
	// results older than SyntheticMaxAge mean the tests stopped reporting.
	SyntheticQuery  string   `toml:"synthetic_query"`
	SyntheticMaxAge Duration `toml:"synthetic_max_age"` // 1h by default
	Refresh         Duration `toml:"refresh"`           // between evidence rounds; 5m by default
	Timeout         Duration `toml:"timeout"`           // per fetch; 10s by default
	// AllowInsecureHTTP accepts plain-http URLs to other hosts than loopback (a test environment);
	// the evidence still fails them, as the platform would.
	AllowInsecureHTTP bool `toml:"allow_insecure_http"`
}

// Defaults of the readiness section.
const (
	DefaultReadinessFile    = "readiness.toml"
	DefaultRPO              = 24 * time.Hour
	DefaultSyntheticMaxAge  = time.Hour
	DefaultReadinessRefresh = 5 * time.Minute
	DefaultReadinessTimeout = 10 * time.Second
)

// Check implements Checker: the published pages and the descriptor must be absolute HTTPS URLs
// (seed 004: "Ensure your descriptor's base URL starts with HTTPS"; loopback may be plain http).
func (r *Readiness) Check(rep *Reporter) {
	rep.URL("descriptor_url", r.DescriptorURL, r.AllowInsecureHTTP)
	rep.URL("sla_url", r.SLAURL, r.AllowInsecureHTTP)
	rep.URL("support_url", r.SupportURL, r.AllowInsecureHTTP)
	rep.URL("security_url", r.SecurityURL, r.AllowInsecureHTTP)
	if r.RPO.Duration > 0 && r.BackupQuery == "" {
		rep.Warn("rpo", "is only used with backup_query (the metric of the last successful backup)")
	}
	if r.SyntheticMaxAge.Duration > 0 && r.SyntheticQuery == "" {
		rep.Warn("synthetic_max_age", "is only used with synthetic_query")
	}
}
