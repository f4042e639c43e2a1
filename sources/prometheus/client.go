// Package prometheus is a client for the Prometheus HTTP query API (reference section 7). It uses
// only what every server of that API answers (instant and range queries, form-encoded GET or POST,
// the JSON envelope with string sample values), so the same client works against Prometheus, Thanos,
// Mimir and VictoriaMetrics.
package prometheus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/opsdeck/opsdeck/sources/httpx"
)

// Method says how queries are sent.
type Method string

// Methods a query can be sent with.
const (
	// Get sends the query in the URL; POST is used anyway when the URL would be long.
	Get Method = "GET"
	// Post sends a form body (application/x-www-form-urlencoded), falling back to GET when the
	// server or a proxy answers 405 or 501, as client_golang does.
	Post Method = "POST"
)

// maxGetURL is the longest query string sent with GET; longer queries go by POST (proxies often
// refuse URLs over 8 KiB).
const maxGetURL = 4096

// Config is what a Client needs beyond the endpoint.
type Config struct {
	// Endpoint is the server (base URL up to, not including, /api/v1), its timeout and auth: Bearer
	// with a token, or Basic with a username and password.
	Endpoint httpx.Endpoint
	// Method is Get (default) or Post.
	Method Method
	// Retries is how many times a query is sent again after a rate limit (429) or a 502/504 from a
	// proxy, waiting for Retry-After. A server-side query error is never retried.
	Retries int
}

// Client runs PromQL queries. It is safe for concurrent use.
type Client struct {
	http    *resty.Client
	name    string
	method  Method
	timeout time.Duration
	retries int
	secret  httpx.Secret // redacted from the messages of error envelopes, which may echo it
}

// New builds a Client; it sends no request.
func New(cfg Config) *Client {
	ep := cfg.Endpoint
	if ep.Name == "" {
		ep.Name = "prometheus"
	}
	if ep.Auth.Scheme == "" && ep.Auth.Username == "" {
		ep.Auth.Scheme = "Bearer"
	}
	m := cfg.Method
	if m != Post {
		m = Get
	}
	return &Client{http: httpx.New(ep), name: ep.Name, method: m, timeout: ep.Timeout, retries: cfg.Retries, secret: ep.Auth.Secret}
}

// APIError is an error answered by the query API itself, in its JSON envelope: errorType is bad_data
// (400), execution (422), timeout or canceled (503), internal, unavailable, not_found... It is
// wrapped in an *httpx.Error that carries the HTTP status.
type APIError struct {
	// Type is the envelope's errorType.
	Type string
	// Message is the envelope's error.
	Message string
	// Warnings came with the error.
	Warnings []string
}

// Error implements error.
func (e *APIError) Error() string { return e.Type + ": " + e.Message }

// Query runs an instant query evaluated at at (the server's now when at is zero).
func (c *Client) Query(ctx context.Context, query string, at time.Time) (Result, error) {
	v := url.Values{"query": {query}}
	if !at.IsZero() {
		v.Set("time", formatTime(at))
	}
	return c.do(ctx, "/api/v1/query", v)
}

// Range is the span and resolution of a range query.
type Range struct {
	Start, End time.Time
	Step       time.Duration
}

// QueryRange runs a range query: one point every Step from Start to End.
func (c *Client) QueryRange(ctx context.Context, query string, r Range) (Result, error) {
	if r.Step <= 0 {
		return Result{}, fmt.Errorf("%s: range query step must be positive", c.name)
	}
	v := url.Values{
		"query": {query},
		"start": {formatTime(r.Start)},
		"end":   {formatTime(r.End)},
		"step":  {strconv.FormatFloat(r.Step.Seconds(), 'f', -1, 64)},
	}
	return c.do(ctx, "/api/v1/query_range", v)
}

func formatTime(t time.Time) string {
	return strconv.FormatFloat(float64(t.UnixMilli())/1000, 'f', -1, 64)
}

