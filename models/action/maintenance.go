package action

import (
	"fmt"
	"strings"
	"time"

	"github.com/opsdeck/opsdeck/models/maintenance"
)

// Statuspage's limits on a maintenance (upstream-apis.md §1).
const (
	MaxMaintenanceName = 255
	MaxMaintenanceBody = 25000
)

// Component is a status page component a maintenance affects.
type Component struct {
	ID, Name string
}

// Declaration is a maintenance window to declare on the status page: what the form and
// `opsdeck maintenance declare` collect. Seed 001 asks to publish maintenance windows online.
type Declaration struct {
	Name       string
	Start, End time.Time
	Components []Component
	Message    string // the first update's text; a default is written when empty
	// RemindSubscribers reminds subscribers before the start (scheduled_remind_prior).
	RemindSubscribers bool
	// AutoInProgress moves the window to in_progress at its start, AutoComplete to completed at
	// its end.
	AutoInProgress, AutoComplete bool
	// SetUnderMaintenance puts the affected components under_maintenance at the start and back to
	// operational at the end.
	SetUnderMaintenance bool
	Notify              bool // deliver notifications (Statuspage's default is true)
}

// NewDeclaration is a declaration with the defaults the form starts from: remind, automate the
// transitions, set components under maintenance and notify.
func NewDeclaration(name string, start time.Time, d time.Duration) Declaration {
	return Declaration{Name: name, Start: start, End: start.Add(d), RemindSubscribers: true, AutoInProgress: true,
		AutoComplete: true, SetUnderMaintenance: true, Notify: true}
}

// Check returns every problem of the declaration at now, joined, or nil.
func (d Declaration) Check(now time.Time) error {
	var ps []string
	name := strings.TrimSpace(d.Name)
	switch {
	case name == "":
		ps = append(ps, "a title is required")
	case len([]rune(name)) > MaxMaintenanceName:
		ps = append(ps, fmt.Sprintf("the title is %d characters, Statuspage allows %d", len([]rune(name)), MaxMaintenanceName))
	}
	switch {
	case d.Start.IsZero():
		ps = append(ps, "a start time is required")
	case d.End.IsZero():
		ps = append(ps, "an end time or a duration is required")
	case !d.End.After(d.Start):
		ps = append(ps, "the end must be after the start")
	}
	if !d.End.IsZero() && !now.IsZero() && !d.End.After(now) {
		ps = append(ps, "the window has already ended")
	}
	if len([]rune(d.Message)) > MaxMaintenanceBody {
		ps = append(ps, fmt.Sprintf("the message is %d characters, Statuspage allows %d", len([]rune(d.Message)), MaxMaintenanceBody))
	}
	if len(ps) == 0 {
		return nil
	}
	return fmt.Errorf("%s", strings.Join(ps, "; "))
}

// Body is the first update's text: the message, or one saying what and when.
func (d Declaration) Body() string {
	if strings.TrimSpace(d.Message) != "" {
		return d.Message
	}
	return fmt.Sprintf("Scheduled maintenance from %s to %s UTC.", d.Start.UTC().Format("2006-01-02 15:04"), d.End.UTC().Format("2006-01-02 15:04"))
}

// Summary is the declaration in one line: `declare maintenance "DB upgrade" 2026-05-07 03:00-05:00 UTC (2 components)`.
func (d Declaration) Summary() string {
	s, e := d.Start.UTC(), d.End.UTC()
	end := e.Format("15:04")
	if s.Format("2006-01-02") != e.Format("2006-01-02") {
		end = e.Format("2006-01-02 15:04")
	}
	out := fmt.Sprintf("declare maintenance %q %s-%s UTC", d.Name, s.Format("2006-01-02 15:04"), end)
	if n := len(d.Components); n > 0 {
		out += fmt.Sprintf(" (%d component%s)", n, plural(n))
	}
	return out
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// SameWindow reports whether w is the window d declares: the same title (case and surrounding
// spaces ignored) and the same start and end to the minute, and not completed (a cancelled window
// of the same name may be declared again). This is what makes declaring idempotent.
func (d Declaration) SameWindow(w maintenance.Window) bool {
	return strings.EqualFold(strings.TrimSpace(w.Name), strings.TrimSpace(d.Name)) &&
		sameMinute(w.Start, d.Start) && sameMinute(w.End, d.End) && w.Status != "completed"
}

func sameMinute(a, b time.Time) bool {
	d := a.Sub(b)
	return d > -time.Minute && d < time.Minute
}

// Existing returns the first of ws that is the window d declares.
func (d Declaration) Existing(ws []maintenance.Window) (maintenance.Window, bool) {
	for _, w := range ws {
		if d.SameWindow(w) {
			return w, true
		}
	}
	return maintenance.Window{}, false
}
