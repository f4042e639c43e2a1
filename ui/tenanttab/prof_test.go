package tenanttab

import (
	"testing"
	"time"
)

func BenchmarkProfMove(b *testing.B) {
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

func BenchmarkProfFilter(b *testing.B) {
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
