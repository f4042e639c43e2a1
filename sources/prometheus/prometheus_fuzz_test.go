package prometheus_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/prometheus"
)

// FuzzQuery feeds arbitrary bytes to the query API's decoder (envelope, error shape, vector,
// matrix, scalar and string results, sample values as strings) through an instant and a range
// query: it must never panic, a result must be one of its documented types, and an error must be
// one line without the bearer token, even when the server echoes it.
func FuzzQuery(f *testing.F) {
	for _, b := range faultmatrix.Seeds(f, "testdata/*.json") {
		f.Add(b)
	}
	f.Add([]byte(`{"status":"error","errorType":"bad_data","error":"invalid token ` + faultmatrix.FuzzToken + `\nsecond line"}`))
	f.Add([]byte(`{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"b"},"values":[[1,"NaN"],[2,"+Inf"],["x","1"]]}]}}`))
	rp := faultmatrix.NewReplay(f)
	c := prometheus.New(prometheus.Config{Endpoint: httpx.Endpoint{BaseURL: rp.URL, Timeout: time.Second,
		Auth: httpx.Auth{Scheme: "Bearer", Secret: httpx.NewSecret(faultmatrix.FuzzToken)}}})
	f.Fuzz(func(t *testing.T, body []byte) {
		rp.Serve(200, body)
		ctx := context.Background()
		res, err := c.Query(ctx, "up", time.Unix(1795375560, 0))
		faultmatrix.CheckErr(t, err)
		if err == nil {
			switch res.Type {
			case prometheus.Vector, prometheus.Matrix, prometheus.Scalar, prometheus.String:
			default:
				t.Fatalf("decoded a result of type %q", res.Type)
			}
			res.Sum()
		}
		rp.Serve(400, body)
		_, err = c.QueryRange(ctx, "up", prometheus.Range{Start: time.Unix(0, 0), End: time.Unix(60, 0), Step: time.Minute})
		faultmatrix.CheckErr(t, err)
	})
}
