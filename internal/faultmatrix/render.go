package faultmatrix

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/ui"
)

// RenderSizes are the terminal sizes render times are measured at: the smallest supported and a
// large one (issue 9).
var RenderSizes = [][2]int{{80, 24}, {200, 50}}

// BenchRender loads a tab from the simulator's demo data (build is the tab's onSim), waits until
// ready shows and every fetch is done, then measures View at each of RenderSizes, as
// BenchmarkTabRender/80x24 and /200x50 with allocations, in the form benchstat compares.
func BenchRender(b *testing.B, env, ready string, build func(testing.TB, Target, *ui.Shared) ui.Tab) {
	tg := SimTarget(b, env)
	tab := build(b, tg, Shared(tg.Env.Name))
	d := Drive(b, tab, RenderSizes[0][0], RenderSizes[0][1])
	d.Pump("the demo data ("+ready+")", 60*time.Second, func(fr string) bool { return strings.Contains(fr, ready) && d.Idle() })
	for _, sz := range RenderSizes {
		b.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(b *testing.B) {
			tab.SetSize(sz[0], sz[1])
			if v := tab.View(); !strings.Contains(v, ready) {
				b.Fatalf("the %dx%d frame lacks %q:\n%s", sz[0], sz[1], ready, v)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				_ = tab.View()
			}
		})
	}
}
