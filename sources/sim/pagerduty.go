package sim

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/opsdeck/opsdeck/config"
)

// The simulated PagerDuty REST API v2 (upstream-apis.md section 2) under /pagerduty: GET /incidents
// with `Authorization: Token token=KEY` and the versioned Accept header, the statuses[],
// urgencies[] and service_ids[] filters, offset/limit/more paging (limit at most 100), PagerDuty's
// error object, and 429 with ratelimit-limit/-remaining/-reset past 960 requests a minute per key.
// Incidents live in pdState, guarded by its mutex; trigger adds one (the Events API simulator can
// open an incident for a page with it).

// pdRateLimit is PagerDuty's REST limit per account key: 960 requests per minute.
const pdRateLimit = 960

func init() {
	Register(Upstream{Name: "pagerduty", Order: 41, Routes: pagerdutyRoutes, Configure: pagerdutyConfigure})
}

// PDRef is a PagerDuty reference object.
type PDRef struct {
	ID      string `json:"id"`
	Type    string `json:"type"`
	Summary string `json:"summary"`
	Self    string `json:"self,omitempty"`
	HTMLURL string `json:"html_url,omitempty"`
}

// PDAck is one acknowledgement.
type PDAck struct {
	At           time.Time `json:"at"`
	Acknowledger PDRef     `json:"acknowledger"`
}

// PDIncident is an incident in the REST API's JSON shape (the fields opsdeck and a reader need).
type PDIncident struct {
	ID                 string     `json:"id"`
	Type               string     `json:"type"`
	Summary            string     `json:"summary"`
	Self               string     `json:"self"`
	HTMLURL            string     `json:"html_url"`
	IncidentNumber     int        `json:"incident_number"`
	Title              string     `json:"title"`
	Description        string     `json:"description"`
	CreatedAt          time.Time  `json:"created_at"`
	UpdatedAt          time.Time  `json:"updated_at"`
	Status             string     `json:"status"`
	Urgency            string     `json:"urgency"`
	IncidentKey        string     `json:"incident_key"`
	Service            PDRef      `json:"service"`
	Acknowledgements   []PDAck    `json:"acknowledgements"`
	AssignedVia        string     `json:"assigned_via"`
	LastStatusChangeAt time.Time  `json:"last_status_change_at"`
	ResolvedAt         *time.Time `json:"resolved_at"`
	Priority           *PDRef     `json:"priority"`
	IsMergeable        bool       `json:"is_mergeable"`
	AlertCounts        struct {
		All       int `json:"all"`
		Triggered int `json:"triggered"`
		Resolved  int `json:"resolved"`
	} `json:"alert_counts"`
}

// pdState is the simulated PagerDuty account.
type pdState struct {
	mu        sync.Mutex
	incidents []*PDIncident
	number    int
	hits      map[string][]time.Time
}

func pdStateOf(s *Sim) *pdState {
	return s.State("pagerduty", func() any {
		st := &pdState{hits: map[string][]time.Time{}, number: 2320}
		st.incidents = pdDemoIncidents(s.Started().UTC().Truncate(time.Second))
		return st
	}).(*pdState)
}

// pdServices are the demo services: id -> name, by environment.
var pdServices = map[string][][2]string{
	"prod":    {{"PSIMCHK", "checkout-api"}, {"PSIMWRK", "workers"}, {"PSIMSRC", "search"}},
	"staging": {{"PSTGAPI", "staging-api"}},
}

func pdServiceRef(id string) PDRef {
	for _, ss := range pdServices {
		for _, s := range ss {
			if s[0] == id {
				return PDRef{ID: id, Type: "service_reference", Summary: s[1],
					Self: "https://api.pagerduty.com/services/" + id, HTMLURL: "https://opsdeck-sim.pagerduty.com/service-directory/" + id}
			}
		}
	}
	return PDRef{ID: id, Type: "service_reference", Summary: id}
}

