package httpx_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/sources/httpx"
)

const secret = "s3cr3t-token-value"

func TestFailuresBecomeHumanErrors(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"a":1}`)
	})
	mux.HandleFunc("/429", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(429)
	})
	mux.HandleFunc("/420", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "60")
		w.WriteHeader(420)
	})
	mux.HandleFunc("/503", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "upstream maintenance", 503) })
	mux.HandleFunc("/401", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(401)
		fmt.Fprintf(w, `{"message":"bad token %s"}`, r.Header.Get("Authorization"))
	})
	mux.HandleFunc("/pd", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		fmt.Fprint(w, `{"error":{"code":2001,"message":"Invalid Input Provided"}}`)
	})
	mux.HandleFunc("/malformed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"a": [1, 2`)
	})
	mux.HandleFunc("/html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<html>login</html>`)
	})
	mux.HandleFunc("/truncated", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "1000")
		fmt.Fprint(w, `{"a":`)
		c, _, _ := w.(http.Hijacker).Hijack()
		c.Close()
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`"` + strings.Repeat("x", 4096) + `"`))
	})
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok?token=x", 302) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(time.Second):
		case <-r.Context().Done():
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	tlsSrv := httptest.NewTLSServer(mux)
	defer tlsSrv.Close()
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	refused := "http://" + l.Addr().String()
	l.Close()

	mk := func(base string) func(path string) error {
		c := httpx.New(httpx.Endpoint{Name: "up", BaseURL: base, Timeout: 200 * time.Millisecond, MaxBody: 1024,
			Auth: httpx.Auth{Scheme: "Bearer", Secret: httpx.NewSecret(secret)}})
		return func(path string) error {
			var v any
			_, err := httpx.Get(context.Background(), c, "up", path, nil, &v, 0)
			return err
		}
	}
	get, getTLS, getRefused := mk(srv.URL), mk(tlsSrv.URL), mk(refused)
	for _, tc := range []struct {
		name  string
		err   error
		kind  httpx.Kind
		words string
		retry time.Duration
	}{
		{"ok", get("/ok"), httpx.KindOther, "", 0},
		{"429_retry_after", get("/429"), httpx.KindRateLimited, "rate limited (HTTP 429), retry after 30s", 30 * time.Second},
		{"420_statuspage", get("/420"), httpx.KindRateLimited, "rate limited (HTTP 420), retry after 1m0s", time.Minute},
		{"503", get("/503"), httpx.KindStatus, "HTTP 503 service unavailable: upstream maintenance", 0},
		{"401_secret_echoed_is_redacted", get("/401"), httpx.KindAuth, "credentials refused", 0},
		{"pagerduty_error_shape", get("/pd"), httpx.KindStatus, "Invalid Input Provided", 0},
		{"malformed_json", get("/malformed"), httpx.KindDecode, "unreadable answer", 0},
		{"wrong_content_type", get("/html"), httpx.KindDecode, "expected JSON, got content type text/html", 0},
		{"truncated", get("/truncated"), httpx.KindDecode, "ended early", 0},
		{"oversize", get("/big"), httpx.KindTooLarge, "answer too large", 0},
		{"redirect_not_followed", get("/redirect"), httpx.KindRedirect, "redirect (not followed)", 0},
		{"timeout", get("/slow"), httpx.KindTimeout, "timed out", 0},
		{"refused", getRefused("/ok"), httpx.KindRefused, "connection refused", 0},
		{"tls_untrusted", getTLS("/ok"), httpx.KindTLS, "TLS", 0},
	} {
		if tc.words == "" {
			if tc.err != nil {
				t.Errorf("%s: %v", tc.name, tc.err)
			}
			continue
		}
		if tc.err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if k := httpx.KindOf(tc.err); k != tc.kind {
			t.Errorf("%s: kind %v, want %v (%v)", tc.name, k, tc.kind, tc.err)
		}
		if !strings.Contains(tc.err.Error(), tc.words) {
			t.Errorf("%s: %q lacks %q", tc.name, tc.err, tc.words)
		}
		if strings.Contains(tc.err.Error(), secret) || strings.Contains(tc.err.Error(), "token=x") {
			t.Errorf("%s: secret in error: %q", tc.name, tc.err)
		}
		if d, _ := httpx.RetryAfter(tc.err); d != tc.retry {
			t.Errorf("%s: retry after %v, want %v", tc.name, d, tc.retry)
		}
	}
}

func TestGetHonoursRetryAfterThenSucceeds(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(429)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `[1]`)
	}))
	defer srv.Close()
	c := httpx.New(httpx.Endpoint{BaseURL: srv.URL})
	start := time.Now()
	var v []int
	if _, err := httpx.Get(context.Background(), c, "x", "/", nil, &v, 2); err != nil || len(v) != 1 {
		t.Fatalf("got %v %v", v, err)
	}
	if waited := time.Since(start); waited < 900*time.Millisecond {
		t.Fatalf("did not wait for Retry-After: %v", waited)
	}
	// A wait longer than the context allows is not started.
	n.Store(0)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if _, err := httpx.Get(ctx, c, "x", "/", nil, &v, 2); httpx.KindOf(err) != httpx.KindRateLimited {
		t.Fatalf("want the rate-limit error back, got %v", err)
	}
}

func TestSecretNeverPrints(t *testing.T) {
	s := httpx.NewSecret(" " + secret + "\n")
	for _, out := range []string{fmt.Sprint(s), fmt.Sprintf("%v %+v %#v %s", s, s, s, s)} {
		if strings.Contains(out, secret) {
			t.Fatalf("secret printed: %q", out)
		}
	}
	if s.Reveal() != secret {
		t.Fatalf("Reveal = %q", s.Reveal())
	}
	if got := httpx.Redact("token "+secret+" here", s); strings.Contains(got, secret) {
		t.Fatalf("Redact: %q", got)
	}
}

func TestDeclaredOversizeRefusedBeforeReading(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "2000")
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		<-r.Context().Done() // never sends the body: only an early refusal ends this quickly
	}))
	defer srv.Close()
	c := httpx.New(httpx.Endpoint{BaseURL: srv.URL, MaxBody: 1000, Timeout: 5 * time.Second})
	_, err := httpx.Get(context.Background(), c, "x", "/", nil, new(any), 0)
	if httpx.KindOf(err) != httpx.KindTooLarge {
		t.Fatalf("want too large, got %v", err)
	}
}
