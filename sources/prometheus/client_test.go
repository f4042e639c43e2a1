package prometheus_test

import (
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/prometheus"
)

var at = time.Unix(1795375560, 0).UTC()

// recorded is one request as the server saw it.
type recorded struct {
	method, path, auth, contentType string
	form                            url.Values
}

// server serves testdata files: each request gets the next of answers (the last one repeats).
type server struct {
	t       *testing.T
	mu      sync.Mutex
	answers []answer
	seen    []recorded
}

type answer struct {
	status int
	file   string
	ctype  string
	header map[string]string
	hang   bool
}

func newServer(t *testing.T, answers ...answer) (*server, *httptest.Server) {
	s := &server{t: t, answers: answers}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	s.mu.Lock()
	s.seen = append(s.seen, recorded{method: r.Method, path: r.URL.Path, auth: r.Header.Get("Authorization"),
		contentType: r.Header.Get("Content-Type"), form: r.Form})
	a := s.answers[min(len(s.seen), len(s.answers))-1]
	s.mu.Unlock()
	if a.hang {
		<-r.Context().Done()
		return
	}
	body, err := os.ReadFile("testdata/" + a.file)
	if err != nil {
		s.t.Errorf("testdata: %v", err)
	}
	ct := a.ctype
	if ct == "" {
		ct = "application/json"
	}
	w.Header().Set("Content-Type", ct)
	for k, v := range a.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(a.status)
	w.Write(body)
}

func (s *server) requests() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.seen...)
}

func client(srv *httptest.Server, cfg prometheus.Config) *prometheus.Client {
	cfg.Endpoint.BaseURL = srv.URL
	if cfg.Endpoint.Timeout == 0 {
		cfg.Endpoint.Timeout = 2 * time.Second
	}
	return prometheus.New(cfg)
}

func TestQueryResults(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, tc := range []struct {
		name string
		file string
		want prometheus.Result
		sum  float64
	}{
		{"vector", "vector.json", prometheus.Result{Type: prometheus.Vector, Vector: []prometheus.Sample{
			{Metric: map[string]string{"code": "200", "job": "app"}, Point: prometheus.Point{T: time.UnixMilli(1795375560781).UTC(), V: 40273941}},
			{Metric: map[string]string{"code": "500", "job": "app"}, Point: prometheus.Point{T: time.UnixMilli(1795375560781).UTC(), V: 51059}},
		}}, 40325000},
		{"empty vector is no events", "empty_vector.json", prometheus.Result{Type: prometheus.Vector, Vector: []prometheus.Sample{}}, 0},
		{"scalar", "scalar.json", prometheus.Result{Type: prometheus.Scalar, Scalar: prometheus.Point{T: at, V: 0.9987338127712337}}, 0.9987338127712337},
		{"string", "string.json", prometheus.Result{Type: prometheus.String, String: "hello", Scalar: prometheus.Point{T: at}}, nan},
		{"NaN and infinities from strings", "special_values.json", prometheus.Result{Type: prometheus.Vector, Vector: []prometheus.Sample{
			{Metric: map[string]string{"q": "nan"}, Point: prometheus.Point{T: at, V: nan}},
			{Metric: map[string]string{"q": "inf"}, Point: prometheus.Point{T: at, V: inf}},
			{Metric: map[string]string{"q": "neginf"}, Point: prometheus.Point{T: at, V: -inf}},
			{Metric: map[string]string{"q": "exp"}, Point: prometheus.Point{T: at, V: 1.5e-05}},
		}}, nan},
		{"warnings and infos surfaced", "warnings.json", prometheus.Result{Type: prometheus.Vector,
			Vector:   []prometheus.Sample{{Metric: map[string]string{}, Point: prometheus.Point{T: at, V: 0.999}}},
			Warnings: []string{"partial response: store gateway eu-1 unavailable"},
			Infos:    []string{`PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "x"`}}, 0.999},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, srv := newServer(t, answer{status: 200, file: tc.file})
			got, err := client(srv, prometheus.Config{}).Query(context.Background(), "up", at)
			if err != nil {
				t.Fatalf("Query() error = %v", err)
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateNaNs()); diff != "" {
				t.Errorf("Query() mismatch (-want +got):\n%s", diff)
			}
			sum, err := got.Sum()
			if tc.want.Type == prometheus.String {
				if err == nil {
					t.Errorf("Sum() of a string = %v, want an error", sum)
				}
				return
			}
			if err != nil || !(sum == tc.sum || math.IsNaN(tc.sum) && math.IsInf(sum, 0) || math.IsNaN(sum) && math.IsNaN(tc.sum)) {
				t.Errorf("Sum() = %v, %v, want %v", sum, err, tc.sum)
			}
		})
	}
}

