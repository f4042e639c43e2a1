package sim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/opsdeck/opsdeck/config"
)

// The simulated Heroku Platform API (upstream-apis.md §6): one app per environment with a release
// history; a rollback creates a new release that is pending for herokuReleaseDelay, then current.

const (
	herokuApp          = "opsdeck-demo"
	herokuAccept       = "application/vnd.heroku+json; version=3"
	herokuReleaseDelay = 4 * time.Second
)

type simRelease struct {
	ID          string
	Version     int
	Description string
	Status      string // succeeded, failed, expired; a new release is pending until readyAt
	Email       string
	Created     time.Time
	ReadyAt     time.Time // zero: settled at creation
	Slug        string
	Addons      []string
}

type herokuState struct {
	mu       sync.Mutex
	releases map[string][]*simRelease // app -> releases, oldest first
	calls    int                      // for RateLimit-Remaining
}

func init() {
	Register(Upstream{Name: "heroku", Order: 70, Routes: herokuRoutes, Configure: herokuConfigure})
}

func herokuConfigure(s *Sim, e *config.Env) {
	if e.Name != "prod" {
		return // staging deploys to Kubernetes (kube.go)
	}
	e.Heroku = config.Heroku{Upstream: s.Upstream("heroku", "/heroku", time.Minute), App: herokuApp}
}

func (s *Sim) heroku() *herokuState {
	return s.State("heroku", func() any {
		st := &herokuState{releases: map[string][]*simRelease{}}
		st.releases[herokuApp] = herokuHistory(s)
		return st
	}).(*herokuState)
}

// herokuHistory is 30 releases over the last three weeks: deploys, config changes, an add-on, one
// failed release, the oldest expired.
func herokuHistory(s *Sim) []*simRelease {
	rnd := s.Rand("heroku/releases")
	people := []string{"ana@example.com", "bo@example.com", "chen@example.com", "dara@example.com"}
	var out []*simRelease
	const n = 30
	slug := ""
	for v := 1; v <= n; v++ {
		at := s.Started().Add(-time.Duration(n-v)*15*time.Hour - time.Duration(rnd.IntN(600))*time.Minute - 2*time.Hour)
		r := &simRelease{ID: simUUID(rnd), Version: v, Status: "succeeded", Email: people[rnd.IntN(len(people))], Created: at,
			Addons: []string{"heroku-postgresql:standard-0", "heroku-redis:premium-0"}}
		switch {
		case v == 1:
			r.Description, slug = "Initial release", simUUID(rnd)
		case v%7 == 3:
			r.Description = fmt.Sprintf("Set FEATURE_FLAG_%d config vars", v)
		case v == 12:
			r.Description = "Attach papertrail add-on"
			r.Addons = append(r.Addons, "papertrail:choklad")
		default:
			r.Description = fmt.Sprintf("Deploy %07x", rnd.Uint32()&0xfffffff)
			slug = simUUID(rnd)
		}
		if v > 12 {
			r.Addons = append(r.Addons, "papertrail:choklad")
		}
		r.Slug = slug
		if v == n-2 {
			r.Status = "failed" // a deploy whose release phase failed: never current, not a rollback target
			r.Description += " (release command failed)"
		}
		if v <= 5 {
			r.Status = "expired"
		}
		out = append(out, r)
	}
	return out
}

func simUUID(rnd interface{ Uint64() uint64 }) string {
	a, b := rnd.Uint64(), rnd.Uint64()
	return fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", uint32(a>>32), uint16(a>>16), uint16(a)&0xfff, uint16(b>>48)&0xfff, b&0xffffffffffff)
}

// status is the release's status at now: a new release is pending until its ready time.
func (r *simRelease) status(now time.Time) string {
	if !r.ReadyAt.IsZero() && now.Before(r.ReadyAt) {
		return "pending"
	}
	return r.Status
}

