package config

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// TestExampleDocumentsEveryKey fails when a section gains a key that config.example.toml does not
// show (with its comment) under env.prod.
func TestExampleDocumentsEveryKey(t *testing.T) {
	src, err := os.ReadFile("../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	loc := newLocator(string(src))
	var missing []string
	var walk func(t reflect.Type, path string)
	walk = func(ty reflect.Type, path string) {
		for i := 0; i < ty.NumField(); i++ {
			f := ty.Field(i)
			if !f.IsExported() {
				continue
			}
			if f.Type == reflect.TypeOf(Credentials{}) {
				continue // token_env/token_file/token_cmd/token: documented once at the top
			}
			if f.Anonymous {
				walk(f.Type, path)
				continue
			}
			tag := strings.Split(f.Tag.Get("toml"), ",")[0]
			if tag == "" || tag == "-" {
				continue
			}
			p := path + "." + tag
			ft := f.Type
			if ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct && ft != reflect.TypeOf(Duration{}) {
				walk(ft, p)
				continue
			}
			if ty == reflect.TypeOf(Upstream{}) && tag != "base_url" {
				continue // shared keys of every upstream section: documented once at the top
			}
			if len(loc.lines[p]) == 0 {
				missing = append(missing, p)
			}
		}
	}
	walk(reflect.TypeOf(Env{}), "env.prod")
	for _, k := range []string{"default_env", "theme", "themes_dir", "readonly", "keys"} {
		if len(loc.lines[k]) == 0 {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		t.Fatalf("config.example.toml does not document:\n  %s", strings.Join(missing, "\n  "))
	}
	f, ps := Parse("config.example.toml", string(src))
	if len(ps) != 0 || f == nil {
		t.Fatalf("config.example.toml has problems:\n%v", ps)
	}
}
