// Package license holds the licenses of a Marketplace cloud app and the app's own record of where it
// is installed, and the pure rules that join them per tenant: the license lifecycle (trial, active,
// cancelled, expired, data removal), the anomalies between the two sides, the header counts, and an
// index that filters and sorts a million tenants without rescanning them on every key.
//
// The rules come from seed 004 (../shared/seeds/004_6a19b2e869bcab1e.txt, "seed 004" below); each
// rule cites the seed line it comes from. The package does no I/O and never reads the clock: every
// function that needs the time takes it.
package license

import (
	"strings"
	"time"
)

// Status is a license's status as the Marketplace reporting API spells it in responses.
type Status string

// The statuses the Marketplace reporting API documents.
const (
	StatusActive    Status = "active"
	StatusInactive  Status = "inactive" // expired
	StatusCancelled Status = "cancelled"
)

// Type is a license type, uppercase as the Marketplace reporting API writes it in responses
// (its filter values are lowercase).
type Type string

// The license types the Marketplace reporting API documents.
const (
	TypeCommercial    Type = "COMMERCIAL"
	TypeAcademic      Type = "ACADEMIC"
	TypeCommunity     Type = "COMMUNITY"
	TypeEvaluation    Type = "EVALUATION"
	TypeOpenSource    Type = "OPEN_SOURCE"
	TypeDemonstration Type = "DEMONSTRATION"
	TypeInternalUse   Type = "INTERNAL USE"
)

// License is one app license as the Marketplace reports it. Dates are civil dates (the API writes
// YYYY-MM-DD) held as midnight UTC; a zero time means the API did not give it.
type License struct {
	AddonLicenseID       string    `json:"addonLicenseId,omitempty"`
	LicenseID            string    `json:"licenseId,omitempty"` // customer-facing SEN-… or E-…
	AppEntitlementNumber string    `json:"appEntitlementNumber,omitempty"`
	AddonKey             string    `json:"addonKey,omitempty"`
	Hosting              string    `json:"hosting,omitempty"` // "Cloud", "Server", "Data Center"
	CloudID              string    `json:"cloudId,omitempty"`
	SiteHostname         string    `json:"cloudSiteHostname,omitempty"`
	Type                 Type      `json:"licenseType"`
	Status               Status    `json:"status"`
	Tier                 string    `json:"tier,omitempty"`
	Company              string    `json:"company,omitempty"`
	StartDate            time.Time `json:"maintenanceStartDate"`
	EndDate              time.Time `json:"maintenanceEndDate"`
	LastUpdated          time.Time `json:"lastUpdated"`
}

// Flag is a yes/no value that a source may not know: atlassian-connect-express keeps no installed
// flag, atlassian-connect-spring-boot keeps the row with addon_installed = false after an uninstall.
type Flag uint8

// The values of a Flag.
const (
	FlagUnknown Flag = iota
	FlagYes
	FlagNo
)

// String returns "yes", "no" or "unknown".
func (f Flag) String() string {
	switch f {
	case FlagYes:
		return "yes"
	case FlagNo:
		return "no"
	}
	return "unknown"
}

// MarshalText implements encoding.TextMarshaler.
func (f Flag) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// Installation is one record of the app's own installation store: the installed lifecycle payload as
// the Connect framework saved it.
type Installation struct {
	ClientKey  string `json:"clientKey"`
	BaseURL    string `json:"baseUrl"`
	DisplayURL string `json:"displayUrl,omitempty"`
	// CloudID is the tenant id when the store has it (spring-boot 6.x cloud_id, a payload's cloudId).
	CloudID string `json:"cloudId,omitempty"`
	Product string `json:"productType,omitempty"` // "jira", "confluence"
	// Installed is the store's installed flag; FlagUnknown when it keeps none (a row then means
	// installed: atlassian-connect-express deletes nothing on uninstall, apps that care delete rows).
	Installed Flag      `json:"installed"`
	Created   time.Time `json:"created,omitempty"`
	Updated   time.Time `json:"updated,omitempty"`
	// FormerBaseURLs are older base URLs the store still holds for this client key (duplicate
	// clientInfo rows written by atlassian-connect-express before 6.2.1), oldest first.
	FormerBaseURLs []string `json:"formerBaseUrls,omitempty"`
}

// IsInstalled reports whether the record says the app is installed: yes, or a store that keeps
// no flag (the row exists).
func (in Installation) IsInstalled() bool { return in.Installed != FlagNo }

// Host returns the lowercased host of a base URL, or of a bare host name; "" when there is none.
// It parses by hand (no allocation for a lowercase host): Join calls it for every row.
func Host(raw string) string {
	s := strings.TrimSpace(raw)
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	if strings.HasPrefix(s, "[") {
		if i := strings.IndexByte(s, ']'); i > 0 {
			s = s[1:i]
		}
	} else if i := strings.LastIndexByte(s, ':'); i >= 0 {
		s = s[:i]
	}
	return strings.ToLower(s)
}

// Date returns the civil date y-m-d as midnight UTC, the form License dates take.
func Date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// ParseDate reads a Marketplace date (YYYY-MM-DD); "" gives the zero time.
func ParseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.DateOnly, s)
}

// today is the civil date of now in UTC, the calendar the Marketplace dates are written in.
func today(now time.Time) time.Time {
	y, m, d := now.UTC().Date()
	return Date(y, m, d)
}

// daysBetween counts whole days from a to b (both civil dates at midnight UTC).
func daysBetween(a, b time.Time) int {
	return int(b.Sub(a) / (24 * time.Hour))
}