// currentVersion is the newest release that has succeeded by now.
func currentVersion(rs []*simRelease, now time.Time) int {
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i].status(now) == "succeeded" {
			return rs[i].Version
		}
	}
	return 0
}

func (r *simRelease) json(app string, now time.Time, current int) map[string]any {
	st := r.status(now)
	updated := r.Created
	if !r.ReadyAt.IsZero() && !now.Before(r.ReadyAt) {
		updated = r.ReadyAt
	}
	return map[string]any{
		"id": r.ID, "version": r.Version, "description": r.Description, "status": st,
		"current": r.Version == current, "eligible_for_rollback": st == "succeeded",
		"created_at": r.Created.UTC().Format(time.RFC3339), "updated_at": updated.UTC().Format(time.RFC3339),
		"user": map[string]any{"id": "u-" + strings.SplitN(r.Email, "@", 2)[0], "email": r.Email},
		"app":  map[string]any{"id": "app-" + app, "name": app}, "slug": map[string]any{"id": r.Slug},
		"addon_plan_names": r.Addons, "artifacts": []any{map[string]any{"id": r.Slug, "type": "slug"}},
		"output_stream_url": nil,
	}
}

var herokuRange = regexp.MustCompile(`^\s*version\s+(\]?)(\d*)\.\.(\d*)\s*(?:;\s*(.*))?$`)

