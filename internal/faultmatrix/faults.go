// Package faultmatrix is the shared fault table of opsdeck's proof work (issue 9): every source is
// driven through the same failures (a hang, a refused connection, 500, 503, 429 and 420 with
// Retry-After, malformed JSON, a wrong content type, a truncated body, an oversized body, a slow
// drip, an untrusted certificate), injected with the simulator's fault injection, and must answer
// each with an error a person on call can read, without a secret, and recover on the next success.
// Tabs are driven through the same failures with Drive (tab.go).
package faultmatrix

import (
	"time"

	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/sim"
)

// Timeout is the per-request timeout every subject is built with in the matrix: long enough for a
// 17 MiB body over loopback under -race, far shorter than the simulator's drip (a byte every 200ms
// for 45 bytes), so a hang and a drip both end in a timeout.
const Timeout = 2 * time.Second

// CallTimeout bounds one call of a subject: it leaves room for a client's own retries, and is
// shorter than the 30s Retry-After of the rate-limit rows, so a client that honours Retry-After
// returns the rate-limit error instead of starting a wait it cannot finish.
const CallTimeout = 20 * time.Second

// Transport is a fault that cannot be served by the simulator: the client is pointed elsewhere.
type Transport int

// Transport faults.
const (
	NoTransport  Transport = iota
	Refused                // nothing listens on the port (later a proxy to the simulator does)
	UntrustedTLS           // an HTTPS server whose certificate no system root signed
)

// Fault is one row of the matrix.
type Fault struct {
	// Name names the subtest.
	Name string
	// Sim is injected on the subject's path prefix (Path is set by Run); zero for a Transport fault.
	Sim sim.Fault
	// Transport, when set, replaces the simulator's address in the subject's URLs.
	Transport Transport
	// Want is what a client reading JSON through httpx must make of it; a Subject overrides it
	// where its contract differs (a health probe reads the status only).
	Want Outcome
	// Timeout, when set, replaces Timeout for this row's client: the oversized body is 17 MiB,
	// which must arrive in time under -race on a busy machine for the size cap, not the clock, to
	// end the call.
	Timeout time.Duration
	// Once marks a fault that is served once (Sim.Times = 1): a client that retries after the
	// upstream's Retry-After recovers within the same call.
	Once bool
}

// Outcome is what a call must end with.
type Outcome struct {
	// OK is true when the call must succeed despite the fault.
	OK bool
	// Kind is the *httpx.Error kind, checked when the error carries one.
	Kind httpx.Kind
	// Words must all appear in the error text: the phrase a person reads.
	Words []string
	// AnyWords, when set, must have at least one member in the error text (for subjects whose
	// words depend on which request of a round failed first).
	AnyWords []string
}

// RetryAfterOnce is the Retry-After of the rows that rate-limit once: a retrying client must wait
// at least this long before its second attempt.
const RetryAfterOnce = 1

// Faults is the matrix: every failure of issue 9, in the words httpx gives them.
func Faults() []Fault {
	return []Fault{
		{Name: "hang", Sim: sim.Fault{Hang: true},
			Want: Outcome{Kind: httpx.KindTimeout, Words: []string{"timed out"}}},
		{Name: "refused", Transport: Refused,
			Want: Outcome{Kind: httpx.KindRefused, Words: []string{"connection refused"}}},
		{Name: "http_500", Sim: sim.Fault{Status: 500},
			Want: Outcome{Kind: httpx.KindStatus, Words: []string{"HTTP 500 server error"}}},
		{Name: "http_503", Sim: sim.Fault{Status: 503},
			Want: Outcome{Kind: httpx.KindStatus, Words: []string{"HTTP 503 service unavailable"}}},
		{Name: "http_429_retry_after", Sim: sim.Fault{Status: 429, RetryAfter: 30},
			Want: Outcome{Kind: httpx.KindRateLimited, Words: []string{"rate limited (HTTP 429)", "retry after 30s"}}},
		{Name: "http_420_retry_after", Sim: sim.Fault{Status: 420, RetryAfter: 30},
			Want: Outcome{Kind: httpx.KindRateLimited, Words: []string{"rate limited (HTTP 420)", "retry after 30s"}}},
		{Name: "http_429_once_then_ok", Sim: sim.Fault{Status: 429, RetryAfter: RetryAfterOnce, Times: 1}, Once: true,
			Want: Outcome{Kind: httpx.KindRateLimited, Words: []string{"rate limited (HTTP 429)", "retry after 1s"}}},
		{Name: "http_420_once_then_ok", Sim: sim.Fault{Status: 420, RetryAfter: RetryAfterOnce, Times: 1}, Once: true,
			Want: Outcome{Kind: httpx.KindRateLimited, Words: []string{"rate limited (HTTP 420)", "retry after 1s"}}},
		{Name: "malformed_json", Sim: sim.Fault{Malformed: true},
			Want: Outcome{Kind: httpx.KindDecode, Words: []string{"unreadable answer", "JSON"}}},
		{Name: "wrong_content_type", Sim: sim.Fault{ContentType: "text/html"},
			Want: Outcome{Kind: httpx.KindDecode, Words: []string{"expected JSON, got content type text/html"}}},
		{Name: "truncated_body", Sim: sim.Fault{Truncate: true},
			Want: Outcome{Kind: httpx.KindDecode, Words: []string{"unreadable answer", "ended early"}}},
		{Name: "oversized_body", Sim: sim.Fault{Oversize: true}, Timeout: 15 * time.Second,
			Want: Outcome{Kind: httpx.KindTooLarge, Words: []string{"answer too large"}}},
		{Name: "slow_drip", Sim: sim.Fault{Drip: true},
			Want: Outcome{Kind: httpx.KindTimeout, Words: []string{"timed out"}}},
		{Name: "tls_untrusted", Transport: UntrustedTLS,
			Want: Outcome{Kind: httpx.KindTLS, Words: []string{"TLS certificate not trusted"}}},
	}
}
