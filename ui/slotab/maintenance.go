package slotab

import (
	tea "charm.land/bubbletea/v2"

	"github.com/opsdeck/opsdeck/models/maintenance"
	"github.com/opsdeck/opsdeck/models/slo"
	"github.com/opsdeck/opsdeck/ui"
)

// WindowsMsg is what the SLOs tab needs from a message that carries the published maintenance windows
// (the Maintenance tab's bus message implements it): the environment and every window known, config
// ones included. Its windows replace the config's, and uptime is measured outside them (seeds 000,
// 001).
type WindowsMsg interface {
	MaintenanceWindows() (env string, windows []maintenance.Window)
}

// onWindows takes newly published maintenance windows in. When they change what is excluded, the
// SLOs are measured again (the events inside each window are counted by queries of their own), now or
// right after the round in flight.
func (m *Model) onWindows(msg WindowsMsg) tea.Cmd {
	env, ws := msg.MaintenanceWindows()
	if env != m.sh.Env {
		return nil
	}
	ivs := make([]slo.Interval, 0, len(ws))
	for _, w := range ws {
		if w.End.After(w.Start) {
			ivs = append(ivs, slo.Interval{Start: w.Start, End: w.End, Name: w.Name})
		}
	}
	if sameIntervals(ivs, m.maint) {
		return nil
	}
	m.maint = ivs
	if m.busy {
		m.remeasure = true
		return nil
	}
	m.gen = ui.NewGen()
	m.busy = true
	return m.measureCmd()
}

func sameIntervals(a, b []slo.Interval) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Start.Equal(b[i].Start) || !a[i].End.Equal(b[i].End) || a[i].Name != b[i].Name {
			return false
		}
	}
	return true
}
