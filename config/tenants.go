package config

import (
	"net/url"
	"strings"
)

// Marketplace is the [env.NAME.marketplace] section: the Marketplace reporting API (Basic auth,
// username = the Atlassian account email, secret = an API token).
type Marketplace struct {
	Upstream
	VendorID    string `toml:"vendor_id"`    // /rest/2/vendors/{vendor_id}/reporting/licenses
	DeveloperID string `toml:"developer_id"` // /rest/3/reporting/developer-space/{developer_id}/licenses
	AppKey      string `toml:"app_key"`      // the addon key the licenses are filtered to
	PageSize    int    `toml:"page_size"`    // licenses per request; 50 by default, at most 50 on the developer-space API
}

// Installations is the [env.NAME.installations] section: the app's own database, read-only.
type Installations struct {
	DSN     string   `toml:"dsn"`     // postgres://user@host/db without a password; the secret comes from Credentials
	Preset  string   `toml:"preset"`  // "spring-boot" (atlassian_host), "express" (AddonSettings) or "custom"
	Table   string   `toml:"table"`   // [schema.]table for the presets; atlassian_host or AddonSettings by default
	Query   string   `toml:"query"`   // the SELECT for preset "custom"
	Timeout Duration `toml:"timeout"` // connect and read; 30s by default
	Credentials
}

// Enabled reports whether the section was configured at all.
func (i Installations) Enabled() bool { return i.DSN != "" }

// InstallationPresets are the values of installations.preset.
var InstallationPresets = []string{"spring-boot", "express", "custom"}

// Check implements Checker.
func (m *Marketplace) Check(r *Reporter) {
	if !m.Enabled() {
		return
	}
	r.Required("app_key", m.AppKey, "(the licenses are read for one app: its addon key)")
	if m.VendorID == "" && m.DeveloperID == "" {
		r.Error("vendor_id", "set vendor_id (the v2 API) or developer_id (the developer-space API)")
	}
	if m.VendorID != "" && m.DeveloperID != "" {
		r.Warn("developer_id", "both vendor_id and developer_id are set: the developer-space API (developer_id) is used")
	}
	r.Required("username", m.Username, "(the Atlassian account email; the API token is the password)")
	if !m.IsSet() {
		r.Error("token_env", "no API token: set token_env, token_file or token_cmd")
	}
	if m.PageSize < 0 || m.PageSize > 1000 {
		r.Error("page_size", "%d is not between 1 and 1000 (0 means 50)", m.PageSize)
	}
	if m.DeveloperID != "" && m.PageSize > 50 {
		r.Warn("page_size", "the developer-space API caps limit at 50; %d becomes 50", m.PageSize)
	}
}

// Check implements Checker.
func (i *Installations) Check(r *Reporter) {
	if !i.Enabled() && i.Preset == "" && i.Query == "" {
		return
	}
	r.Required("dsn", i.DSN, "(postgres://user@host:5432/db, the password from token_env, token_file or token_cmd)")
	found := false
	for _, p := range InstallationPresets {
		found = found || i.Preset == p
	}
	if !found {
		r.Error("preset", "%q is not one of %s", i.Preset, strings.Join(InstallationPresets, ", "))
	}
	head := strings.ToUpper(strings.Fields(i.Query + " x")[0])
	switch {
	case i.Preset == "custom" && i.Query == "":
		r.Error("query", "preset custom needs a SELECT returning client_key, base_url and optionally cloud_id, product_type, installed, created, updated")
	case i.Query != "" && head != "SELECT" && head != "WITH":
		r.Error("query", "must start with SELECT or WITH (the installations source only reads)")
	case i.Query != "" && i.Preset != "custom":
		r.Warn("query", "is used only with preset = \"custom\"")
	}
	if strings.HasPrefix(i.DSN, "postgres://") || strings.HasPrefix(i.DSN, "postgresql://") {
		u, err := url.Parse(i.DSN)
		switch {
		case err != nil:
			r.Error("dsn", "not a URL: %v", err)
		case u.User != nil && hasPassword(u.User):
			r.Error("dsn", "holds a password; put it in token_env, token_file or token_cmd instead")
		}
	} else if i.DSN != "" && strings.Contains(strings.ToLower(i.DSN), "password=") {
		r.Error("dsn", "holds a password; put it in token_env, token_file or token_cmd instead")
	}
	if i.Token != "" {
		r.Warn("token", "an inline secret works, but keep secrets out of config files: use token_env, token_file or token_cmd")
	}
}

func hasPassword(u *url.Userinfo) bool {
	_, ok := u.Password()
	return ok
}
