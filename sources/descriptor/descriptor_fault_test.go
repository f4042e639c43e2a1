package descriptor_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/sources/descriptor"
)

// TestFaultMatrix fetches the demo's app descriptor through every fault of the matrix. The
// descriptor is decoded whatever its content type (readiness wants its baseUrl, however it is
// served), so a wrong content type reads as "not JSON"; it is fetched once per round, never
// retried.
func TestFaultMatrix(t *testing.T) {
	notJSON := faultmatrix.Outcome{Words: []string{"not JSON"}}
	faultmatrix.Run(t, faultmatrix.Subject{
		Name:   "descriptor",
		Prefix: "/app/prod/atlassian-connect.json",
		Build: func(t *testing.T, tg faultmatrix.Target) faultmatrix.Call {
			c := descriptor.New(descriptor.Config{Timeout: tg.Timeout})
			u := tg.URL(tg.Env.Readiness.DescriptorURL)
			return func(ctx context.Context) (string, error) {
				d := c.Descriptor(ctx, u)
				if d.Err != "" {
					return "", errors.New(d.Err)
				}
				return fmt.Sprintf("%s at %s, %d lifecycle callbacks", d.Key, d.BaseURL, len(d.Lifecycle)), nil
			}
		},
		Expect: map[string]faultmatrix.Outcome{"malformed_json": notJSON, "wrong_content_type": notJSON},
	})
}

// TestPageFaultMatrix probes the demo's SLA page through every fault of the matrix. A published page
// is judged by its status (its body is not read), so a broken body behind a 200 is an answer; one
// that declares a length over the cap is refused by httpx's transport all the same.
func TestPageFaultMatrix(t *testing.T) {
	ok := faultmatrix.Outcome{OK: true}
	faultmatrix.Run(t, faultmatrix.Subject{
		Name:   "descriptor pages",
		Prefix: "/app/prod/sla",
		Build: func(t *testing.T, tg faultmatrix.Target) faultmatrix.Call {
			c := descriptor.New(descriptor.Config{Timeout: tg.Timeout})
			u := tg.URL(tg.Env.Readiness.SLAURL)
			return func(ctx context.Context) (string, error) {
				p := c.Page(ctx, u)
				if p.Err != "" {
					return "", errors.New(p.Err)
				}
				return fmt.Sprintf("%s HTTP %d", p.FinalURL, p.Status), nil
			}
		},
		Expect: map[string]faultmatrix.Outcome{
			"malformed_json": ok, "wrong_content_type": ok, "truncated_body": ok, "slow_drip": ok,
			// httpx's transport refuses a declared length over the cap before anything is read,
			// whether or not the client reads the body
			"oversized_body": {Words: []string{"answer too large"}},
			// pages name the status in net/http's words
			"http_500": {Words: []string{"HTTP 500 internal server error"}},
		},
	})
}