// do sends the query, retrying rate limits and proxy failures, and decodes the envelope.
func (c *Client) do(ctx context.Context, path string, v url.Values) (Result, error) {
	if c.timeout > 0 {
		// Ask the server to give up when we will: it frees the server and its answer (a timeout
		// error) says more than a cut connection.
		v.Set("timeout", strconv.FormatFloat(c.timeout.Seconds(), 'f', -1, 64)+"s")
	}
	for attempt := 0; ; attempt++ {
		res, err := c.once(ctx, path, v)
		var api *APIError
		if err == nil || errors.As(err, &api) || attempt >= c.retries || !retryable(err) {
			return res, err
		}
		if werr := httpx.Wait(ctx, httpx.Backoff(err, attempt)); werr != nil {
			return res, err
		}
	}
}

func retryable(err error) bool {
	var e *httpx.Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Kind == httpx.KindRateLimited || (e.Kind == httpx.KindStatus && (e.Status == 502 || e.Status == 504))
}

func (c *Client) once(ctx context.Context, path string, v url.Values) (Result, error) {
	method := c.method
	if method == Get && len(v.Encode()) > maxGetURL {
		method = Post
	}
	resp, err := c.send(ctx, method, path, v)
	if method == Post && err == nil && (resp.StatusCode() == http.StatusMethodNotAllowed || resp.StatusCode() == http.StatusNotImplemented) {
		resp, err = c.send(ctx, Get, path, v)
	}
	return c.decode(resp, err)
}

func (c *Client) send(ctx context.Context, m Method, path string, v url.Values) (*resty.Response, error) {
	req := c.http.R().SetContext(ctx).SetHeader("Accept", "application/json")
	if m == Post {
		return req.SetHeader("Content-Type", "application/x-www-form-urlencoded").SetBody(v.Encode()).Post(path)
	}
	return req.SetQueryParamsFromValues(v).Get(path)
}

// envelope is every answer of the query API.
type envelope struct {
	Status    string          `json:"status"`
	Data      json.RawMessage `json:"data"`
	ErrorType string          `json:"errorType"`
	Error     string          `json:"error"`
	Warnings  []string        `json:"warnings"`
	Infos     []string        `json:"infos"`
}

// decode turns an answer into a Result or an error. An error envelope becomes an *APIError (inside an
// *httpx.Error with the status) whatever the status; any other failure (a proxy's HTML page, a cut
// connection) is what httpx.Check makes of it.
func (c *Client) decode(resp *resty.Response, err error) (Result, error) {
	if err != nil {
		return Result{}, httpx.Check(c.name, resp, err)
	}
	var env envelope
	if jerr := json.Unmarshal(resp.Body(), &env); jerr == nil && env.Status == "error" {
		api := &APIError{Type: env.ErrorType, Message: httpx.Redact(env.Error, c.secret), Warnings: env.Warnings}
		e := &httpx.Error{Source: c.name, Op: op(resp), Kind: httpx.KindStatus, Status: resp.StatusCode(),
			Detail: clip(api.Error(), 200), Err: api}
		switch {
		case env.ErrorType == "timeout":
			e.Kind = httpx.KindTimeout
		case e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden:
			e.Kind = httpx.KindAuth
		}
		return Result{}, e
	}
	if cerr := httpx.Check(c.name, resp, nil); cerr != nil {
		return Result{}, cerr
	}
	if derr := httpx.DecodeJSON(c.name, resp, &env); derr != nil {
		return Result{}, derr
	}
	if env.Status != "success" {
		return Result{}, &httpx.Error{Source: c.name, Op: op(resp), Kind: httpx.KindDecode, Status: resp.StatusCode(),
			Detail: fmt.Sprintf("status %q is neither success nor error", clip(env.Status, 40))}
	}
	res, perr := parseData(env.Data)
	if perr != nil {
		return Result{}, &httpx.Error{Source: c.name, Op: op(resp), Kind: httpx.KindDecode, Status: resp.StatusCode(),
			Detail: perr.Error()}
	}
	res.Warnings, res.Infos = env.Warnings, env.Infos
	return res, nil
}

func op(resp *resty.Response) string {
	if resp == nil || resp.Request == nil {
		return ""
	}
	p := resp.Request.URL
	if resp.Request.RawRequest != nil && resp.Request.RawRequest.URL != nil {
		p = resp.Request.RawRequest.URL.Path
	} else if u, err := url.Parse(p); err == nil {
		p = u.Path
	}
	return resp.Request.Method + " " + p
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
