package statuspage

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/models/maintenance"
	"github.com/opsdeck/opsdeck/sources/httpx"
)

// This file is the actions engineer's (issue 7): declaring a scheduled maintenance and cancelling
// it, idempotently.

// declareBody is the "incident" of POST /pages/{page_id}/incidents for a maintenance
// (upstream-apis.md §1). Booleans are pointers: with plain bool and omitempty an explicit false
// would be dropped and Statuspage would apply its own default.
type declareBody struct {
	Name                        string            `json:"name"`
	Status                      string            `json:"status"`
	ScheduledFor                string            `json:"scheduled_for"`
	ScheduledUntil              string            `json:"scheduled_until"`
	ScheduledRemindPrior        *bool             `json:"scheduled_remind_prior"`
	ScheduledAutoInProgress     *bool             `json:"scheduled_auto_in_progress"`
	ScheduledAutoCompleted      *bool             `json:"scheduled_auto_completed"`
	AutoTransitionToMaintenance *bool             `json:"auto_transition_to_maintenance_state"`
	AutoTransitionToOperational *bool             `json:"auto_transition_to_operational_state"`
	AutoTransitionNotifyAtStart *bool             `json:"auto_transition_deliver_notifications_at_start"`
	AutoTransitionNotifyAtEnd   *bool             `json:"auto_transition_deliver_notifications_at_end"`
	DeliverNotifications        *bool             `json:"deliver_notifications"`
	Body                        string            `json:"body"`
	ComponentIDs                []string          `json:"component_ids,omitempty"`
	Components                  map[string]string `json:"components,omitempty"` // id -> status, a map as real clients send it
	ImpactOverride              string            `json:"impact_override"`
}

type incidentEnvelope[T any] struct {
	Incident T `json:"incident"`
}

func ptr(b bool) *bool { return &b }

func newDeclareBody(d action.Declaration) declareBody {
	b := declareBody{
		Name: d.Name, Status: "scheduled",
		ScheduledFor: d.Start.UTC().Format(time.RFC3339), ScheduledUntil: d.End.UTC().Format(time.RFC3339),
		ScheduledRemindPrior: ptr(d.RemindSubscribers), ScheduledAutoInProgress: ptr(d.AutoInProgress),
		ScheduledAutoCompleted: ptr(d.AutoComplete), AutoTransitionToMaintenance: ptr(d.SetUnderMaintenance),
		AutoTransitionToOperational: ptr(d.SetUnderMaintenance), AutoTransitionNotifyAtStart: ptr(d.Notify && d.SetUnderMaintenance),
		AutoTransitionNotifyAtEnd: ptr(d.Notify && d.SetUnderMaintenance), DeliverNotifications: ptr(d.Notify),
		Body: d.Body(), ImpactOverride: "maintenance",
	}
	for _, c := range d.Components {
		b.ComponentIDs = append(b.ComponentIDs, c.ID)
		if d.SetUnderMaintenance {
			if b.Components == nil {
				b.Components = map[string]string{}
			}
			b.Components[c.ID] = "under_maintenance"
		}
	}
	return b
}

// DeclarePlan is the request Declare sends, as the preview shows it (the key redacted).
func (c *Client) DeclarePlan(d action.Declaration) action.Plan {
	return action.Plan{
		Action: action.DeclareMaintenance, Target: "page " + c.pageID, Method: "POST",
		URL: c.base + c.pagePath("/incidents"),
		Headers: []action.Header{{Name: "Authorization", Value: "OAuth " + action.Redacted},
			{Name: "Content-Type", Value: "application/json"}},
		Body:    action.JSONBody(incidentEnvelope[declareBody]{Incident: newDeclareBody(d)}),
		Summary: d.Summary(),
	}
}

