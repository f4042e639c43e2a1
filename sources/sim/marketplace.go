package sim

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/models/license"
)

// The simulated Marketplace reporting API (reference section 4) answers at most this many license
// requests per second and environment; beyond that it answers 429 with Retry-After, which the client
// must wait out. At 100,000 tenants (2,000 pages of 50) the limit is hit every load.
const (
	mpRatePerSecond = 800
	mpMaxLimit      = 50 // the developer-space API caps limit at 50; the simulator caps v2 the same
)

func init() {
	Register(Upstream{Name: "marketplace", Order: 40, Routes: marketplaceRoutes, Configure: marketplaceConfigure})
}

// mpRateWindow is a fixed one-second window of allowed requests.
type mpRateWindow struct {
	mu    sync.Mutex
	start time.Time
	n     int
}

// allow counts one request and reports whether it fits the window; when not, it returns the whole
// seconds until the next window.
func (w *mpRateWindow) allow(now time.Time) (bool, int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if now.Sub(w.start) >= time.Second {
		w.start, w.n = now, 0
	}
	w.n++
	if w.n <= mpRatePerSecond {
		return true, 0
	}
	return false, 1
}

func marketplaceRoutes(s *Sim, mux *http.ServeMux) {
	var mu sync.Mutex
	windows := map[string]*mpRateWindow{}
	serve := func(w http.ResponseWriter, r *http.Request, env, selfPath string) {
		if u, p, ok := r.BasicAuth(); !ok || u != mpEmail || p != s.Token("marketplace") {
			w.Header().Set("WWW-Authenticate", `Basic realm="Atlassian Marketplace"`)
			mpJSON(w, http.StatusUnauthorized, map[string]string{"message": "Client must be authenticated to access this resource."})
			return
		}
		mu.Lock()
		win := windows[env]
		if win == nil {
			win = &mpRateWindow{}
			windows[env] = win
		}
		mu.Unlock()
		if ok, wait := win.allow(time.Now()); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(wait))
			mpJSON(w, http.StatusTooManyRequests, map[string]string{"message": "Rate limit exceeded, retry later."})
			return
		}
		q := r.URL.Query()
		offset, err1 := mpIntParam(q, "offset", 0)
		limit, err2 := mpIntParam(q, "limit", 10)
		if err1 != nil || err2 != nil || offset < 0 || limit < 1 {
			mpJSON(w, http.StatusBadRequest, map[string]string{"message": "offset and limit must be non-negative integers, limit at least 1"})
			return
		}
		limit = min(limit, mpMaxLimit)
		base := s.marketplaceBase(env)
		match := base.filtered(q)
		end := min(len(match), offset+limit)
		page := []mpLicense{}
		for _, i := range match[min(offset, end):end] {
			page = append(page, mpWire(base.licenses[i], int(i)))
		}
		link := func(off int) map[string]string {
			v := url.Values{}
			for k, vs := range q {
				v[k] = vs
			}
			v.Set("offset", strconv.Itoa(off))
			v.Set("limit", strconv.Itoa(limit))
			return map[string]string{"href": selfPath + "?" + v.Encode()}
		}
		links := map[string]any{
			"self":  link(offset),
			"query": map[string]any{"href": selfPath + "{?addon*,startDate,endDate,text,tier*,dateType,licenseType*,partnerType*,hosting*,status*,withAttribution,withDataInsights,lastUpdated,sortBy,order,offset,limit}", "templated": true},
			"export": []map[string]string{
				{"href": selfPath + "/export?accept=csv", "type": "text/csv"},
				{"href": selfPath + "/export?accept=json", "type": "application/json"},
			},
		}
		if end < len(match) {
			links["next"] = link(end)
		}
		if offset > 0 {
			links["prev"] = link(max(0, offset-limit))
		}
		mpJSON(w, http.StatusOK, map[string]any{"_links": links, "licenses": page})
	}
	for _, env := range []string{"prod", "staging"} {
		// Each environment has its own vendor and base URL prefix, so the two never mix.
		v2 := "/marketplace/" + env + "/rest/2/vendors/" + mpVendorID + "/reporting/licenses"
		v3 := "/marketplace/" + env + "/rest/3/reporting/developer-space/" + mpDevID + "/licenses"
		mux.HandleFunc("GET "+v2, func(w http.ResponseWriter, r *http.Request) { serve(w, r, env, v2) })
		mux.HandleFunc("GET "+v3, func(w http.ResponseWriter, r *http.Request) { serve(w, r, env, v3) })
	}
}

