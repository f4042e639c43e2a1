// Package platformstatus reads the platform's public status page: a Statuspage page's public v2
// JSON (summary, unresolved incidents, upcoming maintenances), which needs no auth. Seed 003 points
// to the developer status page (developer.status.atlassian.com) for incidents that affect APIs, the
// Marketplace and developers in general.
package platformstatus

import (
	"context"
	"errors"
	"sort"
	"sync"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/opsdeck/opsdeck/models/incident"
	"github.com/opsdeck/opsdeck/models/maintenance"
	"github.com/opsdeck/opsdeck/sources/httpx"
)

// DefaultBaseURL is the developer status page seed 003 names.
const DefaultBaseURL = "https://developer.status.atlassian.com"

// The public v2 JSON documents read.
const (
	SummaryPath    = "/api/v2/summary.json"
	UnresolvedPath = "/api/v2/incidents/unresolved.json"
	UpcomingPath   = "/api/v2/scheduled-maintenances/upcoming.json"
)

// retries is how many times a rate-limited or 502/503/504 GET is sent again after Retry-After.
const retries = 2

// name is the source's name in errors and the status bar.
const name = "platform"

// Client reads one public status page. It is safe for concurrent use.
type Client struct {
	http *resty.Client
}

// New builds a client; it sends no request and no credentials (the public API needs none).
func New(ep httpx.Endpoint) *Client {
	if ep.BaseURL == "" {
		ep.BaseURL = DefaultBaseURL
	}
	if ep.Name == "" {
		ep.Name = name
	}
	ep.Auth = httpx.Auth{}
	return &Client{http: httpx.New(ep)}
}

// Snapshot is what the status page says at one moment.
type Snapshot struct {
	// Page is the status page's name ("Atlassian Developer").
	Page string `json:"page"`
	// Indicator is the page's overall state: none, minor, major, critical or maintenance.
	Indicator string `json:"indicator"`
	// Description is the page's overall state in words ("Minor Service Outage").
	Description string `json:"description"`
	// Components are the page's components (groups left out), in the page's order.
	Components []incident.Component `json:"components"`
	// Incidents are the unresolved incidents, not yet assessed (see incident.Assess).
	Incidents []incident.Incident `json:"incidents"`
	// Maintenances are the in-progress and upcoming scheduled maintenances.
	Maintenances []maintenance.Window `json:"maintenances"`
}

// pageInfo is the "page" object every document carries.
type pageInfo struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

type publicComponent struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Status   string `json:"status"`
	Position int    `json:"position"`
	Group    bool   `json:"group"`
}

type publicAffected struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	NewStatus string `json:"new_status"`
}

type publicUpdate struct {
	Status    string           `json:"status"`
	Body      string           `json:"body"`
	CreatedAt time.Time        `json:"created_at"`
	DisplayAt time.Time        `json:"display_at"`
	Affected  []publicAffected `json:"affected_components"`
}

type publicIncident struct {
	ID             string            `json:"id"`
	Name           string            `json:"name"`
	Status         string            `json:"status"`
	Impact         string            `json:"impact"`
	CreatedAt      time.Time         `json:"created_at"`
	StartedAt      time.Time         `json:"started_at"`
	ScheduledFor   time.Time         `json:"scheduled_for"`
	ScheduledUntil time.Time         `json:"scheduled_until"`
	Shortlink      string            `json:"shortlink"`
	Updates        []publicUpdate    `json:"incident_updates"`
	Components     []publicComponent `json:"components"`
}

type summaryDoc struct {
	Page   pageInfo `json:"page"`
	Status struct {
		Indicator   string `json:"indicator"`
		Description string `json:"description"`
	} `json:"status"`
	Components   []publicComponent `json:"components"`
	Incidents    []publicIncident  `json:"incidents"`
	Maintenances []publicIncident  `json:"scheduled_maintenances"`
}

type unresolvedDoc struct {
	Page      pageInfo         `json:"page"`
	Incidents []publicIncident `json:"incidents"`
}

type upcomingDoc struct {
	Page         pageInfo         `json:"page"`
	Maintenances []publicIncident `json:"scheduled_maintenances"`
}

func (p publicIncident) start() time.Time {
	if !p.StartedAt.IsZero() {
		return p.StartedAt
	}
	return p.CreatedAt
}