func herokuRoutes(s *Sim, mux *http.ServeMux) {
	auth := func(w http.ResponseWriter, r *http.Request) bool {
		st := s.heroku()
		st.mu.Lock()
		st.calls++
		w.Header().Set("RateLimit-Remaining", strconv.Itoa(max(4500-st.calls, 0)))
		st.mu.Unlock()
		w.Header().Set("Request-Id", fmt.Sprintf("sim-%d", time.Now().UnixNano()))
		if !strings.Contains(r.Header.Get("Accept"), "application/vnd.heroku+json; version=3") {
			writeJSON(w, 400, map[string]string{"id": "bad_request", "message": "Please specify a version along with Heroku's API MIME type. For example, `Accept: " + herokuAccept + "`."})
			return false
		}
		return RequireHeader(w, r, "Authorization", "Bearer "+s.Token("heroku"), 401,
			map[string]string{"id": "unauthorized", "message": "Invalid credentials provided."})
	}
	app := func(w http.ResponseWriter, r *http.Request) ([]*simRelease, bool) {
		st := s.heroku()
		rs, ok := st.releases[r.PathValue("app")]
		if !ok {
			writeJSON(w, 404, map[string]string{"id": "not_found", "message": "Couldn't find that app."})
		}
		return rs, ok
	}
	mux.HandleFunc("GET /heroku/apps/{app}/releases", func(w http.ResponseWriter, r *http.Request) {
		if !auth(w, r) {
			return
		}
		st := s.heroku()
		st.mu.Lock()
		defer st.mu.Unlock()
		rs, ok := app(w, r)
		if !ok {
			return
		}
		herokuList(w, r, s.Now(), r.PathValue("app"), rs)
	})
	mux.HandleFunc("GET /heroku/apps/{app}/releases/{id}", func(w http.ResponseWriter, r *http.Request) {
		if !auth(w, r) {
			return
		}
		st := s.heroku()
		st.mu.Lock()
		defer st.mu.Unlock()
		rs, ok := app(w, r)
		if !ok {
			return
		}
		now := s.Now()
		cur := currentVersion(rs, now)
		for _, rel := range rs {
			if rel.ID == r.PathValue("id") || strconv.Itoa(rel.Version) == r.PathValue("id") {
				writeJSON(w, 200, rel.json(r.PathValue("app"), now, cur))
				return
			}
		}
		writeJSON(w, 404, map[string]string{"id": "not_found", "message": "Couldn't find that release."})
	})
	mux.HandleFunc("POST /heroku/apps/{app}/releases", func(w http.ResponseWriter, r *http.Request) {
		if !auth(w, r) {
			return
		}
		var body struct {
			Release string `json:"release"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Release == "" {
			writeJSON(w, 422, map[string]string{"id": "invalid_params", "message": "Missing required params: release."})
			return
		}
		st := s.heroku()
		st.mu.Lock()
		rs, ok := app(w, r)
		if !ok {
			st.mu.Unlock()
			return
		}
		now := s.Now()
		var target *simRelease
		for _, rel := range rs {
			if rel.ID == body.Release || strconv.Itoa(rel.Version) == body.Release {
				target = rel
			}
		}
		switch {
		case target == nil:
			st.mu.Unlock()
			writeJSON(w, 404, map[string]string{"id": "not_found", "message": "Couldn't find that release."})
			return
		case target.status(now) != "succeeded":
			st.mu.Unlock()
			writeJSON(w, 422, map[string]string{"id": "invalid_params", "message": fmt.Sprintf("Cannot rollback to v%d: release is %s.", target.Version, target.status(now))})
			return
		}
		nr := &simRelease{ID: simUUID(s.Rand(fmt.Sprintf("heroku/new/%d", len(rs)))), Version: rs[len(rs)-1].Version + 1,
			Description: fmt.Sprintf("Rollback to v%d", target.Version), Status: "succeeded", Email: "oncall@example.com",
			Created: now, ReadyAt: now.Add(herokuReleaseDelay), Slug: target.Slug, Addons: target.Addons}
		st.releases[r.PathValue("app")] = append(rs, nr)
		out := nr.json(r.PathValue("app"), now, currentVersion(st.releases[r.PathValue("app")], now))
		st.mu.Unlock()
		if !s.afterWrite(w, r) {
			return
		}
		writeJSON(w, 201, out)
	})
}

// herokuList answers a Range request: "version ..; order=desc, max=N" and the Next-Range we sent.
func herokuList(w http.ResponseWriter, r *http.Request, now time.Time, app string, rs []*simRelease) {
	order, max := "asc", 200
	lo, hi, loExcl := 0, 1<<30, false
	if h := r.Header.Get("Range"); h != "" {
		m := herokuRange.FindStringSubmatch(h)
		if m == nil {
			writeJSON(w, 400, map[string]string{"id": "bad_request", "message": "Invalid Range header."})
			return
		}
		loExcl = m[1] == "]"
		if m[2] != "" {
			lo, _ = strconv.Atoi(m[2])
		}
		if m[3] != "" {
			hi, _ = strconv.Atoi(m[3])
		}
		for _, kv := range strings.Split(m[4], ",") {
			k, v, _ := strings.Cut(strings.TrimSpace(kv), "=")
			switch k {
			case "order":
				order = v
			case "max":
				if n, err := strconv.Atoi(v); err == nil && n > 0 {
					max = min(n, 1000)
				}
			}
		}
	}
	// with order=desc the range start is the upper end: "version ]25..; order=desc" continues below 25
	var sel []*simRelease
	if order == "desc" {
		top := 1 << 30
		if lo > 0 {
			top = lo
		}
		for i := len(rs) - 1; i >= 0 && len(sel) < max+1; i-- {
			v := rs[i].Version
			if v < top || (!loExcl && v == top) {
				sel = append(sel, rs[i])
			}
		}
	} else {
		for _, rel := range rs {
			if (rel.Version > lo || (!loExcl && rel.Version == lo)) && rel.Version <= hi && len(sel) < max+1 {
				sel = append(sel, rel)
			}
		}
	}
	more := len(sel) > max
	if more {
		sel = sel[:max]
	}
	cur := currentVersion(rs, now)
	out := make([]map[string]any, 0, len(sel))
	for _, rel := range sel {
		out = append(out, rel.json(app, now, cur))
	}
	status := 200
	if more {
		last := sel[len(sel)-1].Version
		w.Header().Set("Next-Range", fmt.Sprintf("version ]%d..; order=%s, max=%d", last, order, max))
		status = 206
	}
	writeJSON(w, status, out)
}
