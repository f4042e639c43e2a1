package slo

import (
	"fmt"
	"strconv"
	"strings"
)

// matcher is one PromQL label matcher: name op "value".
type matcher struct {
	name, op, value string
}

// String writes the matcher back as PromQL.
func (m matcher) String() string { return m.name + m.op + strconv.Quote(m.value) }

// parseSelector parses label matchers as written inside PromQL braces, without the braces:
// job="app", code!~"5..". An empty selector has no matchers.
func parseSelector(s string) ([]matcher, error) {
	var out []matcher
	rest := strings.TrimSpace(s)
	if strings.HasPrefix(rest, "{") || strings.HasSuffix(rest, "}") {
		return nil, fmt.Errorf("selector %q: write the matchers without braces", s)
	}
	for rest != "" {
		i := 0
		for i < len(rest) && isLabelChar(rest[i], i == 0) {
			i++
		}
		if i == 0 {
			return nil, fmt.Errorf("selector %q: expected a label name at %q", s, rest)
		}
		m := matcher{name: rest[:i]}
		rest = strings.TrimSpace(rest[i:])
		for _, op := range []string{"=~", "!~", "!=", "="} {
			if strings.HasPrefix(rest, op) {
				m.op = op
				break
			}
		}
		if m.op == "" {
			return nil, fmt.Errorf("selector %q: expected =, !=, =~ or !~ after %s", s, m.name)
		}
		rest = strings.TrimSpace(rest[len(m.op):])
		if rest == "" || (rest[0] != '"' && rest[0] != '\'' && rest[0] != '`') {
			return nil, fmt.Errorf("selector %q: the value of %s must be quoted", s, m.name)
		}
		quoted, err := strconv.QuotedPrefix(rest)
		if err != nil && rest[0] == '\'' { // PromQL allows 'single-quoted' strings
			if j := strings.IndexByte(rest[1:], '\''); j >= 0 {
				quoted, err = rest[:j+2], nil
			}
		}
		if err != nil {
			return nil, fmt.Errorf("selector %q: unterminated value of %s", s, m.name)
		}
		if quoted[0] == '\'' {
			m.value = quoted[1 : len(quoted)-1]
		} else if m.value, err = strconv.Unquote(quoted); err != nil {
			return nil, fmt.Errorf("selector %q: value of %s: %v", s, m.name, err)
		}
		out = append(out, m)
		rest = strings.TrimSpace(rest[len(quoted):])
		if rest == "" {
			break
		}
		if rest[0] != ',' {
			return nil, fmt.Errorf("selector %q: expected a comma before %q", s, rest)
		}
		rest = strings.TrimSpace(rest[1:])
	}
	return out, nil
}

func isLabelChar(c byte, first bool) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9')
}

func validLabelName(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isLabelChar(s[i], i == 0) {
			return false
		}
	}
	return s != ""
}

func validMetricName(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isLabelChar(s[i], i == 0) && s[i] != ':' {
			return false
		}
	}
	return s != ""
}