func TestQueryRangeMatrix(t *testing.T) {
	s, srv := newServer(t, answer{status: 200, file: "matrix.json"})
	r := prometheus.Range{Start: at.Add(-24 * time.Hour), End: at, Step: 5 * time.Minute}
	got, err := client(srv, prometheus.Config{}).QueryRange(context.Background(), `sum(rate(x[5m]))`, r)
	if err != nil {
		t.Fatalf("QueryRange() error = %v", err)
	}
	want := []prometheus.Series{{Metric: map[string]string{"app": "demo"}, Points: []prometheus.Point{
		{T: time.Unix(1795289160, 0).UTC(), V: 10.5}, {T: time.Unix(1795289460, 0).UTC(), V: 11}, {T: time.Unix(1795289760, 0).UTC(), V: 0}}}}
	if diff := cmp.Diff(want, got.Matrix); diff != "" {
		t.Errorf("QueryRange() mismatch (-want +got):\n%s", diff)
	}
	req := s.requests()[0]
	wantForm := url.Values{"query": {"sum(rate(x[5m]))"}, "start": {"1795289160"}, "end": {"1795375560"}, "step": {"300"}, "timeout": {"2s"}}
	if req.method != "GET" || req.path != "/api/v1/query_range" {
		t.Errorf("request = %s %s, want GET /api/v1/query_range", req.method, req.path)
	}
	if diff := cmp.Diff(wantForm, req.form); diff != "" {
		t.Errorf("query_range parameters mismatch (-want +got):\n%s", diff)
	}
}

