package httpx

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"
)

// DefaultTimeout bounds a request when the config sets none.
const DefaultTimeout = 10 * time.Second

// MaxBody is the largest answer opsdeck reads from any upstream (16 MiB). A bigger body is refused
// with KindTooLarge rather than read into memory: an upstream gone wrong must not take the console
// down with it.
const MaxBody = 16 << 20

var errTooLarge = resty.ErrResponseBodyTooLarge

// Auth says how a client authenticates.
type Auth struct {
	Scheme   string // header scheme: "Bearer", "OAuth", "GenieKey", "Token token=" (token appended) ...
	Header   string // header name, "Authorization" when empty
	Username string // for HTTP Basic; the Secret is the password
	Secret   Secret // the token or password
}

// Endpoint is everything needed to build a client for one upstream.
type Endpoint struct {
	Name    string        // the upstream's name in messages ("prometheus")
	BaseURL string        // scheme, host and path prefix
	Timeout time.Duration // per request; DefaultTimeout when zero
	Auth    Auth
	CAFile  string // extra PEM root certificates (Kubernetes)
	CAData  []byte // PEM root certificates given inline
	Headers map[string]string
	MaxBody int // bytes; MaxBody when zero
}

// New builds the one resty client a source uses. It never follows redirects (a health check must not,
// and an API that redirects is misconfigured), caps the body size, sets the timeout and the auth
// header, and sends no request.
func New(ep Endpoint) *resty.Client {
	c := resty.New().
		SetBaseURL(strings.TrimRight(ep.BaseURL, "/")).
		SetTimeout(orDefault(ep.Timeout, DefaultTimeout)).
		SetHeader("User-Agent", "opsdeck").
		SetRedirectPolicy(resty.RedirectPolicyFunc(func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		})).
		SetResponseBodyLimit(orDefaultInt(ep.MaxBody, MaxBody)).
		SetRetryCount(0)
	c.SetLogger(quietLogger{})
	tr := http.DefaultTransport.(*http.Transport).Clone()
	for k, v := range ep.Headers {
		c.SetHeader(k, v)
	}
	a := ep.Auth
	switch {
	case a.Username != "":
		c.SetBasicAuth(a.Username, a.Secret.Reveal())
	case !a.Secret.IsZero():
		h := a.Header
		if h == "" {
			h = "Authorization"
		}
		v := a.Secret.Reveal()
		switch {
		case a.Scheme == "":
		case strings.HasSuffix(a.Scheme, "="):
			v = a.Scheme + v
		default:
			v = a.Scheme + " " + v
		}
		c.SetHeader(h, v)
	}
	if ep.CAFile != "" || len(ep.CAData) > 0 {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if ep.CAFile != "" {
			if pem, err := os.ReadFile(ep.CAFile); err == nil {
				pool.AppendCertsFromPEM(pem)
			}
		}
		if len(ep.CAData) > 0 {
			pool.AppendCertsFromPEM(ep.CAData)
		}
		tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	// Not an *http.Transport any more: resty's SetTLSClientConfig would fail; TLS is set above.
	c.SetTransport(capTransport{next: tr, limit: int64(orDefaultInt(ep.MaxBody, MaxBody))})
	return c
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

func orDefaultInt(n, def int) int {
	if n > 0 {
		return n
	}
	return def
}

// quietLogger keeps resty from writing warnings (which may quote URLs) to stderr under the UI.
type quietLogger struct{}

func (quietLogger) Errorf(string, ...interface{}) {}
func (quietLogger) Warnf(string, ...interface{})  {}
func (quietLogger) Debugf(string, ...interface{}) {}

// Check turns the outcome of a resty call into nil or an *Error. A 2xx answer is nil; a 3xx is a
// redirect (never followed); 401/403 are refused credentials; 429 and 420 are rate limits with their
// Retry-After; anything else is a status error carrying the upstream's message when it gave one.
func Check(source string, resp *resty.Response, err error) error {
	op := opOf(resp)
	if err != nil {
		if resp != nil && resp.RawResponse != nil && resp.StatusCode() > 0 && !errors.Is(err, errTooLarge) {
			if isTimeout(err) {
				// the headers came in time, the body did not: a slow drip is a timeout, not a cut
				return &Error{Source: source, Op: op, Kind: KindTimeout, Status: resp.StatusCode(),
					Detail: "the body was still arriving", Err: stripURL(err)}
			}
			// an answer arrived but reading it failed (truncated body)
			return &Error{Source: source, Op: op, Kind: KindDecode, Status: resp.StatusCode(),
				Detail: "the body ended early or could not be read", Err: stripURL(err)}
		}
		return classify(source, op, err)
	}
	code := resp.StatusCode()
	if code >= 200 && code < 300 {
		return nil
	}
	e := &Error{Source: source, Op: op, Status: code, Detail: Redact(detail(resp), sentSecrets(resp)...)}
	switch {
	case code >= 300 && code < 400:
		e.Kind = KindRedirect
		e.Detail = ""
		if loc := resp.Header().Get("Location"); loc != "" {
			e.Detail = "to " + StripQuery(loc)
		}
	case code == 401 || code == 403:
		e.Kind = KindAuth
	case code == 429 || code == 420:
		e.Kind = KindRateLimited
		e.RetryAfter = retryHint(resp)
	default:
		e.Kind = KindStatus
		e.RetryAfter = ParseRetryAfter(resp.Header().Get("Retry-After"), time.Now())
	}
	return e
}

func retryHint(resp *resty.Response) time.Duration {
	h := resp.Header()
	if d := ParseRetryAfter(h.Get("Retry-After"), time.Now()); d > 0 {
		return d
	}
	// PagerDuty: ratelimit-reset in seconds; Opsgenie: X-RateLimit-Period-In-Sec.
	for _, k := range []string{"Ratelimit-Reset", "X-Ratelimit-Period-In-Sec"} {
		if d := ParseRetryAfter(h.Get(k), time.Now()); d > 0 {
			return d
		}
	}
	return 0
}

// detail extracts a short message from an error body: the common JSON shapes of our upstreams
// ({"message"}, {"error"}, {"error":{"message"}}, {"errors":[...]}) or the first line of text.
func detail(resp *resty.Response) string {
	body := resp.Body()
	if len(body) == 0 {
		return ""
	}
	var shape struct {
		Message string          `json:"message"`
		Error   json.RawMessage `json:"error"`
		Errors  json.RawMessage `json:"errors"`
	}
	msg := ""
	if json.Unmarshal(body, &shape) == nil {
		msg = shape.Message
		if msg == "" && len(shape.Error) > 0 {
			var s string
			var o struct {
				Message string `json:"message"`
			}
			if json.Unmarshal(shape.Error, &s) == nil {
				msg = s
			} else if json.Unmarshal(shape.Error, &o) == nil {
				msg = o.Message
			}
		}
		if msg == "" && len(shape.Errors) > 0 {
			var list []string
			if json.Unmarshal(shape.Errors, &list) == nil && len(list) > 0 {
				msg = strings.Join(list, "; ")
			}
		}
	}
	if msg == "" && !isJSON(resp) {
		msg = strings.TrimSpace(strings.SplitN(string(body), "\n", 2)[0])
		if strings.HasPrefix(msg, "<") { // an HTML error page says nothing useful in one line
			msg = ""
		}
	}
	return clip(msg, 160)
}

func clip(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	if len([]rune(s)) > n {
		return string([]rune(s)[:n-1]) + "…"
	}
	return s
}

func opOf(resp *resty.Response) string {
	if resp == nil || resp.Request == nil {
		return ""
	}
	u := resp.Request.URL
	if resp.Request.RawRequest != nil && resp.Request.RawRequest.URL != nil {
		u = resp.Request.RawRequest.URL.Path
	} else if p, err := url.Parse(u); err == nil {
		u = p.Path
	}
	return resp.Request.Method + " " + u
}

// StripQuery returns u without its query string and user info, the parts that may hold a secret.
func StripQuery(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		if i := strings.IndexAny(u, "?#"); i >= 0 {
			return u[:i]
		}
		return u
	}
	p.RawQuery, p.Fragment, p.User = "", "", nil
	return p.String()
}

