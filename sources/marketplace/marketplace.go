// Package marketplace reads an app's cloud licenses from the Atlassian Marketplace reporting API
// (reference: ../shared/reference/upstream-apis.md section 4): v2
// `GET /rest/2/vendors/{vendorId}/reporting/licenses`, or the newer
// `GET /rest/3/reporting/developer-space/{developerId}/licenses`, with HTTP Basic auth (account email
// and API token), filtered to the app key and cloud hosting, paged with offset/limit and followed
// through `_links.next`, rate limits answered by waiting for Retry-After.
package marketplace

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-resty/resty/v2"

	"github.com/opsdeck/opsdeck/models/license"
	"github.com/opsdeck/opsdeck/sources/httpx"
)

// MaxV3Limit is the page size cap of the developer-space API ("limit hard-capped at 50").
const MaxV3Limit = 50

// DefaultLimit is the page size used when the config sets none: what live clients use on both APIs.
const DefaultLimit = 50

// DefaultRetries is how many times one page is retried after a 429 or a 503 before giving up.
const DefaultRetries = 6

// Config is what a Client needs. The Endpoint's BaseURL is the API root before `/rest`:
// https://marketplace.atlassian.com for v2, https://api.atlassian.com/marketplace for the
// developer-space API; its Auth is Basic (Username = account email, Secret = API token).
type Config struct {
	Endpoint    httpx.Endpoint
	VendorID    string // v2: /rest/2/vendors/{VendorID}/reporting/licenses
	DeveloperID string // when set, the developer-space API is used instead of v2
	AppKey      string // the `addon` filter
	Limit       int    // page size; DefaultLimit when 0, at most MaxV3Limit on the developer-space API
	Retries     int    // per page, for 429/503; DefaultRetries when 0, none when negative
}

// Client reads licenses. It is safe for concurrent use.
type Client struct {
	http    *resty.Client
	base    *url.URL
	path    string
	appKey  string
	limit   int
	retries int
}

// New builds a client; it sends no request. It fails when the config cannot name a licenses path.
func New(cfg Config) (*Client, error) {
	if cfg.Endpoint.Name == "" {
		cfg.Endpoint.Name = "marketplace"
	}
	base, err := url.Parse(strings.TrimRight(cfg.Endpoint.BaseURL, "/"))
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("marketplace: base URL %q is not an absolute URL", cfg.Endpoint.BaseURL)
	}
	// The API root may be written with its version ("https://marketplace.atlassian.com/rest/2", as the
	// reference gives it): the paths below carry the version themselves.
	for _, v := range []string{"/rest/2", "/rest/3", "/rest"} {
		if p, ok := strings.CutSuffix(base.Path, v); ok {
			base.Path = p
			break
		}
	}
	cfg.Endpoint.BaseURL = base.String()
	c := &Client{http: httpx.New(cfg.Endpoint), base: base, appKey: cfg.AppKey, limit: cfg.Limit, retries: cfg.Retries}
	if c.limit <= 0 {
		c.limit = DefaultLimit
	}
	if c.retries == 0 {
		c.retries = DefaultRetries
	}
	c.retries = max(0, c.retries)
	switch {
	case cfg.DeveloperID != "":
		c.path = "/rest/3/reporting/developer-space/" + url.PathEscape(cfg.DeveloperID) + "/licenses"
		c.limit = min(c.limit, MaxV3Limit)
	case cfg.VendorID != "":
		c.path = "/rest/2/vendors/" + url.PathEscape(cfg.VendorID) + "/reporting/licenses"
	default:
		return nil, errors.New("marketplace: set vendor_id (v2 API) or developer_id (developer-space API)")
	}
	if cfg.AppKey == "" {
		return nil, errors.New("marketplace: set app_key: licenses are read for one app")
	}
	return c, nil
}

// Progress is told the number of licenses read so far after each page.
type Progress func(read int)

// Licenses reads every cloud license of the app, page after page until the API gives no
// `_links.next`. progress may be nil.
func (c *Client) Licenses(ctx context.Context, progress Progress) ([]license.License, error) {
	q := url.Values{}
	q.Set("addon", c.appKey)
	q.Set("hosting", "cloud")
	q.Set("offset", "0")
	q.Set("limit", strconv.Itoa(c.limit))
	next := c.base.JoinPath(c.path)
	next.RawQuery = q.Encode()
	var out []license.License
	seen := map[string]bool{}
	in := interner{}
	for page := 1; ; page++ {
		u := next.String()
		if seen[u] {
			return out, fmt.Errorf("marketplace: page %d links back to a page already read (%s)", page, httpx.StripQuery(u))
		}
		seen[u] = true
		var body wirePage
		if _, err := httpx.Get(ctx, c.http, "marketplace", u, nil, &body, c.retries); err != nil {
			return out, err
		}
		for i := range body.Licenses {
			l, err := body.Licenses[i].model()
			if err != nil {
				return out, fmt.Errorf("marketplace: page %d: %w", page, err)
			}
			in.license(&l)
			// The query asks for cloud only; a server that ignored the filter must not add others.
			if l.Hosting != "" && !strings.EqualFold(l.Hosting, "Cloud") {
				continue
			}
			out = append(out, l)
		}
		if progress != nil {
			progress(len(out))
		}
		if body.Links.Next == nil || body.Links.Next.Href == "" {
			return out, nil
		}
		n, err := c.resolve(next, body.Links.Next.Href)
		if err != nil {
			return out, err
		}
		next = n
	}
}

// interner makes the values that repeat across licenses share one string: at 100,000 licenses the
// app key, hosting, type, status and tier would otherwise be 100,000 copies each.
type interner map[string]string

func (in interner) of(s string) string {
	if v, ok := in[s]; ok {
		return v
	}
	in[s] = s
	return s
}

func (in interner) license(l *license.License) {
	l.AddonKey, l.Hosting, l.Tier = in.of(l.AddonKey), in.of(l.Hosting), in.of(l.Tier)
	l.Type, l.Status = license.Type(in.of(string(l.Type))), license.Status(in.of(string(l.Status)))
	// The three ids are usually the same entitlement number.
	if l.AppEntitlementNumber == l.LicenseID {
		l.AppEntitlementNumber = l.LicenseID
	}
	if l.AddonLicenseID == l.LicenseID {
		l.AddonLicenseID = l.LicenseID
	}
}

// resolve turns a `_links.next` href into the next URL, relative to the page that gave it. Whatever
// its form, it must stay on the configured scheme and host (the credentials go with it) and on the
// licenses path.
func (c *Client) resolve(current *url.URL, href string) (*url.URL, error) {
	ref, err := url.Parse(href)
	if err != nil {
		return nil, fmt.Errorf("marketplace: _links.next %q is not a URL", httpx.StripQuery(href))
	}
	u := current.ResolveReference(ref)
	if u.Scheme != c.base.Scheme || u.Host != c.base.Host {
		return nil, fmt.Errorf("marketplace: _links.next points at another host (%s); not following it with the credentials", u.Host)
	}
	if !strings.HasSuffix(strings.TrimRight(u.Path, "/"), c.path) {
		return nil, fmt.Errorf("marketplace: _links.next leaves the licenses path (%s)", httpx.StripQuery(u.String()))
	}
	return u, nil
}
