package opsgenie_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/sources/opsgenie"
)

// TestFaultMatrix lists the open alerts of Jira Service Management operations (Basic auth, the
// site's cloud id) through every fault of the matrix.
func TestFaultMatrix(t *testing.T) {
	faultmatrix.Run(t, faultmatrix.Subject{
		Name:    "jsm alerts",
		Prefix:  "/jsm/ops/api/",
		Retries: true,
		Build: func(t *testing.T, tg faultmatrix.Target) faultmatrix.Call {
			og := tg.Env.Opsgenie
			c := opsgenie.New(tg.Endpoint(t, og.Upstream, "jsm", "GenieKey"), og.Flavor, og.CloudID)
			return func(ctx context.Context) (string, error) {
				as, err := c.Alerts(ctx)
				if err != nil {
					return "", err
				}
				return fmt.Sprintf("%d open alerts", len(as)), nil
			}
		},
	})
}

// TestPagerFaultMatrix sends the staging test page through JSM's alert API (GenieKey) under every
// fault of the matrix: the alias makes a repeat update the same alert, and the key never shows.
func TestPagerFaultMatrix(t *testing.T) {
	faultmatrix.Run(t, faultmatrix.Subject{
		Name:    "jsm pager",
		Env:     "staging",
		Prefix:  "/jsm/ops/integration/",
		Retries: true,
		Build: func(t *testing.T, tg faultmatrix.Target) faultmatrix.Call {
			p := tg.Env.Pager
			c := opsgenie.NewPager(tg.Endpoint(t, p.Upstream, "pager", ""), p.Driver)
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
