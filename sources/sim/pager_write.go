package sim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/opsdeck/opsdeck/config"
)

// The simulated page-support endpoints (issue 7): PagerDuty Events API v2 (§2), and the alert
// create of Jira Service Management operations and Opsgenie (§3). One alert is kept per dedup key
// (alias): a second event with the same key adds to it instead of paging twice.

// PagerAlert is one alert the simulator holds, as GET /_sim/pager/alerts lists them.
type PagerAlert struct {
	Via      string    `json:"via"` // pagerduty, jsm, opsgenie
	Key      string    `json:"key"` // dedup_key or alias
	Summary  string    `json:"summary"`
	Severity string    `json:"severity"` // PagerDuty severity or Opsgenie priority
	Source   string    `json:"source"`
	Events   int       `json:"events"` // events received for this key
	First    time.Time `json:"first"`
	Last     time.Time `json:"last"`
}

type pagerState struct {
	mu       sync.Mutex
	alerts   map[string]*PagerAlert // via + "\x00" + key
	requests map[string]string      // Opsgenie requestId -> alert key
	n        int
}

func init() {
	Register(Upstream{Name: "pager", Order: 72, Routes: pagerRoutes, Configure: pagerConfigure})
}

// pagerConfigure pages through PagerDuty in prod and through JSM in staging, so both drivers are
// in the demo.
func pagerConfigure(s *Sim, e *config.Env) {
	switch e.Name {
	case "prod":
		e.Pager = config.Pager{Upstream: s.Upstream("pager", "/events", time.Minute), Driver: config.PagerPagerDuty, Source: "opsdeck-demo"}
	default:
		e.Pager = config.Pager{Upstream: s.Upstream("pager", "", time.Minute), Driver: config.PagerJSM, Source: "opsdeck-demo-" + e.Name}
	}
}

func (s *Sim) pager() *pagerState {
	return s.State("pager", func() any {
		return &pagerState{alerts: map[string]*PagerAlert{}, requests: map[string]string{}}
	}).(*pagerState)
}

// PagerAlerts lists the alerts the simulator holds, oldest first.
func (s *Sim) PagerAlerts() []PagerAlert {
	st := s.pager()
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]PagerAlert, 0, len(st.alerts))
	for _, a := range st.alerts {
		out = append(out, *a)
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].First.Before(out[j].First) || out[i].First.Equal(out[j].First) && out[i].Key < out[j].Key
	})
	return out
}

// record adds an event to the alert with key, creating it on first sight.
func (st *pagerState) record(via, key, summary, sev, source string, now time.Time) {
	k := via + "\x00" + key
	a, ok := st.alerts[k]
	if !ok {
		a = &PagerAlert{Via: via, Key: key, First: now}
		st.alerts[k] = a
	}
	a.Summary, a.Severity, a.Source, a.Last = summary, sev, source, now
	a.Events++
}

