package tenanttab

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/table"
	tea "charm.land/bubbletea/v2"

	"github.com/opsdeck/opsdeck/models/license"
)

// The benchmark of issue 5 ("Performance"): the Tenants tab at 1,000 to 1,000,000 tenants, at 80x24
// and 200x50, beside bubbles/v2 table driven the way its users drive it, on the same rows. It prints
// figures and ratios; it asserts no time. Sizes come from OPSDECK_BENCH_N (comma-separated), by
// default 1000,10000,100000,1000000. Run it alone:
//
//	go test ./ui/tenanttab -run '^$' -bench TenantsVsTable -benchtime 1x -timeout 60m
func BenchmarkTenantsVsTable(b *testing.B) {
	benchOnce.Do(func() { runComparison(b) })
}

var benchOnce sync.Once

// The tab's body at each terminal size: the root takes 3 rows (tab bar, status bar, help line).
var benchSizes = []struct {
	name string
	w, h int
}{{"80x24", 80, 21}, {"200x50", 200, 47}}

// query is typed a character at a time, then erased: 14 keystrokes.
const query = "acme-12"

func runComparison(b *testing.B) {
	ns := []int{1_000, 10_000, 100_000, 1_000_000}
	if v := os.Getenv("OPSDECK_BENCH_N"); v != "" {
		ns = nil
		for _, f := range strings.Split(v, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil {
				b.Fatalf("OPSDECK_BENCH_N: %v", err)
			}
			ns = append(ns, n)
		}
	}
	out := os.Stdout
	fmt.Fprintf(out, "\nTenants tab vs bubbles/v2 table (%s, %d CPU, GOMAXPROCS %d)\n", runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0))
	fmt.Fprintf(out, "%-9s %-7s %-22s %13s %13s %8s %12s %10s\n", "tenants", "size", "operation", "opsdeck", "bubbles", "ratio", "B/op opsdeck", "B/op peer")
	for _, n := range ns {
		if n == 100_000 {
			rss(out, n)
		}
		ls, ins := generatedBase(n)
		// Load: the join and the index are built once, in the load command; the UI then swaps them in.
		var ix *license.Index
		build := measureWarm(0, func() { ix, _ = Build(ls, ins, true, clock) })
		sm := New(shared(), Config{Licenses: fixedLicenses, Every: time.Hour})
		sm.SetSize(200, 47)
		swapMsg := tenantsLoadedMsg{gen: sm.gen, ix: ix, at: clock}
		swap := measure(func() {
			sm.busy = true
			sm.Update(swapMsg)
		})
		tenants := ix.Rows()
		var peerRows []table.Row
		var peerText []string
		peerLoad := measureWarm(0, func() {
			ts := license.Join(ls, ins, clock)
			peerRows = make([]table.Row, len(ts))
			peerText = make([]string, len(ts))
			for i := range ts {
				peerRows[i] = rowOf(&ts[i])
				peerText[i] = strings.ToLower(strings.Join(peerRows[i], "\t"))
			}
			t := newPeer(80, 21)
			t.SetRows(peerRows)
		})
		_ = tenants
		line(out, n, "-", "load (one-time index)", build, peerLoad)
		fmt.Fprintf(out, "%-9s %-7s %-22s %13s %13s %8s %12d %10s\n", thousands(n), "-", "apply load on UI", dur(swap.ns), "-", "-", swap.bytes, "-")

		for _, sz := range benchSizes {
			m := New(shared(), Config{Licenses: fixedLicenses, Every: time.Hour})
			m.SetSize(sz.w, sz.h)
			m.busy = true
			m.Update(tenantsLoadedMsg{gen: m.gen, ix: ix, at: clock})
			m.View()
			move := measure(func() {
				if m.cursor >= m.view.Len()-1 {
					press(m, "g")
				} else {
					press(m, "j")
				}
				_ = m.View()
			})
			peer := newPeer(sz.w, sz.h)
			peer.SetRows(peerRows)
			_ = peer.View()
			peerMove := measure(func() {
				if peer.Cursor() >= len(peerRows)-1 {
					peer.GotoTop()
				} else {
					peer.MoveDown(1)
				}
				_ = peer.View()
			})
			line(out, n, sz.name, "cursor move + frame", move, peerMove)

			press(m, "g", "/")
			keys := append(strings.Split(query, ""), strings.Split(strings.Repeat("\b", len(query)), "")...)
			k := 0
			filter := measure(func() {
				if keys[k] == "\b" {
					m.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
				} else {
					m.Update(tea.KeyPressMsg{Code: rune(keys[k][0]), Text: keys[k]})
				}
				_ = m.View()
				k = (k + 1) % len(keys)
			})
			press(m, "esc")
			typed := ""
			k = 0
			peerFilter := measure(func() {
				if keys[k] == "\b" {
					typed = typed[:len(typed)-1]
				} else {
					typed += keys[k]
				}
				k = (k + 1) % len(keys)
				var rows []table.Row
				for i := range peerRows {
					if typed == "" || strings.Contains(peerText[i], typed) {
						rows = append(rows, peerRows[i])
					}
				}
				peer.SetRows(rows)
				peer.GotoTop()
				_ = peer.View()
			})
			line(out, n, sz.name, "filter keystroke+frame", filter, peerFilter)
		}
		ix, peerRows, peerText = nil, nil, nil
		runtime.GC()
	}
}

