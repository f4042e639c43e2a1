package bus

import (
	"time"

	"github.com/opsdeck/opsdeck/models/slo"
)

// SLOMsg is published by the SLOs tab after every measuring round that produced reports: every SLO's
// report, worst remaining budget first (slo.Sort), each with its inputs.
type SLOMsg struct {
	Env     string
	Reports []slo.Report
	At      time.Time
}
