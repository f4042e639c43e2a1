package config

// Marketplace is the [env.NAME.marketplace] section: the Marketplace reporting API (Basic auth,
// username = the Atlassian account email, secret = an API token).
type Marketplace struct {
	Upstream
	VendorID    string `toml:"vendor_id"`    // /rest/2/vendors/{vendor_id}/reporting/licenses
	DeveloperID string `toml:"developer_id"` // /rest/3/reporting/developer-space/{developer_id}/licenses
	AppKey      string `toml:"app_key"`      // the addon key the licenses are filtered to
}

// Installations is the [env.NAME.installations] section: the app's own database, read-only.
type Installations struct {
	DSN    string `toml:"dsn"`    // postgres://user@host/db without a password; the secret comes from Credentials
	Preset string `toml:"preset"` // "spring-boot" (atlassian_host), "express" (AddonSettings) or "custom"
	Query  string `toml:"query"`  // the SELECT for preset "custom"
	Credentials
}
