package marketplace_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/marketplace"
)

// FuzzLicenses feeds arbitrary bytes to the licenses page decoder (HAL links, license fields,
// dates, enums): it must never panic, a license it accepts must be a cloud one, an error must be one
// line, and an error answer (401) must not show the API token (Basic auth) even when it quotes it.
func FuzzLicenses(f *testing.F) {
	for _, b := range faultmatrix.Seeds(f, "testdata/*.json") {
		f.Add(b)
	}
	f.Add([]byte(`{"_links":{"next":{"href":"https://evil.example.com/rest/2/x?token=` + faultmatrix.FuzzToken + `"}},"licenses":[]}`))
	f.Add([]byte(`{"licenses":[{"licenseId":"L1","hosting":"Server","maintenanceStartDate":"2026-02-30"}]}`))
	f.Add([]byte(`{"message":"Basic auth for me@example.com with ` + faultmatrix.FuzzToken + ` refused"}`))
	rp := faultmatrix.NewReplay(f)
	c, err := marketplace.New(marketplace.Config{Endpoint: httpx.Endpoint{BaseURL: rp.URL, Timeout: time.Second,
		Auth: httpx.Auth{Username: "me@example.com", Secret: httpx.NewSecret(faultmatrix.FuzzToken)}},
		VendorID: "1", AppKey: "app", Retries: -1})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		rp.Serve(200, body)
		ls, err := c.Licenses(context.Background(), nil)
		// A page's data may be quoted (a `_links.next` path that leaves the licenses path:
		// testdata/fuzz/FuzzLicenses/a863856b8ab97688); an error body may never show the token.
		faultmatrix.CheckLine(t, err)
		for _, l := range ls {
			if l.Hosting != "" && l.Hosting != "Cloud" && l.Hosting != "cloud" && l.Hosting != "CLOUD" {
				t.Fatalf("a %q license was kept: %+v", l.Hosting, l)
			}
		}
		rp.Serve(401, body)
		_, err = c.Licenses(context.Background(), nil)
		faultmatrix.CheckErr(t, err)
	})
}
