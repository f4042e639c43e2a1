// Package action describes what opsdeck does to the outside world: the plan of a request (shown
// before it is sent), the keys that keep a retry or a second press from doing it twice, the
// severity a page carries, and the audit entry every action leaves.
package action

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Kind names an action, as the audit log and the bindings name it.
type Kind string

// The actions opsdeck can take.
const (
	DeclareMaintenance Kind = "maintenance.declare"
	CancelMaintenance  Kind = "maintenance.cancel" // the undo of DeclareMaintenance
	Rollback           Kind = "rollback"
	RollForward        Kind = "rollforward" // the undo of Rollback
	Page               Kind = "page"
	TestPage           Kind = "page.test" // the readiness checklist's "send test page"
)

// Redacted replaces a secret wherever a plan shows one (PagerDuty's routing key travels in the body).
const Redacted = "[redacted]"

// Header is one request header as the preview shows it.
type Header struct {
	Name, Value string // Value is Redacted for credentials
}

// Plan is a request opsdeck is about to send, complete enough to show a person exactly what will
// happen and never holding a secret: the source that sends it puts the credential in at the last
// moment.
type Plan struct {
	Action   Kind
	Target   string // what it acts on: the page, the app, the deployment, the pager service
	Env      string // the environment from the config
	Method   string
	URL      string   // absolute, without query secrets
	Headers  []Header // the headers that matter to the reader (auth shown redacted)
	Body     []byte   // JSON, with every secret already replaced by Redacted
	Summary  string   // one line for people: "Declare maintenance "DB upgrade" 03:00-05:00 UTC"
	DedupKey string   // the key that makes a repeat update instead of duplicate, when there is one
	// Idempotent is true when sending the plan twice has the effect of sending it once (a dedup key,
	// a JSON patch to a fixed value). Other plans are re-sent only after checking upstream.
	Idempotent bool
}

// Request is the plan as a person reads it: the request line, the headers and the body indented.
func (p Plan) Request() string {
	var b strings.Builder
	b.WriteString(p.Method)
	b.WriteByte(' ')
	b.WriteString(p.URL)
	b.WriteByte('\n')
	for _, h := range p.Headers {
		b.WriteString(h.Name)
		b.WriteString(": ")
		b.WriteString(h.Value)
		b.WriteByte('\n')
	}
	if len(p.Body) > 0 {
		b.WriteByte('\n')
		var out bytes.Buffer
		if json.Indent(&out, p.Body, "", "  ") == nil {
			b.Write(out.Bytes())
		} else {
			b.Write(p.Body)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// JSONBody marshals v for a plan's Body. It panics only on a value that cannot be JSON (a
// programming error: plans are built from plain structs).
func JSONBody(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("action: plan body is not JSON: " + err.Error())
	}
	return b
}

// Outcome is what a sent action did upstream.
type Outcome struct {
	Result    Result // ResultOK, or ResultExisting when the thing was already there
	RequestID string // the upstream's id for what was done (incident id, release id, request id)
	Detail    string // in words: "created v43", "found v43, made by the request that timed out"
	Attempts  int    // requests that changed something or may have (1, or 2 after a checked retry)
}

// Failure is an action that did not complete: which step failed and what was, or was not, done
// upstream, so the person on call knows whether to try again.
type Failure struct {
	Action Kind
	Step   string // "send", "check for an earlier attempt", "wait for the rollout"...
	Done   string // "nothing was created", "release v43 was created but failed"...
	// Uncertain is true when the request may have taken effect and a check could not tell.
	Uncertain bool
	Err       error
}

// Error implements error: "rollback: send failed: heroku: POST /apps/x/releases: HTTP 422...; nothing was changed".
func (f *Failure) Error() string {
	s := f.Action.Word() + ": " + f.Step + " failed"
	if f.Err != nil {
		s += ": " + f.Err.Error()
	}
	if f.Done != "" {
		s += "; " + f.Done
	}
	return s
}

// Unwrap returns the underlying error.
func (f *Failure) Unwrap() error { return f.Err }

// Result is ResultUnknown for an uncertain failure and ResultFailed otherwise.
func (f *Failure) Result() Result {
	if f.Uncertain {
		return ResultUnknown
	}
	return ResultFailed
}
