package opsgenie

import (
	"context"
	"fmt"
	"strings"

	"github.com/go-resty/resty/v2"

	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/sources/httpx"
)

// This file is the page-support driver (issue 7) for Jira Service Management operations and for
// Opsgenie, whose support ends 2027-04-05 (upstream-apis.md §3).

// The two flavours of the alert-create API: the same body, the same GenieKey auth, other paths.
const (
	FlavorJSM      = "jsm"
	FlavorOpsgenie = "opsgenie"
)

// Default hosts of each flavour.
const (
	DefaultJSMURL      = "https://api.atlassian.com"
	DefaultOpsgenieURL = "https://api.opsgenie.com"
)

// Pager creates alerts through a JSM integration (POST /jsm/ops/integration/v2/alerts) or an
// Opsgenie API integration (POST /v2/alerts). The alias is the dedup key: while an alert with the
// same alias is open, another create adds to it instead of paging twice. It is safe for concurrent
// use.
type Pager struct {
	http    *resty.Client
	base    string
	flavor  string
	key     httpx.Secret
	retries int
}

// NewPager builds a Pager for flavor ("jsm", the default, or "opsgenie"); it sends no request.
// The endpoint's secret is the integration's API key, sent as "GenieKey KEY".
func NewPager(ep httpx.Endpoint, flavor string) *Pager {
	if flavor != FlavorOpsgenie {
		flavor = FlavorJSM
	}
	if ep.BaseURL == "" {
		ep.BaseURL = DefaultJSMURL
		if flavor == FlavorOpsgenie {
			ep.BaseURL = DefaultOpsgenieURL
		}
	}
	if ep.Name == "" {
		ep.Name = flavor
	}
	ep.Auth.Scheme = "GenieKey"
	return &Pager{http: httpx.New(ep), base: strings.TrimRight(ep.BaseURL, "/"), flavor: flavor, key: ep.Auth.Secret, retries: 2}
}

func (p *Pager) path() string {
	if p.flavor == FlavorOpsgenie {
		return "/v2/alerts"
	}
	return "/jsm/ops/integration/v2/alerts"
}

func (p *Pager) name() string {
	if p.flavor == FlavorOpsgenie {
		return "Opsgenie"
	}
	return "JSM"
}

// Field limits of the alert API.
const (
	maxMessage     = 130
	maxDescription = 15000
)

type createBody struct {
	Message     string            `json:"message"`
	Alias       string            `json:"alias"`
	Description string            `json:"description,omitempty"`
	Tags        []string          `json:"tags,omitempty"`
	Details     map[string]string `json:"details,omitempty"`
	Entity      string            `json:"entity,omitempty"`
	Source      string            `json:"source"`
	Priority    string            `json:"priority"`
}

func newCreateBody(a action.Alert) createBody {
	var desc strings.Builder
	desc.WriteString(a.Summary)
	for _, l := range a.Links {
		desc.WriteString("\n")
		if l.Text != "" {
			desc.WriteString(l.Text + ": ")
		}
		desc.WriteString(l.Href)
	}
	d := map[string]string{"severity": a.Severity.String()}
	if a.Env != "" {
		d["environment"] = a.Env
	}
	if a.Incident != "" {
		d["incident"] = a.Incident
	}
	for k, v := range a.Details {
		d[k] = v
	}
	tags := []string{"opsdeck", strings.ToLower(a.Severity.String())}
	if a.Test {
		tags = append(tags, "test")
	}
	return createBody{Message: action.Clip(a.Summary, maxMessage), Alias: a.DedupKey,
		Description: action.Clip(desc.String(), maxDescription), Tags: tags, Details: d, Entity: a.Source,
		Source: "opsdeck", Priority: a.Severity.Priority()}
}

// PagePlan is the request Page sends, as the preview shows it (the key redacted).
func (p *Pager) PagePlan(a action.Alert) action.Plan {
	kind := action.Page
	if a.Test {
		kind = action.TestPage
	}
	return action.Plan{
		Action: kind, Target: a.Source, Env: a.Env, Method: "POST", URL: p.base + p.path(),
		Headers: []action.Header{{Name: "Authorization", Value: "GenieKey " + action.Redacted},
			{Name: "Content-Type", Value: "application/json"}},
		Body:       action.JSONBody(newCreateBody(a)),
		Summary:    fmt.Sprintf("page %s via %s: %s", a.Severity, p.name(), action.Clip(a.Summary, 80)),
		DedupKey:   a.DedupKey,
		Idempotent: true,
	}
}

type asyncAnswer struct {
	Result    string  `json:"result"`
	Took      float64 `json:"took"`
	RequestID string  `json:"requestId"`
}

// Page creates the alert. The API is asynchronous: 202 and a requestId mean the request was
// accepted. A timeout, a 5xx or a 429 is retried with the same alias, which cannot page twice.
func (p *Pager) Page(ctx context.Context, a action.Alert) (action.Outcome, error) {
	kind := action.Page
	if a.Test {
		kind = action.TestPage
	}
	if err := a.Check(); err != nil {
		return action.Outcome{}, &action.Failure{Action: kind, Step: "check the page", Done: "nothing was sent", Err: err}
	}
	if p.key.IsZero() {
		return action.Outcome{}, &action.Failure{Action: kind, Step: "check the page", Done: "nothing was sent",
			Err: fmt.Errorf("%s: no API key configured", p.flavor)}
	}
	b := newCreateBody(a)
	var ans asyncAnswer
	attempts, err := httpx.SendIdempotent(ctx, httpx.Idempotent{Action: kind, Retries: p.retries, Secrets: []httpx.Secret{p.key},
		NotDone: "no alert was created", MaybeDone: "the alert may have been created; paging again with the same alias cannot page twice"},
		func(ctx context.Context) error {
			resp, err := p.http.R().SetContext(ctx).SetHeader("Content-Type", "application/json").SetBody(b).Post(p.path())
			if err := httpx.Check(p.flavor, resp, err); err != nil {
				return err
			}
			return httpx.DecodeJSON(p.flavor, resp, &ans)
		})
	if err != nil {
		return action.Outcome{Attempts: attempts}, err
	}
	// The answer's words go to the screen and the audit log: the key is redacted in case it is quoted.
	return action.Outcome{Result: action.ResultOK, RequestID: httpx.Redact(ans.RequestID, p.key), Attempts: attempts,
		Detail: fmt.Sprintf("%s: %s (alias %s)", p.name(), strings.ToLower(httpx.Redact(ans.Result, p.key)), a.DedupKey)}, nil
}
