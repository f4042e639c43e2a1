package slotab

import (
	"math"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/opsdeck/opsdeck/models/slo"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/keys"
)

// Sparkline draws the SLI of the last 24 hours in width cells, oldest first, the buckets grouped to
// fit. The scale puts the objective in the middle: a full block is no errors, the middle is exactly
// on target, the bottom is twice the error budget or worse; a space is a stretch without traffic.
func Sparkline(day []slo.Bucket, objective float64, width int) string {
	groups := group(day, width)
	vals := make([]float64, len(groups))
	for i, g := range groups {
		vals[i] = g.Ratio()
	}
	lo := objective - (1 - objective)
	clamped := make([]float64, len(vals))
	for i, v := range vals {
		clamped[i] = v
		if !math.IsNaN(v) {
			clamped[i] = math.Max(lo, v)
		}
	}
	return ui.Sparkline(clamped, width, lo, 1)
}

// group sums consecutive buckets into at most n groups of equal size (the oldest group may be
// smaller), newest last.
func group(bs []slo.Bucket, n int) []slo.Events {
	if n <= 0 || len(bs) == 0 {
		return nil
	}
	size := (len(bs) + n - 1) / n
	var out []slo.Events
	for end := len(bs); end > 0; end -= size {
		var ev slo.Events
		for _, b := range bs[max(0, end-size):end] {
			ev.Good += b.Good
			ev.Total += b.Total
		}
		out = append(out, ev)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

var eighths = []rune(" ▁▂▃▄▅▆▇█")

// Chart draws values (oldest first) as columns of block elements, height rows tall, between lo and
// hi; one column per value. NaN leaves the column empty.
func Chart(values []float64, height int, lo, hi float64) []string {
	rows := make([][]rune, height)
	for r := range rows {
		rows[r] = make([]rune, len(values))
	}
	for c, v := range values {
		units := 0
		if !math.IsNaN(v) && hi > lo {
			f := math.Max(0, math.Min(1, (v-lo)/(hi-lo)))
			units = int(math.Round(f * float64(height*8)))
		}
		for r := 0; r < height; r++ { // r counts from the bottom
			fill := max(0, min(8, units-r*8))
			rows[height-1-r][c] = eighths[fill]
		}
	}
	out := make([]string, height)
	for i, r := range rows {
		out[i] = string(r)
	}
	return out
}

// downsample keeps the last point of each of n equal groups: for a cumulative series such as the
// burn-down, the value at the end of each stretch.
func downsample(pts []slo.Point, n int) []float64 {
	if n <= 0 || len(pts) == 0 {
		return nil
	}
	if len(pts) <= n {
		out := make([]float64, len(pts))
		for i, p := range pts {
			out[i] = p.V
		}
		return out
	}
	out := make([]float64, n)
	for i := range out {
		j := (i+1)*len(pts)/n - 1
		out[i] = pts[j].V
	}
	return out
}

// keyDown returns a key press that the Down binding matches, to move a rebuilt list's cursor back.
func keyDown(nav keys.Nav) tea.KeyPressMsg {
	for _, k := range nav.Down.Keys() {
		switch r := []rune(k); {
		case k == "down":
			return tea.KeyPressMsg{Code: tea.KeyDown}
		case len(r) == 1:
			return tea.KeyPressMsg{Code: r[0], Text: k}
		}
	}
	return tea.KeyPressMsg{}
}

// wrap cuts s into lines of at most width cells, breaking after the last comma, space or
// parenthesis that fits (PromQL reads well broken there).
func wrap(s string, width int) []string {
	var out []string
	for len([]rune(s)) > width && width > 10 {
		r := []rune(s)
		cut := width
		for i := width; i > width/3; i-- {
			if strings.ContainsRune(", ({", r[i-1]) {
				cut = i
				break
			}
		}
		out = append(out, string(r[:cut]))
		s = string(r[cut:])
	}
	return append(out, s)
}
