package config

// Readiness is the [env.NAME.readiness] section: where the checklist answers live and where the live
// evidence comes from.
type Readiness struct {
	File          string `toml:"file"`           // answers file; readiness.toml in the working directory by default
	DescriptorURL string `toml:"descriptor_url"` // the app descriptor (atlassian-connect.json)
	SLAURL        string `toml:"sla_url"`
	SupportURL    string `toml:"support_url"`
	SecurityURL   string `toml:"security_url"`
}
