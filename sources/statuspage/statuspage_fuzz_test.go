package statuspage_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/statuspage"
)

// FuzzLists feeds arbitrary bytes to the REST v1 decoders of incidents, maintenances and
// components: they must never panic, and an error must be one line without the API key.
func FuzzLists(f *testing.F) {
	for _, b := range faultmatrix.Seeds(f, "testdata/*.json") {
		f.Add(b)
	}
	f.Add([]byte(`{"error":"invalid OAuth ` + faultmatrix.FuzzToken + `"}`))
	f.Add([]byte(`[{"id":"x","status":"scheduled","scheduled_for":null,"scheduled_until":"2026-01-01T00:00:00Z","metadata":{"pagerduty":{"incident_id":7}},"components":[{}]}]`))
	rp := faultmatrix.NewReplay(f)
	c := statuspage.New(httpx.Endpoint{BaseURL: rp.URL, Timeout: time.Second, Auth: httpx.Auth{Secret: httpx.NewSecret(faultmatrix.FuzzToken)}}, "page")
	c.SetPerPage(100)
	f.Fuzz(func(t *testing.T, body []byte) {
		ctx := context.Background()
		rp.Serve(200, body)
		_, err := c.Incidents(ctx)
		faultmatrix.CheckErr(t, err)
		_, err = c.Maintenances(ctx)
		faultmatrix.CheckErr(t, err)
		_, err = c.Components(ctx)
		faultmatrix.CheckErr(t, err)
		rp.Serve(401, body)
		_, err = c.Components(ctx)
		faultmatrix.CheckErr(t, err)
	})
}
