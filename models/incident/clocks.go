package incident

import (
	"fmt"
	"time"

	"github.com/opsdeck/opsdeck/models/severity"
)

// Clocks are seed 003's response clocks for one incident at one moment: time since the start, when
// the first status update is due and whether it is overdue, and the investigation clock of a page.
type Clocks struct {
	// Level is the severity the clocks are run for (Incident.Level).
	Level severity.Level `json:"sev"`
	// Applies is true for SEV 1 and SEV 2; SEV 3 and unknown severities have no clock.
	Applies bool `json:"applies"`
	// Age is the time since the incident started impacting customers.
	Age time.Duration `json:"age_ns"`
	// FirstUpdateDue is the start plus 1 hour.
	FirstUpdateDue time.Time `json:"first_update_due,omitzero"`
	// FirstUpdateAt is when the first status update was published; zero when none is known.
	FirstUpdateAt time.Time `json:"first_update_at,omitzero"`
	// Left is the time until FirstUpdateDue (negative once it has passed).
	Left time.Duration `json:"left_ns"`
	// Overdue is true when the due time has passed with no status update: the alarm.
	Overdue bool `json:"overdue"`
	// Late is how long after the due time the first update came (0 when on time or none yet).
	Late time.Duration `json:"late_ns,omitempty"`
	// InvestigateDue is the page plus 15 minutes; zero when the incident is not a page.
	InvestigateDue time.Time `json:"investigate_due,omitzero"`
	// InvestigationLate is true when the page was not acknowledged within 15 minutes.
	InvestigationLate bool `json:"investigation_late"`
}

// Clocks computes the response clocks at now. The first update is due 1 hour after Started; an
// update at exactly the due time is on time, and the incident becomes overdue only once now is
// past the due time with no update. The investigation counts as started at the first
// acknowledgement; a page not acknowledged by 15 minutes after it was sent is late.
func (i Incident) Clocks(now time.Time) Clocks {
	l := i.Level()
	c := Clocks{Level: l, Applies: l.Major(), Age: max(now.Sub(i.Started), 0)}
	if i.Started.IsZero() {
		c.Age = 0
	}
	if first, ok := i.FirstUpdate(); ok {
		c.FirstUpdateAt = first.At
	}
	if !c.Applies || i.Started.IsZero() {
		return c
	}
	c.FirstUpdateDue = severity.FirstUpdateDue(i.Started)
	c.Left = c.FirstUpdateDue.Sub(now)
	switch {
	case c.FirstUpdateAt.IsZero():
		c.Overdue = now.After(c.FirstUpdateDue)
	case c.FirstUpdateAt.After(c.FirstUpdateDue):
		c.Late = c.FirstUpdateAt.Sub(c.FirstUpdateDue)
	}
	if !i.Paged.IsZero() {
		c.InvestigateDue = severity.InvestigationDue(i.Paged)
		switch {
		case i.Acknowledged.IsZero():
			c.InvestigationLate = now.After(c.InvestigateDue)
		default:
			c.InvestigationLate = i.Acknowledged.After(c.InvestigateDue)
		}
	}
	return c
}

// FirstUpdateText says the first-update clock in a few words, the same in the tab and in `opsdeck
// get incidents`: "OVERDUE 25m", "due in 12m", "sent 14:05", "sent 25m late", "no clock".
func (c Clocks) FirstUpdateText(loc *time.Location) string {
	switch {
	case !c.Applies:
		return "no clock"
	case c.Overdue:
		return "OVERDUE " + Short(-c.Left)
	case !c.FirstUpdateAt.IsZero() && c.Late > 0:
		return "sent " + Short(c.Late) + " late"
	case !c.FirstUpdateAt.IsZero():
		return "sent " + c.FirstUpdateAt.In(loc).Format("15:04")
	case c.Left <= 0:
		return "due now"
	}
	return "due in " + Short(c.Left)
}

// Short writes a duration for a narrow column: "45s", "12m", "2h05m", "3d4h".
func Short(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh%02dm", int(d/time.Hour), int(d%time.Hour/time.Minute))
	}
	return fmt.Sprintf("%dd%dh", int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour))
}
