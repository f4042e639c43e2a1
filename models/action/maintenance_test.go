package action_test

import (
	"strings"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/models/maintenance"
)

var mNow = time.Date(2026, 5, 6, 12, 0, 0, 0, time.UTC)

func TestDeclarationCheck(t *testing.T) {
	start := mNow.Add(15 * time.Hour)
	ok := action.NewDeclaration("DB upgrade", start, 2*time.Hour)
	tests := []struct {
		name string
		d    func(action.Declaration) action.Declaration
		want string // "" = valid
	}{
		{"valid", func(d action.Declaration) action.Declaration { return d }, ""},
		{"no title", func(d action.Declaration) action.Declaration { d.Name = "  "; return d }, "a title is required"},
		{"title over 255 (Statuspage limit)", func(d action.Declaration) action.Declaration { d.Name = strings.Repeat("x", 256); return d }, "allows 255"},
		{"end before start", func(d action.Declaration) action.Declaration { d.End = d.Start.Add(-time.Minute); return d }, "end must be after the start"},
		{"already over", func(d action.Declaration) action.Declaration {
			d.Start, d.End = mNow.Add(-2*time.Hour), mNow.Add(-time.Hour)
			return d
		}, "already ended"},
		{"started but not over is fine", func(d action.Declaration) action.Declaration {
			d.Start, d.End = mNow.Add(-time.Hour), mNow.Add(time.Hour)
			return d
		}, ""},
		{"message over 25000", func(d action.Declaration) action.Declaration { d.Message = strings.Repeat("m", 25001); return d }, "allows 25000"},
		{"two problems at once", func(d action.Declaration) action.Declaration { d.Name = ""; d.End = time.Time{}; return d }, "a title is required; an end time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.d(ok).Check(mNow)
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("Check = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestDeclarationSameWindow(t *testing.T) {
	start := time.Date(2026, 5, 7, 3, 0, 0, 0, time.UTC)
	d := action.NewDeclaration("DB upgrade", start, 2*time.Hour)
	w := maintenance.Window{ID: "x", Name: "db upgrade ", Start: start.Add(20 * time.Second), End: start.Add(2 * time.Hour), Status: "scheduled"}
	if !d.SameWindow(w) {
		t.Errorf("same title (case, spaces) and times to the minute: not the same window")
	}
	for name, change := range map[string]func(*maintenance.Window){
		"other title":                  func(w *maintenance.Window) { w.Name = "DB upgrade 2" },
		"other start":                  func(w *maintenance.Window) { w.Start = w.Start.Add(time.Hour) },
		"other end":                    func(w *maintenance.Window) { w.End = w.End.Add(time.Minute) },
		"completed (cancelled) window": func(w *maintenance.Window) { w.Status = "completed" },
	} {
		o := w
		change(&o)
		if d.SameWindow(o) {
			t.Errorf("%s counted as the same window", name)
		}
	}
	if _, ok := d.Existing([]maintenance.Window{{Name: "other"}, w}); !ok {
		t.Errorf("Existing did not find the window")
	}
}

func TestDeclarationText(t *testing.T) {
	d := action.NewDeclaration("DB upgrade", time.Date(2026, 5, 7, 23, 0, 0, 0, time.UTC), 2*time.Hour)
	d.Components = []action.Component{{ID: "a"}, {ID: "b"}}
	if got, want := d.Summary(), `declare maintenance "DB upgrade" 2026-05-07 23:00-2026-05-08 01:00 UTC (2 components)`; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
	if got, want := d.Body(), "Scheduled maintenance from 2026-05-07 23:00 to 2026-05-08 01:00 UTC."; got != want {
		t.Errorf("Body = %q, want %q", got, want)
	}
}
