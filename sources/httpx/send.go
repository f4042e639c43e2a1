package httpx

import (
	"context"

	"github.com/opsdeck/opsdeck/models/action"
)

// This file belongs to the actions work: how an idempotent request that changes something upstream
// (a page: its dedup key or alias makes a second send update the same alert) is sent and retried.

// Idempotent describes an idempotent send for SendIdempotent.
type Idempotent struct {
	Action  action.Kind
	Retries int      // sends again after a timeout, a 5xx, a 429 or an unreadable answer
	Secrets []Secret // redacted from every error (an upstream may quote a key back in a 400)
	// NotDone is the failure's Done when nothing took effect ("no alert was created"); MaybeDone when
	// it may have ("the alert may have been created; paging again with the same alias cannot page
	// twice").
	NotDone, MaybeDone string
}

// SendIdempotent sends a request that is safe to repeat: send makes one attempt (request, status
// check, decode). A failure that may be passing or may have taken effect is sent again, up to
// p.Retries times, after its Retry-After or a backoff; any other failure, or ctx ending, stops.
// It returns how many attempts were made and, on failure, an *action.Failure at step "send" whose
// error holds no secret, marked Uncertain when the request may have taken effect.
func SendIdempotent(ctx context.Context, p Idempotent, send func(context.Context) error) (attempts int, err error) {
	for {
		attempts++
		err = scrub(send(ctx), p.Secrets)
		if err == nil {
			return attempts, nil
		}
		if attempts > p.Retries || !(Retryable(err) || MayHaveApplied(err)) {
			break
		}
		if Wait(ctx, Backoff(err, attempts-1)) != nil {
			break
		}
	}
	f := &action.Failure{Action: p.Action, Step: "send", Err: err, Done: p.NotDone}
	if MayHaveApplied(err) {
		f.Uncertain, f.Done = true, p.MaybeDone
	}
	return attempts, f
}

// scrub keeps secrets out of an error's detail (the upstream's words).
func scrub(err error, secrets []Secret) error {
	if he, ok := err.(*Error); ok {
		c := *he
		c.Detail = Redact(c.Detail, secrets...)
		return &c
	}
	return err
}