func pagerRoutes(s *Sim, mux *http.ServeMux) {
	mux.HandleFunc("GET /_sim/pager/alerts", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, s.PagerAlerts())
	})
	mux.HandleFunc("POST /events/v2/enqueue", func(w http.ResponseWriter, r *http.Request) {
		var ev struct {
			RoutingKey  string `json:"routing_key"`
			EventAction string `json:"event_action"`
			DedupKey    string `json:"dedup_key"`
			Payload     struct {
				Summary  string `json:"summary"`
				Source   string `json:"source"`
				Severity string `json:"severity"`
			} `json:"payload"`
		}
		if err := json.NewDecoder(r.Body).Decode(&ev); err != nil {
			writeJSON(w, 400, map[string]any{"status": "Unrecognized object", "message": "Event object is invalid", "errors": []string{"Body is not JSON"}})
			return
		}
		var errs []string
		if ev.RoutingKey != s.Token("pager") {
			errs = append(errs, "Invalid routing key")
		}
		switch ev.EventAction {
		case "trigger":
			if ev.Payload.Summary == "" || ev.Payload.Source == "" {
				errs = append(errs, "'payload.summary' and 'payload.source' are required for a trigger")
			}
			switch ev.Payload.Severity {
			case "critical", "error", "warning", "info":
			default:
				errs = append(errs, "'payload.severity' must be one of critical, error, warning, info")
			}
		case "acknowledge", "resolve":
			if ev.DedupKey == "" {
				errs = append(errs, "'dedup_key' is required for "+ev.EventAction)
			}
		default:
			errs = append(errs, "'event_action' must be trigger, acknowledge or resolve")
		}
		if len(errs) > 0 {
			writeJSON(w, 400, map[string]any{"status": "invalid event", "message": "Event object is invalid", "errors": errs})
			return
		}
		st := s.pager()
		st.mu.Lock()
		if ev.DedupKey == "" {
			st.n++
			ev.DedupKey = fmt.Sprintf("sim-%06d", st.n)
		}
		if ev.EventAction == "trigger" {
			st.record("pagerduty", ev.DedupKey, ev.Payload.Summary, ev.Payload.Severity, ev.Payload.Source, s.Now())
		}
		st.mu.Unlock()
		if !s.afterWrite(w, r) {
			return
		}
		writeJSON(w, 202, map[string]string{"status": "success", "message": "Event processed", "dedup_key": ev.DedupKey})
	})
	create := func(via string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") != "GenieKey "+s.Token("pager") {
				writeJSON(w, 401, map[string]any{"message": "Could not authenticate", "took": 0.001, "requestId": "sim-unauth"})
				return
			}
			var a struct {
				Message  string `json:"message"`
				Alias    string `json:"alias"`
				Entity   string `json:"entity"`
				Priority string `json:"priority"`
			}
			if err := json.NewDecoder(r.Body).Decode(&a); err != nil || a.Message == "" || len([]rune(a.Message)) > 130 {
				writeJSON(w, 422, map[string]any{"message": "Request body is not processable. Please check the errors.",
					"errors": map[string]string{"message": "Message can not be empty and must be at most 130 characters."}, "took": 0.001, "requestId": "sim-invalid"})
				return
			}
			st := s.pager()
			st.mu.Lock()
			st.n++
			id := fmt.Sprintf("sim-req-%06d", st.n)
			if a.Alias == "" {
				a.Alias = fmt.Sprintf("sim-alias-%06d", st.n)
			}
			st.record(via, a.Alias, a.Message, a.Priority, a.Entity, s.Now())
			st.requests[id] = a.Alias
			st.mu.Unlock()
			if !s.afterWrite(w, r) {
				return
			}
			writeJSON(w, 202, map[string]any{"result": "Request will be processed", "took": 0.012, "requestId": id})
		}
	}
	mux.HandleFunc("POST /jsm/ops/integration/v2/alerts", create("jsm"))
	mux.HandleFunc("POST /opsgenie/v2/alerts", create("opsgenie"))
	mux.HandleFunc("GET /opsgenie/v2/alerts/requests/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "GenieKey "+s.Token("pager") {
			writeJSON(w, 401, map[string]any{"message": "Could not authenticate", "took": 0.001, "requestId": "sim-unauth"})
			return
		}
		st := s.pager()
		st.mu.Lock()
		alias, ok := st.requests[r.PathValue("id")]
		st.mu.Unlock()
		if !ok {
			writeJSON(w, 404, map[string]any{"message": "Request does not exist", "took": 0.001, "requestId": r.PathValue("id")})
			return
		}
		writeJSON(w, 200, map[string]any{"data": map[string]any{"success": true, "action": "Create", "processedAt": s.Now().UTC().Format(time.RFC3339),
			"integrationId": "sim-integration", "isSuccess": true, "status": "Created alert", "alertId": "alert-" + alias, "alias": alias},
			"took": 0.002, "requestId": r.PathValue("id")})
	})
}
