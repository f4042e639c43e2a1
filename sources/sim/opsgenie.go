package sim

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/opsdeck/opsdeck/config"
)

// The simulated alert listing of Jira Service Management operations (GET
// /jsm/ops/api/{cloudId}/v1/alerts: Basic auth, offset/size, {values, links}) and of Opsgenie (GET
// /opsgenie/v2/alerts: GenieKey auth, offset/limit, {data, paging, took, requestId}), per
// upstream-apis.md section 3. Both serve the same alerts; offset+size must stay below 20,000, and past
// 600 requests a minute per credential the answer is 429 with Opsgenie's X-RateLimit-* headers.
// Alerts live in ogState, guarded by its mutex; add appends one (the alert-create simulator can make
// a page show up in the listing with it).

// ogRateLimit is the simulated per-minute limit of the alert API.
const ogRateLimit = 600

// ogCloudID is the demo site's cloud id.
const ogCloudID = "5f0c1d2e-sim0-4ops-deck-000000000001"

// ogUser is the demo Atlassian account the JSM listing authenticates as.
const ogUser = "oncall@example.com"

func init() {
	Register(Upstream{Name: "opsgenie", Order: 42, Routes: opsgenieRoutes, Configure: opsgenieConfigure})
}

// OGAlert is an alert in the listing's JSON shape.
type OGAlert struct {
	ID             string    `json:"id"`
	TinyID         string    `json:"tinyId"`
	Alias          string    `json:"alias"`
	Message        string    `json:"message"`
	Status         string    `json:"status"`
	Acknowledged   bool      `json:"acknowledged"`
	IsSeen         bool      `json:"isSeen"`
	Tags           []string  `json:"tags"`
	Snoozed        bool      `json:"snoozed"`
	Count          int       `json:"count"`
	LastOccurredAt time.Time `json:"lastOccurredAt"`
	CreatedAt      time.Time `json:"createdAt"`
	UpdatedAt      time.Time `json:"updatedAt"`
	Source         string    `json:"source"`
	Owner          string    `json:"owner"`
	Priority       string    `json:"priority"`
	Report         struct {
		AckTime        int64  `json:"ackTime,omitempty"`
		AcknowledgedBy string `json:"acknowledgedBy,omitempty"`
	} `json:"report"`
}

type ogState struct {
	mu     sync.Mutex
	alerts []OGAlert
	tiny   int
	hits   map[string][]time.Time
}

func ogStateOf(s *Sim) *ogState {
	return s.State("opsgenie", func() any {
		start := s.Started().UTC().Truncate(time.Second)
		st := &ogState{hits: map[string][]time.Time{}, tiny: 1790}
		queue := OGAlert{Alias: "billing-queue-depth", Message: "Billing worker queue depth above 10k", Status: "open",
			Tags: []string{"billing", "queue"}, Count: 3, Source: "prometheus", Owner: "billing-team", Priority: "P3",
			CreatedAt: start.Add(-20 * time.Minute), LastOccurredAt: start.Add(-2 * time.Minute)}
		cert := OGAlert{Alias: "cert-api-expiry", Message: "TLS certificate for api.example.com expires in 12 days", Status: "open",
			Acknowledged: true, IsSeen: true, Tags: []string{"tls"}, Count: 1, Source: "cert-check", Owner: "platform-team", Priority: "P5",
			CreatedAt: start.Add(-26 * time.Hour), LastOccurredAt: start.Add(-26 * time.Hour)}
		cert.Report.AckTime, cert.Report.AcknowledgedBy = int64(40*time.Minute/time.Millisecond), ogUser
		closed := OGAlert{Alias: "search-5xx", Message: "Search 5xx above 1%", Status: "closed", Count: 1, Source: "prometheus",
			Owner: "search-team", Priority: "P2", CreatedAt: start.Add(-30 * time.Hour), LastOccurredAt: start.Add(-30 * time.Hour)}
		for _, a := range []OGAlert{closed, cert, queue} {
			st.add(a)
		}
		return st
	}).(*ogState)
}

// add stores an alert, giving it an id and a tiny id, and returns it.
func (st *ogState) add(a OGAlert) OGAlert {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.tiny++
	a.TinyID = strconv.Itoa(st.tiny)
	a.ID = "sim-alert-" + a.TinyID
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = a.CreatedAt
	}
	if a.Tags == nil {
		a.Tags = []string{}
	}
	st.alerts = append(st.alerts, a)
	return a
}

