// Package config reads opsdeck's TOML configuration: where it is looked up, the environments it
// holds, each upstream's section, and every problem found in it with its file, line and key.
package config

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong (or worth a warning) in a config file.
type Problem struct {
	File    string
	Line    int    // 0 when unknown
	Key     string // dotted key path, "env.prod.health.timeout"
	Msg     string
	Warning bool // a warning does not stop opsdeck from starting
}

// String formats the problem as "file:line: key: message".
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Warning {
		b.WriteString("warning: ")
	}
	if p.Key != "" {
		b.WriteString(p.Key)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Problems is every problem found in one file.
type Problems []Problem

// Errors returns only the problems that are not warnings.
func (ps Problems) Errors() Problems {
	var out Problems
	for _, p := range ps {
		if !p.Warning {
			out = append(out, p)
		}
	}
	return out
}

// Warnings returns only the warnings.
func (ps Problems) Warnings() Problems {
	var out Problems
	for _, p := range ps {
		if p.Warning {
			out = append(out, p)
		}
	}
	return out
}

// Error joins the errors, one per line, so Problems can be returned as an error.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

func (ps Problems) sorted() Problems {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
	return ps
}

// locator maps dotted key paths to the lines where they are written, so problems found after
// decoding (an unknown key, a bad URL) can name their line.
type locator struct {
	lines map[string][]int // key path (array indexes dropped) -> lines, in file order
	used  map[string]int   // how many of lines[k] were handed out, for repeated array tables
}

func newLocator(src string) *locator {
	l := &locator{lines: map[string][]int{}, used: map[string]int{}}
	table := ""
	for i, raw := range strings.Split(src, "\n") {
		line := strings.TrimSpace(raw)
		if line == "" || line[0] == '#' {
			continue
		}
		if strings.HasPrefix(line, "[") {
			name := strings.Trim(strings.SplitN(line, "#", 2)[0], " []\t")
			table = normKey(name)
			l.lines[table] = append(l.lines[table], i+1)
			continue
		}
		eq := strings.Index(line, "=")
		if eq <= 0 {
			continue
		}
		k := normKey(strings.TrimSpace(line[:eq]))
		if table != "" {
			k = table + "." + k
		}
		l.lines[k] = append(l.lines[k], i+1)
	}
	return l
}

// normKey removes quotes and spaces around the parts of a dotted key.
func normKey(k string) string {
	parts := strings.Split(k, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

// line returns the line of key, or of its nearest written parent.
func (l *locator) line(key string) int {
	for k := key; k != ""; {
		if ls := l.lines[k]; len(ls) > 0 {
			return ls[0]
		}
		i := strings.LastIndex(k, ".")
		if i < 0 {
			break
		}
		k = k[:i]
	}
	return 0
}

// lineAt returns the line of key inside the n-th occurrence of an array table.
func (l *locator) lineAt(table string, n int, key string) int {
	ts := l.lines[table]
	if n >= len(ts) {
		return l.line(table + "." + key)
	}
	start := ts[n]
	end := 1 << 30
	if n+1 < len(ts) {
		end = ts[n+1]
	}
	for _, ln := range l.lines[table+"."+key] {
		if ln > start && ln < end {
			return ln
		}
	}
	return start
}
