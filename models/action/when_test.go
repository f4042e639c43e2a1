package action_test

import (
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/models/action"
)

func TestParseStartEnd(t *testing.T) {
	berlin := time.FixedZone("CEST", 2*3600)
	now := time.Date(2026, 5, 6, 21, 30, 20, 0, time.UTC) // 23:30 in CEST
	tests := []struct {
		start, end         string
		wantStart, wantEnd time.Time
	}{
		{"now", "2h", time.Date(2026, 5, 6, 21, 30, 0, 0, time.UTC), time.Date(2026, 5, 6, 23, 30, 0, 0, time.UTC)},
		{"+30m", "90m", time.Date(2026, 5, 6, 22, 0, 0, 0, time.UTC), time.Date(2026, 5, 6, 23, 30, 0, 0, time.UTC)},
		{"in 1h", "+1d", time.Date(2026, 5, 6, 22, 30, 0, 0, time.UTC), time.Date(2026, 5, 7, 22, 30, 0, 0, time.UTC)},
		{"03:00", "05:00", time.Date(2026, 5, 7, 1, 0, 0, 0, time.UTC), time.Date(2026, 5, 7, 3, 0, 0, 0, time.UTC)},     // next 03:00 CEST
		{"23:45", "00:15", time.Date(2026, 5, 6, 21, 45, 0, 0, time.UTC), time.Date(2026, 5, 6, 22, 15, 0, 0, time.UTC)}, // end after midnight
		{"2026-05-08 03:00", "2026-05-08 04:00", time.Date(2026, 5, 8, 1, 0, 0, 0, time.UTC), time.Date(2026, 5, 8, 2, 0, 0, 0, time.UTC)},
		{"2026-05-08T03:00:00Z", "1h", time.Date(2026, 5, 8, 3, 0, 0, 0, time.UTC), time.Date(2026, 5, 8, 4, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		s, err := action.ParseStart(tt.start, now, berlin)
		if err != nil || !s.Equal(tt.wantStart) {
			t.Errorf("ParseStart(%q) = %v, %v; want %v", tt.start, s, err, tt.wantStart)
			continue
		}
		e, err := action.ParseEnd(tt.end, s, now, berlin)
		if err != nil || !e.Equal(tt.wantEnd) {
			t.Errorf("ParseEnd(%q after %v) = %v, %v; want %v", tt.end, s, e, err, tt.wantEnd)
		}
	}
	for _, bad := range []string{"", "tomorrow", "+-5m", "25:00"} {
		if _, err := action.ParseStart(bad, now, berlin); err == nil {
			t.Errorf("ParseStart(%q) accepted", bad)
		}
	}
	if _, err := action.ParseEnd("-2h", now, now, berlin); err == nil {
		t.Errorf("ParseEnd(-2h) accepted")
	}
}
