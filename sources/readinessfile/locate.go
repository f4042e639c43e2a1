package readinessfile

import (
	"strings"

	"github.com/BurntSushi/toml"
)

// locator finds the line where a key is defined. BurntSushi/toml keeps key positions private, so
// this reads the source again, line by line: table headers and "key =" lines, with bare, quoted and
// dotted keys. It is only used to name lines in problems.
type locator struct {
	lines []string
}

func newLocator(src string) locator { return locator{lines: strings.Split(src, "\n")} }

// line returns the 1-based line defining k, the line of its closest defined parent, or 0.
func (l locator) line(k toml.Key) int {
	for n := len(k); n > 0; n-- {
		if ln := l.exact(k[:n]); ln > 0 {
			return ln
		}
	}
	return 0
}

func (l locator) exact(k toml.Key) int {
	want := k.String()
	var table toml.Key
	for i, raw := range l.lines {
		s := strings.TrimSpace(raw)
		switch {
		case strings.HasPrefix(s, "[["):
			table = parseKey(strings.TrimSuffix(strings.TrimPrefix(s, "[["), "]]"))
			if table.String() == want {
				return i + 1
			}
		case strings.HasPrefix(s, "["):
			end := strings.LastIndex(s, "]")
			if end < 0 {
				continue
			}
			table = parseKey(s[1:end])
			if table.String() == want {
				return i + 1
			}
		case s == "" || strings.HasPrefix(s, "#"):
		default:
			eq := keyEnd(s)
			if eq < 0 {
				continue
			}
			full := append(append(toml.Key{}, table...), parseKey(s[:eq])...)
			if full.String() == want {
				return i + 1
			}
		}
	}
	return 0
}

// keyEnd returns the index of the '=' ending the key part of a "key = value" line, skipping quoted
// parts, or -1.
func keyEnd(s string) int {
	var q byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == '\\' && q == '"' {
				i++
			} else if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == '=':
			return i
		}
	}
	return -1
}

// parseKey splits a dotted key ("answers.\"sla.uptime\"") into its parts.
func parseKey(s string) toml.Key {
	var out toml.Key
	var cur strings.Builder
	var q byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == '\\' && q == '"' && i+1 < len(s) {
				i++
				cur.WriteByte(s[i])
			} else if c == q {
				q = 0
			} else {
				cur.WriteByte(c)
			}
		case c == '"' || c == '\'':
			q = c
		case c == '.':
			out = append(out, cur.String())
			cur.Reset()
		case c == ' ' || c == '\t':
		default:
			cur.WriteByte(c)
		}
	}
	return append(out, cur.String())
}
