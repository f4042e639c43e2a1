package marketplace

import (
	"fmt"
	"strings"
	"time"

	"github.com/opsdeck/opsdeck/models/license"
)

// wirePage is one answer of the licenses endpoint: HAL links and a page of licenses (the same shape
// on v2 and on the developer-space API).
type wirePage struct {
	Links struct {
		Next *struct {
			Href string `json:"href"`
		} `json:"next"`
	} `json:"_links"`
	Licenses []wireLicense `json:"licenses"`
}

// wireLicense is the License object (reference section 4), the fields opsdeck reads.
type wireLicense struct {
	AddonLicenseID       string `json:"addonLicenseId"`
	AppEntitlementID     string `json:"appEntitlementId"`
	AppEntitlementNumber string `json:"appEntitlementNumber"`
	HostLicenseID        string `json:"hostLicenseId"`
	LicenseID            string `json:"licenseId"`
	CloudID              string `json:"cloudId"`
	CloudSiteHostname    string `json:"cloudSiteHostname"`
	AddonKey             string `json:"addonKey"`
	AddonName            string `json:"addonName"`
	Hosting              string `json:"hosting"`
	LastUpdated          string `json:"lastUpdated"`
	LicenseType          string `json:"licenseType"`
	Status               string `json:"status"`
	Tier                 string `json:"tier"`
	MaintenanceStartDate string `json:"maintenanceStartDate"`
	MaintenanceEndDate   string `json:"maintenanceEndDate"`
	ContactDetails       struct {
		Company string `json:"company"`
		Country string `json:"country"`
	} `json:"contactDetails"`
}

// model converts a wire license. Types are uppercase in responses; a lowercase one (the filter's
// spelling) is accepted and normalised. A date that is not YYYY-MM-DD is an error naming the license
// and the field: it means the API changed, and guessing would put tenants in the wrong state.
func (w wireLicense) model() (license.License, error) {
	l := license.License{
		AddonLicenseID:       w.AddonLicenseID,
		LicenseID:            w.LicenseID,
		AppEntitlementNumber: w.AppEntitlementNumber,
		AddonKey:             w.AddonKey,
		Hosting:              w.Hosting,
		CloudID:              w.CloudID,
		SiteHostname:         w.CloudSiteHostname,
		Type:                 license.Type(strings.ToUpper(strings.TrimSpace(w.LicenseType))),
		Status:               license.Status(strings.ToLower(strings.TrimSpace(w.Status))),
		Tier:                 w.Tier,
		Company:              w.ContactDetails.Company,
	}
	id := w.LicenseID
	if id == "" {
		id = w.AddonLicenseID
	}
	var err error
	date := func(field, raw string) time.Time {
		if err != nil {
			return time.Time{}
		}
		day := raw
		if len(raw) > 10 && raw[10] == 'T' { // a timestamp where a date was documented: keep its day
			day = raw[:10]
		}
		t, perr := license.ParseDate(day)
		if perr != nil {
			err = fmt.Errorf("license %s: %s %q is not a date (YYYY-MM-DD)", id, field, raw)
		}
		return t
	}
	l.StartDate = date("maintenanceStartDate", w.MaintenanceStartDate)
	l.EndDate = date("maintenanceEndDate", w.MaintenanceEndDate)
	l.LastUpdated = date("lastUpdated", w.LastUpdated)
	return l, err
}
