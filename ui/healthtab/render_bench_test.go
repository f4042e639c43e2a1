package healthtab_test

import (
	"testing"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
)

// BenchmarkTabRender measures View of the tab at 80x24 and 200x50 with the demo's data, loaded from
// the simulator as the console loads it.
func BenchmarkTabRender(b *testing.B) {
	faultmatrix.BenchRender(b, "prod", "app-us", onSim)
}
