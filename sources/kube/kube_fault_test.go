package kube_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/sources/kube"
)

// TestFaultMatrix lists the staging Deployment's revisions (the Deployment, then its ReplicaSets)
// through every fault of the matrix, with a token given directly as cmd/opsdeck does when the
// config names a server.
func TestFaultMatrix(t *testing.T) {
	faultmatrix.Run(t, faultmatrix.Subject{
		Name:    "kubernetes",
		Env:     "staging",
		Prefix:  "/kube/apis/apps/v1/",
		Retries: true,
		Build: func(t *testing.T, tg faultmatrix.Target) faultmatrix.Call {
			k := tg.Env.Kubernetes
			sec, err := k.Resolve()
			if err != nil {
				t.Fatal(err)
			}
			c := kube.New(kube.Target{Server: tg.URL(k.Server), Token: sec}, k.Namespace, k.Deployment, tg.Timeout)
			return func(ctx context.Context) (string, error) {
				rs, err := c.Releases(ctx)
				if err != nil {
					return "", err
				}
				if len(rs) == 0 {
					return "", fmt.Errorf("no revisions")
				}
				return fmt.Sprintf("%s: %d revisions", c.Name(), len(rs)), nil
			}
		},
	})
}
