package healthcheck_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/sources/healthcheck"
)

// TestFaultMatrix probes the simulator's always-healthy check through every fault of the matrix. A
// health probe reads the status only (seed 002, reference section 5: good only on 200 within the
// timeout), so a broken body behind a 200 is a healthy answer, not an error.
func TestFaultMatrix(t *testing.T) {
	ok := faultmatrix.Outcome{OK: true}
	faultmatrix.Run(t, faultmatrix.Subject{
		Name:   "healthcheck",
		Prefix: "/health/prod/app-us",
		Build: func(t *testing.T, tg faultmatrix.Target) faultmatrix.Call {
			var target healthcheck.Target
			for _, c := range tg.Env.Health.Checks {
				if c.Name == "app-us" {
					target = healthcheck.Target{Name: c.Name, URL: tg.URL(c.URL)}
				}
			}
			p := healthcheck.New(healthcheck.Config{Targets: []healthcheck.Target{target}, Timeout: tg.Timeout})
			return func(ctx context.Context) (string, error) {
				res, err := p.Probe(ctx)
				if err != nil {
					return "", err
				}
				if len(res) != 1 {
					return "", fmt.Errorf("%d results for one target", len(res))
				}
				if !res[0].OK() {
					return "", errors.New(res[0].Err)
				}
				return fmt.Sprintf("%s HTTP %d in %v", res[0].Name, res[0].Status, res[0].Latency), nil
			}
		},
		Expect: map[string]faultmatrix.Outcome{
			"malformed_json": ok, "wrong_content_type": ok, "truncated_body": ok, "oversized_body": ok, "slow_drip": ok,
		},
	})
}
