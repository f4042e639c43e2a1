// Package heroku is a client for the Heroku Platform API's releases: list them and roll back
// (upstream-apis.md section 6).
package heroku

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/models/deploy"
	"github.com/opsdeck/opsdeck/sources/httpx"
)

// Accept is the media type every Platform API request must ask for.
const Accept = "application/vnd.heroku+json; version=3"

// DefaultBaseURL is the Platform API.
const DefaultBaseURL = "https://api.heroku.com"

// PageSize is how many releases one Range request asks for (Heroku's default is 200, max 1000).
const PageSize = 100

// Client reads an app's releases and rolls it back. It is safe for concurrent use.
type Client struct {
	http   *resty.Client
	base   string
	app    string
	settle time.Duration
}

// New builds a client for app; it sends no request. The endpoint's secret is the API token, sent as
// a Bearer token.
func New(ep httpx.Endpoint, app string) *Client {
	if ep.BaseURL == "" {
		ep.BaseURL = DefaultBaseURL
	}
	if ep.Auth.Scheme == "" && ep.Auth.Username == "" {
		ep.Auth.Scheme = "Bearer"
	}
	if ep.Name == "" {
		ep.Name = "heroku"
	}
	h := map[string]string{"Accept": Accept}
	for k, v := range ep.Headers {
		h[k] = v
	}
	ep.Headers = h
	return &Client{http: httpx.New(ep), base: strings.TrimRight(ep.BaseURL, "/"), app: app, settle: time.Second}
}

// App is the app this client acts on.
func (c *Client) App() string { return c.app }

// SetSettle changes how long a rollback waits after an ambiguous failure before checking whether it
// took effect (tests use a short one).
func (c *Client) SetSettle(d time.Duration) { c.settle = d }

func (c *Client) releasesPath() string { return "/apps/" + url.PathEscape(c.app) + "/releases" }

type release struct {
	ID                  string    `json:"id"`
	Version             int       `json:"version"`
	Description         string    `json:"description"`
	Status              string    `json:"status"`
	Current             bool      `json:"current"`
	EligibleForRollback *bool     `json:"eligible_for_rollback"`
	CreatedAt           time.Time `json:"created_at"`
	User                struct {
		Email string `json:"email"`
	} `json:"user"`
	Slug *struct {
		ID string `json:"id"`
	} `json:"slug"`
	AddonPlanNames []string `json:"addon_plan_names"`
}

func (r release) model() deploy.Release {
	out := deploy.Release{ID: r.ID, Version: r.Version, Description: r.Description, Author: r.User.Email,
		Time: r.CreatedAt, Status: deploy.Status(r.Status), Current: r.Current, Addons: r.AddonPlanNames}
	if r.Slug != nil && r.Slug.ID != "" {
		out.Artifacts = []deploy.Artifact{{Name: "slug", Ref: r.Slug.ID}}
	}
	if r.EligibleForRollback != nil {
		out.Rollbackable = *r.EligibleForRollback
	} else {
		out.Rollbackable = r.Status == string(deploy.StatusSucceeded) && r.Slug != nil
	}
	return out
}

// Releases lists the app's newest releases, at most max (all of them up to 1000 when max <= 0),
// newest first. It follows Heroku's Range paging: 206 Partial Content and a Next-Range header mean
// there is more.
func (c *Client) Releases(ctx context.Context, max int) ([]deploy.Release, error) {
	if max <= 0 {
		max = 1000
	}
	page := min(max, PageSize)
	rng := fmt.Sprintf("version ..; order=desc, max=%d", page)
	var out []deploy.Release
	for n := 0; n < 50 && len(out) < max; n++ {
		var rs []release
		resp, err := c.get(ctx, c.releasesPath(), rng, &rs)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			out = append(out, r.model())
		}
		next := resp.Header().Get("Next-Range")
		if resp.StatusCode() != 206 || next == "" || len(rs) == 0 {
			break
		}
		rng = next
	}
	if len(out) > max {
		out = out[:max]
	}
	deploy.Sort(out)
	return out, nil
}

// Release reads one release by id or version.
func (c *Client) Release(ctx context.Context, idOrVersion string) (deploy.Release, error) {
	var r release
	if _, err := c.get(ctx, c.releasesPath()+"/"+url.PathEscape(idOrVersion), "", &r); err != nil {
		return deploy.Release{}, err
	}
	return r.model(), nil
}

// get is an idempotent GET, retried on 429 and 503 after Retry-After.
func (c *Client) get(ctx context.Context, path, rng string, v any) (*resty.Response, error) {
	var resp *resty.Response
	var err error
	for attempt := 0; ; attempt++ {
		req := c.http.R().SetContext(ctx)
		if rng != "" {
			req.SetHeader("Range", rng)
		}
		resp, err = req.Get(path)
		if err = httpx.Check("heroku", resp, err); err == nil {
			return resp, httpx.DecodeJSON("heroku", resp, v)
		}
		if attempt >= 2 || !httpx.Retryable(err) {
			return resp, err
		}
		if httpx.Wait(ctx, httpx.Backoff(err, attempt)) != nil {
			return resp, err
		}
	}
}

