package platformstatus_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/sources/platformstatus"
)

// TestFaultMatrix reads the platform's public status page (summary, unresolved incidents, upcoming
// maintenances) through every fault of the matrix. The page is public: no credential is sent.
func TestFaultMatrix(t *testing.T) {
	faultmatrix.Run(t, faultmatrix.Subject{
		Name:    "platform",
		Prefix:  "/platform/api/v2/",
		Retries: true,
		Build: func(t *testing.T, tg faultmatrix.Target) faultmatrix.Call {
			c := platformstatus.New(tg.Endpoint(t, tg.Env.Platform.Upstream, "platform", ""))
			return func(ctx context.Context) (string, error) {
				s, err := c.Fetch(ctx)
				if err != nil {
					return "", err
				}
				return fmt.Sprintf("%s: %d components, %d incidents, %d maintenances", s.Page, len(s.Components), len(s.Incidents), len(s.Maintenances)), nil
			}
		},
	})
}
