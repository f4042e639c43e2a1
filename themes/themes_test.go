package themes_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opsdeck/opsdeck/themes"
)

func TestBuiltinsAndUserTheme(t *testing.T) {
	for _, n := range themes.Names() {
		if th, ok := themes.Builtin(n); !ok || th.Name != n {
			t.Errorf("builtin %q: %v %q", n, ok, th.Name)
		}
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "ocean.toml"), []byte("base = \"dark\"\naccent = \"#0088cc\"\nbad = \"160\"\n"), 0o600)
	th, err := themes.Lookup("ocean", dir)
	if err != nil || th.Name != "ocean" {
		t.Fatalf("ocean: %v %q", err, th.Name)
	}
	os.WriteFile(filepath.Join(dir, "bad.toml"), []byte("accent = \"blue-ish\"\n"), 0o600)
	if _, err := themes.Lookup("bad", dir); err == nil || !strings.Contains(err.Error(), "accent") {
		t.Fatalf("bad colour: %v", err)
	}
	if _, err := themes.Lookup("nope", dir); err == nil || !strings.Contains(err.Error(), "ocean") {
		t.Fatalf("missing theme error should list user themes: %v", err)
	}
}

func TestNoColor(t *testing.T) {
	env := map[string]string{}
	get := func(k string) string { return env[k] }
	if themes.NoColor(get) {
		t.Fatal("empty env")
	}
	for _, kv := range [][2]string{{"NO_COLOR", "1"}, {"CLICOLOR", "0"}, {"TERM", "dumb"}} {
		env = map[string]string{kv[0]: kv[1]}
		if !themes.NoColor(get) {
			t.Errorf("%s=%s not honoured", kv[0], kv[1])
		}
	}
}