// rollbackBody is the body of a rollback: the release to go back to, by id.
type rollbackBody struct {
	Release string `json:"release"`
}

// RollbackPlan is the request a rollback to target sends, as the preview shows it. kind is
// action.Rollback or action.RollForward (the undo, which is a rollback to the release that was
// current before).
func (c *Client) RollbackPlan(kind action.Kind, target deploy.Release) action.Plan {
	return action.Plan{
		Action: kind,
		Target: c.app,
		Method: "POST",
		URL:    c.base + c.releasesPath(),
		Headers: []action.Header{
			{Name: "Accept", Value: Accept},
			{Name: "Authorization", Value: "Bearer " + action.Redacted},
			{Name: "Content-Type", Value: "application/json"},
		},
		Body:    action.JSONBody(rollbackBody{Release: target.ID}),
		Summary: fmt.Sprintf("%s %s to %s (%s)", kind.Word(), c.app, target.Label(), target.Description),
	}
}

// Rollback creates a new release that runs target's slug and config, as `heroku rollback` does. It
// returns the new release. The request is not idempotent: after a timeout or a 5xx, the releases
// made since are checked for one rolling back to target before anything is sent again. before is
// the newest version known before the rollback (0 to read it first).
func (c *Client) Rollback(ctx context.Context, kind action.Kind, target deploy.Release, before int) (deploy.Release, action.Outcome, error) {
	if !target.Rollbackable && target.Status != "" && target.Status != deploy.StatusSucceeded {
		return deploy.Release{}, action.Outcome{}, &action.Failure{Action: kind, Step: "check the target",
			Done: "nothing was sent", Err: fmt.Errorf("%s is %s and cannot be rolled back to", target.Label(), target.Status)}
	}
	if before == 0 {
		rs, err := c.Releases(ctx, 1)
		if err != nil {
			return deploy.Release{}, action.Outcome{}, &action.Failure{Action: kind, Step: "read the current release",
				Done: "nothing was sent", Err: err}
		}
		if len(rs) > 0 {
			before = rs[0].Version
		}
	}
	var requestID string
	send := func(ctx context.Context) (deploy.Release, error) {
		var r release
		resp, err := c.http.R().SetContext(ctx).SetHeader("Content-Type", "application/json").
			SetBody(rollbackBody{Release: target.ID}).Post(c.releasesPath())
		if err = httpx.Check("heroku", resp, err); err != nil {
			return deploy.Release{}, err
		}
		requestID = resp.Header().Get("Request-Id")
		if err := httpx.DecodeJSON("heroku", resp, &r); err != nil {
			return deploy.Release{}, err
		}
		return r.model(), nil
	}
	check := func(ctx context.Context) (deploy.Release, bool, error) {
		rs, err := c.Releases(ctx, 20)
		if err != nil {
			return deploy.Release{}, false, err
		}
		r, ok := madeBy(rs, target, before)
		return r, ok, nil
	}
	res := httpx.SendChecked(ctx, httpx.CheckedPolicy{Settle: c.settle}, send, check)
	if res.Err != nil {
		done := "nothing was changed"
		if res.Uncertain {
			done = "it may have been applied: look at the app's releases before trying again"
		}
		return deploy.Release{}, action.Outcome{Attempts: res.Attempts}, &action.Failure{Action: kind, Step: "send",
			Done: done, Uncertain: res.Uncertain, Err: res.Err}
	}
	out := action.Outcome{Result: action.ResultOK, RequestID: res.Value.ID, Attempts: res.Attempts,
		Detail: fmt.Sprintf("created %s rolling back to %s", res.Value.Label(), target.Label())}
	if requestID != "" && res.Value.ID == "" {
		out.RequestID = requestID
	}
	if res.Found {
		out.Detail = fmt.Sprintf("found %s, created by the request that timed out; not sent again", res.Value.Label())
	}
	return res.Value, out, nil
}

// madeBy finds the release a rollback to target created: newer than before, and running target's
// slug (Heroku describes it "Rollback to vN").
func madeBy(rs []deploy.Release, target deploy.Release, before int) (deploy.Release, bool) {
	for _, r := range rs {
		if r.Version <= before {
			continue
		}
		if strings.EqualFold(r.Description, "Rollback to "+target.Label()) ||
			(len(target.Artifacts) > 0 && deploy.SameArtifacts(r, target)) {
			return r, true
		}
	}
	return deploy.Release{}, false
}
