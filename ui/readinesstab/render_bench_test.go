package readinesstab_test

import (
	"testing"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
)

// BenchmarkTabRender measures View of the tab at 80x24 and 200x50 with the demo answers file and the
// evidence gathered from the simulator.
func BenchmarkTabRender(b *testing.B) {
	faultmatrix.BenchRender(b, "prod", "answered", onSim)
}