func (st *ogState) allow(key string, now time.Time) (bool, time.Duration) {
	st.mu.Lock()
	defer st.mu.Unlock()
	kept := st.hits[key][:0]
	for _, t := range st.hits[key] {
		if now.Sub(t) < time.Minute {
			kept = append(kept, t)
		}
	}
	st.hits[key] = kept
	if len(kept) >= ogRateLimit {
		return false, time.Minute - now.Sub(kept[0])
	}
	st.hits[key] = append(kept, now)
	return true, 0
}

// open lists the alerts matching query (only "status:open" and "status:closed" are understood, as
// opsdeck sends the former), newest first.
func (st *ogState) open(query string) []OGAlert {
	st.mu.Lock()
	defer st.mu.Unlock()
	want := strings.TrimPrefix(strings.TrimSpace(query), "status:")
	var out []OGAlert
	for _, a := range st.alerts {
		if query == "" || a.Status == want {
			out = append(out, a)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt.After(out[j].CreatedAt) })
	return out
}

func ogError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"message": msg, "took": 0.001, "requestId": "sim-request"})
}

// ogList answers a listing: the page of alerts at offset of the given size, or an error.
func ogList(s *Sim, st *ogState, w http.ResponseWriter, r *http.Request, key, sizeParam string, jsm bool) {
	if ok, wait := st.allow(key, s.Now()); !ok {
		w.Header().Set("X-RateLimit-State", "THROTTLED")
		w.Header().Set("X-RateLimit-Reason", "ACCOUNT")
		w.Header().Set("X-RateLimit-Period-In-Sec", strconv.Itoa(int(wait.Seconds())+1))
		ogError(w, http.StatusTooManyRequests, "You are making too many requests! To avoid errors, we recommend you limit requests.")
		return
	}
	q := r.URL.Query()
	offset, size := 0, 20
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			ogError(w, http.StatusUnprocessableEntity, "offset must be a non-negative number")
			return
		}
		offset = n
	}
	if v := q.Get(sizeParam); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			ogError(w, http.StatusUnprocessableEntity, sizeParam+" must be between 1 and 100")
			return
		}
		size = n
	}
	if offset+size >= 20000 {
		ogError(w, http.StatusUnprocessableEntity, "offset + "+sizeParam+" must be below 20000")
		return
	}
	all := st.open(q.Get("query"))
	lo, hi := min(offset, len(all)), min(offset+size, len(all))
	page := append([]OGAlert{}, all[lo:hi]...)
	next := ""
	if hi < len(all) {
		nq := r.URL.Query()
		nq.Set("offset", strconv.Itoa(hi))
		next = s.URL(r.URL.Path + "?" + nq.Encode())
	}
	if jsm {
		links := map[string]string{}
		if next != "" {
			links["next"] = next
		}
		writeJSON(w, http.StatusOK, map[string]any{"values": page, "links": links})
		return
	}
	paging := map[string]string{"first": s.URL(r.URL.Path + "?offset=0")}
	if next != "" {
		paging["next"] = next
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": page, "paging": paging, "took": 0.012, "requestId": "sim-request"})
}

func opsgenieRoutes(s *Sim, mux *http.ServeMux) {
	st := ogStateOf(s)
	mux.HandleFunc("GET /opsgenie/v2/alerts", func(w http.ResponseWriter, r *http.Request) {
		key, ok := strings.CutPrefix(r.Header.Get("Authorization"), "GenieKey ")
		if !ok || key != s.Token("opsgenie") {
			ogError(w, http.StatusUnauthorized, "Could not authenticate")
			return
		}
		ogList(s, st, w, r, key, "limit", false)
	})
	mux.HandleFunc("GET /jsm/ops/api/{cloud}/v1/alerts", func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		if !ok || user != ogUser || pass != s.Token("jsm") {
			writeJSON(w, http.StatusUnauthorized, map[string]any{"code": 401, "message": "Unauthorized; scope does not match"})
			return
		}
		if r.PathValue("cloud") != ogCloudID {
			writeJSON(w, http.StatusNotFound, map[string]any{"code": 404, "message": "Site not found"})
			return
		}
		ogList(s, st, w, r, user, "size", true)
	})
}

func opsgenieConfigure(s *Sim, e *config.Env) {
	if e.Name != "prod" {
		return // staging pages through PagerDuty only
	}
	up := s.Upstream("jsm", "", 30*time.Second)
	up.Username = ogUser
	e.Opsgenie = config.Opsgenie{Upstream: up, Flavor: "jsm", CloudID: ogCloudID}
}
