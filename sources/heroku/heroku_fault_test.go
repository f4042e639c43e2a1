package heroku_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/sources/heroku"
)

// TestFaultMatrix lists the demo app's releases (the Deployments tab's call, Range paging) through
// every fault of the matrix. The listing is idempotent: rate limits, 503s and timeouts are sent
// again after Retry-After or a short backoff.
func TestFaultMatrix(t *testing.T) {
	faultmatrix.Run(t, faultmatrix.Subject{
		Name:    "heroku",
		Prefix:  "/heroku/apps/",
		Retries: true,
		Build: func(t *testing.T, tg faultmatrix.Target) faultmatrix.Call {
			c := heroku.New(tg.Endpoint(t, tg.Env.Heroku.Upstream, "heroku", "Bearer"), tg.Env.Heroku.App)
			return func(ctx context.Context) (string, error) {
				rs, err := c.Releases(ctx, 200)
				if err != nil {
					return "", err
				}
				if len(rs) == 0 {
					return "", fmt.Errorf("no releases")
				}
				return fmt.Sprintf("%d releases, newest %s", len(rs), rs[0].Label()), nil
			}
		},
	})
}
