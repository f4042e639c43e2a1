// Package bus holds the messages tabs publish for one another: a tab that fetched something other
// tabs use (health results for the readiness evidence, maintenance windows for uptime) returns one of
// these as a command, and the root delivers it to every tab. Each domain has its own file.
package bus

import (
	"time"

	"github.com/opsdeck/opsdeck/models/health"
)

// HealthMsg is published by the Health tab after every probe round that produced results.
type HealthMsg struct {
	Env   string
	Board health.Board
	At    time.Time
}