func pdPriority(p string) *PDRef {
	if p == "" {
		return nil
	}
	return &PDRef{ID: "PPRI" + p, Type: "priority_reference", Summary: p, Self: "https://api.pagerduty.com/priorities/PPRI" + p}
}

func pdNew(id string, number int, title, service, urgency, priority, status string, created time.Time, ack time.Duration) *PDIncident {
	inc := &PDIncident{ID: id, Type: "incident", Summary: fmt.Sprintf("[#%d] %s", number, title),
		Self: "https://api.pagerduty.com/incidents/" + id, HTMLURL: "https://opsdeck-sim.pagerduty.com/incidents/" + id,
		IncidentNumber: number, Title: title, Description: title, CreatedAt: created, UpdatedAt: created,
		Status: status, Urgency: urgency, IncidentKey: strings.ToLower(strings.ReplaceAll(title, " ", "-")),
		Service: pdServiceRef(service), AssignedVia: "escalation_policy", LastStatusChangeAt: created,
		Priority: pdPriority(priority), IsMergeable: true, Acknowledgements: []PDAck{}}
	inc.AlertCounts.All = 1
	inc.AlertCounts.Triggered = 1
	if status == "acknowledged" || status == "resolved" {
		at := created.Add(ack)
		inc.Acknowledgements = []PDAck{{At: at, Acknowledger: PDRef{ID: "PUSRSIM", Type: "user_reference", Summary: "On-call engineer"}}}
		inc.LastStatusChangeAt, inc.UpdatedAt = at, at
	}
	if status == "resolved" {
		at := created.Add(2 * time.Hour)
		inc.ResolvedAt, inc.LastStatusChangeAt, inc.UpdatedAt = &at, at, at
		inc.AlertCounts.Triggered, inc.AlertCounts.Resolved = 0, 1
		inc.Acknowledgements = []PDAck{}
	}
	return inc
}

// pdDemoIncidents are the demo's pages: in prod a SEV 2 (P2) page 80 minutes old with no status
// page incident answering it (its first update is overdue), a P2 page answered by the status page's
// "Search results are slow", an acknowledged low-urgency page, and a resolved one the filters drop;
// in staging one quiet low-urgency page.
func pdDemoIncidents(start time.Time) []*PDIncident {
	return []*PDIncident{
		pdNew("PSIM2311", 2311, "Webhook delivery queue backing up", "PSIMWRK", "high", "P3", "resolved", start.Add(-50*time.Hour), 4*time.Minute),
		pdNew("PSIM2316", 2316, "Search p95 latency above 2s", "PSIMSRC", "high", "P2", "acknowledged", start.Add(-35*time.Minute), 7*time.Minute),
		pdNew("PSIM2317", 2317, "Checkout API 5xx rate above 5%", "PSIMCHK", "high", "P2", "acknowledged", start.Add(-80*time.Minute), 6*time.Minute),
		pdNew("PSIM2318", 2318, "Disk usage 85% on worker-3", "PSIMWRK", "low", "", "acknowledged", start.Add(-3*time.Hour), 25*time.Minute),
		pdNew("PSTG0042", 42, "Staging smoke test flaky", "PSTGAPI", "low", "", "triggered", start.Add(-5*time.Hour), 0),
	}
}

// trigger opens an incident on service, as a new page does, and returns its id. A repeated key
// while the incident is open returns the open incident's id (PagerDuty's dedup).
func (st *pdState) trigger(now time.Time, service, title, urgency, priority, key string) string {
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, inc := range st.incidents {
		if key != "" && inc.IncidentKey == key && inc.Status != "resolved" {
			inc.AlertCounts.All++
			inc.AlertCounts.Triggered++
			return inc.ID
		}
	}
	st.number++
	inc := pdNew(fmt.Sprintf("PSIMN%03d", st.number), st.number, title, service, urgency, priority, "triggered", now, 0)
	if key != "" {
		inc.IncidentKey = key
	}
	st.incidents = append(st.incidents, inc)
	return inc.ID
}

