package readiness

import "time"

// Observations are the latest facts the live evidence is computed from, gathered by the other tabs
// and by opsdeck's own probes. A nil field was not observed (not configured or not fetched yet):
// its rules are unknown, never passed or failed.
type Observations struct {
	Now          time.Time
	Health       *HealthObs
	SLOs         *SLOObs
	Maintenance  *MaintenanceObs
	Pager        *PagerObs
	Backup       *MetricObs // the timestamp of the last successful backup; Limit is the RPO
	Synthetic    *MetricObs // the timestamp of the last synthetic test run; Limit is its maximum age
	Descriptor   *DescriptorObs
	SLAPage      *PageObs
	SupportPage  *PageObs
	SecurityPage *PageObs
}

// HealthObs is the latest round of health-check probes.
type HealthObs struct {
	Probes []HealthProbe
	Err    string // why no round could be made, when Probes is empty
	At     time.Time
}

// HealthProbe is one GET of a health-check resource.
type HealthProbe struct {
	Name     string
	URL      string
	Status   int           // HTTP status, 0 when no answer
	Latency  time.Duration // time to the answer
	Location string        // the redirect target of a 3xx answer (never followed)
	Err      string        // transport error or timeout, for people
}

// SLOObs is the latest evaluation of the configured SLOs.
type SLOObs struct {
	SLOs []SLOStatus
	Err  string
	At   time.Time
}

// SLOStatus is one SLO and whether it is currently met.
type SLOStatus struct {
	Name       string
	Kind       string        // "availability" (a probe SLI counts as one) or "latency"
	Objective  float64       // 0.999 for 99.9%
	Window     time.Duration // the compliance window
	Compliance float64       // share of good events over the window (maintenance excluded), when HasData
	Met        bool          // Compliance reaches Objective, as the SLO model decides it
	HasData    bool          // false when the SLI had no events or could not be queried
	Err        string
}

// MaintenanceObs compares the maintenance windows opsdeck knows of with what the status page
// publishes.
type MaintenanceObs struct {
	Declared  []Window // from the config, still ahead of now or in progress
	Published []Window // scheduled or in-progress maintenances on the status page
	Err       string   // the status page could not be read
	At        time.Time
}

// Window is one maintenance window.
type Window struct {
	Name       string
	Start, End time.Time
}

// PagerObs is the state of the pager integration.
type PagerObs struct {
	Configured bool
	Driver     string // pagerduty, opsgenie, jsm
	Tested     bool   // a test page was tried (a dry run unless confirmed)
	TestOK     bool
	DryRun     bool   // the test page was built and validated but not sent
	Detail     string // what the test did or why it failed
	At         time.Time
}

// MetricObs is one Prometheus query whose value is a Unix timestamp in seconds (the last successful
// backup, the last synthetic run), with the maximum age that is still acceptable.
type MetricObs struct {
	Query string
	Found bool          // the query returned a sample
	Value float64       // the sample, a Unix time in seconds
	Limit time.Duration // the RPO for backups, the maximum age for synthetic results
	Err   string        // the query failed
	At    time.Time
}

// DescriptorObs is the app descriptor as fetched from its URL.
type DescriptorObs struct {
	URL             string
	Key             string
	BaseURL         string
	Lifecycle       map[string]string // event name ("installed") to callback URL or path
	EnableLicensing *bool             // nil when the descriptor does not say
	Err             string            // the descriptor could not be fetched or decoded
	At              time.Time
}

// PageObs is one GET of a published page (SLA, support, security statement).
type PageObs struct {
	URL      string
	FinalURL string // after redirects, which pages may use
	Status   int
	Latency  time.Duration
	Err      string
	At       time.Time
}
