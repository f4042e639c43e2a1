package readinessfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opsdeck/opsdeck/models/readiness"
)

// An interrupted save loses nothing: when the disk fails mid-save, the old file is untouched and no
// temporary file is left behind (issue 8 point 4).
func TestWriteFailureKeepsTheOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "readiness.toml")
	old := readiness.Sheet{Position: "sla.rto", Answers: map[string]readiness.Answer{"sla.rto": {Verdict: readiness.VerdictPass, Note: "8h"}}}
	if err := Write(path, old); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	syncFile = func(*os.File) error { return errors.New("input/output error") }
	t.Cleanup(func() { syncFile = (*os.File).Sync })
	err := Write(path, readiness.Sheet{Answers: map[string]readiness.Answer{}})
	if err == nil || !strings.Contains(err.Error(), "save "+path+": sync: input/output error") {
		t.Fatalf("Write() with a failing disk: %v", err)
	}
	after, _ := os.ReadFile(path)
	if string(after) != string(before) {
		t.Error("a failed save changed the file")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("%d entries left in the directory, want only the file", len(entries))
	}
}

// A directory that cannot be written to fails with the path named.
func TestWriteIntoMissingDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "readiness.toml")
	err := Write(path, readiness.Sheet{})
	if err == nil || !strings.Contains(err.Error(), "save "+path) || !strings.Contains(err.Error(), "no such file or directory") {
		t.Errorf("Write() = %v", err)
	}
}
