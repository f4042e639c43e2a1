package httpx_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/sources/httpx"
)

func TestSendIdempotent(t *testing.T) {
	key := httpx.NewSecret("ROUTINGKEY0123456789")
	p := httpx.Idempotent{Action: action.Page, Retries: 2, Secrets: []httpx.Secret{key},
		NotDone: "no alert was created", MaybeDone: "the alert may have been created; paging again cannot page twice"}
	fast := &httpx.Error{Kind: httpx.KindRateLimited, Status: 429, RetryAfter: time.Millisecond}
	tests := []struct {
		name      string
		answers   []error // one per attempt; the last repeats
		attempts  int
		failed    bool
		uncertain bool
	}{
		{"accepted at once", []error{nil}, 1, false, false},
		{"429 then accepted: sent again after Retry-After", []error{fast, nil}, 2, false, false},
		{"429 every time: gives up after the retries, nothing was done", []error{fast}, 3, true, false},
		{"500: may have taken effect, sent again with the same key", []error{
			&httpx.Error{Kind: httpx.KindStatus, Status: 500, RetryAfter: time.Millisecond}, nil}, 2, false, false},
		{"timeouts to the end: uncertain", []error{&httpx.Error{Kind: httpx.KindTimeout, RetryAfter: time.Millisecond}}, 3, true, true},
		{"400 quoting the key: not sent again, the key redacted", []error{
			&httpx.Error{Kind: httpx.KindStatus, Status: 400, Detail: "invalid routing_key ROUTINGKEY0123456789"}}, 1, true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := 0
			attempts, err := httpx.SendIdempotent(context.Background(), p, func(context.Context) error {
				e := tc.answers[min(n, len(tc.answers)-1)]
				n++
				return e
			})
			if attempts != tc.attempts || n != tc.attempts {
				t.Errorf("attempts = %d (sent %d), want %d", attempts, n, tc.attempts)
			}
			if (err != nil) != tc.failed {
				t.Fatalf("err = %v, want failed %v", err, tc.failed)
			}
			if err == nil {
				return
			}
			var f *action.Failure
			if !errors.As(err, &f) || f.Action != action.Page || f.Step != "send" || f.Uncertain != tc.uncertain {
				t.Fatalf("err = %#v, want a send failure, uncertain %v", err, tc.uncertain)
			}
			want := p.NotDone
			if tc.uncertain {
				want = p.MaybeDone
			}
			if f.Done != want {
				t.Errorf("Done = %q, want %q", f.Done, want)
			}
			if strings.Contains(err.Error(), key.Reveal()) {
				t.Errorf("the error holds the key: %v", err)
			}
		})
	}
}

func TestSendIdempotentStopsWithTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	attempts, err := httpx.SendIdempotent(ctx, httpx.Idempotent{Action: action.Page, Retries: 5}, func(context.Context) error {
		return &httpx.Error{Kind: httpx.KindStatus, Status: 503}
	})
	var f *action.Failure
	if attempts != 1 || !errors.As(err, &f) || !f.Uncertain {
		t.Errorf("canceled: %d attempts, %v; want one attempt and an uncertain failure (a 503 may have been applied)", attempts, err)
	}
}
