package httpx

import (
	"context"
	"errors"
	"syscall"
	"time"
)

// This file belongs to the actions work (issue 7): how a request that changes something upstream
// is sent, so that a timeout never turns into a blind second request.

// MayHaveApplied reports whether a failed request that changes something may nevertheless have
// taken effect upstream: a timeout, a connection reset after sending, a 5xx, an unreadable answer.
// A refused connection, a DNS or TLS failure, a 4xx and a rate limit mean nothing was done.
func MayHaveApplied(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return !errors.Is(err, context.Canceled)
	}
	switch e.Kind {
	case KindTimeout, KindDecode, KindTooLarge:
		return true
	case KindRefused:
		return !errors.Is(e.Err, syscall.ECONNREFUSED)
	case KindStatus:
		return e.Status >= 500
	case KindOther:
		return !errors.Is(e.Err, context.Canceled)
	}
	return false
}

// Checked is how a checked send ended.
type Checked[T any] struct {
	Value    T     // what send (or check) returned
	Attempts int   // how many times the request was sent
	Found    bool  // an earlier attempt had taken effect: check found it, nothing was sent again
	Err      error // the last error, nil on success
	// Uncertain is true when Err is set and a request may have taken effect anyway: the check
	// failed, or the retries ran out after ambiguous failures.
	Uncertain bool
}

// CheckedPolicy tunes SendChecked.
type CheckedPolicy struct {
	Resends int           // re-sends allowed after a check found nothing; 1 when zero, none when negative
	Settle  time.Duration // wait before checking, so a request still being processed can land; 1s when zero, none when negative
}

// SendChecked sends a request that is not idempotent. It is sent once. When it fails in a way
// that may have taken effect (MayHaveApplied), check is asked whether it did; only when check
// answers no is the request sent again. A rate-limited request was refused before anything
// happened, so it is sent again after Retry-After if ctx leaves time. check returns what the
// earlier attempt made, and whether it found it.
func SendChecked[T any](ctx context.Context, p CheckedPolicy, send func(context.Context) (T, error), check func(context.Context) (T, bool, error)) Checked[T] {
	resends := p.Resends
	if resends == 0 {
		resends = 1
	}
	settle := p.Settle
	if settle == 0 {
		settle = time.Second
	}
	var out Checked[T]
	limited, resent := 0, 0
	for {
		v, err := send(ctx)
		out.Attempts++
		if err == nil {
			out.Value, out.Err, out.Uncertain = v, nil, false
			return out
		}
		out.Err = err
		if KindOf(err) == KindRateLimited && limited < 2 {
			limited++
			if Wait(ctx, Backoff(err, limited-1)) == nil {
				continue
			}
		}
		if !MayHaveApplied(err) {
			return out // Uncertain stays true only if an earlier attempt was ambiguous
		}
		if settle > 0 {
			if Wait(ctx, settle) != nil {
				out.Uncertain = true
				return out
			}
		}
		cv, found, cerr := check(ctx)
		if cerr != nil {
			out.Uncertain = true
			out.Err = errors.Join(err, cerr)
			return out
		}
		if found {
			out.Value, out.Found, out.Err, out.Uncertain = cv, true, nil, false
			return out
		}
		out.Uncertain = true
		if resends <= 0 || resent >= resends {
			return out
		}
		resent++ // check says the earlier attempt left no trace: sending again cannot double it
	}
}
