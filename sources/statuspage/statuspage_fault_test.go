package statuspage_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/sources/statuspage"
)

// TestFaultMatrix reads the demo page's maintenances and unresolved incidents (what the Maintenance
// and Incidents tabs read) through every fault of the matrix. Statuspage's 420 is a rate limit like
// 429 (upstream-apis.md section 1); both are sent again after Retry-After.
func TestFaultMatrix(t *testing.T) {
	faultmatrix.Run(t, faultmatrix.Subject{
		Name:    "statuspage",
		Prefix:  "/statuspage/v1/pages/",
		Retries: true,
		Build: func(t *testing.T, tg faultmatrix.Target) faultmatrix.Call {
			sp := tg.Env.Statuspage
			c := statuspage.New(tg.Endpoint(t, sp.Upstream, "statuspage", "OAuth"), sp.PageID)
			return func(ctx context.Context) (string, error) {
				ws, err := c.Maintenances(ctx)
				if err != nil {
					return "", err
				}
				is, err := c.Incidents(ctx)
				if err != nil {
					return "", err
				}
				return fmt.Sprintf("%d maintenances, %d incidents", len(ws), len(is)), nil
			}
		},
	})
}
