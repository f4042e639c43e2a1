package config

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/opsdeck/opsdeck/sources/httpx"
)

// Duration is a Go duration written as a string ("3s", "5m", "28d" is not Go syntax: use "672h" or
// days with a "d" suffix, which opsdeck accepts). A malformed value is kept and reported by validation
// with its line, instead of stopping the decode at the first mistake.
type Duration struct {
	time.Duration
	raw string
	err error
}

// UnmarshalText implements encoding.TextUnmarshaler. It never fails; see Duration.
func (d *Duration) UnmarshalText(b []byte) error {
	d.raw = string(b)
	d.Duration, d.err = ParseDuration(d.raw)
	return nil
}

// MarshalText implements encoding.TextMarshaler.
func (d Duration) MarshalText() ([]byte, error) {
	if d.raw != "" && d.err == nil {
		return []byte(d.raw), nil
	}
	return []byte(FormatDuration(d.Duration)), nil
}

// Or returns d, or def when d is unset.
func (d Duration) Or(def time.Duration) time.Duration {
	if d.Duration > 0 {
		return d.Duration
	}
	return def
}

// Dur makes a Duration from a time.Duration (for generated configs).
func Dur(d time.Duration) Duration { return Duration{Duration: d} }

// ParseDuration is time.ParseDuration plus a whole-day suffix: "28d", "3d".
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if n, ok := strings.CutSuffix(s, "d"); ok && n != "" && !strings.ContainsAny(n, "hmsun") {
		var days int
		if _, err := fmt.Sscanf(n, "%d", &days); err == nil && fmt.Sprint(days) == n && days >= 0 {
			return time.Duration(days) * 24 * time.Hour, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration (write it like \"30s\", \"5m\", \"2h\" or \"28d\")", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("%q is negative", s)
	}
	return d, nil
}

// FormatDuration writes d the way ParseDuration reads it, in days when it is a whole number of days.
func FormatDuration(d time.Duration) string {
	if d > 0 && d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	return d.String()
}

// Credentials say where a secret comes from. Exactly one of them may be set.
type Credentials struct {
	TokenEnv  string `toml:"token_env"`  // name of an environment variable holding the secret
	TokenFile string `toml:"token_file"` // a file whose content is the secret
	TokenCmd  string `toml:"token_cmd"`  // a shell command whose stdout is the secret
	Token     string `toml:"token"`      // the secret inline: works, but earns a warning
}

// IsSet reports whether any credential source is configured.
func (c Credentials) IsSet() bool {
	return c.TokenEnv != "" || c.TokenFile != "" || c.TokenCmd != "" || c.Token != ""
}

// Resolve reads the secret. Its errors say where it looked, never what it found.
func (c Credentials) Resolve() (httpx.Secret, error) {
	switch {
	case c.TokenEnv != "":
		v, ok := os.LookupEnv(c.TokenEnv)
		if !ok || strings.TrimSpace(v) == "" {
			return httpx.Secret{}, fmt.Errorf("environment variable %s is not set", c.TokenEnv)
		}
		return httpx.NewSecret(v), nil
	case c.TokenFile != "":
		b, err := os.ReadFile(expandHome(c.TokenFile))
		if err != nil {
			return httpx.Secret{}, fmt.Errorf("token_file: %v", pathErr(err))
		}
		return httpx.NewSecret(string(b)), nil
	case c.TokenCmd != "":
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, "/bin/sh", "-c", c.TokenCmd)
		cmd.Stderr = nil // the command's own messages could quote the secret
		out, err := cmd.Output()
		if err != nil {
			return httpx.Secret{}, fmt.Errorf("token_cmd failed: %v", exitText(err))
		}
		if strings.TrimSpace(string(out)) == "" {
			return httpx.Secret{}, fmt.Errorf("token_cmd printed nothing")
		}
		return httpx.NewSecret(string(out)), nil
	case c.Token != "":
		return httpx.NewSecret(c.Token), nil
	}
	return httpx.Secret{}, nil
}

func exitText(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return fmt.Sprintf("exit status %d", ee.ExitCode())
	}
	if err == context.DeadlineExceeded {
		return "timed out after 15s"
	}
	return err.Error()
}

func pathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return fmt.Errorf("%s: %v", pe.Path, pe.Err)
	}
	return err
}

func expandHome(p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if h, err := os.UserHomeDir(); err == nil {
			return h + "/" + rest
		}
	}
	return p
}

// Upstream is what every upstream section shares: where it is, how long to wait, how often to poll
// and how to authenticate.
type Upstream struct {
	BaseURL           string   `toml:"base_url"`
	Timeout           Duration `toml:"timeout"`
	Refresh           Duration `toml:"refresh"`
	Username          string   `toml:"username"` // for HTTP Basic auth (the secret is the password)
	AllowInsecureHTTP bool     `toml:"allow_insecure_http"`
	Credentials
}

// Enabled reports whether the section was configured at all.
func (u Upstream) Enabled() bool { return u.BaseURL != "" }

// Endpoint resolves the credentials and returns what httpx.New needs. scheme is the auth header
// scheme of the upstream ("Bearer", "OAuth", "Token token=", "GenieKey"); Basic is used instead when
// a username is set.
func (u Upstream) Endpoint(name, scheme string) (httpx.Endpoint, error) {
	sec, err := u.Resolve()
	if err != nil {
		return httpx.Endpoint{}, fmt.Errorf("%s: %w", name, err)
	}
	return httpx.Endpoint{
		Name: name, BaseURL: u.BaseURL, Timeout: u.Timeout.Duration,
		Auth: httpx.Auth{Scheme: scheme, Username: u.Username, Secret: sec},
	}, nil
}

// checkURL validates an absolute http(s) URL; plain http to a non-loopback host needs insecureOK
// (the seeds require HTTPS: 004 "Only serve content over HTTPS").
func checkURL(raw string, insecureOK bool) (msg string, warn bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Sprintf("%q is not an absolute http(s) URL", raw), false
	}
	if u.User != nil {
		return "the URL holds user info; put credentials in token_env, token_file or token_cmd", false
	}
	if u.Scheme == "http" && !httpx.IsLoopback(u.Host) && !insecureOK {
		return fmt.Sprintf("plain http:// to %s is refused (seeds require HTTPS); use https:// or set allow_insecure_http = true in this section", u.Hostname()), false
	}
	return "", false
}
