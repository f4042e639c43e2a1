package bus

import (
	"time"

	"github.com/opsdeck/opsdeck/models/action"
)

// ActionMsg is published when an action ends: sent (whatever the result), refused by read-only
// mode, or canceled at the confirmation. The Maintenance tab refreshes after a declaration, the
// readiness checklist takes a test page as evidence that paging works.
type ActionMsg struct {
	Env       string
	Kind      action.Kind
	Target    string
	Result    action.Result
	RequestID string
	Detail    string
	At        time.Time
}