func TestRequestShape(t *testing.T) {
	long := "sum(rate(x{a=\"" + strings.Repeat("b", 5000) + "\"}[5m]))"
	for _, tc := range []struct {
		name       string
		cfg        prometheus.Config
		query      string
		answers    []answer
		wantMethod []string
		wantAuth   string
	}{
		{"GET with bearer token", prometheus.Config{Endpoint: httpx.Endpoint{Auth: httpx.Auth{Secret: httpx.NewSecret("tok-123")}}}, "up",
			[]answer{{status: 200, file: "vector.json"}}, []string{"GET"}, "Bearer tok-123"},
		{"POST form with basic auth", prometheus.Config{Method: prometheus.Post, Endpoint: httpx.Endpoint{Auth: httpx.Auth{Username: "mimir", Secret: httpx.NewSecret("pw")}}}, "up",
			[]answer{{status: 200, file: "vector.json"}}, []string{"POST"}, "Basic bWltaXI6cHc="},
		{"POST refused by a proxy falls back to GET", prometheus.Config{Method: prometheus.Post}, "up",
			[]answer{{status: 405, file: "proxy_502.html", ctype: "text/html"}, {status: 200, file: "vector.json"}}, []string{"POST", "GET"}, ""},
		{"long query goes by POST", prometheus.Config{}, long,
			[]answer{{status: 200, file: "vector.json"}}, []string{"POST"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, srv := newServer(t, tc.answers...)
			if _, err := client(srv, tc.cfg).Query(context.Background(), tc.query, at); err != nil {
				t.Fatalf("Query() error = %v", err)
			}
			var methods []string
			for _, r := range s.requests() {
				methods = append(methods, r.method)
				if r.form.Get("query") != tc.query || r.form.Get("time") != "1795375560" {
					t.Errorf("%s parameters = %v, want query and time", r.method, r.form)
				}
				if r.method == "POST" && r.contentType != "application/x-www-form-urlencoded" {
					t.Errorf("POST content type = %q", r.contentType)
				}
				if r.auth != tc.wantAuth {
					t.Errorf("Authorization = %q, want %q", r.auth, tc.wantAuth)
				}
			}
			if diff := cmp.Diff(tc.wantMethod, methods); diff != "" {
				t.Errorf("methods mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestQueryErrors(t *testing.T) {
	for _, tc := range []struct {
		name      string
		answers   []answer
		timeout   time.Duration
		retries   int
		wantKind  httpx.Kind
		wantAPI   string // errorType, when the API answered one
		wantText  string // in the human message
		wantTries int
	}{
		{"bad_data 400", []answer{{status: 400, file: "bad_data.json"}}, 0, 1, httpx.KindStatus, "bad_data", "HTTP 400 bad request: bad_data: invalid parameter", 1},
		{"execution 422", []answer{{status: 422, file: "execution.json"}}, 0, 1, httpx.KindStatus, "execution", "HTTP 422 unprocessable: execution: found duplicate series", 1},
		{"server timeout 503 is not retried", []answer{{status: 503, file: "timeout.json"}}, 0, 1, httpx.KindTimeout, "timeout", "timed out: timeout: query timed out in expression evaluation", 1},
		{"non-JSON proxy error", []answer{{status: 502, file: "proxy_502.html", ctype: "text/html"}}, 0, 0, httpx.KindStatus, "", "HTTP 502 bad gateway", 1},
		{"proxy 502 retried once then succeeds", []answer{{status: 502, file: "proxy_502.html", ctype: "text/html"}, {status: 200, file: "vector.json"}}, 0, 1, 0, "", "", 2},
		{"429 retried after Retry-After", []answer{{status: 429, file: "proxy_502.html", ctype: "text/plain", header: map[string]string{"Retry-After": "0"}}, {status: 429, file: "proxy_502.html", ctype: "text/plain"}}, 0, 1, httpx.KindRateLimited, "", "rate limited (HTTP 429)", 2},
		{"client timeout on a hanging server", []answer{{hang: true}}, 200 * time.Millisecond, 0, httpx.KindTimeout, "", "timed out", 1},
		{"malformed JSON", []answer{{status: 200, file: "malformed.json"}}, 0, 0, httpx.KindDecode, "", "unreadable answer", 1},
		{"number instead of string value", []answer{{status: 200, file: "number_value.json"}}, 0, 0, httpx.KindDecode, "", "is not a string", 1},
		{"HTML with 200", []answer{{status: 200, file: "proxy_502.html", ctype: "text/html"}}, 0, 0, httpx.KindDecode, "", "expected JSON", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, srv := newServer(t, tc.answers...)
			c := client(srv, prometheus.Config{Retries: tc.retries, Endpoint: httpx.Endpoint{Timeout: tc.timeout}})
			_, err := c.Query(context.Background(), "up", at)
			if got := len(s.requests()); got != tc.wantTries {
				t.Errorf("requests = %d, want %d", got, tc.wantTries)
			}
			if tc.wantText == "" {
				if err != nil {
					t.Fatalf("Query() error = %v, want success after retry", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Query() error = nil")
			}
			if got := httpx.KindOf(err); got != tc.wantKind {
				t.Errorf("KindOf(%v) = %v, want %v", err, got, tc.wantKind)
			}
			var api *prometheus.APIError
			if got := errors.As(err, &api); got != (tc.wantAPI != "") || got && api.Type != tc.wantAPI {
				t.Errorf("errors.As(%v, *APIError) = %v %+v, want errorType %q", err, got, api, tc.wantAPI)
			}
			if h := httpx.Human(err); !strings.Contains(h, tc.wantText) {
				t.Errorf("Human(err) = %q, want it to contain %q", h, tc.wantText)
			}
			if !strings.HasPrefix(err.Error(), "prometheus: GET /api/v1/query: ") {
				t.Errorf("Error() = %q, want it to name the source and operation", err.Error())
			}
		})
	}
}

func TestSecretNotInErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(401)
		io.WriteString(w, `{"status":"error","errorType":"bad_data","error":"unauthorized"}`)
	}))
	defer srv.Close()
	c := client(srv, prometheus.Config{Endpoint: httpx.Endpoint{Auth: httpx.Auth{Secret: httpx.NewSecret("s3cr3t-token")}}})
	_, err := c.Query(context.Background(), "up", at)
	if err == nil || strings.Contains(err.Error(), "s3cr3t") || httpx.KindOf(err) != httpx.KindAuth {
		t.Errorf("Query() error = %v, want an auth error without the token", err)
	}
}
