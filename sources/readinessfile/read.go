// Package readinessfile reads and writes the readiness answers file: a TOML file meant to be
// committed next to the app, holding the team's verdicts and notes per checklist item and where the
// walkthrough stopped. Writes are atomic (temporary file in the same directory, fsync, rename), so
// an interrupted save leaves the previous file whole; hand edits are read back with errors that
// name the line and the key.
package readinessfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/opsdeck/opsdeck/models/readiness"
)

// DefaultPath is where the answers file lives when the config names none: readiness.toml in the
// working directory (issue 8).
const DefaultPath = "readiness.toml"

// Version is the format version written in the file.
const Version = 1

// Problem is one mistake in the file, located by line and key.
type Problem struct {
	File    string
	Line    int    // 0 when unknown
	Key     string // dotted key path, "answers.sla.uptime.verdict"
	Msg     string
	Warning bool // the file is still usable
}

// String renders the problem as "file:line: key: message".
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Key != "" {
		b.WriteString(p.Key)
		b.WriteString(": ")
	}
	if p.Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Error is a file that could not be used, with every problem found.
type Error struct {
	Problems []Problem
}

// Error lists the problems, one per line.
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Read reads the answers file at path. A file that does not exist is an empty sheet and no error:
// the walkthrough creates it on the first answer. Warnings (answers to items no longer in the
// checklist, an unknown position) come back beside a usable sheet.
func Read(path string) (readiness.Sheet, []Problem, error) {
	src, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return readiness.Sheet{Answers: map[string]readiness.Answer{}}, nil, nil
	}
	if err != nil {
		return readiness.Sheet{}, nil, &Error{Problems: []Problem{{File: path, Msg: "cannot read: " + pathErr(err)}}}
	}
	return Parse(path, src)
}

func pathErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

type rawFile struct {
	Version  int                       `toml:"version"`
	Position string                    `toml:"position"`
	Answers  map[string]toml.Primitive `toml:"answers"`
}

type rawAnswer struct {
	Verdict verdictText `toml:"verdict"`
	Note    string      `toml:"note"`
	At      time.Time   `toml:"at"`
}

// verdictText validates a verdict while it is decoded, so a wrong value is reported by the decoder
// with its line and key.
type verdictText struct{ v readiness.Verdict }

// UnmarshalText implements encoding.TextUnmarshaler.
func (t *verdictText) UnmarshalText(b []byte) error {
	v, err := readiness.ParseVerdict(string(b))
	t.v = v
	return err
}

// Parse reads an answers file from src; name is used in problems. Every problem found is
// reported at once.
func Parse(name string, src []byte) (readiness.Sheet, []Problem, error) {
	sheet := readiness.Sheet{Answers: map[string]readiness.Answer{}}
	var errs, warns []Problem
	add := func(line int, key, msg string) {
		errs = append(errs, Problem{File: name, Line: line, Key: key, Msg: msg})
	}
	var raw rawFile
	md, err := toml.Decode(string(src), &raw)
	if err != nil {
		line, key, msg := locateErr(err)
		add(line, key, msg)
		return readiness.Sheet{}, nil, &Error{Problems: errs}
	}
	loc := newLocator(string(src))
	if raw.Version > Version {
		add(loc.line(toml.Key{"version"}), "version", fmt.Sprintf("format %d was written by a newer opsdeck (this one reads %d)", raw.Version, Version))
	}
	failed := map[string]bool{}
	ids := make([]string, 0, len(raw.Answers))
	for id := range raw.Answers {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		k := toml.Key{"answers", id}
		var ra rawAnswer
		if md.Type("answers", id) != "Hash" {
			add(loc.line(k), k.String(), "must be a table with verdict, note and at")
			failed[k.String()] = true
			continue
		}
		if err := md.PrimitiveDecode(raw.Answers[id], &ra); err != nil {
			line, key, msg := locateErr(err)
			if line == 0 {
				line = loc.line(k)
			}
			if key == "" {
				key = k.String()
			}
			add(line, key, msg)
			failed[k.String()] = true
			continue
		}
		if _, ok := readiness.Find(id); !ok {
			warns = append(warns, Problem{File: name, Line: loc.line(k), Key: k.String(), Warning: true,
				Msg: "no checklist item has this id: the answer is kept but counts for nothing"})
		}
		sheet.Answers[id] = readiness.Answer{Verdict: ra.Verdict.v, Note: ra.Note, At: ra.At}
	}
	for _, k := range md.Undecoded() {
		if skip(k, failed) {
			continue
		}
		add(loc.line(k), k.String(), "unknown key"+hint(k))
	}
	if raw.Position != "" {
		if _, ok := readiness.Find(raw.Position); !ok {
			warns = append(warns, Problem{File: name, Line: loc.line(toml.Key{"position"}), Key: "position", Warning: true,
				Msg: fmt.Sprintf("%q is not a checklist item: the walkthrough starts at the first open item", raw.Position)})
		} else {
			sheet.Position = raw.Position
		}
	}
	if len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
		return readiness.Sheet{}, warns, &Error{Problems: errs}
	}
	return sheet, warns, nil
}

func skip(k toml.Key, failed map[string]bool) bool {
	for i := len(k); i > 0; i-- {
		if failed[k[:i].String()] {
			return true
		}
	}
	return false
}

func hint(k toml.Key) string {
	last := k[len(k)-1]
	if len(k) == 3 && k[0] == "answers" {
		for _, known := range []string{"verdict", "note", "at"} {
			if near(last, known) {
				return fmt.Sprintf(" (did you mean %q?)", known)
			}
		}
		return ": an answer has verdict, note and at"
	}
	if len(k) == 1 {
		return ": the file has version, position and [answers.\"ID\"] tables"
	}
	return ""
}

// near reports whether a and b differ by at most two edits (a typo).
func near(a, b string) bool {
	a, b = strings.ToLower(a), strings.ToLower(b)
	if a == b {
		return true
	}
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)] <= 2
}

var lineKeyRe = regexp.MustCompile(`line (\d+) \(last key ("(?:[^"\\]|\\.)*")\): (.*)`)
var lastKeyRe = regexp.MustCompile(`\(last key ("(?:[^"\\]|\\.)*")\): (.*)`)

func unquote(s string) string {
	if u, err := strconv.Unquote(s); err == nil {
		return u
	}
	return s
}

// locateErr pulls line, key and message out of a decode error.
func locateErr(err error) (int, string, string) {
	var pe toml.ParseError
	if errors.As(err, &pe) && !lineKeyRe.MatchString(pe.Message) {
		msg := strings.TrimPrefix(pe.Message, "toml: ")
		if strings.Contains(pe.Message, "parsing time") {
			msg = "not a date and time: write it like 2026-03-02T12:00:00Z, without quotes"
		}
		return pe.Position.Line, pe.LastKey, msg
	}
	s := err.Error()
	if m := lineKeyRe.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, unquote(m[2]), typeMsg(m[3])
	}
	if m := lastKeyRe.FindStringSubmatch(s); m != nil {
		return 0, unquote(m[1]), typeMsg(m[2])
	}
	return 0, "", strings.TrimPrefix(s, "toml: ")
}

func typeMsg(m string) string {
	if strings.Contains(m, "incompatible types") {
		return "wrong type: " + m
	}
	return m
}
