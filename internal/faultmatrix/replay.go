package faultmatrix

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// FuzzToken is the credential the fuzz targets' clients send. Seeds put it in bodies, so a target
// can check that an upstream echoing it never makes an error print it.
const FuzzToken = "fuzz-s3cr3t-token-4711"

// Replay is an upstream that answers every request with the same body: the bytes a fuzz target is
// given, served as JSON over a real connection, so the client's whole path (status check, content
// type, size cap, decode, conversion) runs on them.
type Replay struct {
	// URL is the server's base URL.
	URL string

	mu     sync.Mutex
	status int
	body   []byte
	hits   int
}

// NewReplay starts a replay server, closed when the test (or fuzz target) ends.
func NewReplay(tb testing.TB) *Replay {
	r := &Replay{status: 200}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		status, body := r.status, r.body
		r.hits++
		r.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write(body)
	}))
	srv.Config.ErrorLog = quietLog()
	tb.Cleanup(srv.Close)
	r.URL = srv.URL
	return r
}

// Serve sets the answer: status and body.
func (r *Replay) Serve(status int, body []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.status, r.body, r.hits = status, body, 0
}

// Hits is how many requests were answered since the last Serve.
func (r *Replay) Hits() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.hits
}

// Seeds returns the contents of the files matching pattern (relative to the package directory),
// for f.Add: the documented answers a package's tests already replay.
func Seeds(tb testing.TB, pattern string) [][]byte {
	names, err := filepath.Glob(pattern)
	if err != nil {
		tb.Fatal(err)
	}
	var out [][]byte
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// CheckErr fails the test when an error text a person would read holds the fuzz token, several
// lines, or a formatting mistake.
func CheckErr(t *testing.T, err error) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), FuzzToken) {
		t.Fatalf("the credential appears in the error: %q", err.Error())
	}
	CheckLine(t, err)
}

// CheckLine fails the test when an error text is several lines or holds a formatting mistake. It
// is CheckErr for an answer whose data the error may rightly quote (a next-page link's path): the
// fuzzer can put the token's characters there, and quoting the upstream's data is no leak.
func CheckLine(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if s := err.Error(); strings.ContainsAny(s, "\n\r") || strings.Contains(s, "%!") {
		t.Fatalf("the error is not one readable line: %q", s)
	}
}
