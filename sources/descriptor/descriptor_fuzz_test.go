package descriptor_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/sources/descriptor"
)

// FuzzDescriptor feeds arbitrary bytes to the app descriptor's decoder: it must never panic, and
// what it reports (the evidence's error) must be one line a person can read.
func FuzzDescriptor(f *testing.F) {
	for _, b := range faultmatrix.Seeds(f, "testdata/*.json") {
		f.Add(b)
	}
	f.Add([]byte(`{"key":"k","baseUrl":"http://x","lifecycle":{"installed":1}}`))
	f.Add([]byte(`[{"key":"k"}]`))
	rp := faultmatrix.NewReplay(f)
	c := descriptor.New(descriptor.Config{Timeout: time.Second})
	f.Fuzz(func(t *testing.T, body []byte) {
		rp.Serve(200, body)
		d := c.Descriptor(context.Background(), rp.URL+"/atlassian-connect.json")
		if strings.ContainsAny(d.Err, "\n\r") {
			t.Fatalf("the evidence's error is not one line: %q", d.Err)
		}
		if d.Err == "" && d.Key == "" && d.BaseURL == "" {
			t.Fatalf("a descriptor without key and baseUrl was accepted: %+v", d)
		}
	})
}
