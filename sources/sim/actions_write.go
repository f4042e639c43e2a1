package sim

import (
	"net/http"
	"time"
)

// This file is shared by the simulator's write handlers (issue 7: declare maintenance, rollback,
// page).
//
// A write can be told to fail before it changes anything with an ordinary fault on its path
// (status:500, hang...). To show the hard case, a timeout after the upstream accepted the request,
// a fault whose path is the write's path prefixed with AfterPrefix is applied after the state has
// changed: `--fault /_after/heroku/apps=hang,times:1` makes the next rollback create its release and
// then never answer, so opsdeck must check before it sends again.

// AfterPrefix marks a fault applied after a write has taken effect.
const AfterPrefix = "/_after"

// afterWrite applies the fault registered for AfterPrefix+path, if any, once the write is done. It
// returns false when the answer must not be written (the client gave up during a hang).
func (s *Sim) afterWrite(w http.ResponseWriter, r *http.Request) bool {
	f, ok := s.faults.take(AfterPrefix + r.URL.Path)
	if !ok {
		return true
	}
	if f.Latency > 0 {
		select {
		case <-time.After(f.Latency):
		case <-r.Context().Done():
			return false
		}
	}
	switch {
	case f.Hang:
		<-r.Context().Done()
		return false
	case f.Status != 0:
		writeJSON(w, f.Status, map[string]string{"message": "simulated fault after the change was made"})
		return false
	}
	return true
}
