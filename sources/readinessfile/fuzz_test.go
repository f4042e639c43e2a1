package readinessfile_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/opsdeck/opsdeck/sources/readinessfile"
)

// FuzzParse feeds the reader arbitrary files: it must never panic, and whatever it accepts must
// survive a write and a read unchanged (the walkthrough rewrites hand-edited files on every answer).
// The seed corpus is below and in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add(readinessfile.Demo())
	f.Add(readinessfile.Encode(sample()))
	for _, s := range []string{
		"",
		"version = 1\n",
		"position = \"sla.rto\"\n[answers.\"sla.rto\"]\nverdict = \"n/a\"\nnote = '''literal \\ note'''\nat = 2026-03-02T12:00:00+02:00\n",
		"[answers.\"sla.uptime\"]\nverdict = \"passed\"\n",
		"[answers]\n\"sla.uptime\" = { verdict = \"pass\", note = \"inline\" }\n",
		"answers.\"x y\".verdict = \"fail\"\n",
		"[answers.\"sla.rto\"]\nat = 1979-05-27\n",
		"[[answers]]\nverdict = \"pass\"\n",
		"version = 99\nposition = 3\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		s1, _, err := readinessfile.Parse("fuzz.toml", src)
		if err != nil {
			return
		}
		e1 := readinessfile.Encode(s1)
		s2, _, err := readinessfile.Parse("fuzz.toml", e1)
		if err != nil {
			t.Fatalf("a written file does not read back: %v\ninput:\n%q\nwritten:\n%s", err, src, e1)
		}
		if e2 := readinessfile.Encode(s2); string(e2) != string(e1) {
			t.Fatalf("write is not stable (-first +second):\n%s", cmp.Diff(string(e1), string(e2)))
		}
		if len(s2.Answers) != len(s1.Answers) || s2.Position != s1.Position {
			t.Fatalf("answers lost: %d then %d, position %q then %q", len(s1.Answers), len(s2.Answers), s1.Position, s2.Position)
		}
	})
}
