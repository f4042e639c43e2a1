// Package statuspage is a client for the Statuspage REST API v1 of the app's own status page
// (upstream-apis.md section 1): unresolved incidents, maintenances and components. The actions
// engineer adds declaring a maintenance (declare.go) as methods on the same Client.
package statuspage

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-resty/resty/v2"

	"github.com/opsdeck/opsdeck/sources/httpx"
)

// DefaultBaseURL is the Statuspage REST API v1.
const DefaultBaseURL = "https://api.statuspage.io/v1"

// PerPage is how many items one list request asks for: the API's default and maximum (100).
const PerPage = 100

// maxPages bounds one listing, so a misbehaving upstream that always returns full pages cannot keep
// a refresh going forever (100 pages of 100 items).
const maxPages = 100

// retries is how many times a GET rate-limited with 420/429, or answered 502/503/504, is sent again
// after the Retry-After the upstream asks for, as long as the caller's context allows the wait.
const retries = 2

// name is the source's name in errors and the status bar.
const name = "statuspage"

// Client reads one Statuspage page: incidents, maintenances and components. It is safe for
// concurrent use.
type Client struct {
	http    *resty.Client
	pageID  string
	base    string
	perPage int
}

// New builds a client for the page pageID; it sends no request. The endpoint's secret is the API
// key, sent as `Authorization: OAuth KEY`.
func New(ep httpx.Endpoint, pageID string) *Client {
	if ep.BaseURL == "" {
		ep.BaseURL = DefaultBaseURL
	}
	if ep.Auth.Scheme == "" && ep.Auth.Username == "" {
		ep.Auth.Scheme = "OAuth"
	}
	if ep.Name == "" {
		ep.Name = name
	}
	h := map[string]string{"Accept": "application/json"}
	for k, v := range ep.Headers {
		h[k] = v
	}
	ep.Headers = h
	return &Client{http: httpx.New(ep), pageID: pageID, base: strings.TrimRight(ep.BaseURL, "/"), perPage: PerPage}
}

// PageID is the page this client reads.
func (c *Client) PageID() string { return c.pageID }

// SetPerPage changes the page size of list requests (tests use small pages to exercise paging).
func (c *Client) SetPerPage(n int) {
	if n > 0 && n <= PerPage {
		c.perPage = n
	}
}

// pagePath is /pages/{page_id} followed by rest.
func (c *Client) pagePath(rest string) string { return "/pages/" + url.PathEscape(c.pageID) + rest }

// list GETs every page of a bare-array listing into out: page=1,2,... with per_page, until a page
// holds fewer than per_page items (the API sends no total or next link).
func list[T any](ctx context.Context, c *Client, path string) ([]T, error) {
	var out []T
	for page := 1; page <= maxPages; page++ {
		var items []T
		q := url.Values{"page": {strconv.Itoa(page)}, "per_page": {strconv.Itoa(c.perPage)}}
		if _, err := httpx.Get(ctx, c.http, name, path, q, &items, retries); err != nil {
			return nil, err
		}
		out = append(out, items...)
		if len(items) < c.perPage {
			break
		}
	}
	return out, nil
}