// components are the incident's affected components: its components list, or else the latest
// new_status of every component its updates name.
func (p publicIncident) components() []incident.Component {
	out := make([]incident.Component, 0, len(p.Components))
	for _, c := range p.Components {
		out = append(out, incident.Component{ID: c.ID, Name: c.Name, Status: c.Status})
	}
	if len(out) > 0 {
		return out
	}
	ups := append([]publicUpdate(nil), p.Updates...)
	sort.SliceStable(ups, func(i, j int) bool { return ups[i].CreatedAt.Before(ups[j].CreatedAt) })
	idx := map[string]int{}
	for _, u := range ups {
		for _, a := range u.Affected {
			k := a.Code + "\x00" + a.Name
			if n, ok := idx[k]; ok {
				out[n].Status = a.NewStatus
				continue
			}
			idx[k] = len(out)
			out = append(out, incident.Component{ID: a.Code, Name: a.Name, Status: a.NewStatus})
		}
	}
	return out
}

func (p publicIncident) model() incident.Incident {
	inc := incident.Incident{
		Source: incident.Platform, ID: p.ID, Title: p.Name, Status: p.Status, Impact: p.Impact,
		Declared: incident.Declared{Label: "impact " + p.Impact},
		Started:  p.start(), URL: p.Shortlink, TracksUpdates: true, Components: p.components(),
		Updates: make([]incident.Update, 0, len(p.Updates)),
	}
	if p.Impact == "" {
		inc.Declared.Label = ""
	}
	for _, u := range p.Updates {
		at := u.DisplayAt
		if at.IsZero() {
			at = u.CreatedAt
		}
		inc.Updates = append(inc.Updates, incident.Update{At: at, Status: u.Status, Body: u.Body})
	}
	return inc
}

func (p publicIncident) window() maintenance.Window {
	w := maintenance.Window{ID: p.ID, Name: p.Name, Status: p.Status, Start: p.ScheduledFor, End: p.ScheduledUntil,
		Source: name, URL: p.Shortlink}
	if w.Start.IsZero() {
		w.Start = p.start()
	}
	for _, c := range p.components() {
		w.Components = append(w.Components, c.Name)
	}
	return w
}

// Fetch reads the summary, the unresolved incidents and the upcoming maintenances side by side (the
// public page is not rate limited; one request's latency instead of three), and merges them: incidents and maintenances are each listed once (the summary repeats
// some). The platform's declared impact is kept as a label only: a platform incident is not the
// team's own, so its severity is what seed 003's capability tables compute (incident.Assess).
func (c *Client) Fetch(ctx context.Context) (Snapshot, error) {
	var sum summaryDoc
	var unres unresolvedDoc
	var up upcomingDoc
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, 3)
	var wg sync.WaitGroup
	for i, r := range []struct {
		path string
		into any
	}{{SummaryPath, &sum}, {UnresolvedPath, &unres}, {UpcomingPath, &up}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := httpx.Get(ctx, c.http, name, r.path, nil, r.into, retries); err != nil {
				errs[i] = err
				cancel() // the snapshot needs all three: stop the others at the first failure
			}
		}()
	}
	wg.Wait()
	for _, err := range errs { // the first in path order, and not the others' cancellation
		if err != nil && !errors.Is(err, context.Canceled) {
			return Snapshot{}, err
		}
	}
	for _, err := range errs {
		if err != nil {
			return Snapshot{}, err
		}
	}
	s := Snapshot{Page: sum.Page.Name, Indicator: sum.Status.Indicator, Description: sum.Status.Description,
		Components: []incident.Component{}, Incidents: []incident.Incident{}, Maintenances: []maintenance.Window{}}
	comps := append([]publicComponent(nil), sum.Components...)
	sort.SliceStable(comps, func(i, j int) bool { return comps[i].Position < comps[j].Position })
	for _, pc := range comps {
		if !pc.Group {
			s.Components = append(s.Components, incident.Component{ID: pc.ID, Name: pc.Name, Status: pc.Status})
		}
	}
	seen := map[string]bool{}
	for _, p := range append(unres.Incidents, sum.Incidents...) {
		if !seen[p.ID] {
			seen[p.ID] = true
			s.Incidents = append(s.Incidents, p.model())
		}
	}
	for _, p := range append(sum.Maintenances, up.Maintenances...) {
		if !seen[p.ID] {
			seen[p.ID] = true
			s.Maintenances = append(s.Maintenances, p.window())
		}
	}
	return s, nil
}
