// Package opsgenie talks to Jira Service Management operations and to Opsgenie, its predecessor
// (upstream-apis.md section 3): listing open alerts for the Incidents tab (this file) and creating
// alerts to page support (create.go). Opsgenie's support ends on 2027-04-05; its REST APIs keep
// working until then.
package opsgenie

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/opsdeck/opsdeck/models/incident"
	"github.com/opsdeck/opsdeck/sources/httpx"
)

// OpsgenieEndOfSupport is the day Opsgenie's support and REST APIs end (upstream-apis.md §3).
var OpsgenieEndOfSupport = time.Date(2027, 4, 5, 0, 0, 0, 0, time.UTC)

// SupportNote says how long Opsgenie has left at now, for the tab and `get incidents`: a team still
// paging through it should know.
func SupportNote(now time.Time) string {
	days := int(OpsgenieEndOfSupport.Sub(now).Hours() / 24)
	if days < 0 {
		return "Opsgenie support ended on 2027-04-05: move to Jira Service Management operations"
	}
	return "Opsgenie support ends on 2027-04-05 (in " + strconv.Itoa(days) + " days): plan the move to Jira Service Management operations"
}

// The listing flavours: the same alert objects from two APIs.
const (
	listJSM      = "jsm"      // GET {base}/jsm/ops/api/{cloudId}/v1/alerts, Basic auth, offset/size, {values, links}
	listOpsgenie = "opsgenie" // GET {base}/v2/alerts, GenieKey auth, offset/limit, {data, paging}
)

// AlertLimit is how many alerts one list request asks for (Opsgenie's maximum is 100).
const AlertLimit = 100

// maxOffset is the API's bound: offset + limit must stay below 20,000.
const maxOffset = 20000

// listRetries is how many times a rate-limited (429) or 502/503/504 list request is sent again.
const listRetries = 2

// Client lists open alerts. It is safe for concurrent use.
type Client struct {
	http    *resty.Client
	flavor  string
	cloudID string
	limit   int
	err     error // a configuration problem, reported by Alerts
}

// New builds a listing client for flavor "jsm" (the default) or "opsgenie"; it sends no request.
//
// Opsgenie: the endpoint's secret is an API integration key with read access, sent as
// `Authorization: GenieKey KEY`, base URL https://api.opsgenie.com (or the EU host).
// Jira Service Management: the Ops REST API needs the site's cloudID and HTTP Basic auth with an
// Atlassian account's email (the endpoint's Username) and an API token (its secret); base URL
// https://api.atlassian.com.
func New(ep httpx.Endpoint, flavor, cloudID string) *Client {
	if flavor != listOpsgenie {
		flavor = listJSM
	}
	if ep.BaseURL == "" {
		ep.BaseURL = "https://api.atlassian.com"
		if flavor == listOpsgenie {
			ep.BaseURL = "https://api.opsgenie.com"
		}
	}
	if ep.Name == "" {
		ep.Name = flavor
	}
	c := &Client{flavor: flavor, cloudID: cloudID, limit: AlertLimit}
	if flavor == listJSM {
		switch {
		case cloudID == "":
			c.err = errors.New("jsm: listing alerts needs the site's cloud_id (GET https://SITE.atlassian.net/_edge/tenant_info)")
		case ep.Auth.Username == "":
			c.err = errors.New("jsm: listing alerts needs username (an Atlassian account email) with an API token as the secret")
		}
	} else if ep.Auth.Username == "" {
		ep.Auth.Scheme = "GenieKey"
	}
	c.http = httpx.New(ep)
	return c
}

// SetLimit changes the page size (tests use small pages to exercise paging).
func (c *Client) SetLimit(n int) {
	if n > 0 && n <= AlertLimit {
		c.limit = n
	}
}

// Flavor is "jsm" or "opsgenie".
func (c *Client) Flavor() string { return c.flavor }

