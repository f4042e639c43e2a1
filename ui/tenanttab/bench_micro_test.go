package tenanttab

import (
	"testing"
	"time"
)

// BenchmarkCursorMove is one cursor move plus the frame at 100,000 tenants and 200x50, with
// allocations: the standard-form figure for profiling (-cpuprofile).
func BenchmarkCursorMove(b *testing.B) {
	ls, ins := generatedBase(100000)
	ix, _ := Build(ls, ins, true, clock)
	m := New(shared(), Config{Licenses: fixedLicenses, Every: time.Hour})
	m.SetSize(200, 47)
	m.busy = true
	m.Update(tenantsLoadedMsg{gen: m.gen, ix: ix, at: clock})
	m.View()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if m.cursor >= m.view.Len()-1 {
			press(m, "g")
		} else {
			press(m, "j")
		}
		_ = m.View()
	}
}

// BenchmarkFilterKeystroke is one keystroke of "acme-12" typed and erased, plus the frame, at
// 100,000 tenants and 200x50.
func BenchmarkFilterKeystroke(b *testing.B) {
	ls, ins := generatedBase(100000)
	ix, _ := Build(ls, ins, true, clock)
	m := New(shared(), Config{Licenses: fixedLicenses, Every: time.Hour})
	m.SetSize(200, 47)
	m.busy = true
	m.Update(tenantsLoadedMsg{gen: m.gen, ix: ix, at: clock})
	m.View()
	press(m, "/")
	keys := []string{"a", "c", "m", "e", "-", "1", "2", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace"}
	k := 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		press(m, keys[k])
		k = (k + 1) % len(keys)
		_ = m.View()
	}
}
