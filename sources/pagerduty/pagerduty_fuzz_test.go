package pagerduty_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/pagerduty"
)

// FuzzIncidents feeds arbitrary bytes to the REST v2 incident list decoder (paging fields too):
// it must never panic, and an error must be one line without the API token.
func FuzzIncidents(f *testing.F) {
	for _, b := range faultmatrix.Seeds(f, "testdata/*.json") {
		f.Add(b)
	}
	f.Add([]byte(`{"incidents":[{"id":"P1","priority":{"summary":"P1"},"acknowledgements":[{"at":"2026-01-01T00:00:00Z"}]}],"more":true,"limit":0,"offset":-5}`))
	f.Add([]byte(`{"error":{"code":2006,"message":"Invalid token ` + faultmatrix.FuzzToken + `"}}`))
	rp := faultmatrix.NewReplay(f)
	c := pagerduty.New(httpx.Endpoint{BaseURL: rp.URL, Timeout: time.Second, Auth: httpx.Auth{Secret: httpx.NewSecret(faultmatrix.FuzzToken)}}, nil, nil)
	f.Fuzz(func(t *testing.T, body []byte) {
		rp.Serve(200, body)
		_, err := c.Incidents(context.Background())
		faultmatrix.CheckErr(t, err)
		if n := rp.Hits(); n > 101 {
			t.Fatalf("%d requests for one listing: paging does not stop", n)
		}
		rp.Serve(401, body)
		_, err = c.Incidents(context.Background())
		faultmatrix.CheckErr(t, err)
	})
}

// FuzzEnqueue feeds arbitrary bytes to the Events API's answer decoder after a 202 and after a 400:
// it must never panic, and no answer may make an error show the routing key, which travels in the
// body and which PagerDuty may quote back.
func FuzzEnqueue(f *testing.F) {
	f.Add([]byte(`{"status":"success","message":"Event processed","dedup_key":"k"}`))
	f.Add([]byte(`{"status":"invalid event","message":"Event object is invalid","errors":["'routing_key' ` + faultmatrix.FuzzToken + ` is invalid"]}`))
	f.Add([]byte(`{"message":"` + faultmatrix.FuzzToken + `"}`))
	rp := faultmatrix.NewReplay(f)
	e := pagerduty.NewEvents(httpx.Endpoint{BaseURL: rp.URL, Timeout: time.Second, Auth: httpx.Auth{Secret: httpx.NewSecret(faultmatrix.FuzzToken)}})
	alert := action.TestAlert("prod", "opsdeck", time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, status := range []int{202, 400} {
			rp.Serve(status, body)
			// A short deadline: a retry's backoff or the settle before a check is not started
			// (httpx.Wait), so an exec costs requests, not sleeps.
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			out, err := e.Page(ctx, alert)
			cancel()
			faultmatrix.CheckErr(t, err)
			if err == nil {
				faultmatrix.CheckErr(t, errorString(out.Detail))
			}
		}
	})
}

type errorString string

func (e errorString) Error() string { return string(e) }
