package faultmatrix

import (
	"encoding/base64"
	"reflect"
	"sort"
	"strings"

	"github.com/opsdeck/opsdeck/config"
)

// Secrets returns every inline credential of f (the token of each section of each environment, as
// the simulator's config carries them) and, for a section with a username, the HTTP Basic value
// that would carry it on the wire. Output, logs and errors must hold none of them.
func Secrets(f *config.File) []string {
	seen := map[string]bool{}
	for _, e := range f.Envs {
		collect(reflect.ValueOf(*e), "", seen)
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// collect walks v for config.Credentials (and the username beside them).
func collect(v reflect.Value, user string, seen map[string]bool) {
	switch v.Kind() {
	case reflect.Struct:
		if c, ok := v.Interface().(config.Credentials); ok {
			if len(c.Token) >= 4 {
				seen[c.Token] = true
				if user != "" {
					seen[base64.StdEncoding.EncodeToString([]byte(user+":"+c.Token))] = true
				}
			}
			return
		}
		if f := v.FieldByName("Username"); f.IsValid() && f.Kind() == reflect.String {
			user = f.String()
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				collect(v.Field(i), user, seen)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			collect(v.Index(i), user, seen)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			collect(v.MapIndex(k), user, seen)
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			collect(v.Elem(), user, seen)
		}
	}
}

// Leaks returns the secrets that text holds, each shortened to a recognisable prefix so a failing
// test does not print them whole.
func Leaks(text string, secrets []string) []string {
	var out []string
	for _, s := range secrets {
		if s != "" && strings.Contains(text, s) {
			out = append(out, Hint(s))
		}
	}
	return out
}

// Hint is the first few characters of a secret, to name it in a failure message.
func Hint(s string) string {
	if len(s) > 8 {
		return s[:8] + "…"
	}
	return s[:len(s)/2] + "…"
}
