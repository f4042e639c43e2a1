package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return out.String(), errb.String(), code
}

func TestConfigValidateListsEveryMistakeWithLines(t *testing.T) {
	p := filepath.Join(t.TempDir(), "bad.toml")
	os.WriteFile(p, []byte(`[env.prod.health]
timeout = "3 sec"

[[env.prod.health.check]]
name = "app"
url = "https://app.example.com/health"
colour = "red"

[env.prod.statuspage]
base_url = "http://api.statuspage.example.com/v1"

[keys]
rollbak = []
`), 0o600)
	out, _, code := runCLI(t, "config", "validate", p)
	if code != exitUsage {
		t.Fatalf("exit %d, want %d\n%s", code, exitUsage, out)
	}
	for _, want := range []string{":2: env.prod.health.timeout", ":7: env.prod.health.check.colour: unknown key", ":10: env.prod.statuspage.base_url", ":13: keys.rollbak", "4 errors"} {
		if !strings.Contains(out, want) {
			t.Errorf("validate output lacks %q:\n%s", want, out)
		}
	}
}

func TestExampleConfigValidatesClean(t *testing.T) {
	out, _, code := runCLI(t, "config", "validate", "../../config.example.toml")
	if code != exitOK || !strings.Contains(out, "valid") {
		t.Fatalf("config.example.toml: exit %d\n%s", code, out)
	}
	if strings.Contains(out, "warning:") {
		t.Fatalf("config.example.toml has warnings:\n%s", out)
	}
}

func TestGetHealthJSONAndExitCode(t *testing.T) {
	t.Setenv("OPSDECK_CONFIG", "")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	out, errOut, code := runCLI(t, "get", "health", "-o", "json")
	if code != exitProblem { // the demo's "reports" check always fails
		t.Fatalf("exit %d, want %d (stderr %s)", code, exitProblem, errOut)
	}
	var doc struct {
		AllUp  bool `json:"all_up"`
		Checks []struct {
			Name  string `json:"name"`
			State string `json:"state"`
		} `json:"checks"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if doc.AllUp || len(doc.Checks) != 8 {
		t.Fatalf("doc = %+v", doc)
	}
	states := map[string]string{}
	for _, c := range doc.Checks {
		states[c.Name] = c.State
	}
	if states["reports"] != "DOWN" || states["search"] != "SLOW" || states["app-us"] != "UP" {
		t.Fatalf("states %v", states)
	}
	if _, _, code := runCLI(t, "get", "health", "-o", "yaml"); code != exitUsage {
		t.Fatalf("-o yaml: exit %d, want %d", code, exitUsage)
	}
	if _, _, code := runCLI(t, "get", "nothing"); code != exitUsage {
		t.Fatalf("get nothing: exit %d", code)
	}
}

func TestHelpOnEverySubcommand(t *testing.T) {
	for name := range commands {
		_, errOut, code := runCLI(t, name, "--help")
		if code != exitOK || !strings.Contains(errOut, "Usage") {
			t.Errorf("%s --help: exit %d, output %q", name, code, errOut)
		}
	}
	out, _, code := runCLI(t, "--version")
	if code != exitOK || !strings.HasPrefix(out, "opsdeck ") {
		t.Errorf("--version: %d %q", code, out)
	}
}

func TestGlobalFlagsBeforeTheCommandSurvive(t *testing.T) {
	app := newApp(new(bytes.Buffer), new(bytes.Buffer))
	top := app.flagSet("opsdeck", "", true)
	if _, ok := app.parse(top, []string{"--tenants", "1234", "--seed", "7", "get"}); !ok {
		t.Fatal("parse")
	}
	sub := app.flagSet("get tenants", "", false)
	sub.String("o", "table", "format")
	if _, ok := app.parse(sub, []string{"-o", "json"}); !ok {
		t.Fatal("parse sub")
	}
	if app.demoTenants != 1234 || app.demoSeed != 7 {
		t.Fatalf("tenants %d seed %d after the command's flags, want 1234 and 7", app.demoTenants, app.demoSeed)
	}
}