// Declare creates the scheduled maintenance d on the page. It first looks for a window with the
// same title and times (upcoming, scheduled or active): if one exists it is returned with
// ResultExisting and nothing is created. Creating is not idempotent, so after a timeout or a 5xx
// the page is checked again before anything is re-sent.
func (c *Client) Declare(ctx context.Context, d action.Declaration, now time.Time) (maintenance.Window, action.Outcome, error) {
	if err := d.Check(now); err != nil {
		return maintenance.Window{}, action.Outcome{}, &action.Failure{Action: action.DeclareMaintenance, Step: "check the form", Done: "nothing was sent", Err: err}
	}
	find := func(ctx context.Context) (maintenance.Window, bool, error) {
		ws, err := c.Maintenances(ctx)
		if err != nil {
			return maintenance.Window{}, false, err
		}
		w, ok := d.Existing(ws)
		return w, ok, nil
	}
	if w, ok, err := find(ctx); err != nil {
		return maintenance.Window{}, action.Outcome{}, &action.Failure{Action: action.DeclareMaintenance,
			Step: "look for the same window", Done: "nothing was sent", Err: err}
	} else if ok {
		return w, action.Outcome{Result: action.ResultExisting, RequestID: w.ID,
			Detail: fmt.Sprintf("%q is already declared (%s): not created again", w.Name, w.ID)}, nil
	}
	body := incidentEnvelope[declareBody]{Incident: newDeclareBody(d)}
	send := func(ctx context.Context) (maintenance.Window, error) {
		var w wireIncident
		resp, err := c.http.R().SetContext(ctx).SetHeader("Content-Type", "application/json").SetBody(body).
			Post(c.pagePath("/incidents"))
		if err = httpx.Check(name, resp, err); err != nil {
			return maintenance.Window{}, err
		}
		if err := httpx.DecodeJSON(name, resp, &w); err != nil {
			return maintenance.Window{}, err
		}
		return w.window(name), nil
	}
	res := httpx.SendChecked(ctx, httpx.CheckedPolicy{Settle: c.settle()}, send, find)
	if res.Err != nil {
		done := "no window was created"
		if res.Uncertain {
			done = "the window may have been created: look at the status page before declaring again (declaring again finds it)"
		}
		return maintenance.Window{}, action.Outcome{Attempts: res.Attempts}, &action.Failure{Action: action.DeclareMaintenance,
			Step: "send", Done: done, Uncertain: res.Uncertain, Err: res.Err}
	}
	out := action.Outcome{Result: action.ResultOK, RequestID: res.Value.ID, Attempts: res.Attempts,
		Detail: fmt.Sprintf("declared %q (%s)", res.Value.Name, res.Value.ID)}
	if res.Found {
		out.Detail = fmt.Sprintf("found %q (%s), created by the request that timed out; not sent again", res.Value.Name, res.Value.ID)
	}
	return res.Value, out, nil
}

type cancelBody struct {
	Status               string `json:"status"`
	Body                 string `json:"body"`
	DeliverNotifications *bool  `json:"deliver_notifications"`
}

// cancelText is the update a cancelled maintenance gets.
const cancelText = "This maintenance has been cancelled."

// CancelPlan is the request Cancel sends: the undo of a declaration, marking the window completed
// with an update saying it was cancelled.
func (c *Client) CancelPlan(w maintenance.Window) action.Plan {
	return action.Plan{
		Action: action.CancelMaintenance, Target: "page " + c.pageID, Method: "PATCH",
		URL: c.base + c.pagePath("/incidents/"+url.PathEscape(w.ID)),
		Headers: []action.Header{{Name: "Authorization", Value: "OAuth " + action.Redacted},
			{Name: "Content-Type", Value: "application/json"}},
		Body:       action.JSONBody(incidentEnvelope[cancelBody]{Incident: cancelBody{Status: "completed", Body: cancelText, DeliverNotifications: ptr(true)}}),
		Summary:    fmt.Sprintf("cancel maintenance %q (%s)", w.Name, w.ID),
		Idempotent: true,
	}
}

// Cancel marks the window completed with an update saying it was cancelled (PATCH
// /pages/{page_id}/incidents/{id}). Setting a status is idempotent, so a timeout or a 5xx is
// retried as it is.
func (c *Client) Cancel(ctx context.Context, w maintenance.Window) (maintenance.Window, action.Outcome, error) {
	body := incidentEnvelope[cancelBody]{Incident: cancelBody{Status: "completed", Body: cancelText, DeliverNotifications: ptr(true)}}
	var out maintenance.Window
	var err error
	attempts := 0
	for {
		attempts++
		var wi wireIncident
		resp, rerr := c.http.R().SetContext(ctx).SetHeader("Content-Type", "application/json").SetBody(body).
			Patch(c.pagePath("/incidents/" + url.PathEscape(w.ID)))
		if err = httpx.Check(name, resp, rerr); err == nil {
			if err = httpx.DecodeJSON(name, resp, &wi); err == nil {
				out = wi.window(name)
				break
			}
		}
		if attempts > retries || !(httpx.Retryable(err) || httpx.MayHaveApplied(err)) {
			break
		}
		if httpx.Wait(ctx, httpx.Backoff(err, attempts-1)) != nil {
			break
		}
	}
	if err != nil {
		f := &action.Failure{Action: action.CancelMaintenance, Step: "send", Err: err, Done: "the window is still scheduled"}
		if httpx.MayHaveApplied(err) {
			f.Uncertain, f.Done = true, "the window may have been cancelled: look at the status page"
		}
		return maintenance.Window{}, action.Outcome{Attempts: attempts}, f
	}
	return out, action.Outcome{Result: action.ResultOK, RequestID: out.ID, Attempts: attempts,
		Detail: fmt.Sprintf("cancelled %q (%s)", out.Name, out.ID)}, nil
}

// declareSettle is how long Declare waits after an ambiguous failure before checking the page, so
// a create still being processed can land first.
var declareSettle = time.Second

func (c *Client) settle() time.Duration { return declareSettle }