func isJSON(resp *resty.Response) bool {
	ct := resp.Header().Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// DecodeJSON checks that a successful answer is JSON and decodes it into v. A wrong content type
// or malformed JSON is a KindDecode error that says what was wrong and where.
func DecodeJSON(source string, resp *resty.Response, v any) error {
	op := opOf(resp)
	if !isJSON(resp) {
		ct := resp.Header().Get("Content-Type")
		if ct == "" {
			ct = "none"
		}
		return &Error{Source: source, Op: op, Kind: KindDecode, Status: resp.StatusCode(),
			Detail: "expected JSON, got content type " + clip(ct, 60)}
	}
	if err := json.Unmarshal(resp.Body(), v); err != nil {
		d := "malformed JSON"
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			d = fmt.Sprintf("malformed JSON at byte %d", se.Offset)
		case errors.As(err, &te):
			d = fmt.Sprintf("field %q has type %s, expected %s", te.Field, te.Value, te.Type)
		case strings.Contains(err.Error(), "unexpected end"):
			d = "truncated JSON"
		}
		return &Error{Source: source, Op: op, Kind: KindDecode, Status: resp.StatusCode(), Detail: d, Err: err}
	}
	return nil
}

// Get performs an idempotent GET into v: status checked, JSON decoded, and rate limits (429/420)
// and 503s retried after the upstream's Retry-After (or a short backoff) up to retries times, as long
// as ctx allows the wait.
func Get(ctx context.Context, c *resty.Client, source, path string, query map[string][]string, v any, retries int) (*resty.Response, error) {
	var resp *resty.Response
	var err error
	timedOut := false
	for attempt := 0; ; attempt++ {
		req := c.R().SetContext(ctx)
		if query != nil {
			req.SetQueryParamsFromValues(query)
		}
		resp, err = req.Get(path)
		err = Check(source, resp, err)
		if err == nil {
			if v != nil {
				err = DecodeJSON(source, resp, v)
			}
			return resp, err
		}
		if attempt >= retries || !Retryable(err) {
			return resp, err
		}
		if KindOf(err) == KindTimeout {
			// A hanging upstream is tried once more, not retries times: each try costs a full
			// timeout, and the person on call should read the error soon.
			if timedOut {
				return resp, err
			}
			timedOut = true
		}
		if werr := Wait(ctx, Backoff(err, attempt)); werr != nil {
			return resp, err
		}
	}
}

