// Package maintenance holds maintenance windows and the rules around them: which are active,
// upcoming or recent, and whether a moment falls inside one. Seeds 000 and 001 measure uptime
// outside published maintenance windows, and seed 001 asks for a meaningful message to users during
// them; seed 004 notes that cloud instances restart during maintenance windows. No I/O, no clock.
package maintenance

import (
	"sort"
	"strconv"
	"time"
)

// UpcomingHorizon is how far ahead a window counts as upcoming (the "next 14 days").
const UpcomingHorizon = 14 * 24 * time.Hour

// RecentHorizon is how long after its end a window still counts as recent.
const RecentHorizon = 7 * 24 * time.Hour

// Window is one maintenance window.
type Window struct {
	// ID is the upstream's id (a Statuspage incident id), or the config entry's name.
	ID   string `json:"id"`
	Name string `json:"name"`
	// Status is the upstream's word: scheduled, in_progress, verifying, completed; empty for a
	// window known only from config.
	Status string    `json:"status,omitempty"`
	Start  time.Time `json:"start"`
	End    time.Time `json:"end"`
	// Components are the names of the affected components.
	Components []string `json:"components,omitempty"`
	// Source says where the window was read: "statuspage", "platform", "config".
	Source string `json:"source"`
	URL    string `json:"url,omitempty"`
}

// Phase is where a window stands relative to now.
type Phase int

// The phases of a window. Other is a window too far ahead or too long ago to list.
const (
	Other Phase = iota
	Active
	Upcoming
	Recent
)

// String returns "active", "upcoming", "recent" or "other".
func (p Phase) String() string {
	switch p {
	case Active:
		return "active"
	case Upcoming:
		return "upcoming"
	case Recent:
		return "recent"
	}
	return "other"
}

// Contains reports whether t is inside the window: Start <= t < End. The end is excluded so two
// back-to-back windows never both contain their shared edge.
func (w Window) Contains(t time.Time) bool { return !t.Before(w.Start) && t.Before(w.End) }

// Duration is End - Start (0 when End is not after Start).
func (w Window) Duration() time.Duration { return max(w.End.Sub(w.Start), 0) }

// Phase classifies w at now:
//
//   - completed (status "completed") is Recent when it ended within RecentHorizon, else Other;
//   - in_progress or verifying is Active whatever the clock says: the upstream knows the work is
//     still going (a window that overruns its scheduled end stays active);
//   - otherwise by time: Active while Contains(now), Upcoming when it starts within UpcomingHorizon
//     (exactly 14 days ahead included), Recent when it ended within RecentHorizon (exactly 7 days
//     ago included).
func (w Window) Phase(now time.Time) Phase {
	switch w.Status {
	case "completed":
		if !w.End.After(now) && now.Sub(w.End) <= RecentHorizon {
			return Recent
		}
		if w.End.After(now) && !w.Start.After(now) {
			return Recent // completed early: the work is over though the slot is not
		}
		return Other
	case "in_progress", "verifying":
		return Active
	}
	switch {
	case w.Contains(now):
		return Active
	case w.Start.After(now):
		if w.Start.Sub(now) <= UpcomingHorizon {
			return Upcoming
		}
	case !w.End.After(now):
		if now.Sub(w.End) <= RecentHorizon {
			return Recent
		}
	}
	return Other
}

// Board is the windows sorted into the Maintenance tab's three lists.
type Board struct {
	Active   []Window `json:"active"`
	Upcoming []Window `json:"upcoming"`
	Recent   []Window `json:"recent"`
}

// Classify sorts windows into a Board at now: active by end (soonest first), upcoming by start
// (soonest first), recent by end (latest first). Windows with the same source and id are kept once.
func Classify(windows []Window, now time.Time) Board {
	var b Board
	seen := map[string]bool{}
	for _, w := range windows {
		k := w.Source + "\x00" + w.ID
		if w.ID != "" && seen[k] {
			continue
		}
		seen[k] = true
		switch w.Phase(now) {
		case Active:
			b.Active = append(b.Active, w)
		case Upcoming:
			b.Upcoming = append(b.Upcoming, w)
		case Recent:
			b.Recent = append(b.Recent, w)
		}
	}
	sort.SliceStable(b.Active, func(i, j int) bool { return b.Active[i].End.Before(b.Active[j].End) })
	sort.SliceStable(b.Upcoming, func(i, j int) bool { return b.Upcoming[i].Start.Before(b.Upcoming[j].Start) })
	sort.SliceStable(b.Recent, func(i, j int) bool { return b.Recent[i].End.After(b.Recent[j].End) })
	return b
}

// Inside reports whether t falls inside any window (Start <= t < End) and returns the first such
// window in the given order. It looks only at the times, not the status, so the SLO tab can take
// published windows out of an uptime figure for any moment of the past (seeds 000 and 001).
func Inside(windows []Window, t time.Time) (Window, bool) {
	for _, w := range windows {
		if w.Contains(t) {
			return w, true
		}
	}
	return Window{}, false
}

// Banner returns the text of the banner every tab shows while a window is active, and false when
// none is. Seed 001 asks for a meaningful message to users during maintenance; the console says the
// same to its operator: which window, until when (in loc) and how many more are running.
func Banner(windows []Window, now time.Time, loc *time.Location) (string, bool) {
	b := Classify(windows, now)
	if len(b.Active) == 0 {
		return "", false
	}
	w := b.Active[0]
	s := "MAINTENANCE in progress: " + w.Name
	if w.End.After(now) {
		s += " until " + w.End.In(loc).Format("15:04 MST")
	} else {
		s += " (past its scheduled end " + w.End.In(loc).Format("15:04 MST") + ")"
	}
	if n := len(b.Active) - 1; n > 0 {
		s += " (+" + strconv.Itoa(n) + " more)"
	}
	return s, true
}
