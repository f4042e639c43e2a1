package readinessfile

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/opsdeck/opsdeck/models/readiness"
)

// Encode renders the sheet as the answers file: a header saying what the file is, the position,
// then one table per answer in checklist order (answers to unknown IDs last), each preceded by the
// question as a comment so the file reads well in a review.
func Encode(s readiness.Sheet) []byte {
	var b bytes.Buffer
	b.WriteString("# Operational readiness answers, written by opsdeck (Readiness tab). Commit this file next to the app.\n")
	b.WriteString("# Each [answers.\"ID\"] holds verdict (\"pass\", \"fail\" or \"n/a\"), note (free text) and at (when answered).\n")
	b.WriteString("# Hand edits are fine: opsdeck reads them back and names the line of any mistake.\n")
	fmt.Fprintf(&b, "version = %d\n", Version)
	if s.Position != "" {
		fmt.Fprintf(&b, "position = %s\n", basicString(s.Position))
	}
	list := readiness.Checklist()
	section := ""
	for _, id := range s.IDs(list) {
		a := s.Answers[id]
		b.WriteString("\n")
		if it, ok := readiness.Find(id); ok {
			if it.Section != section {
				section = it.Section
				fmt.Fprintf(&b, "# --- %s\n\n", section)
			}
			fmt.Fprintf(&b, "# %s\n", oneLine(it.Question))
		} else if section != "?" {
			section = "?"
			b.WriteString("# --- Not in the checklist (kept as written)\n\n")
		}
		fmt.Fprintf(&b, "[answers.%s]\n", basicString(id))
		if a.Verdict != readiness.Unanswered {
			fmt.Fprintf(&b, "verdict = %s\n", basicString(string(a.Verdict)))
		}
		if a.Note != "" {
			fmt.Fprintf(&b, "note = %s\n", noteString(a.Note))
		}
		if !a.At.IsZero() {
			fmt.Fprintf(&b, "at = %s\n", a.At.UTC().Truncate(time.Second).Format(time.RFC3339))
		}
	}
	return b.Bytes()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// basicString quotes s as a TOML basic string.
func basicString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	escape(&b, s, false)
	b.WriteByte('"')
	return b.String()
}

// noteString quotes a note: a basic string on one line, a multi-line basic string when the note
// has line breaks, so notes stay readable in the file and in diffs.
func noteString(s string) string {
	if !strings.Contains(s, "\n") {
		return basicString(s)
	}
	var b strings.Builder
	b.WriteString("\"\"\"\n") // a newline right after the opening quotes is not part of the string
	escape(&b, s, true)
	b.WriteString("\"\"\"")
	return b.String()
}

func escape(b *strings.Builder, s string, multiline bool) {
	s = strings.ToValidUTF8(s, string(utf8.RuneError))
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '"':
			b.WriteString(`\"`)
		case r == '\n' && multiline:
			b.WriteByte('\n')
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t' && multiline:
			b.WriteByte('\t')
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
}

// Write saves the sheet to path atomically: it writes a temporary file in the same directory,
// fsyncs it, renames it over path and fsyncs the directory, so a crash or a full disk leaves either
// the old file or the new one, never half of each. The file keeps its permissions (0644 when new);
// a symbolic link is followed and its target replaced.
func Write(path string, s readiness.Sheet) error {
	return writeAtomic(path, Encode(s))
}

// syncFile flushes a file to disk; tests replace it to simulate a failing disk.
var syncFile = (*os.File).Sync

func writeAtomic(path string, data []byte) (err error) {
	if real, e := filepath.EvalSymlinks(path); e == nil {
		path = real
	}
	mode := fs.FileMode(0o644)
	if fi, e := os.Stat(path); e == nil {
		mode = fi.Mode().Perm()
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("save %s: %s", path, pathErr(err))
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("save %s: %s", path, pathErr(err))
	}
	if err = syncFile(tmp); err != nil {
		return fmt.Errorf("save %s: sync: %s", path, pathErr(err))
	}
	if err = tmp.Chmod(mode); err != nil {
		return fmt.Errorf("save %s: %s", path, pathErr(err))
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("save %s: %s", path, pathErr(err))
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save %s: %s", path, pathErr(err))
	}
	if d, e := os.Open(dir); e == nil {
		_ = d.Sync() // makes the rename durable; some file systems refuse to sync a directory
		d.Close()
	}
	return nil
}
