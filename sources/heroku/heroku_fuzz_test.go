package heroku_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/sources/heroku"
	"github.com/opsdeck/opsdeck/sources/httpx"
)

// FuzzReleases feeds arbitrary bytes to the Platform API's release decoder, as a list and as one
// release: it must never panic, and an error must be one line without the API token.
func FuzzReleases(f *testing.F) {
	f.Add([]byte(`[{"id":"a","version":3,"status":"succeeded","current":true,"created_at":"2026-11-20T10:00:00Z","user":{"email":"a@example.com"},"slug":{"id":"s"},"eligible_for_rollback":true}]`))
	f.Add([]byte(`{"id":"b","version":-1,"status":"failed","created_at":"nope","slug":null,"addon_plan_names":[1]}`))
	f.Add([]byte(`{"id":"forbidden","message":"token ` + faultmatrix.FuzzToken + ` is not valid"}`))
	rp := faultmatrix.NewReplay(f)
	c := heroku.New(httpx.Endpoint{BaseURL: rp.URL, Timeout: time.Second, Auth: httpx.Auth{Secret: httpx.NewSecret(faultmatrix.FuzzToken)}}, "app")
	f.Fuzz(func(t *testing.T, body []byte) {
		rp.Serve(200, body)
		_, err := c.Releases(context.Background(), 10)
		faultmatrix.CheckErr(t, err)
		_, err = c.Release(context.Background(), "3")
		faultmatrix.CheckErr(t, err)
		rp.Serve(403, body)
		_, err = c.Release(context.Background(), "3")
		faultmatrix.CheckErr(t, err)
	})
}
