package bus

import (
	"time"

	"github.com/opsdeck/opsdeck/models/maintenance"
)

// MaintenanceMsg is published by the Maintenance tab after every refresh of a source: every window
// it knows (the status page's, the platform's and the config's), so the SLOs tab measures uptime
// outside them (seeds 000 and 001) and the Readiness tab compares declared with published windows.
type MaintenanceMsg struct {
	Env string
	// Windows is every known window, whatever its phase.
	Windows []maintenance.Window
	// Published is the windows read from the app's own status page (Source "statuspage").
	Published []maintenance.Window
	// Declared is the windows from the config (Source "config").
	Declared []maintenance.Window
	// Err is the status page's last error ("" when it was read), so "not published" and "could not
	// read" are told apart.
	Err string
	At  time.Time
}

// MaintenanceWindows returns the environment and every known window (the SLOs tab's WindowsMsg).
func (m MaintenanceMsg) MaintenanceWindows() (string, []maintenance.Window) { return m.Env, m.Windows }