var mpSpaces = strings.NewReplacer(" ", "", "_", "")

// filtered returns the positions of the licenses that pass the documented filters the client uses:
// addon (repeatable), hosting (lowercase cloud/server/datacenter), status and licenseType
// (lowercase). Results are cached per filter, so paging through 100,000 licenses stays linear.
func (b *mpBase) filtered(q url.Values) []int32 {
	keys := []string{"addon", "hosting", "status", "licenseType"}
	var sig strings.Builder
	for _, k := range keys {
		sig.WriteString(k + "=" + strings.Join(q[k], ",") + "&")
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if got, ok := b.cache[sig.String()]; ok {
		return got
	}
	norm := func(v string) string { return strings.ToLower(mpSpaces.Replace(v)) }
	in := func(key, v string) bool {
		vs := q[key]
		if len(vs) == 0 {
			return true
		}
		for _, x := range vs {
			for _, y := range strings.Split(x, ",") {
				if norm(y) == norm(v) {
					return true
				}
			}
		}
		return false
	}
	out := make([]int32, 0, len(b.licenses))
	for i, l := range b.licenses {
		if in("addon", l.AddonKey) && in("hosting", l.Hosting) && in("status", string(l.Status)) && in("licenseType", string(l.Type)) {
			out = append(out, int32(i))
		}
	}
	if b.cache == nil || len(b.cache) > 16 {
		b.cache = map[string][]int32{}
	}
	b.cache[sig.String()] = out
	return out
}

// mpLicense is a License object as the API writes it (reference section 4).
type mpLicense struct {
	AddonLicenseID       string         `json:"addonLicenseId"`
	AppEntitlementID     string         `json:"appEntitlementId,omitempty"`
	AppEntitlementNumber string         `json:"appEntitlementNumber,omitempty"`
	HostLicenseID        string         `json:"hostLicenseId,omitempty"`
	LicenseID            string         `json:"licenseId"`
	CloudID              string         `json:"cloudId,omitempty"`
	CloudSiteHostname    string         `json:"cloudSiteHostname,omitempty"`
	AddonKey             string         `json:"addonKey"`
	AddonName            string         `json:"addonName"`
	Hosting              string         `json:"hosting"`
	LastUpdated          string         `json:"lastUpdated"`
	LicenseType          string         `json:"licenseType"`
	Status               string         `json:"status"`
	Tier                 string         `json:"tier"`
	MaintenanceStartDate string         `json:"maintenanceStartDate,omitempty"`
	MaintenanceEndDate   string         `json:"maintenanceEndDate,omitempty"`
	ContactDetails       map[string]any `json:"contactDetails"`
}

func mpWire(l license.License, i int) mpLicense {
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	return mpLicense{
		AddonLicenseID: l.AddonLicenseID, AppEntitlementNumber: l.AppEntitlementNumber, LicenseID: l.LicenseID,
		HostLicenseID: "E-HOST-" + strconv.Itoa(100000+i), CloudID: l.CloudID, CloudSiteHostname: l.SiteHostname,
		AddonKey: l.AddonKey, AddonName: mpAppName, Hosting: l.Hosting, LastUpdated: date(l.LastUpdated),
		LicenseType: string(l.Type), Status: string(l.Status), Tier: l.Tier,
		MaintenanceStartDate: date(l.StartDate), MaintenanceEndDate: date(l.EndDate),
		ContactDetails: map[string]any{
			"company": l.Company, "country": mpCountries[i%len(mpCountries)],
			"technicalContact": map[string]string{"email": "admin@" + l.SiteHostname, "name": "Site Admin"},
		},
	}
}

func mpIntParam(q url.Values, key string, def int) (int, error) {
	v := q.Get(key)
	if v == "" {
		return def, nil
	}
	return strconv.Atoi(v)
}

func mpJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// marketplaceConfigure points the env's marketplace section at the simulator: prod through the v2
// vendor API, staging through the developer-space API.
func marketplaceConfigure(s *Sim, e *config.Env) {
	up := s.Upstream("marketplace", "/marketplace/"+e.Name, 5*time.Minute)
	up.Username = mpEmail
	up.Timeout = config.Dur(30 * time.Second)
	e.Marketplace = config.Marketplace{Upstream: up, AppKey: mpAppKey}
	if e.Name == "prod" {
		e.Marketplace.VendorID = mpVendorID
	} else {
		e.Marketplace.DeveloperID = mpDevID
	}
}
