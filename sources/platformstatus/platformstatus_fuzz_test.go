package platformstatus_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/platformstatus"
)

// FuzzFetch feeds arbitrary bytes to the public status page decoders (summary, unresolved
// incidents, upcoming maintenances; one body answers all three): they must never panic, and an
// error must be one line.
func FuzzFetch(f *testing.F) {
	for _, b := range faultmatrix.Seeds(f, "testdata/*.json") {
		f.Add(b)
	}
	f.Add([]byte(`{"incidents":[{"id":"i","incident_updates":[{"affected_components":[{"code":"c","new_status":"major_outage"},{"code":"c"}]}]}],"scheduled_maintenances":[{"scheduled_for":"2026-01-01T00:00:00Z","scheduled_until":"2025-01-01T00:00:00Z"}]}`))
	rp := faultmatrix.NewReplay(f)
	c := platformstatus.New(httpx.Endpoint{BaseURL: rp.URL, Timeout: time.Second})
	f.Fuzz(func(t *testing.T, body []byte) {
		rp.Serve(200, body)
		_, err := c.Fetch(context.Background())
		faultmatrix.CheckErr(t, err)
	})
}
