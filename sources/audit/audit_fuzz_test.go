package audit_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/opsdeck/opsdeck/sources/audit"
)

// FuzzRead feeds arbitrary files to the audit log reader (`opsdeck audit`): it must never panic,
// and it must account for every non-blank line, as an entry or as a bad line.
func FuzzRead(f *testing.F) {
	f.Add([]byte(`{"time":"2026-11-23T03:00:00Z","user":"ana","host":"h","env":"prod","action":"declare maintenance","target":"page","request_id":"r","result":"ok"}` + "\n"))
	f.Add([]byte("\n\n{\"action\":\"\"}\nnot json\n{\"action\":\"page\",\"time\":\"yesterday\"}\r\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, src []byte) {
		p := filepath.Join(dir, "audit.jsonl")
		if err := os.WriteFile(p, src, 0o600); err != nil {
			t.Fatal(err)
		}
		entries, bad, err := audit.Read(p)
		if err != nil {
			return // a line over the reader's 1 MiB limit: reported, not a crash
		}
		lines := 0
		for _, l := range splitLines(src) {
			if len(bytes.TrimSpace(l)) > 0 { // as the reader trims: Unicode spaces too (testdata/fuzz/FuzzRead/1289ed30f7446bd6)
				lines++
			}
		}
		if len(entries)+bad != lines {
			t.Fatalf("%d entries and %d bad lines for %d non-blank lines", len(entries), bad, lines)
		}
	})
}

func splitLines(b []byte) [][]byte {
	var out [][]byte
	start := 0
	for i, c := range b {
		if c == '\n' {
			out = append(out, b[start:i])
			start = i + 1
		}
	}
	return append(out, b[start:])
}