// result is what measure found: time and garbage per operation.
type result struct{ ns, bytes, n int64 }

// measure runs op 28 times to warm up (buffers that are reused afterwards are allocated then), then
// until about half a second has passed (at least 14 times, at most 200,000), and returns the mean time
// and bytes allocated per run. (testing.Benchmark cannot nest inside a benchmark: it waits for the
// lock the running one holds.)
func measure(op func()) result { return measureWarm(28, op) }

// measureWarm is measure with warm runs first.
func measureWarm(warm int, op func()) result {
	for range warm {
		op()
	}
	runtime.GC()
	var a, z runtime.MemStats
	runtime.ReadMemStats(&a)
	start := time.Now()
	n := int64(0)
	for n < 14 || time.Since(start) < 500*time.Millisecond && n < 200_000 {
		op()
		n++
	}
	el := time.Since(start)
	runtime.ReadMemStats(&z)
	return result{ns: el.Nanoseconds() / n, bytes: int64(z.TotalAlloc-a.TotalAlloc) / n, n: n}
}

func line(out *os.File, n int, size, op string, mine, peer result) {
	ratio := float64(peer.ns) / float64(max(1, mine.ns))
	fmt.Fprintf(out, "%-9s %-7s %-22s %13s %13s %7.1fx %12d %10d\n", thousands(n), size, op,
		dur(mine.ns), dur(peer.ns), ratio, mine.bytes, peer.bytes)
}

func dur(ns int64) string {
	d := time.Duration(ns)
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/1e6)
	}
	return fmt.Sprintf("%.1f µs", float64(d)/1e3)
}

// rowOf is a tenant as a bubbles table row: the same cells the tab shows.
func rowOf(t *license.Tenant) table.Row {
	r := make(table.Row, license.NumColumns)
	for c := range r {
		r[c] = t.Cell(license.Column(c))
	}
	return r
}

func newPeer(w, h int) table.Model {
	cols := make([]table.Column, license.NumColumns)
	for c := range cols {
		cols[c] = table.Column{Title: license.Column(c).Title(), Width: []int{20, 36, 10, 11, 9, 13, 12, 10, 13}[c]}
	}
	return table.New(table.WithColumns(cols), table.WithStyles(table.DefaultStyles()), table.WithHeight(h),
		table.WithWidth(w), table.WithFocused(true))
}

// rss reports the memory of n tenants loaded in the tab: the Go heap held by the data as the sources
// return it, and by the tenants, the index and the tab on top of it (after a GC each).
func rss(out *os.File, n int) {
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapInuse
	}
	h0 := heap()
	ls, ins := generatedBase(n)
	h1 := heap()
	m := New(shared(), Config{Licenses: fixedLicenses, Every: time.Hour})
	m.SetSize(200, 47)
	ix, _ := Build(ls, ins, true, clock)
	m.busy = true
	m.Update(tenantsLoadedMsg{gen: m.gen, ix: ix, at: clock})
	m.View()
	h2 := heap()
	fmt.Fprintf(out, "%-9s memory (Go heap after GC): licenses and installations as read %.1f MB; tenants, index and tab %.1f MB more\n",
		thousands(n), float64(h1-h0)/1e6, float64(h2-h1)/1e6)
	runtime.KeepAlive(m)
	runtime.KeepAlive(ls)
}
