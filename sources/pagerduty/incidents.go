// Package pagerduty talks to PagerDuty: the REST API v2 for open incidents (this file) and the
// Events API v2 for paging (events.go), per upstream-apis.md section 2.
package pagerduty

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/opsdeck/opsdeck/models/incident"
	"github.com/opsdeck/opsdeck/models/severity"
	"github.com/opsdeck/opsdeck/sources/httpx"
)

// DefaultBaseURL is the REST API v2.
const DefaultBaseURL = "https://api.pagerduty.com"

// Accept is the versioned media type every REST v2 request must ask for.
const Accept = "application/vnd.pagerduty+json;version=2"

// Limit is how many incidents one list request asks for: the API's maximum (100).
const Limit = 100

// restMaxPages bounds one listing (100 pages of 100 incidents).
const restMaxPages = 100

// restRetries is how many times a rate-limited (429) or 502/503/504 list request is sent again,
// after ratelimit-reset, when the caller's context allows the wait.
const restRetries = 2

// Client lists open incidents through the REST API v2. It is safe for concurrent use.
type Client struct {
	http      *resty.Client
	services  []string
	urgencies []string
	limit     int
}

// New builds a REST client; it sends no request. The endpoint's secret is a REST API key, sent as
// `Authorization: Token token=KEY`. services and urgencies narrow the listing (service_ids[],
// urgencies[]); empty means all.
func New(ep httpx.Endpoint, services, urgencies []string) *Client {
	if ep.BaseURL == "" {
		ep.BaseURL = DefaultBaseURL
	}
	if ep.Auth.Scheme == "" && ep.Auth.Username == "" {
		ep.Auth.Scheme = "Token token="
	}
	if ep.Name == "" {
		ep.Name = "pagerduty"
	}
	h := map[string]string{"Accept": Accept, "Content-Type": "application/json"}
	for k, v := range ep.Headers {
		h[k] = v
	}
	ep.Headers = h
	return &Client{http: httpx.New(ep), services: services, urgencies: urgencies, limit: Limit}
}

// SetLimit changes the page size (tests use small pages to exercise paging).
func (c *Client) SetLimit(n int) {
	if n > 0 && n <= Limit {
		c.limit = n
	}
}

// restReference is a PagerDuty reference object (service, user, priority).
type restReference struct {
	ID      string `json:"id"`
	Type    string `json:"type"`
	Summary string `json:"summary"`
	HTMLURL string `json:"html_url"`
}

// restIncident is the REST incident object, the fields opsdeck reads.
type restIncident struct {
	ID             string         `json:"id"`
	IncidentNumber int            `json:"incident_number"`
	Title          string         `json:"title"`
	Summary        string         `json:"summary"`
	Status         string         `json:"status"`
	Urgency        string         `json:"urgency"`
	CreatedAt      time.Time      `json:"created_at"`
	HTMLURL        string         `json:"html_url"`
	Service        restReference  `json:"service"`
	Priority       *restReference `json:"priority"`
	Acks           []struct {
		At time.Time `json:"at"`
	} `json:"acknowledgements"`
	LastStatusChangeAt time.Time `json:"last_status_change_at"`
}

// restList is a page of GET /incidents.
type restList struct {
	Incidents []restIncident `json:"incidents"`
	Limit     int            `json:"limit"`
	Offset    int            `json:"offset"`
	More      bool           `json:"more"`
}

// model converts a REST incident. The page is the start (created_at); the first acknowledgement
// is the start of the investigation; the declared label is the urgency and the priority.
func (r restIncident) model() incident.Incident {
	title := r.Title
	if title == "" {
		title = r.Summary
	}
	// The priority comes first: it names the level and must survive a narrow column.
	label := r.Urgency + " urgency"
	lvl := severity.None
	if r.Priority != nil && r.Priority.Summary != "" {
		label = r.Priority.Summary + ", " + label
		lvl = incident.DeclaredLevel(r.Priority.Summary)
	}
	inc := incident.Incident{
		Source: incident.PagerDuty, ID: r.ID, Number: r.IncidentNumber, Title: title, Status: r.Status,
		Declared: incident.Declared{Label: label, Level: lvl},
		Started:  r.CreatedAt, Paged: r.CreatedAt, Service: r.Service.Summary, URL: r.HTMLURL,
		Updates: []incident.Update{}, Components: []incident.Component{},
	}
	for _, a := range r.Acks {
		if inc.Acknowledged.IsZero() || a.At.Before(inc.Acknowledged) {
			inc.Acknowledged = a.At
		}
	}
	if inc.Acknowledged.IsZero() && r.Status == "acknowledged" && !r.LastStatusChangeAt.IsZero() {
		inc.Acknowledged = r.LastStatusChangeAt
	}
	return inc
}

// query is the GET /incidents query for one page.
func (c *Client) query(offset int) url.Values {
	q := url.Values{
		"statuses[]": {"triggered", "acknowledged"},
		"limit":      {strconv.Itoa(c.limit)},
		"offset":     {strconv.Itoa(offset)},
	}
	if len(c.urgencies) > 0 {
		q["urgencies[]"] = append([]string(nil), c.urgencies...)
	}
	if len(c.services) > 0 {
		q["service_ids[]"] = append([]string(nil), c.services...)
	}
	return q
}

// Incidents lists open incidents (triggered and acknowledged) of the configured services and
// urgencies, following offset/limit paging while the answer says more.
func (c *Client) Incidents(ctx context.Context) ([]incident.Incident, error) {
	var out []incident.Incident
	offset := 0
	for n := 0; n < restMaxPages; n++ {
		var page restList
		if _, err := httpx.Get(ctx, c.http, "pagerduty", "/incidents", c.query(offset), &page, restRetries); err != nil {
			return nil, err
		}
		for _, r := range page.Incidents {
			out = append(out, r.model())
		}
		if !page.More || len(page.Incidents) == 0 {
			break
		}
		step := page.Limit
		if step <= 0 {
			step = len(page.Incidents)
		}
		offset = page.Offset + step
	}
	return out, nil
}