// listedAlert is an alert object of either API, the fields opsdeck reads.
type listedAlert struct {
	ID           string    `json:"id"`
	TinyID       string    `json:"tinyId"`
	Alias        string    `json:"alias"`
	Message      string    `json:"message"`
	Status       string    `json:"status"`
	Acknowledged bool      `json:"acknowledged"`
	Snoozed      bool      `json:"snoozed"`
	Count        int       `json:"count"`
	CreatedAt    time.Time `json:"createdAt"`
	Source       string    `json:"source"`
	Entity       string    `json:"entity"`
	Owner        string    `json:"owner"`
	Priority     string    `json:"priority"`
	Tags         []string  `json:"tags"`
	Report       struct {
		AckTime        int64  `json:"ackTime"` // milliseconds from creation to acknowledgement
		AcknowledgedBy string `json:"acknowledgedBy"`
	} `json:"report"`
}

// opsgenieList is a page of Opsgenie's GET /v2/alerts.
type opsgenieList struct {
	Data   []listedAlert `json:"data"`
	Paging struct {
		Next string `json:"next"`
	} `json:"paging"`
}

// jsmList is a page of JSM's GET /v1/alerts.
type jsmList struct {
	Values []listedAlert `json:"values"`
	Links  struct {
		Next string `json:"next"`
	} `json:"links"`
}

// model converts an alert. An alert is a page: its creation is both the start and the page time,
// and its acknowledgement (creation + report.ackTime) the start of the investigation.
func (a listedAlert) model(flavor string) incident.Incident {
	status := a.Status
	if status == "open" && a.Acknowledged {
		status = "acknowledged"
	}
	if a.Snoozed {
		status += ", snoozed"
	}
	inc := incident.Incident{
		Source: incident.Opsgenie, ID: a.ID, Title: a.Message, Status: status,
		Declared: incident.Declared{Label: a.Priority, Level: incident.DeclaredLevel(a.Priority)},
		Started:  a.CreatedAt, Paged: a.CreatedAt, Service: firstOf(a.Owner, a.Entity, a.Source),
		Updates: []incident.Update{}, Components: []incident.Component{},
	}
	if n, err := strconv.Atoi(a.TinyID); err == nil {
		inc.Number = n
	}
	if a.Acknowledged && a.Report.AckTime > 0 {
		inc.Acknowledged = a.CreatedAt.Add(time.Duration(a.Report.AckTime) * time.Millisecond)
	}
	if flavor == listOpsgenie {
		inc.Declared.Label = strings.TrimSpace(a.Priority + " (Opsgenie)")
	}
	return inc
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// Alerts lists open alerts (query status:open), newest first, following offset paging while full
// pages come back and the API's 20,000 bound allows.
func (c *Client) Alerts(ctx context.Context) ([]incident.Incident, error) {
	if c.err != nil {
		return nil, c.err
	}
	var out []incident.Incident
	for offset := 0; offset+c.limit <= maxOffset; offset += c.limit {
		items, next, err := c.page(ctx, offset)
		if err != nil {
			return nil, err
		}
		for _, a := range items {
			out = append(out, a.model(c.flavor))
		}
		if len(items) < c.limit || !next {
			break
		}
	}
	return out, nil
}

// page reads one page; next says whether the answer links a next page.
func (c *Client) page(ctx context.Context, offset int) ([]listedAlert, bool, error) {
	q := url.Values{"query": {"status:open"}, "offset": {strconv.Itoa(offset)}, "sort": {"createdAt"}, "order": {"desc"}}
	if c.flavor == listOpsgenie {
		q.Set("limit", strconv.Itoa(c.limit))
		var p opsgenieList
		if _, err := httpx.Get(ctx, c.http, c.flavor, "/v2/alerts", q, &p, listRetries); err != nil {
			return nil, false, err
		}
		return p.Data, p.Paging.Next != "", nil
	}
	q.Set("size", strconv.Itoa(c.limit))
	var p jsmList
	path := "/jsm/ops/api/" + url.PathEscape(c.cloudID) + "/v1/alerts"
	if _, err := httpx.Get(ctx, c.http, c.flavor, path, q, &p, listRetries); err != nil {
		return nil, false, err
	}
	return p.Values, p.Links.Next != "", nil
}
