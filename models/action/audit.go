package action

import "time"

// Result is how an action ended, as the audit log records it.
type Result string

// The results an audit entry can record.
const (
	ResultOK       Result = "ok"       // the upstream accepted it
	ResultExisting Result = "existing" // the same thing already existed; nothing was created
	ResultFailed   Result = "failed"   // the upstream refused it or could not be reached
	ResultUnknown  Result = "unknown"  // sent, but whether it took effect could not be confirmed
	ResultDryRun   Result = "dry-run"  // shown, not sent
	ResultRefused  Result = "refused"  // read-only mode or a missing confirmation: nothing was sent
	ResultCanceled Result = "canceled" // the person backed out at the confirmation
)

// Entry is one line of the audit log: who did what, where, to what, and how it ended. It has no
// field for a request body or a credential, so neither can be written.
type Entry struct {
	Time      time.Time `json:"time"`
	User      string    `json:"user"`
	Host      string    `json:"host"`
	Env       string    `json:"env"`
	Action    Kind      `json:"action"`
	Target    string    `json:"target"`
	Summary   string    `json:"summary,omitempty"`
	DedupKey  string    `json:"dedup_key,omitempty"`
	RequestID string    `json:"request_id,omitempty"` // the upstream's id of what was done or of the request
	Result    Result    `json:"result"`
	Detail    string    `json:"detail,omitempty"` // the error or the outcome, in words
}

// NewEntry starts an entry for a plan; the caller fills in the result.
func NewEntry(p Plan, at time.Time, user, host string) Entry {
	return Entry{Time: at.UTC(), User: user, Host: host, Env: p.Env, Action: p.Action, Target: p.Target,
		Summary: p.Summary, DedupKey: p.DedupKey}
}
