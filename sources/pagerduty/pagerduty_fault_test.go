package pagerduty_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/pagerduty"
)

// TestFaultMatrix lists the open incidents of the demo's services (REST v2, offset paging) through
// every fault of the matrix.
func TestFaultMatrix(t *testing.T) {
	faultmatrix.Run(t, faultmatrix.Subject{
		Name:    "pagerduty",
		Prefix:  "/pagerduty/",
		Retries: true,
		Build: func(t *testing.T, tg faultmatrix.Target) faultmatrix.Call {
			pd := tg.Env.PagerDuty
			c := pagerduty.New(tg.Endpoint(t, pd.Upstream, "pagerduty", "Token token="), pd.ServiceIDs, pd.Urgencies)
			return func(ctx context.Context) (string, error) {
				is, err := c.Incidents(ctx)
				if err != nil {
					return "", err
				}
				return fmt.Sprintf("%d open incidents", len(is)), nil
			}
		},
	})
}

// TestEventsFaultMatrix sends the readiness checklist's test page through the Events API v2 under
// every fault of the matrix. The dedup key makes a repeat update the same alert, so a timeout, a 5xx
// and a rate limit are sent again; an answer that cannot be read after the event was accepted
// says the alert may exist, and the routing key (in the body) never shows. The Events API accepts
// with 202 only: a 200 (the simulator's broken bodies, or a proxy's login page) is refused by status
// before its body is read.
func TestEventsFaultMatrix(t *testing.T) {
	not202 := faultmatrix.Outcome{Kind: httpx.KindStatus, Words: []string{"HTTP 200: expected 202 Accepted", "no alert was created"}}
	faultmatrix.Run(t, faultmatrix.Subject{
		Expect:  map[string]faultmatrix.Outcome{"wrong_content_type": not202, "malformed_json": not202},
		Name:    "pagerduty events",
		Prefix:  "/events/",
		Retries: true,
		Build: func(t *testing.T, tg faultmatrix.Target) faultmatrix.Call {
			p := tg.Env.Pager
			c := pagerduty.NewEvents(tg.Endpoint(t, p.Upstream, "pager", ""))
			alert := action.TestAlert(tg.Env.Name, p.Source, time.Now())
			return func(ctx context.Context) (string, error) {
				out, err := c.Page(ctx, alert)
				if err != nil {
					return "", err
				}
				return fmt.Sprintf("%s after %d attempt(s)", out.Detail, out.Attempts), nil
			}
		},
	})
}
