// Package descriptor gathers the readiness evidence opsdeck fetches itself: the app descriptor
// (atlassian-connect.json), checked for an HTTPS baseUrl and lifecycle callbacks (seed 004,
// "Development checklist"), and the published SLA, support and security-statement pages, which must
// answer (seeds 000 and 004).
package descriptor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/go-resty/resty/v2"
	"github.com/opsdeck/opsdeck/models/readiness"
	"github.com/opsdeck/opsdeck/sources/httpx"
)

// DefaultTimeout bounds one fetch when the config sets none.
const DefaultTimeout = 10 * time.Second

// maxRedirects is how many redirects a published page may take; the descriptor takes none.
const maxRedirects = 5

// Config says what to fetch. Empty URLs are not fetched: their evidence stays unknown.
type Config struct {
	DescriptorURL string
	SLAURL        string
	SupportURL    string
	SecurityURL   string
	Timeout       time.Duration
}

// Client fetches the descriptor and probes the pages. It is safe for concurrent use.
type Client struct {
	cfg   Config
	api   *resty.Client // the descriptor: no redirects followed, JSON expected
	pages *resty.Client // published pages: a few redirects followed, body not read
	now   func() time.Time
}

// New builds the client; it sends no request.
func New(cfg Config) *Client {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	api := httpx.New(httpx.Endpoint{Name: "descriptor", Timeout: cfg.Timeout, MaxBody: 4 << 20})
	pages := httpx.New(httpx.Endpoint{Name: "pages", Timeout: cfg.Timeout}).
		SetRedirectPolicy(resty.FlexibleRedirectPolicy(maxRedirects)).
		SetHeader("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	return &Client{cfg: cfg, api: api, pages: pages, now: time.Now}
}

// Evidence is everything the client observed in one round. A nil field was not configured.
type Evidence struct {
	Descriptor                     *readiness.DescriptorObs
	SLAPage, SupportPage, Security *readiness.PageObs
}

// Fill copies the round into obs.
func (e Evidence) Fill(obs *readiness.Observations) {
	obs.Descriptor, obs.SLAPage, obs.SupportPage, obs.SecurityPage = e.Descriptor, e.SLAPage, e.SupportPage, e.Security
}

// Probe fetches the descriptor and every configured page concurrently. Failures are recorded in the
// observations (as evidence), never returned.
func (c *Client) Probe(ctx context.Context) Evidence {
	var (
		out Evidence
		wg  sync.WaitGroup
	)
	run := func(f func()) { wg.Add(1); go func() { defer wg.Done(); f() }() }
	if c.cfg.DescriptorURL != "" {
		run(func() { d := c.Descriptor(ctx, c.cfg.DescriptorURL); out.Descriptor = &d })
	}
	page := func(url string, dst **readiness.PageObs) {
		if url != "" {
			run(func() { p := c.Page(ctx, url); *dst = &p })
		}
	}
	page(c.cfg.SLAURL, &out.SLAPage)
	page(c.cfg.SupportURL, &out.SupportPage)
	page(c.cfg.SecurityURL, &out.Security)
	wg.Wait()
	return out
}

// app is the part of atlassian-connect.json readiness looks at.
type app struct {
	Key             string            `json:"key"`
	Name            string            `json:"name"`
	BaseURL         string            `json:"baseUrl"`
	Lifecycle       map[string]string `json:"lifecycle"`
	EnableLicensing *bool             `json:"enableLicensing"`
}

// Descriptor fetches and decodes the app descriptor at url. A redirect is not followed and counts
// as a failure, as does anything but a JSON object.
func (c *Client) Descriptor(ctx context.Context, url string) readiness.DescriptorObs {
	obs := readiness.DescriptorObs{URL: httpx.StripQuery(url)}
	resp, err := c.api.R().SetContext(ctx).SetHeader("Accept", "application/json").Get(url)
	obs.At = c.now()
	if err := httpx.Check("descriptor", resp, err); err != nil {
		obs.Err = httpx.Human(err)
		return obs
	}
	var a app
	if err := json.Unmarshal(resp.Body(), &a); err != nil {
		obs.Err = jsonErr(err)
		return obs
	}
	obs.Key, obs.BaseURL, obs.EnableLicensing = a.Key, a.BaseURL, a.EnableLicensing
	obs.Lifecycle = map[string]string{}
	for k, v := range a.Lifecycle {
		obs.Lifecycle[k] = v
	}
	if obs.Key == "" && obs.BaseURL == "" {
		obs.Err = "not an app descriptor: no key and no baseUrl"
	}
	return obs
}

func jsonErr(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case strings.Contains(err.Error(), "unexpected end"):
		return "not JSON: truncated"
	case errors.As(err, &se):
		return fmt.Sprintf("not JSON: malformed at byte %d", se.Offset)
	case errors.As(err, &te):
		return fmt.Sprintf("field %q is a JSON %s, expected %s", te.Field, te.Value, te.Type)
	}
	return "not JSON"
}

// Page GETs a published page, following a few redirects, and records the status and where it
// ended. The body is not read.
func (c *Client) Page(ctx context.Context, url string) readiness.PageObs {
	obs := readiness.PageObs{URL: httpx.StripQuery(url)}
	start := time.Now()
	resp, err := c.pages.R().SetContext(ctx).SetDoNotParseResponse(true).Get(url)
	obs.At = c.now()
	if resp != nil && resp.RawBody() != nil {
		resp.RawBody().Close()
	}
	if err != nil {
		if strings.Contains(err.Error(), "stopped after") {
			obs.Err = fmt.Sprintf("more than %d redirects", maxRedirects)
			return obs
		}
		obs.Err = httpx.Human(httpx.Check("page", resp, err))
		return obs
	}
	obs.Status = resp.StatusCode()
	obs.Latency = time.Since(start)
	if raw := resp.RawResponse; raw != nil && raw.Request != nil && raw.Request.URL != nil {
		obs.FinalURL = httpx.StripQuery(raw.Request.URL.String())
	}
	switch {
	case obs.Status == 429 || obs.Status == 420:
		obs.Err = httpx.Human(httpx.Check("page", resp, nil)) // "rate limited (HTTP 429), retry after 30s"
	case obs.Status < 200 || obs.Status > 299:
		obs.Err = strings.TrimSpace(fmt.Sprintf("HTTP %d %s", obs.Status, strings.ToLower(http.StatusText(obs.Status))))
	}
	return obs
}
