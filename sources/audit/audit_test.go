package audit_test

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/sources/audit"
	"github.com/opsdeck/opsdeck/sources/httpx"
)

var at = time.Date(2026, 5, 7, 3, 0, 0, 0, time.UTC)

func entry(k action.Kind, res action.Result) action.Entry {
	return action.Entry{Time: at, User: "ana", Host: "bastion", Env: "prod", Action: k, Target: "checkout",
		RequestID: "req-1", Result: res}
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", "/var/state")
	if got, _ := audit.DefaultPath(); got != "/var/state/opsdeck/audit.jsonl" {
		t.Errorf("DefaultPath with XDG_STATE_HOME = %q", got)
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, x := range []string{"", "relative/dir"} {
		t.Setenv("XDG_STATE_HOME", x)
		if got, _ := audit.DefaultPath(); got != filepath.Join(home, ".local/state/opsdeck/audit.jsonl") {
			t.Errorf("DefaultPath with XDG_STATE_HOME=%q = %q, want the ~/.local/state fallback", x, got)
		}
	}
}

func TestAppendAndRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "opsdeck", audit.FileName)
	l := audit.Open(path)
	want := []action.Entry{entry(action.DeclareMaintenance, action.ResultOK), entry(action.Page, action.ResultExisting)}
	for _, e := range want {
		if err := l.Append(e); err != nil {
			t.Fatalf("Append: %v", err)
		}
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("audit file mode = %v, want 0600", st.Mode().Perm())
	}
	dst, _ := os.Stat(filepath.Dir(path))
	if dst.Mode().Perm() != 0o700 {
		t.Errorf("audit dir mode = %v, want 0700", dst.Mode().Perm())
	}
	raw, _ := os.ReadFile(path)
	if n := strings.Count(string(raw), "\n"); n != 2 {
		t.Errorf("audit file has %d lines, want 2 (one JSON line per entry):\n%s", n, raw)
	}
	got, bad, err := audit.Read(path)
	if err != nil || bad != 0 {
		t.Fatalf("Read = %v, bad %d", err, bad)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Read (-want +got):\n%s", diff)
	}
}

func TestAppendOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), audit.FileName)
	if err := audit.Open(path).Append(entry(action.Rollback, action.ResultOK)); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	// a second process (a second Log on the same file) appends; the first line stays as it was
	if err := audit.Open(path).Append(entry(action.RollForward, action.ResultFailed)); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(after), string(before)) || len(after) <= len(before) {
		t.Errorf("second Append rewrote the log:\nbefore %q\nafter  %q", before, after)
	}
}

func TestAppendNarrowsMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), audit.FileName)
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := audit.Open(path).Append(entry(action.Page, action.ResultOK)); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode after Append = %v, want 0600", st.Mode().Perm())
	}
}

func TestNoSecretWritten(t *testing.T) {
	path := filepath.Join(t.TempDir(), audit.FileName)
	key := httpx.NewSecret("R0UTINGKEY0123456789abcdef")
	l := audit.Open(path, key)
	e := entry(action.Page, action.ResultFailed)
	e.Detail = "pagerduty: HTTP 400: invalid routing_key R0UTINGKEY0123456789abcdef"
	e.Summary = "page with R0UTINGKEY0123456789abcdef"
	if err := l.Append(e); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	if strings.Contains(string(raw), key.Reveal()) {
		t.Errorf("audit line holds the secret:\n%s", raw)
	}
	if !strings.Contains(string(raw), "invalid routing_key [redacted]") {
		t.Errorf("audit line lost the error around the secret:\n%s", raw)
	}
}

// A secret a client resolved after the log was opened (a token_cmd's output, say) is redacted from
// every later entry.
func TestRedactAddsSecrets(t *testing.T) {
	path := filepath.Join(t.TempDir(), audit.FileName)
	l := audit.Open(path)
	key := httpx.NewSecret("CMDOUTPUTKEY0123456789")
	l.Redact(key, httpx.Secret{})
	e := entry(action.Rollback, action.ResultFailed)
	e.Detail = "heroku: HTTP 401: token CMDOUTPUTKEY0123456789 is not valid"
	if err := l.Append(e); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	if strings.Contains(string(raw), key.Reveal()) || !strings.Contains(string(raw), "token [redacted] is not valid") {
		t.Errorf("audit line:\n%s\nwant the secret added after Open redacted", raw)
	}
}

func TestReadTolerant(t *testing.T) {
	path := filepath.Join(t.TempDir(), audit.FileName)
	if got, bad, err := audit.Read(path); err != nil || bad != 0 || got != nil {
		t.Errorf("Read(missing) = %v, %d, %v; want an empty log", got, bad, err)
	}
	if err := audit.Open(path).Append(entry(action.Page, action.ResultOK)); err != nil {
		t.Fatal(err)
	}
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("\n{\"time\":\"2026-05-07T03:0") // a crash cut this write short
	f.Close()
	got, bad, err := audit.Read(path)
	if err != nil || len(got) != 1 || bad != 1 {
		t.Errorf("Read(truncated) = %d entries, %d bad, %v; want 1, 1, nil", len(got), bad, err)
	}
}

func TestConcurrentAppend(t *testing.T) {
	path := filepath.Join(t.TempDir(), audit.FileName)
	l := audit.Open(path)
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := l.Append(entry(action.Page, action.ResultOK)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	got, bad, err := audit.Read(path)
	if err != nil || bad != 0 || len(got) != 20 {
		t.Errorf("after 20 concurrent appends Read = %d entries, %d bad, %v", len(got), bad, err)
	}
}
