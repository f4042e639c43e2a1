package pagerduty

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/sources/httpx"
)

// This file is the page-support driver (issue 7): PagerDuty Events API v2 (upstream-apis.md §2).

// DefaultEventsURL is the Events API v2 host.
const DefaultEventsURL = "https://events.pagerduty.com"

// Events sends alerts to a PagerDuty service through its Events API v2 integration. The routing key
// travels in the body, so the client sends no Authorization header. It is safe for concurrent use.
type Events struct {
	http *resty.Client
	base string
	key  httpx.Secret
	// retries is how many times an event is sent again after a timeout, a 5xx or a 429: safe,
	// because the dedup key makes a repeat update the same alert.
	retries int
}

// NewEvents builds an Events client; it sends no request. The endpoint's secret is the routing
// (integration) key.
func NewEvents(ep httpx.Endpoint) *Events {
	if ep.BaseURL == "" {
		ep.BaseURL = DefaultEventsURL
	}
	if ep.Name == "" {
		ep.Name = "pagerduty"
	}
	key := ep.Auth.Secret
	ep.Auth = httpx.Auth{} // the key goes in the body, never in a header
	return &Events{http: httpx.New(ep), base: strings.TrimRight(ep.BaseURL, "/"), key: key, retries: 2}
}

type eventLink struct {
	Href string `json:"href"`
	Text string `json:"text,omitempty"`
}

type eventPayload struct {
	Summary       string            `json:"summary"`
	Source        string            `json:"source"`
	Severity      string            `json:"severity"`
	Timestamp     string            `json:"timestamp,omitempty"`
	Group         string            `json:"group,omitempty"`
	Class         string            `json:"class,omitempty"`
	CustomDetails map[string]string `json:"custom_details,omitempty"`
}

type event struct {
	RoutingKey  string       `json:"routing_key"`
	EventAction string       `json:"event_action"`
	DedupKey    string       `json:"dedup_key"`
	Client      string       `json:"client"`
	Links       []eventLink  `json:"links,omitempty"`
	Payload     eventPayload `json:"payload"`
}

// maxSummary is the Events API's limit on payload.summary.
const maxSummary = 1024

func (e *Events) event(a action.Alert, key string) event {
	ev := event{RoutingKey: key, EventAction: "trigger", DedupKey: a.DedupKey, Client: "opsdeck",
		Payload: eventPayload{Summary: action.Clip(a.Summary, maxSummary), Source: a.Source,
			Severity: a.Severity.PagerDuty(), Group: a.Env, Class: "incident", CustomDetails: details(a)}}
	if a.Test {
		ev.Payload.Class = "test"
	}
	if !a.Time.IsZero() {
		ev.Payload.Timestamp = a.Time.UTC().Format(time.RFC3339)
	}
	for _, l := range a.Links {
		ev.Links = append(ev.Links, eventLink{Href: l.Href, Text: l.Text})
	}
	return ev
}

func details(a action.Alert) map[string]string {
	d := map[string]string{"severity": a.Severity.String()}
	if a.Incident != "" {
		d["incident"] = a.Incident
	}
	for k, v := range a.Details {
		d[k] = v
	}
	for i, l := range a.Links {
		d[fmt.Sprintf("link %d", i+1)] = l.Href
	}
	return d
}

// PagePlan is the request Page sends, with the routing key redacted, as the preview shows it.
func (e *Events) PagePlan(a action.Alert) action.Plan {
	kind := action.Page
	if a.Test {
		kind = action.TestPage
	}
	return action.Plan{
		Action: kind, Target: a.Source, Env: a.Env, Method: "POST", URL: e.base + "/v2/enqueue",
		Headers:    []action.Header{{Name: "Content-Type", Value: "application/json"}},
		Body:       action.JSONBody(e.event(a, action.Redacted)),
		Summary:    fmt.Sprintf("page %s via PagerDuty: %s", a.Severity, action.Clip(a.Summary, 80)),
		DedupKey:   a.DedupKey,
		Idempotent: true,
	}
}

type enqueueAnswer struct {
	Status   string   `json:"status"`
	Message  string   `json:"message"`
	DedupKey string   `json:"dedup_key"`
	Errors   []string `json:"errors"`
}

// Page triggers an alert. PagerDuty answers 202 and the dedup key; any other status is an error
// (as go-pagerduty treats it). Sending the same dedup key again while the alert is open adds to it
// instead of paging twice, so a timeout, a 5xx or a 429 is retried with the same key.
func (e *Events) Page(ctx context.Context, a action.Alert) (action.Outcome, error) {
	kind := action.Page
	if a.Test {
		kind = action.TestPage
	}
	if err := a.Check(); err != nil {
		return action.Outcome{}, &action.Failure{Action: kind, Step: "check the page", Done: "nothing was sent", Err: err}
	}
	if e.key.IsZero() {
		return action.Outcome{}, &action.Failure{Action: kind, Step: "check the page", Done: "nothing was sent",
			Err: fmt.Errorf("pagerduty: no routing key configured")}
	}
	body := e.event(a, e.key.Reveal())
	var ans enqueueAnswer
	attempts, err := httpx.SendIdempotent(ctx, httpx.Idempotent{Action: kind, Retries: e.retries, Secrets: []httpx.Secret{e.key},
		NotDone: "no alert was created", MaybeDone: "the alert may have been created; paging again with the same dedup key cannot page twice"},
		func(ctx context.Context) error {
			resp, err := e.http.R().SetContext(ctx).SetHeader("Content-Type", "application/json").SetBody(body).Post("/v2/enqueue")
			if err := httpx.Check("pagerduty", resp, err); err != nil {
				return err
			}
			if resp.StatusCode() != 202 {
				return &httpx.Error{Source: "pagerduty", Op: "POST /v2/enqueue", Kind: httpx.KindStatus, Status: resp.StatusCode(),
					Detail: "expected 202 Accepted"}
			}
			return httpx.DecodeJSON("pagerduty", resp, &ans)
		})
	if err != nil {
		return action.Outcome{Attempts: attempts}, err
	}
	key, msg := ans.DedupKey, ans.Message
	if key == "" {
		key = a.DedupKey
	}
	if msg == "" {
		msg = "event processed"
	}
	// The answer is the upstream's words: they go to the screen and the audit log, so the routing
	// key is redacted from them in case it is quoted back.
	key, msg = httpx.Redact(key, e.key), httpx.Redact(msg, e.key)
	return action.Outcome{Result: action.ResultOK, RequestID: key, Attempts: attempts,
		Detail: fmt.Sprintf("PagerDuty: %s (dedup key %s)", strings.ToLower(msg), key)}, nil
}
