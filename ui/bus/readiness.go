package bus

import (
	"time"

	"github.com/opsdeck/opsdeck/models/readiness"
)

// ReadinessMsg is published by the Readiness tab whenever its answers or its live evidence change:
// progress over the whole checklist, the pipeline verdict and every rule's evidence.
type ReadinessMsg struct {
	Env      string
	Progress readiness.Progress // over the whole checklist
	Failing  int                // required items answered fail (or passed without a note over failing evidence)
	Open     int                // required items not answered
	Evidence map[readiness.Rule]readiness.Evidence
	At       time.Time
}
