package action

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseStart reads when a maintenance starts, as the form and --start take it: "now", "+30m" or
// "in 2h" (from now), "15:04" (the next such time in loc), "2006-01-02 15:04" (in loc), or RFC 3339.
func ParseStart(s string, now time.Time, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if loc == nil {
		loc = time.UTC
	}
	switch {
	case s == "":
		return time.Time{}, fmt.Errorf("a start time is required")
	case strings.EqualFold(s, "now"):
		return now.Truncate(time.Minute), nil
	case strings.HasPrefix(s, "+") || strings.HasPrefix(strings.ToLower(s), "in "):
		d, err := parseSpan(strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(s), "in "), "+")))
		if err != nil {
			return time.Time{}, fmt.Errorf("start %q: %v", s, err)
		}
		return now.Add(d).Truncate(time.Minute), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	if t, err := time.ParseInLocation("15:04", s, loc); err == nil {
		n := now.In(loc)
		at := time.Date(n.Year(), n.Month(), n.Day(), t.Hour(), t.Minute(), 0, 0, loc)
		if !at.After(now) {
			at = at.AddDate(0, 0, 1)
		}
		return at, nil
	}
	return time.Time{}, fmt.Errorf("start %q: write now, +30m, 15:04, 2006-01-02 15:04 or an RFC 3339 time", s)
}

// ParseEnd reads the end of a maintenance: a duration from start ("2h", "90m", "1h30m", "+2h") or
// a time as ParseStart reads it.
func ParseEnd(s string, start, now time.Time, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, fmt.Errorf("an end time or a duration is required")
	}
	if d, err := parseSpan(strings.TrimPrefix(s, "+")); err == nil {
		return start.Add(d), nil
	}
	t, err := ParseStart(s, now, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("end %q: write a duration (2h, 90m) or a time (15:04, 2006-01-02 15:04)", s)
	}
	if t.Before(start) && len(s) == 5 { // "05:00" after a "23:00" start means the next day
		t = t.AddDate(0, 0, 1)
	}
	return t, nil
}

// parseSpan is a positive Go duration, or whole days with "d".
func parseSpan(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		if days, err := strconv.Atoi(n); err == nil && days > 0 {
			return time.Duration(days) * 24 * time.Hour, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q is not a positive duration", s)
	}
	return d, nil
}
