package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opsdeck/opsdeck/config"
)

func TestThreeMistakesAllReportedWithLines(t *testing.T) {
	src := `default_env = "prod"

[env.prod.health]
timeout = "3 seconds"
refersh = "30s"

[[env.prod.health.check]]
name = "app"
url = "htp//app.example.com/health"
`
	_, ps := config.Parse("c.toml", src)
	want := map[int]string{4: "is not a duration", 5: "unknown key", 9: "not an absolute http(s) URL"}
	if len(ps.Errors()) != 3 {
		t.Fatalf("got %d problems, want 3:\n%v", len(ps.Errors()), ps)
	}
	for _, p := range ps {
		w, ok := want[p.Line]
		if !ok || !strings.Contains(p.Msg, w) {
			t.Errorf("unexpected problem %v", p)
		}
		if p.File != "c.toml" || p.Key == "" {
			t.Errorf("problem without file or key: %v", p)
		}
	}
	if !strings.Contains(ps.Error(), `did you mean "refresh"`) {
		t.Errorf("no typo hint in %v", ps)
	}
}

func TestTypeErrorDoesNotHideOtherSections(t *testing.T) {
	src := `[env.prod.health]
concurrency = "many"

[env.prod.statuspage]
base_url = "http://status.example.com/v1"
page_id = "x"
`
	_, ps := config.Parse("c.toml", src)
	if len(ps) != 2 {
		t.Fatalf("want 2 problems (type, insecure http), got %v", ps)
	}
	if ps[0].Line != 2 || !strings.Contains(ps[0].Msg, "wrong type") {
		t.Errorf("type problem: %v", ps[0])
	}
	if ps[1].Line != 5 || !strings.Contains(ps[1].Msg, "allow_insecure_http") {
		t.Errorf("http problem: %v", ps[1])
	}
}

func TestInsecureHTTPAllowedAndLoopback(t *testing.T) {
	src := `[env.a.statuspage]
base_url = "http://status.internal/v1"
allow_insecure_http = true
[env.a.pagerduty]
base_url = "http://127.0.0.1:9999/pd"
`
	if _, ps := config.Parse("c.toml", src); len(ps) != 0 {
		t.Fatalf("want no problems, got %v", ps)
	}
}

func TestInlineSecretWarnsAndWorldReadableIsRefused(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "config.toml")
	src := "[env.prod.statuspage]\nbase_url = \"https://api.statuspage.io/v1\"\ntoken = \"sekrit-value\"\n"
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, ps := config.Load(p)
	if len(ps.Warnings()) != 1 || len(ps.Errors()) != 1 || !strings.Contains(ps.Errors()[0].Msg, "chmod 600") {
		t.Fatalf("want one warning and one chmod error, got %v", ps)
	}
	if strings.Contains(ps.Error(), "sekrit") {
		t.Fatalf("secret in problems: %v", ps)
	}
	os.Chmod(p, 0o600)
	if _, ps := config.Load(p); len(ps.Errors()) != 0 {
		t.Fatalf("0600 file refused: %v", ps)
	}
}

func TestCredentialSources(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "tok")
	os.WriteFile(f, []byte("from-file\n"), 0o600)
	t.Setenv("OPSDECK_TEST_TOK", "from-env")
	for _, tc := range []struct {
		name string
		c    config.Credentials
		want string
	}{
		{"env", config.Credentials{TokenEnv: "OPSDECK_TEST_TOK"}, "from-env"},
		{"file", config.Credentials{TokenFile: f}, "from-file"},
		{"cmd", config.Credentials{TokenCmd: "echo from-cmd"}, "from-cmd"},
		{"inline", config.Credentials{Token: "inline"}, "inline"},
	} {
		s, err := tc.c.Resolve()
		if err != nil || s.Reveal() != tc.want {
			t.Errorf("%s: got %q, %v", tc.name, s.Reveal(), err)
		}
		if s.String() == tc.want {
			t.Errorf("%s: String reveals the secret", tc.name)
		}
	}
	if _, err := (config.Credentials{TokenCmd: "echo leaked-output; exit 3"}).Resolve(); err == nil || strings.Contains(err.Error(), "leaked") {
		t.Errorf("failing token_cmd: %v", err)
	}
	if _, err := (config.Credentials{TokenEnv: "OPSDECK_UNSET_VAR"}).Resolve(); err == nil || !strings.Contains(err.Error(), "OPSDECK_UNSET_VAR") {
		t.Errorf("unset env: %v", err)
	}
}

func TestFindOrder(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "xdg"))
	t.Setenv("OPSDECK_CONFIG", "")
	if _, err := config.Find(""); err != config.ErrNotFound {
		t.Fatalf("empty home: %v", err)
	}
	home := filepath.Join(dir, ".config", "opsdeck", "config.toml")
	os.MkdirAll(filepath.Dir(home), 0o700)
	os.WriteFile(home, nil, 0o600)
	if p, _ := config.Find(""); p != home {
		t.Errorf("got %q want %q", p, home)
	}
	xdg := filepath.Join(dir, "xdg", "opsdeck", "config.toml")
	os.MkdirAll(filepath.Dir(xdg), 0o700)
	os.WriteFile(xdg, nil, 0o600)
	if p, _ := config.Find(""); p != xdg {
		t.Errorf("got %q want %q", p, xdg)
	}
	t.Setenv("OPSDECK_CONFIG", "/env/path.toml")
	if p, _ := config.Find(""); p != "/env/path.toml" {
		t.Errorf("got %q", p)
	}
	if p, _ := config.Find("/flag.toml"); p != "/flag.toml" {
		t.Errorf("got %q", p)
	}
}