func (st *pdState) allow(key string, now time.Time) (bool, time.Duration) {
	st.mu.Lock()
	defer st.mu.Unlock()
	kept := st.hits[key][:0]
	for _, t := range st.hits[key] {
		if now.Sub(t) < time.Minute {
			kept = append(kept, t)
		}
	}
	st.hits[key] = kept
	if len(kept) >= pdRateLimit {
		return false, time.Minute - now.Sub(kept[0])
	}
	st.hits[key] = append(kept, now)
	return true, 0
}

func pdError(w http.ResponseWriter, status, code int, msg string, errs ...string) {
	if errs == nil {
		errs = []string{}
	}
	writeJSON(w, status, map[string]any{"error": map[string]any{"code": code, "message": msg, "errors": errs}})
}

func pagerdutyRoutes(s *Sim, mux *http.ServeMux) {
	st := pdStateOf(s)
	mux.HandleFunc("GET /pagerduty/incidents", func(w http.ResponseWriter, r *http.Request) {
		key, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Token token=")
		if !ok || key != s.Token("pagerduty") {
			pdError(w, http.StatusUnauthorized, 2006, "Invalid Credentials", "Invalid API token")
			return
		}
		if r.Header.Get("Accept") != "application/vnd.pagerduty+json;version=2" {
			pdError(w, http.StatusBadRequest, 2001, "Invalid Input Provided", "Accept must be application/vnd.pagerduty+json;version=2")
			return
		}
		if ok, wait := st.allow(key, s.Now()); !ok {
			w.Header().Set("ratelimit-limit", strconv.Itoa(pdRateLimit))
			w.Header().Set("ratelimit-remaining", "0")
			w.Header().Set("ratelimit-reset", strconv.Itoa(int(wait.Seconds())+1))
			pdError(w, http.StatusTooManyRequests, 2020, "Rate Limit Exceeded")
			return
		}
		q := r.URL.Query()
		for _, k := range []string{"statuses", "urgencies", "service_ids"} {
			if _, bad := q[k]; bad {
				pdError(w, http.StatusBadRequest, 2001, "Invalid Input Provided", k+" must be sent as "+k+"[]")
				return
			}
		}
		limit, offset := 25, 0
		if v := q.Get("limit"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				pdError(w, http.StatusBadRequest, 2001, "Invalid Input Provided", "limit must be a positive integer")
				return
			}
			limit = min(n, 100)
		}
		if v := q.Get("offset"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				pdError(w, http.StatusBadRequest, 2001, "Invalid Input Provided", "offset must be a non-negative integer")
				return
			}
			offset = n
		}
		in := func(vals []string, v string) bool { // an absent filter keeps everything
			if len(vals) == 0 {
				return true
			}
			for _, x := range vals {
				if x == v {
					return true
				}
			}
			return false
		}
		st.mu.Lock()
		var out []PDIncident
		for _, inc := range st.incidents {
			if in(q["statuses[]"], inc.Status) && in(q["urgencies[]"], inc.Urgency) && in(q["service_ids[]"], inc.Service.ID) {
				out = append(out, *inc)
			}
		}
		st.mu.Unlock()
		sort.SliceStable(out, func(i, j int) bool { return out[i].IncidentNumber < out[j].IncidentNumber })
		lo, hi := min(offset, len(out)), min(offset+limit, len(out))
		page := append([]PDIncident{}, out[lo:hi]...)
		writeJSON(w, http.StatusOK, map[string]any{"incidents": page, "limit": limit, "offset": offset, "more": hi < len(out), "total": nil})
	})
}

func pagerdutyConfigure(s *Sim, e *config.Env) {
	var ids []string
	for _, sv := range pdServices[e.Name] {
		ids = append(ids, sv[0])
	}
	e.PagerDuty = config.PagerDuty{Upstream: s.Upstream("pagerduty", "/pagerduty", 30*time.Second), ServiceIDs: ids}
}
