// Package audit is opsdeck's append-only audit log: one JSON line per action, in a file only its
// owner can read, synced to disk before the action is reported done.
package audit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/sources/httpx"
)

// FileName is the log's name inside the state directory.
const FileName = "audit.jsonl"

// DefaultPath is $XDG_STATE_HOME/opsdeck/audit.jsonl, or ~/.local/state/opsdeck/audit.jsonl when
// XDG_STATE_HOME is unset or not absolute (as the XDG base directory spec says to ignore it then).
func DefaultPath() (string, error) {
	if x := os.Getenv("XDG_STATE_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "opsdeck", FileName), nil
	}
	h, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("audit log: no XDG_STATE_HOME and no home directory: %w", err)
	}
	return filepath.Join(h, ".local", "state", "opsdeck", FileName), nil
}

// Log appends entries to one file. It is safe for concurrent use; several opsdeck processes may
// append to the same file (each entry is one write to a file opened with O_APPEND).
type Log struct {
	path    string
	secrets []httpx.Secret
	mu      sync.Mutex
}

// Open returns the log at path. It creates nothing until the first entry. secrets are the
// credentials of the environment: any of them found in an entry (an upstream echoing a key in an
// error, say) is replaced by [redacted] before the line is written.
func Open(path string, secrets ...httpx.Secret) *Log {
	l := &Log{path: path}
	l.Redact(secrets...)
	return l
}

// Redact adds secrets to redact from every later entry: the credentials of a client built after
// the log was opened, as that client resolved them. Zero secrets are ignored.
func (l *Log) Redact(secrets ...httpx.Secret) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, s := range secrets {
		if !s.IsZero() {
			l.secrets = append(l.secrets, s)
		}
	}
}

// Path is where the log is.
func (l *Log) Path() string { return l.path }

// Append writes e as one JSON line and syncs it to disk. The directory is created 0700 and the file
// 0600; a file found readable by others is narrowed to 0600 first. An entry is never rewritten.
func (l *Log) Append(e action.Entry) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	e = l.redact(e)
	line, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	line = append(line, '\n')
	if err := os.MkdirAll(filepath.Dir(l.path), 0o700); err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Mode().Perm() != 0o600 {
		if err := f.Chmod(0o600); err != nil {
			return fmt.Errorf("audit log: %s is mode %v and cannot be narrowed to 0600: %w", l.path, st.Mode().Perm(), err)
		}
	}
	if _, err := f.Write(line); err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("audit log: sync: %w", err)
	}
	return f.Close()
}

func (l *Log) redact(e action.Entry) action.Entry {
	for _, p := range []*string{&e.User, &e.Host, &e.Env, &e.Target, &e.Summary, &e.DedupKey, &e.RequestID, &e.Detail} {
		*p = httpx.Redact(*p, l.secrets...)
	}
	return e
}

// Read returns every entry of the log at path, oldest first. A missing file is an empty log. A line
// that is not an entry (a write cut short by a crash) is skipped and counted in bad.
func Read(path string) (entries []action.Entry, bad int, err error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("audit log: %w", err)
	}
	defer f.Close()
	return read(f)
}

func read(r io.Reader) ([]action.Entry, int, error) {
	var out []action.Entry
	bad := 0
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var e action.Entry
		if err := json.Unmarshal(line, &e); err != nil || e.Action == "" {
			bad++
			continue
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return out, bad, fmt.Errorf("audit log: %w", err)
	}
	return out, bad, nil
}
