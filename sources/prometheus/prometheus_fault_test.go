package prometheus_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/sources/prometheus"
)

// TestFaultMatrix measures the demo's first SLO (every query of Observe: windows, burn rates,
// series) through every fault of the matrix, with the client cmd/opsdeck builds (one retry after a
// rate limit). A 503 is a server answer, not retried; 429 and 420 are, after Retry-After.
func TestFaultMatrix(t *testing.T) {
	faultmatrix.Run(t, faultmatrix.Subject{
		Name:    "prometheus",
		Prefix:  "/prometheus/api/v1/",
		Retries: true,
		Build: func(t *testing.T, tg faultmatrix.Target) faultmatrix.Call {
			ep := tg.Endpoint(t, tg.Env.Prometheus.Upstream, "prometheus", "Bearer")
			c := prometheus.New(prometheus.Config{Endpoint: ep, Method: prometheus.Method(strings.ToUpper(tg.Env.Prometheus.Method)), Retries: 1})
			s, err := tg.Env.SLOs[0].Model()
			if err != nil {
				t.Fatal(err)
			}
			return func(ctx context.Context) (string, error) {
				obs, _, err := c.Observe(ctx, s, time.Now(), prometheus.Options{})
				if err != nil {
					return "", err
				}
				return fmt.Sprintf("%s: %.0f good of %.0f", s.Name, obs.Window.Good, obs.Window.Total), nil
			}
		},
	})
}
