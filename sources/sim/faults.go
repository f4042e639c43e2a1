package sim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault is an injected failure for every request whose path starts with Path.
type Fault struct {
	Path        string        `json:"path"`                   // path prefix it applies to
	Latency     time.Duration `json:"latency,omitempty"`      // added before answering
	Status      int           `json:"status,omitempty"`       // answer with this status instead
	RetryAfter  int           `json:"retry_after,omitempty"`  // seconds, sent with Status (429/420/503)
	Malformed   bool          `json:"malformed,omitempty"`    // 200 with broken JSON
	ContentType string        `json:"content_type,omitempty"` // 200 with this content type and an HTML body
	Truncate    bool          `json:"truncate,omitempty"`     // promise more bytes than sent, then close
	Oversize    bool          `json:"oversize,omitempty"`     // a body larger than opsdeck's 16 MiB cap
	Drip        bool          `json:"drip,omitempty"`         // send the body a byte every 200ms
	Hang        bool          `json:"hang,omitempty"`         // never answer (until the client gives up)
	Times       int           `json:"times,omitempty"`        // apply this many times, then remove; 0 = until removed
}

// ParseFault reads the command-line form PATH=SPEC[,SPEC...], where SPEC is one of latency:2s,
// status:503, retry-after:30, malformed, content-type:text/html, truncate, oversize, drip, hang, times:3.
func ParseFault(s string) (Fault, error) {
	path, spec, ok := strings.Cut(s, "=")
	if !ok || !strings.HasPrefix(path, "/") {
		return Fault{}, fmt.Errorf("fault %q: write PATH=SPEC, for example /health/billing=status:503", s)
	}
	f := Fault{Path: path}
	for _, part := range strings.Split(spec, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), ":")
		var err error
		switch k {
		case "latency":
			f.Latency, err = time.ParseDuration(v)
		case "status":
			f.Status, err = strconv.Atoi(v)
		case "retry-after":
			f.RetryAfter, err = strconv.Atoi(v)
		case "times":
			f.Times, err = strconv.Atoi(v)
		case "content-type":
			f.ContentType = v
		case "malformed":
			f.Malformed = true
		case "truncate":
			f.Truncate = true
		case "oversize":
			f.Oversize = true
		case "drip":
			f.Drip = true
		case "hang":
			f.Hang = true
		default:
			return Fault{}, fmt.Errorf("fault %q: unknown part %q (latency, status, retry-after, malformed, content-type, truncate, oversize, drip, hang, times)", s, part)
		}
		if err != nil {
			return Fault{}, fmt.Errorf("fault %q: %s: %v", s, k, err)
		}
	}
	return f, nil
}

type faults struct {
	mu   sync.Mutex
	list []Fault
}

func newFaults(init []Fault) *faults { return &faults{list: append([]Fault(nil), init...)} }

func (fs *faults) take(path string) (Fault, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for i, f := range fs.list {
		if strings.HasPrefix(path, f.Path) {
			if f.Times > 0 {
				fs.list[i].Times--
				if fs.list[i].Times == 0 {
					fs.list = append(fs.list[:i], fs.list[i+1:]...)
				}
			}
			return f, true
		}
	}
	return Fault{}, false
}

func (fs *faults) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := fs.take(r.URL.Path)
		if !ok || strings.HasPrefix(r.URL.Path, "/_sim/") {
			next.ServeHTTP(w, r)
			return
		}
		if f.Latency > 0 {
			select {
			case <-time.After(f.Latency):
			case <-r.Context().Done():
				return
			}
		}
		switch {
		case f.Hang:
			<-r.Context().Done()
		case f.Status != 0:
			if f.RetryAfter > 0 {
				w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfter))
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(f.Status)
			fmt.Fprintf(w, `{"message":"simulated fault: HTTP %d"}`, f.Status)
		case f.Malformed:
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"data": [1, 2, {"broken"`))
		case f.ContentType != "":
			w.Header().Set("Content-Type", f.ContentType)
			w.Write([]byte("<html><body>Login required</body></html>"))
		case f.Truncate:
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "4096")
			w.Write([]byte(`{"data": [`))
			if hj, ok := w.(http.Hijacker); ok {
				if c, _, err := hj.Hijack(); err == nil {
					c.Close()
				}
			}
		case f.Oversize:
			// Declared, as most servers do: a client can refuse it before reading 17 MiB.
			chunk := []byte(strings.Repeat("x", 1<<16))
			n := (17 << 20) / len(chunk)
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", strconv.Itoa(len(`{"pad":"`)+n*len(chunk)+len(`"}`)))
			w.Write([]byte(`{"pad":"`))
			for i := 0; i < n; i++ {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
			w.Write([]byte(`"}`))
		case f.Drip:
			w.Header().Set("Content-Type", "application/json")
			fl, _ := w.(http.Flusher)
			for _, b := range []byte(`{"drip": "slow body that never ends in time"}`) {
				if _, err := w.Write([]byte{b}); err != nil {
					return
				}
				if fl != nil {
					fl.Flush()
				}
				select {
				case <-time.After(200 * time.Millisecond):
				case <-r.Context().Done():
					return
				}
			}
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// adminRoutes serves /_sim/faults (GET lists, POST adds a Fault as JSON, DELETE removes all or
// ?path=) and /_sim/requests (what was received).
func (s *Sim) adminRoutes(mux *http.ServeMux) {
	mux.HandleFunc("/_sim/faults", func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
		case http.MethodPost:
			var f Fault
			if err := json.NewDecoder(r.Body).Decode(&f); err != nil || !strings.HasPrefix(f.Path, "/") {
				http.Error(w, `{"message":"body must be a fault: {\"path\":\"/health/billing\",\"status\":503}"}`, 400)
				return
			}
			s.AddFault(f)
		case http.MethodDelete:
			s.ClearFaults(r.URL.Query().Get("path"))
		default:
			http.Error(w, "method not allowed", 405)
			return
		}
		s.faults.mu.Lock()
		defer s.faults.mu.Unlock()
		writeJSON(w, 200, s.faults.list)
	})
	mux.HandleFunc("/_sim/requests", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, s.Requests())
	})
}

// AddFault injects a fault.
func (s *Sim) AddFault(f Fault) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.list = append(s.faults.list, f)
}

// ClearFaults removes the faults on path, or all of them when path is empty.
func (s *Sim) ClearFaults(path string) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	if path == "" {
		s.faults.list = nil
		return
	}
	kept := s.faults.list[:0]
	for _, f := range s.faults.list {
		if f.Path != path {
			kept = append(kept, f)
		}
	}
	s.faults.list = kept
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// WriteJSON is writeJSON for the upstream files.
func WriteJSON(w http.ResponseWriter, status int, v any) { writeJSON(w, status, v) }

// RequireHeader checks that header h equals want; otherwise it answers status with body (the
// upstream's own error shape) and returns false.
func RequireHeader(w http.ResponseWriter, r *http.Request, h, want string, status int, body any) bool {
	if r.Header.Get(h) == want {
		return true
	}
	writeJSON(w, status, body)
	return false
}
