package marketplace_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/sources/marketplace"
)

// TestFaultMatrix reads every license of the demo's tenant base (v2 API, paged) through every fault
// of the matrix; the fault meets the first page. Pages are retried after 429 and 503 as the
// reference asks, waiting for Retry-After.
func TestFaultMatrix(t *testing.T) {
	faultmatrix.Run(t, faultmatrix.Subject{
		Name:    "marketplace",
		Prefix:  "/marketplace/prod/rest/",
		Retries: true,
		Build: func(t *testing.T, tg faultmatrix.Target) faultmatrix.Call {
			mp := tg.Env.Marketplace
			c, err := marketplace.New(marketplace.Config{Endpoint: tg.Endpoint(t, mp.Upstream, "marketplace", ""),
				VendorID: mp.VendorID, DeveloperID: mp.DeveloperID, AppKey: mp.AppKey, Limit: mp.PageSize})
			if err != nil {
				t.Fatal(err)
			}
			return func(ctx context.Context) (string, error) {
				ls, err := c.Licenses(ctx, nil)
				if err != nil {
					return "", err
				}
				if len(ls) == 0 {
					return "", fmt.Errorf("no licenses")
				}
				return fmt.Sprintf("%d licenses", len(ls)), nil
			}
		},
	})
}
