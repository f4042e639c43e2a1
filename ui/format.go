package ui

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Age formats how long ago t was, at minute resolution ("<1m", "7m", "3h", "2d") so a screen that
// shows ages does not change, and send bytes, every second.
func Age(now, t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return Span(now.Sub(t))
}

// Span formats a duration at minute resolution: "<1m", "7m", "3h05m", "2d4h".
func Span(d time.Duration) string {
	neg := d < 0
	if neg {
		d = -d
	}
	var s string
	switch {
	case d < time.Minute:
		s = "<1m"
	case d < time.Hour:
		s = fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 24*time.Hour:
		s = fmt.Sprintf("%dh%02dm", int(d/time.Hour), int(d%time.Hour/time.Minute))
	default:
		s = fmt.Sprintf("%dd%dh", int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour))
	}
	if neg {
		return "-" + s
	}
	return s
}

// Fit truncates s (which may hold styles) to width cells with "…", or pads it with spaces to width.
func Fit(s string, width int) string {
	if width <= 0 {
		return ""
	}
	w := lipgloss.Width(s)
	if w > width {
		return ansi.Truncate(s, width, "…")
	}
	return s + strings.Repeat(" ", width-w)
}

// FitRight is Fit aligned right.
func FitRight(s string, width int) string {
	w := lipgloss.Width(s)
	if w > width {
		return ansi.Truncate(s, width, "…")
	}
	return strings.Repeat(" ", width-w) + s
}

var sparks = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws values (oldest first) in width cells with block elements, scaled between lo and
// hi; NaN draws a space. Values beyond width keep the newest.
func Sparkline(values []float64, width int, lo, hi float64) string {
	if width <= 0 {
		return ""
	}
	if len(values) > width {
		values = values[len(values)-width:]
	}
	var b strings.Builder
	for _, v := range values {
		if math.IsNaN(v) {
			b.WriteByte(' ')
			continue
		}
		f := 0.0
		if hi > lo {
			f = (v - lo) / (hi - lo)
		}
		i := int(math.Round(f * float64(len(sparks)-1)))
		b.WriteRune(sparks[max(0, min(len(sparks)-1, i))])
	}
	return b.String()
}

// Bar draws frac (0..1) as a bar of width cells: filled "█", empty "░".
func Bar(frac float64, width int) string {
	if width <= 0 {
		return ""
	}
	if math.IsNaN(frac) {
		return strings.Repeat("?", width)
	}
	n := int(math.Round(max(0, min(1, frac)) * float64(width)))
	return strings.Repeat("█", n) + strings.Repeat("░", width-n)
}

// Percent formats a ratio as a percentage with the given decimals; NaN is "n/a".
func Percent(v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	return fmt.Sprintf("%.*f%%", decimals, v*100)
}

// Millis formats a latency in milliseconds or seconds.
func Millis(d time.Duration) string {
	if d >= 10*time.Second {
		return fmt.Sprintf("%.0fs", d.Seconds())
	}
	if d >= time.Second {
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	return fmt.Sprintf("%dms", d.Milliseconds())
}

// Interval formats a configured period compactly: "10s", "5m", "1h", "1m30s".
func Interval(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// ErrText is an upstream error in words for a line on screen: the short summary when the error has
// one ("HTTP 503 service unavailable", "rate limited, retry after 1m0s"), so the cause is not pushed
// off the line by the source and request path the tab already names; the whole text otherwise.
func ErrText(err error) string {
	if err == nil {
		return ""
	}
	var s interface{ Summary() string }
	if errors.As(err, &s) {
		return s.Summary()
	}
	return err.Error()
}
