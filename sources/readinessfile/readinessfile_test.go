package readinessfile_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/opsdeck/opsdeck/models/readiness"
	"github.com/opsdeck/opsdeck/sources/readinessfile"
)

var at = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

func sample() readiness.Sheet {
	return readiness.Sheet{Position: "sla.rto", Answers: map[string]readiness.Answer{
		"sla.uptime":     {Verdict: readiness.VerdictPass, Note: "99.9%", At: at},
		"sla.rto":        {Note: "draft \"8h\" \\ maybe\n\tsecond line\nthird \"\"\" line\n", At: at},
		"dev.browsers":   {Verdict: readiness.NotApplicable},
		"ticket.backups": {Verdict: readiness.VerdictFail, Note: "tab\there, bell \a, cr \r, unicode é ✓"},
		"gone.item":      {Verdict: readiness.VerdictPass, Note: "kept from an older checklist"},
	}}
}

func TestRoundTrip(t *testing.T) {
	want := sample()
	src := readinessfile.Encode(want)
	got, warns, err := readinessfile.Parse("readiness.toml", src)
	if err != nil {
		t.Fatalf("Parse(Encode()) error: %v\n%s", err, src)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s\nfile:\n%s", diff, src)
	}
	if len(warns) != 1 || !strings.Contains(warns[0].String(), `readiness.toml:`) || !strings.Contains(warns[0].Key, "gone.item") {
		t.Errorf("warnings = %v, want one for gone.item with its line", warns)
	}
	if string(readinessfile.Encode(got)) != string(src) {
		t.Error("Encode is not stable across a round trip")
	}
}

func TestEncodeIsReadable(t *testing.T) {
	src := string(readinessfile.Encode(sample()))
	for _, want := range []string{
		"version = 1\n",
		"position = \"sla.rto\"\n",
		"# --- Service level agreement\n",
		"# What is your recovery time objective (RTO)",
		"[answers.\"sla.rto\"]\nnote = \"\"\"\ndraft \\\"8h\\\" \\\\ maybe\n\tsecond line\n",
		"# --- Not in the checklist (kept as written)\n\n[answers.\"gone.item\"]",
		"at = 2026-03-02T12:00:00Z\n",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("Encode() lacks %q:\n%s", want, src)
		}
	}
	// checklist order: sla.uptime before sla.rto before dev.browsers
	if !(strings.Index(src, "sla.uptime") < strings.Index(src, "\"sla.rto\"]") && strings.Index(src, "\"sla.rto\"]") < strings.Index(src, "dev.browsers")) {
		t.Errorf("answers not in checklist order:\n%s", src)
	}
}

