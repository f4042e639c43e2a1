package action

import "fmt"

// Confirmation is what a person must do before an action is sent.
type Confirmation int

// The kinds of confirmation.
const (
	// ConfirmKey is one press of the confirm key, which is never the key that started the action
	// nor Enter.
	ConfirmKey Confirmation = iota
	// ConfirmTyped is typing the target's name (the app or deployment for a rollback).
	ConfirmTyped
)

// Policy is the safety setting of the environment an action runs in.
type Policy struct {
	ReadOnly bool   // refuse every action
	Why      string // where read-only comes from: "--readonly", "config readonly = true"...
	// TypedAll makes every action ask for the typed name (confirm_typed = true, for production).
	TypedAll bool
}

// ReadOnlyError is the refusal of an action in read-only mode. Nothing was sent.
type ReadOnlyError struct {
	Action Kind
	Why    string
}

// Error implements error.
func (e *ReadOnlyError) Error() string {
	s := fmt.Sprintf("read-only mode: %s refused, nothing was sent", e.Action.Word())
	if e.Why != "" {
		s += " (" + e.Why + ")"
	}
	return s
}

// Allow returns a *ReadOnlyError when the policy refuses k, and nil otherwise.
func (p Policy) Allow(k Kind) error {
	if p.ReadOnly {
		return &ReadOnlyError{Action: k, Why: p.Why}
	}
	return nil
}

// Confirmation says how k is confirmed: a rollback and a roll forward always by the typed name,
// everything else by the typed name only when the environment asks for it.
func (p Policy) Confirmation(k Kind) Confirmation {
	if p.TypedAll || k == Rollback || k == RollForward {
		return ConfirmTyped
	}
	return ConfirmKey
}

// Word is the action in words, as messages use it: "rollback", "declare maintenance".
func (k Kind) Word() string {
	switch k {
	case DeclareMaintenance:
		return "declare maintenance"
	case CancelMaintenance:
		return "cancel maintenance"
	case Rollback:
		return "rollback"
	case RollForward:
		return "roll forward"
	case Page:
		return "page"
	case TestPage:
		return "test page"
	}
	return string(k)
}
