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

// The simulated Statuspage REST API v1 (upstream-apis.md section 1) for the app's own status page,
// under /statuspage/v1: `Authorization: OAuth KEY` (or ?api_key=), bare JSON arrays paged with
// page/per_page, paths with or without ".json", the rate limit of one request per second per key
// over a rolling minute answered with 420 and Retry-After, and {"message"} errors.
//
// Incidents and maintenances live in spState, guarded by its mutex; write handlers (declare a
// maintenance, statuspage_write.go) add with spStateOf(s).add and change with update. A scheduled
// maintenance moves to in_progress and completed on its own at its times when its auto flags say so,
// as Statuspage does.

// spRateLimit is Statuspage's documented limit: 60 requests per rolling minute per key.
const spRateLimit = 60

// spPerPageMax is the largest per_page the API accepts.
const spPerPageMax = 100

func init() {
	Register(Upstream{Name: "statuspage", Order: 40, Routes: statuspageRoutes, Configure: statuspageConfigure})
}

// spPageID is the demo page of an environment.
func spPageID(env string) string { return "opsdeck" + env + "01" }

// SPComponent is a component of the simulated page, in the API's JSON shape.
type SPComponent struct {
	ID        string    `json:"id"`
	PageID    string    `json:"page_id"`
	GroupID   *string   `json:"group_id"`
	Name      string    `json:"name"`
	Status    string    `json:"status"`
	Position  int       `json:"position"`
	Group     bool      `json:"group"`
	Showcase  bool      `json:"showcase"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// SPUpdate is an incident update, in the API's JSON shape.
type SPUpdate struct {
	ID                   string    `json:"id"`
	IncidentID           string    `json:"incident_id"`
	Status               string    `json:"status"`
	Body                 string    `json:"body"`
	CreatedAt            time.Time `json:"created_at"`
	UpdatedAt            time.Time `json:"updated_at"`
	DisplayAt            time.Time `json:"display_at"`
	DeliverNotifications bool      `json:"deliver_notifications"`
}

// SPIncident is an incident or scheduled maintenance of the simulated page, in the API's JSON shape.
// Auto* mirror the scheduled_auto_* request flags.
type SPIncident struct {
	ID                      string         `json:"id"`
	PageID                  string         `json:"page_id"`
	Name                    string         `json:"name"`
	Status                  string         `json:"status"`
	Impact                  string         `json:"impact"`
	ImpactOverride          *string        `json:"impact_override"`
	CreatedAt               time.Time      `json:"created_at"`
	UpdatedAt               time.Time      `json:"updated_at"`
	StartedAt               time.Time      `json:"started_at"`
	ResolvedAt              *time.Time     `json:"resolved_at"`
	ScheduledFor            *time.Time     `json:"scheduled_for"`
	ScheduledUntil          *time.Time     `json:"scheduled_until"`
	ScheduledRemindPrior    bool           `json:"scheduled_remind_prior"`
	AutoInProgress          bool           `json:"scheduled_auto_in_progress"`
	AutoCompleted           bool           `json:"scheduled_auto_completed"`
	AutoToMaintenanceState  bool           `json:"auto_transition_to_maintenance_state"`
	AutoToOperationalState  bool           `json:"auto_transition_to_operational_state"`
	Shortlink               string         `json:"shortlink"`
	PostmortemPublishedAt   any            `json:"postmortem_published_at"`
	ReminderIntervals       string         `json:"reminder_intervals,omitempty"`
	Metadata                map[string]any `json:"metadata"`
	Updates                 []SPUpdate     `json:"incident_updates"`
	Components              []SPComponent  `json:"components"`
	maintenance, unresolved bool
}

// spPage is one simulated page.
type spPage struct {
	components []SPComponent
	incidents  []*SPIncident
}

// spState is the simulated Statuspage: pages by id, and the rate-limit window per key.
type spState struct {
	mu    sync.Mutex
	pages map[string]*spPage
	seq   int
	hits  map[string][]time.Time // key -> request times within the last minute
}

// spStateOf returns the simulator's Statuspage state, built with the demo data on first use.
func spStateOf(s *Sim) *spState {
	return s.State("statuspage", func() any {
		st := &spState{pages: map[string]*spPage{}, hits: map[string][]time.Time{}}
		for _, env := range []string{"prod", "staging"} {
			st.pages[spPageID(env)] = spDemoPage(s, env)
		}
		return st
	}).(*spState)
}

// add stores a new incident or maintenance on page: it gets an id, created/updated times, a
// shortlink and full component objects for the ids it names (components may be a map id -> status,
// as POST sends it). It returns a copy of what was stored, or false when the page does not exist.
func (st *spState) add(now time.Time, pageID string, inc SPIncident, components map[string]string) (SPIncident, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	p, ok := st.pages[pageID]
	if !ok {
		return SPIncident{}, false
	}
	st.seq++
	inc.ID = fmt.Sprintf("sim%09d", st.seq)
	inc.PageID = pageID
	inc.CreatedAt, inc.UpdatedAt = now, now
	if inc.StartedAt.IsZero() {
		inc.StartedAt = now
	}
	inc.Shortlink = "https://stspg.io/sim" + strconv.Itoa(st.seq)
	if inc.Metadata == nil {
		inc.Metadata = map[string]any{}
	}
	inc.maintenance = inc.ScheduledFor != nil || inc.Status == "scheduled" || inc.Impact == "maintenance"
	ids := make([]string, 0, len(components))
	for id := range components {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		for _, c := range p.components {
			if c.ID == id {
				c.Status = components[id]
				inc.Components = append(inc.Components, c)
			}
		}
	}
	for i := range inc.Updates {
		inc.Updates[i].IncidentID = inc.ID
	}
	cp := inc
	p.incidents = append(p.incidents, &cp)
	return cp, true
}

// update changes the incident id of page with fn under the lock and returns the result.
func (st *spState) update(pageID, id string, fn func(*SPIncident)) (SPIncident, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	p, ok := st.pages[pageID]
	if !ok {
		return SPIncident{}, false
	}
	for _, inc := range p.incidents {
		if inc.ID == id {
			fn(inc)
			return *inc, true
		}
	}
	return SPIncident{}, false
}

// advance applies the automatic transitions of scheduled maintenances at now.
func (inc *SPIncident) advance(now time.Time) {
	if !inc.maintenance || inc.ScheduledFor == nil {
		return
	}
	if inc.Status == "scheduled" && inc.AutoInProgress && !now.Before(*inc.ScheduledFor) {
		inc.Status = "in_progress"
		inc.UpdatedAt = *inc.ScheduledFor
	}
	if (inc.Status == "in_progress" || inc.Status == "verifying") && inc.AutoCompleted && inc.ScheduledUntil != nil && !now.Before(*inc.ScheduledUntil) {
		inc.Status = "completed"
		inc.UpdatedAt = *inc.ScheduledUntil
	}
}

// list returns copies of page's incidents selected by which (unresolved, upcoming, scheduled,
// active_maintenance, or "" for all), newest first as the API lists them.
func (st *spState) list(now time.Time, pageID, which string) ([]SPIncident, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	p, ok := st.pages[pageID]
	if !ok {
		return nil, false
	}
	var out []SPIncident
	for _, inc := range p.incidents {
		inc.advance(now)
		keep := false
		switch which {
		case "":
			keep = true
		case "unresolved":
			keep = !inc.maintenance && (inc.Status == "investigating" || inc.Status == "identified" || inc.Status == "monitoring")
		case "upcoming":
			keep = inc.maintenance && inc.Status == "scheduled" && inc.ScheduledFor != nil && inc.ScheduledFor.After(now)
		case "scheduled":
			keep = inc.maintenance
		case "active_maintenance":
			keep = inc.maintenance && (inc.Status == "in_progress" || inc.Status == "verifying")
		}
		if keep {
			out = append(out, *inc)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt.After(out[j].CreatedAt) })
	return out, true
}

// allow records a request for key and reports whether it is within the rolling-minute limit; when
// not, it returns how long until a slot frees.
func (st *spState) allow(key string, now time.Time) (bool, time.Duration) {
	st.mu.Lock()
	defer st.mu.Unlock()
	kept := st.hits[key][:0]
	for _, t := range st.hits[key] {
		if now.Sub(t) < time.Minute {
			kept = append(kept, t)
		}
	}
	if len(kept) >= spRateLimit {
		st.hits[key] = kept
		return false, time.Minute - now.Sub(kept[0])
	}
	st.hits[key] = append(kept, now)
	return true, 0
}

func spError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"message": msg})
}

// spAuth checks the OAuth header (or api_key) and the rate limit; it answers and returns false when
// the request must stop.
func spAuth(s *Sim, st *spState, w http.ResponseWriter, r *http.Request) bool {
	key := strings.TrimPrefix(r.Header.Get("Authorization"), "OAuth ")
	if r.Header.Get("Authorization") == "" {
		key = r.URL.Query().Get("api_key")
	}
	if key != s.Token("statuspage") {
		spError(w, http.StatusUnauthorized, "Could not authenticate")
		return false
	}
	if ok, wait := st.allow(key, s.Now()); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		spError(w, 420, "Rate limit exceeded: at most 1 request per second per API key")
		return false
	}
	return true
}

// spPaging reads page and per_page (defaults 1 and 100, per_page at most 100).
func spPaging(r *http.Request) (page, per int, ok bool) {
	page, per = 1, spPerPageMax
	if v := r.URL.Query().Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return 0, 0, false
		}
		page = n
	}
	if v := r.URL.Query().Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return 0, 0, false
		}
		per = min(n, spPerPageMax)
	}
	return page, per, true
}

func spSlice[T any](items []T, page, per int) []T {
	lo, hi := min((page-1)*per, len(items)), min(page*per, len(items))
	out := items[lo:hi]
	if out == nil {
		out = []T{}
	}
	return out
}

func statuspageRoutes(s *Sim, mux *http.ServeMux) {
	st := spStateOf(s)
	mux.HandleFunc("GET /statuspage/v1/pages/{page}/incidents/{which}", func(w http.ResponseWriter, r *http.Request) {
		if !spAuth(s, st, w, r) {
			return
		}
		which := strings.TrimSuffix(r.PathValue("which"), ".json")
		switch which {
		case "unresolved", "upcoming", "scheduled", "active_maintenance":
		default: // one incident by id
			all, ok := st.list(s.Now(), r.PathValue("page"), "")
			if !ok {
				spError(w, http.StatusNotFound, "Page not found")
				return
			}
			for _, inc := range all {
				if inc.ID == which {
					writeJSON(w, http.StatusOK, inc)
					return
				}
			}
			spError(w, http.StatusNotFound, "Incident not found")
			return
		}
		page, per, ok := spPaging(r)
		if !ok {
			spError(w, http.StatusBadRequest, "page and per_page must be positive integers")
			return
		}
		items, ok := st.list(s.Now(), r.PathValue("page"), which)
		if !ok {
			spError(w, http.StatusNotFound, "Page not found")
			return
		}
		writeJSON(w, http.StatusOK, spSlice(items, page, per))
	})
	all := func(w http.ResponseWriter, r *http.Request) {
		if !spAuth(s, st, w, r) {
			return
		}
		page, per, ok := spPaging(r)
		if !ok {
			spError(w, http.StatusBadRequest, "page and limit must be positive integers")
			return
		}
		if v, err := strconv.Atoi(r.URL.Query().Get("limit")); err == nil && v > 0 {
			per = min(v, spPerPageMax)
		}
		items, ok := st.list(s.Now(), r.PathValue("page"), "")
		if !ok {
			spError(w, http.StatusNotFound, "Page not found")
			return
		}
		if q := strings.ToLower(r.URL.Query().Get("q")); q != "" {
			kept := items[:0]
			for _, inc := range items {
				if strings.Contains(strings.ToLower(inc.Name), q) {
					kept = append(kept, inc)
				}
			}
			items = kept
		}
		writeJSON(w, http.StatusOK, spSlice(items, page, per))
	}
	mux.HandleFunc("GET /statuspage/v1/pages/{page}/incidents", all)
	mux.HandleFunc("GET /statuspage/v1/pages/{page}/incidents.json", all)
	components := func(w http.ResponseWriter, r *http.Request) {
		if !spAuth(s, st, w, r) {
			return
		}
		page, per, ok := spPaging(r)
		if !ok {
			spError(w, http.StatusBadRequest, "page and per_page must be positive integers")
			return
		}
		st.mu.Lock()
		p, found := st.pages[r.PathValue("page")]
		var comps []SPComponent
		if found {
			comps = append(comps, p.components...)
		}
		st.mu.Unlock()
		if !found {
			spError(w, http.StatusNotFound, "Page not found")
			return
		}
		writeJSON(w, http.StatusOK, spSlice(comps, page, per))
	}
	mux.HandleFunc("GET /statuspage/v1/pages/{page}/components", components)
	mux.HandleFunc("GET /statuspage/v1/pages/{page}/components.json", components)
}

func statuspageConfigure(s *Sim, e *config.Env) {
	e.Statuspage = config.Statuspage{Upstream: s.Upstream("statuspage", "/statuspage/v1", time.Minute), PageID: spPageID(e.Name)}
}
