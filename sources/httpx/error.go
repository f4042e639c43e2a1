package httpx

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Kind says what went wrong in a request, for programs (the status bar counts, backoff) and tests.
type Kind int

// The kinds of failure a source can report.
const (
	KindOther       Kind = iota
	KindTimeout          // no complete answer within the timeout
	KindRefused          // nothing listening, or the connection was reset
	KindDNS              // the host name does not resolve
	KindTLS              // certificate or handshake failure
	KindStatus           // the upstream answered with a non-success status
	KindRateLimited      // 429 or Statuspage's 420
	KindAuth             // 401 or 403
	KindDecode           // the body was not what the API documents
	KindTooLarge         // the body exceeded the size cap
	KindRedirect         // a redirect, which opsdeck never follows
)

// Error is a failed call to an upstream. Its message is written for a person on call and never holds
// a secret: the URL is shown without its query string or user info.
type Error struct {
	Source     string        // the upstream, as named in the config ("statuspage")
	Op         string        // "GET /pages/x/incidents"
	Kind       Kind          // what went wrong
	Status     int           // HTTP status, when the upstream answered
	RetryAfter time.Duration // from Retry-After or a rate-limit reset header, when given
	Detail     string        // the upstream's own message, trimmed and redacted
	Err        error         // the underlying error, if any
}

// Error implements error.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Source != "" {
		b.WriteString(e.Source)
		b.WriteString(": ")
	}
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	b.WriteString(e.Summary())
	return b.String()
}

// Summary is the short human phrase for the failure, without source and operation, as the status bar
// and the tabs show it.
func (e *Error) Summary() string {
	var s string
	switch e.Kind {
	case KindTimeout:
		s = "timed out"
	case KindRefused:
		s = "connection refused"
	case KindDNS:
		s = "host name does not resolve"
	case KindTLS:
		s = "TLS certificate not trusted"
		if e.Err != nil && !errors.As(e.Err, new(x509.UnknownAuthorityError)) && !errors.As(e.Err, new(x509.HostnameError)) {
			s = "TLS handshake failed"
		}
	case KindRateLimited:
		s = fmt.Sprintf("rate limited (HTTP %d)", e.Status)
		if e.RetryAfter > 0 {
			s += ", retry after " + e.RetryAfter.Round(time.Second).String()
		}
	case KindAuth:
		s = fmt.Sprintf("HTTP %d: credentials refused", e.Status)
	case KindStatus:
		s = fmt.Sprintf("HTTP %d", e.Status)
		if t := statusText(e.Status); t != "" {
			s += " " + t
		}
	case KindDecode:
		s = "unreadable answer"
	case KindTooLarge:
		s = "answer too large"
	case KindRedirect:
		s = fmt.Sprintf("HTTP %d redirect (not followed)", e.Status)
	default:
		s = "request failed"
		if e.Err != nil {
			s = e.Err.Error()
		}
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

func statusText(code int) string {
	switch code {
	case 400:
		return "bad request"
	case 404:
		return "not found"
	case 409:
		return "conflict"
	case 422:
		return "unprocessable"
	case 500:
		return "server error"
	case 502:
		return "bad gateway"
	case 503:
		return "service unavailable"
	case 504:
		return "gateway timeout"
	}
	return ""
}

// RetryAfter returns how long the upstream asked us to wait, if err carries such a hint.
func RetryAfter(err error) (time.Duration, bool) {
	var e *Error
	if errors.As(err, &e) && e.RetryAfter > 0 {
		return e.RetryAfter, true
	}
	return 0, false
}

// KindOf returns the kind of err, KindOther when it is not an *Error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindOther
}

// Human returns err's message in words for a person: for an *Error its Summary (the tab already
// names the source), for other errors their text.
func Human(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Summary()
	}
	return err.Error()
}

// ParseRetryAfter reads a Retry-After header: delay seconds or an HTTP date. now is used for dates.
func ParseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseFloat(v, 64); err == nil && n >= 0 {
		return time.Duration(n * float64(time.Second))
	}
	if t, err := time.Parse(time.RFC1123, v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// isTimeout reports whether err is a deadline or a network timeout.
func isTimeout(err error) bool {
	var nerr net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &nerr) && nerr.Timeout()
}

// classify turns a transport error (no HTTP answer) into an *Error.
func classify(source, op string, err error) *Error {
	e := &Error{Source: source, Op: op, Err: stripURL(err)}
	var nerr net.Error
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var recErr tls.RecordHeaderError
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &nerr) && nerr.Timeout():
		e.Kind = KindTimeout
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET):
		e.Kind = KindRefused
	case errors.As(err, &dnsErr):
		e.Kind = KindDNS
	case errors.As(err, &certErr), errors.As(err, &unknownCA), errors.As(err, &hostErr), errors.As(err, &recErr),
		strings.Contains(err.Error(), "tls:"), strings.Contains(err.Error(), "x509:"):
		e.Kind = KindTLS
	case errors.Is(err, errTooLarge):
		e.Kind = KindTooLarge
	case errors.Is(err, context.Canceled):
		e.Kind = KindOther
		e.Err = context.Canceled
	}
	return e
}

// stripURL removes the URL (which may carry a query-string token) from a *url.Error.
func stripURL(err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return uerr.Err
	}
	return err
}
