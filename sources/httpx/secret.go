// Package httpx holds what every opsdeck HTTP client shares: how a client is built from an endpoint,
// how secrets are kept out of output, and how transport and status failures become errors a person
// on call can read.
package httpx

import (
	"strings"
)

// Secret is a credential read from the environment, a file or a command. Its String and GoString
// methods never reveal it, so a Secret printed by mistake (in a log, an error, %v or %#v) shows
// "[redacted]".
type Secret struct{ v string }

// NewSecret wraps a credential value. Surrounding whitespace (a newline from a file or a
// command's output) is trimmed.
func NewSecret(v string) Secret { return Secret{v: strings.TrimSpace(v)} }

// Reveal returns the credential for the one place that sends it: an HTTP header or body.
func (s Secret) Reveal() string { return s.v }

// IsZero reports whether no credential is set.
func (s Secret) IsZero() bool { return s.v == "" }

// String implements fmt.Stringer without revealing the secret.
func (s Secret) String() string {
	if s.v == "" {
		return ""
	}
	return "[redacted]"
}

// GoString implements fmt.GoStringer without revealing the secret.
func (s Secret) GoString() string { return s.String() }

// MarshalText keeps secrets out of JSON and TOML encodings.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Redact replaces every occurrence of the given secrets in s with "[redacted]". Errors that quote an
// upstream's body or a URL pass through it before they are shown.
func Redact(s string, secrets ...Secret) string {
	for _, sec := range secrets {
		if len(sec.v) >= 4 {
			s = strings.ReplaceAll(s, sec.v, "[redacted]")
		}
	}
	return s
}
