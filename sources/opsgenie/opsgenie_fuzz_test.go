package opsgenie_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/opsgenie"
)

// FuzzAlerts feeds arbitrary bytes to the alert list decoders of JSM ({values, links}) and
// Opsgenie ({data, paging}): they must never panic, and an error must be one line without the key.
func FuzzAlerts(f *testing.F) {
	for _, b := range faultmatrix.Seeds(f, "testdata/*.json") {
		f.Add(b)
	}
	f.Add([]byte(`{"values":[{"id":"a","tinyId":"x","acknowledged":true,"report":{"ackTime":-1}}],"links":{"next":"n"}}`))
	f.Add([]byte(`{"message":"Key ` + faultmatrix.FuzzToken + ` is invalid"}`))
	rp := faultmatrix.NewReplay(f)
	jsm := opsgenie.New(httpx.Endpoint{BaseURL: rp.URL, Timeout: time.Second,
		Auth: httpx.Auth{Username: "me@example.com", Secret: httpx.NewSecret(faultmatrix.FuzzToken)}}, "jsm", "cloud-1")
	og := opsgenie.New(httpx.Endpoint{BaseURL: rp.URL, Timeout: time.Second,
		Auth: httpx.Auth{Secret: httpx.NewSecret(faultmatrix.FuzzToken)}}, "opsgenie", "")
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, status := range []int{200, 422} {
			rp.Serve(status, body)
			_, err := jsm.Alerts(context.Background())
			faultmatrix.CheckErr(t, err)
			_, err = og.Alerts(context.Background())
			faultmatrix.CheckErr(t, err)
		}
	})
}

// FuzzCreate feeds arbitrary bytes to the create-alert answer decoder after a 202 and after a 422:
// it must never panic, and the GenieKey never shows in an error.
func FuzzCreate(f *testing.F) {
	f.Add([]byte(`{"result":"Request will be processed","took":0.1,"requestId":"r1"}`))
	f.Add([]byte(`{"message":"Request body is not processable","errors":{"message":"key ` + faultmatrix.FuzzToken + `"}}`))
	f.Add([]byte(`{"result":"processed for ` + faultmatrix.FuzzToken + `","requestId":"r2"}`))
	rp := faultmatrix.NewReplay(f)
	p := opsgenie.NewPager(httpx.Endpoint{BaseURL: rp.URL, Timeout: time.Second, Auth: httpx.Auth{Secret: httpx.NewSecret(faultmatrix.FuzzToken)}}, "jsm")
	alert := action.TestAlert("prod", "opsdeck", time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, status := range []int{202, 422} {
			rp.Serve(status, body)
			// A short deadline: a retry's backoff or the settle before a check is not started
			// (httpx.Wait), so an exec costs requests, not sleeps.
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			out, err := p.Page(ctx, alert)
			cancel()
			faultmatrix.CheckErr(t, err)
			if err == nil {
				faultmatrix.CheckErr(t, errorString(out.Detail)) // shown and audited
			}
		}
	})
}

type errorString string

func (e errorString) Error() string { return string(e) }
