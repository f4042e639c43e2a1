package config

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
)

// Reporter collects the problems of one section. Keys are relative to the section.
type Reporter struct {
	f      *File
	prefix string
	out    *Problems
}

// Error reports a problem at key.
func (r *Reporter) Error(key, format string, args ...any) {
	r.add(key, fmt.Sprintf(format, args...), false)
}

// Warn reports a warning at key.
func (r *Reporter) Warn(key, format string, args ...any) {
	r.add(key, fmt.Sprintf(format, args...), true)
}

// URL checks that raw is an absolute http(s) URL, https unless loopback or insecureOK.
func (r *Reporter) URL(key, raw string, insecureOK bool) {
	if raw == "" {
		return
	}
	if msg, warn := checkURL(raw, insecureOK); msg != "" {
		r.add(key, msg, warn)
	}
}

// Required reports key as missing when value is empty.
func (r *Reporter) Required(key, value, why string) {
	if strings.TrimSpace(value) == "" {
		r.add(key, "is required "+why, false)
	}
}

func (r *Reporter) add(key, msg string, warn bool) {
	full := join(r.prefix, key)
	*r.out = append(*r.out, Problem{File: r.f.Path, Line: r.f.loc.find(full), Key: full, Msg: msg, Warning: warn})
}

// Checker is implemented by section types with rules of their own; validation calls Check on every
// section (and slice element) after the shared checks.
type Checker interface {
	Check(r *Reporter)
}

func (f *File) validateEnv(e *Env) Problems {
	var ps Problems
	walkValidate(f, reflect.ValueOf(e).Elem(), "env."+e.Name, &ps)
	return ps
}

var (
	durationType = reflect.TypeOf(Duration{})
	upstreamType = reflect.TypeOf(Upstream{})
	checkerType  = reflect.TypeOf((*Checker)(nil)).Elem()
)

func walkValidate(f *File, v reflect.Value, path string, ps *Problems) {
	r := &Reporter{f: f, prefix: path, out: ps}
	switch v.Kind() {
	case reflect.Struct:
		switch v.Type() {
		case durationType:
			d := v.Interface().(Duration)
			if d.err != nil {
				*ps = append(*ps, Problem{File: f.Path, Line: f.loc.find(path), Key: path, Msg: d.err.Error()})
			}
			return
		case upstreamType:
			u := v.Interface().(Upstream)
			checkUpstream(r, u)
		}
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			if !sf.IsExported() {
				continue
			}
			name := strings.Split(sf.Tag.Get("toml"), ",")[0]
			if name == "-" {
				continue
			}
			p := path
			if !sf.Anonymous {
				if name == "" {
					name = sf.Name
				}
				p = join(path, name)
			}
			walkValidate(f, v.Field(i), p, ps)
		}
		if v.Addr().Type().Implements(checkerType) {
			v.Addr().Interface().(Checker).Check(r)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walkValidate(f, v.Index(i), fmt.Sprintf("%s[%d]", path, i), ps)
		}
	}
}

func checkUpstream(r *Reporter, u Upstream) {
	r.URL("base_url", u.BaseURL, u.AllowInsecureHTTP)
	n := 0
	for _, s := range []string{u.TokenEnv, u.TokenFile, u.TokenCmd, u.Token} {
		if s != "" {
			n++
		}
	}
	if n > 1 {
		r.Error("token_env", "set only one of token_env, token_file, token_cmd and token")
	}
	if u.Token != "" {
		r.Warn("token", "an inline secret works, but keep secrets out of config files: use token_env, token_file or token_cmd")
	}
	if u.TokenEnv != "" && !validEnvName.MatchString(u.TokenEnv) {
		r.Error("token_env", "%q is not an environment variable name", u.TokenEnv)
	}
}

var validEnvName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

var indexRe = regexp.MustCompile(`\[(\d+)\]`)

// find returns the line of a key path that may hold one array index: "env.prod.slo[1].objective".
func (l *locator) find(path string) int {
	m := indexRe.FindStringSubmatchIndex(path)
	if m == nil {
		return l.line(path)
	}
	table := path[:m[0]]
	n, _ := strconv.Atoi(path[m[2]:m[3]])
	rest := strings.TrimPrefix(path[m[1]:], ".")
	rest = indexRe.ReplaceAllString(rest, "")
	if rest == "" {
		if ts := l.lines[table]; n < len(ts) {
			return ts[n]
		}
		return l.line(table)
	}
	return l.lineAt(table, n, rest)
}
