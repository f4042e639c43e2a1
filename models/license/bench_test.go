package license_test

import (
	"fmt"
	"testing"

	"github.com/opsdeck/opsdeck/models/license"
)

// BenchmarkIndex measures the one-time index build and a filter keystroke (the query "acme-12"
// typed a character at a time, then erased) at growing sizes. Figures only; no timed assertion.
func BenchmarkIndex(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		rows := base(n, 1)
		b.Run(fmt.Sprintf("build/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				license.NewIndex(rows)
			}
		})
		ix := license.NewIndex(rows)
		b.Run(fmt.Sprintf("keystroke/n=%d", n), func(b *testing.B) {
			v := license.NewView(ix)
			q := "acme-12"
			keys := 0
			b.ReportAllocs()
			for b.Loop() {
				for i := 1; i <= len(q); i++ {
					v.SetQuery(q[:i])
					keys++
				}
				v.SetQuery("")
				keys++
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(keys), "ns/key")
		})
	}
}