// Retryable reports whether an idempotent request may be sent again after err: rate limits,
// 502/503/504 and timeouts. Never use it for a request that changes something upstream.
func Retryable(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Kind {
	case KindRateLimited, KindTimeout:
		return true
	case KindStatus:
		return e.Status == 502 || e.Status == 503 || e.Status == 504
	}
	return false
}

// Backoff is the wait before attempt+1: the upstream's Retry-After when given, else 250ms doubling
// per attempt up to 8s.
func Backoff(err error, attempt int) time.Duration {
	if d, ok := RetryAfter(err); ok {
		return d
	}
	d := 250 * time.Millisecond << min(attempt, 5)
	return min(d, 8*time.Second)
}

// Wait sleeps for d or until ctx ends; it returns ctx's error when the wait would outlast ctx's
// deadline, so a caller does not start a wait it cannot finish.
func Wait(ctx context.Context, d time.Duration) error {
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		return context.DeadlineExceeded
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// IsLoopback reports whether host (with or without port) is a loopback name or address.
func IsLoopback(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// sentSecrets returns the credentials the request carried (auth header values and their token part,
// the Basic password), so an upstream that echoes them in an error does not make us print them.
func sentSecrets(resp *resty.Response) []Secret {
	if resp == nil || resp.Request == nil {
		return nil
	}
	var out []Secret
	add := func(v string) {
		if len(v) >= 4 {
			out = append(out, Secret{v: v})
		}
	}
	hdr := resp.Request.Header
	if resp.Request.RawRequest != nil {
		hdr = resp.Request.RawRequest.Header
	}
	for _, k := range []string{"Authorization", "X-Api-Key", "Api-Key"} {
		for _, v := range hdr.Values(k) {
			add(v)
			if i := strings.LastIndexAny(v, " ="); i >= 0 {
				add(v[i+1:])
			}
			if b, ok := strings.CutPrefix(v, "Basic "); ok {
				if raw, err := base64.StdEncoding.DecodeString(b); err == nil {
					if _, pw, ok := strings.Cut(string(raw), ":"); ok {
						add(pw)
					}
				}
			}
		}
	}
	return out
}

// capTransport refuses an answer whose declared Content-Length is over the body cap before any of
// it is read; resty's own limit catches bodies of unknown length as they arrive.
type capTransport struct {
	next  http.RoundTripper
	limit int64
}

// RoundTrip implements http.RoundTripper.
func (t capTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	if err == nil && resp.ContentLength > t.limit {
		resp.Body.Close()
		return nil, errTooLarge
	}
	return resp, err
}