// Hand edits come back with the line and key of every mistake (issue 8 point 4).
func TestParseHandEdits(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // problem strings, in order
	}{
		{"a misspelt verdict names its line and key", `version = 1
[answers."sla.uptime"]
verdict = "passed"
`, []string{`readiness.toml:3: answers."sla.uptime".verdict: "passed" is not a verdict: write "pass", "fail" or "n/a"`}},
		{"a verdict of the wrong type", `[answers."sla.uptime"]
verdict = true
`, []string{`readiness.toml:2: answers."sla.uptime".verdict: "true" is not a verdict: write "pass", "fail" or "n/a"`}},
		{"a misspelt key gets a suggestion", `[answers."sla.uptime"]
verdict = "pass"
nots = "x"
`, []string{`readiness.toml:3: answers."sla.uptime".nots: unknown key (did you mean "note"?)`}},
		{"a quoted date", `[answers."sla.uptime"]
verdict = "pass"
at = "yesterday"
`, []string{`readiness.toml:3: answers."sla.uptime".at: not a date and time: write it like 2026-03-02T12:00:00Z, without quotes`}},
		{"a note that is a number", `[answers."sla.rto"]
note = 8
`, []string{`readiness.toml:2: answers."sla.rto".note: wrong type: incompatible types: TOML value has type int64; destination has type string`}},
		{"an answer that is not a table", `answers."sla.rto" = "pass"
`, []string{`readiness.toml:1: answers."sla.rto": must be a table with verdict, note and at`}},
		{"several mistakes at once, in line order", `verison = 1
[answers."sla.uptime"]
verdict = "yes"

[answers."sla.rto"]
verdict = "fail"
nte = "x"
`, []string{
			`readiness.toml:1: verison: unknown key: the file has version, position and [answers."ID"] tables`,
			`readiness.toml:3: answers."sla.uptime".verdict: "yes" is not a verdict: write "pass", "fail" or "n/a"`,
			`readiness.toml:7: answers."sla.rto".nte: unknown key (did you mean "note"?)`,
		}},
		{"a syntax error", `[answers."sla.rto"]
verdict = "pass
`, []string{`readiness.toml:2: answers."sla.rto".verdict: strings cannot contain newlines`}},
		{"a newer format", `version = 2
`, []string{`readiness.toml:1: version: format 2 was written by a newer opsdeck (this one reads 1)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readinessfile.Parse("readiness.toml", []byte(tt.src))
			var fe *readinessfile.Error
			if !errors.As(err, &fe) {
				t.Fatalf("Parse() error = %v, want *Error", err)
			}
			var got []string
			for _, p := range fe.Problems {
				got = append(got, p.String())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseWarnings(t *testing.T) {
	s, warns, err := readinessfile.Parse("r.toml", []byte(`position = "nope"
[answers."sla.uptime"]
verdict = "PASS"
`))
	if err != nil {
		t.Fatal(err)
	}
	if s.Position != "" || s.Answers["sla.uptime"].Verdict != readiness.VerdictPass {
		t.Errorf("sheet = %+v", s)
	}
	if len(warns) != 1 || warns[0].String() != `r.toml:1: position: warning: "nope" is not a checklist item: the walkthrough starts at the first open item` {
		t.Errorf("warnings = %v", warns)
	}
}

func TestReadMissingFileIsEmpty(t *testing.T) {
	s, warns, err := readinessfile.Read(filepath.Join(t.TempDir(), "readiness.toml"))
	if err != nil || len(warns) != 0 || len(s.Answers) != 0 || s.Answers == nil {
		t.Errorf("Read(missing) = %+v, %v, %v; want an empty sheet", s, warns, err)
	}
}

func TestReadUnreadable(t *testing.T) {
	dir := t.TempDir()
	_, _, err := readinessfile.Read(dir) // a directory
	if err == nil || !strings.Contains(err.Error(), dir+": cannot read") {
		t.Errorf("Read(dir) error = %v", err)
	}
}

func TestWriteIsAtomicAndKeepsMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "readiness.toml")
	if err := readinessfile.Write(path, sample()); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o644 {
		t.Fatalf("new file: %v, mode %v; want 0644", err, fi.Mode())
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	s := sample()
	s.Position = "dev.browsers"
	if err := readinessfile.Write(path, s); err != nil {
		t.Fatal(err)
	}
	fi, _ = os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode after rewrite = %v, want 0600 kept", fi.Mode())
	}
	got, _, err := readinessfile.Read(path)
	if err != nil || got.Position != "dev.browsers" {
		t.Errorf("Read() = %+v, %v", got.Position, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries after two writes, want only the file (no temporary left)", len(entries))
	}
}

func TestWriteFollowsSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.toml")
	link := filepath.Join(dir, "readiness.toml")
	if err := os.WriteFile(target, []byte("version = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := readinessfile.Write(link, sample()); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	got, _, err := readinessfile.Read(target)
	if err != nil || got.Position != "sla.rto" {
		t.Errorf("target not written: %+v %v", got.Position, err)
	}
}

// The demo file is canonical (as the walkthrough would write it), parses clean, is partly filled and
// stops on an item with a draft note.
func TestDemo(t *testing.T) {
	src := readinessfile.Demo()
	s, warns, err := readinessfile.Parse("demo.toml", src)
	if err != nil || len(warns) > 0 {
		t.Fatalf("demo: %v %v", err, warns)
	}
	if diff := cmp.Diff(string(src), string(readinessfile.Encode(s))); diff != "" {
		t.Errorf("demo file is not in the written form (-file +encoded):\n%s", diff)
	}
	p := readiness.Sum(readiness.BySection(readiness.Checklist(), s))
	if p.Answered() < 10 || p.Open() < 10 || p.Failed == 0 || p.NotAppl == 0 {
		t.Errorf("demo progress %+v: want partly filled with some fail and n/a", p)
	}
	if a := s.Answers[s.Position]; s.Position == "" || a.Verdict != readiness.Unanswered || a.Note == "" {
		t.Errorf("demo position %q: want an open item with a draft note", s.Position)
	}
	src[0] = 'X'
	if readinessfile.Demo()[0] == 'X' {
		t.Error("Demo shares its bytes")
	}
}
