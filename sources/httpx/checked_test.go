package httpx_test

import (
	"context"
	"errors"
	"syscall"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/sources/httpx"
)

func TestMayHaveApplied(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"timeout after sending", &httpx.Error{Kind: httpx.KindTimeout}, true},
		{"connection reset", &httpx.Error{Kind: httpx.KindRefused, Err: syscall.ECONNRESET}, true},
		{"connection refused: never sent", &httpx.Error{Kind: httpx.KindRefused, Err: syscall.ECONNREFUSED}, false},
		{"500", &httpx.Error{Kind: httpx.KindStatus, Status: 500}, true},
		{"504", &httpx.Error{Kind: httpx.KindStatus, Status: 504}, true},
		{"422: refused", &httpx.Error{Kind: httpx.KindStatus, Status: 422}, false},
		{"429: refused", &httpx.Error{Kind: httpx.KindRateLimited, Status: 429}, false},
		{"401", &httpx.Error{Kind: httpx.KindAuth, Status: 401}, false},
		{"DNS", &httpx.Error{Kind: httpx.KindDNS}, false},
		{"unreadable 201", &httpx.Error{Kind: httpx.KindDecode, Status: 201}, true},
		{"canceled by the user", &httpx.Error{Kind: httpx.KindOther, Err: context.Canceled}, false},
	}
	for _, tt := range tests {
		if got := httpx.MayHaveApplied(tt.err); got != tt.want {
			t.Errorf("MayHaveApplied(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSendChecked(t *testing.T) {
	timeout := &httpx.Error{Kind: httpx.KindTimeout}
	refused := &httpx.Error{Kind: httpx.KindStatus, Status: 422}
	limited := &httpx.Error{Kind: httpx.KindRateLimited, Status: 429, RetryAfter: time.Millisecond}
	tests := []struct {
		name      string
		sends     []error // the answer of each send
		checks    []bool  // the answer of each check
		checkErr  error
		wantSends int
		wantFound bool
		wantErr   bool
		uncertain bool
	}{
		{"ok first time", []error{nil}, nil, nil, 1, false, false, false},
		{"refused: not retried, certain", []error{refused}, nil, nil, 1, false, true, false},
		{"timeout after the upstream accepted: check finds it, no second send", []error{timeout}, []bool{true}, nil, 1, true, false, false},
		{"timeout, check finds nothing, resend ok", []error{timeout, nil}, []bool{false}, nil, 2, false, false, false},
		{"timeout twice, nothing found: uncertain, no third send", []error{timeout, timeout}, []bool{false, false}, nil, 2, false, true, true},
		{"timeout, the check fails: uncertain, no resend", []error{timeout}, nil, errors.New("down"), 1, false, true, true},
		{"rate limited: waited and resent", []error{limited, nil}, nil, nil, 2, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sends, checks := 0, 0
			send := func(context.Context) (string, error) {
				sends++
				if sends > len(tt.sends) {
					t.Fatalf("send #%d not expected", sends)
				}
				if err := tt.sends[sends-1]; err != nil {
					return "", err
				}
				return "sent", nil
			}
			check := func(context.Context) (string, bool, error) {
				checks++
				if tt.checkErr != nil {
					return "", false, tt.checkErr
				}
				return "found", tt.checks[checks-1], nil
			}
			got := httpx.SendChecked(context.Background(), httpx.CheckedPolicy{Settle: -1}, send, check)
			if sends != tt.wantSends || got.Attempts != tt.wantSends {
				t.Errorf("sent %d times (Attempts %d), want %d", sends, got.Attempts, tt.wantSends)
			}
			if got.Found != tt.wantFound || (got.Err != nil) != tt.wantErr || got.Uncertain != tt.uncertain {
				t.Errorf("SendChecked = found %v, err %v, uncertain %v; want found %v, err %v, uncertain %v",
					got.Found, got.Err, got.Uncertain, tt.wantFound, tt.wantErr, tt.uncertain)
			}
		})
	}
}
