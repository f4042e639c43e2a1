package main

import (
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// needTool fails (with OPSDECK_REQUIRE_REAL=1, as `make test` sets) or skips when a tool is missing.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("OPSDECK_REQUIRE_REAL") == "1" {
			t.Fatalf("%s is required (OPSDECK_REQUIRE_REAL=1) but not installed: apt-get install %s", name, name)
		}
		t.Skipf("%s not installed", name)
	}
}

// tmuxSession runs a command in a private detached tmux server of the given size.
type tmuxSession struct {
	t    *testing.T
	sock string
	conf string
}

func newTmux(t *testing.T, cols, rows string, command string) *tmuxSession {
	t.Helper()
	needTool(t, "tmux")
	dir, err := os.MkdirTemp("", "odx") // short: unix socket paths are limited
	if err != nil {
		t.Fatal(err)
	}
	s := &tmuxSession{t: t, sock: filepath.Join(dir, "s"), conf: filepath.Join(dir, "c")}
	os.WriteFile(s.conf, []byte("set -g remain-on-exit on\nset -sg escape-time 0\n"), 0o600)
	t.Cleanup(func() {
		exec.Command("tmux", "-S", s.sock, "kill-server").Run()
		os.RemoveAll(dir)
	})
	s.tm("new-session", "-d", "-s", "t", "-x", cols, "-y", rows, "-e", "TERM=xterm-256color", command+`; echo "EXIT:$?"; sleep 60`)
	return s
}

func (s *tmuxSession) tm(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", s.sock, "-f", s.conf}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (s *tmuxSession) screen() string { return s.tm("capture-pane", "-p", "-t", "t") }

func (s *tmuxSession) keys(k ...string) { s.tm(append([]string{"send-keys", "-t", "t"}, k...)...) }

// waitFor polls the screen until ok returns true.
func (s *tmuxSession) waitFor(what string, ok func(string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		scr := s.screen()
		if ok(scr) {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("timed out waiting for %s; screen:\n%s", what, scr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (s *tmuxSession) waitText(txt string) string {
	s.t.Helper()
	return s.waitFor(txt, func(scr string) bool { return strings.Contains(scr, txt) })
}

func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "opsdeck")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// lineWith returns the screen line that contains s.
func lineWith(scr, s string) string {
	for _, l := range strings.Split(scr, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

// TestE2EDemoHealthFault is issue 3's "done when": in tmux at 80x24 with no config the demo shows
// the DEMO badge and the tabs; a fault injected into one health endpoint turns that check DOWN with
// the error within one refresh while keys keep responding; removing it turns the check back.
func TestE2EDemoHealthFault(t *testing.T) {
	bin := buildBinary(t)
	addr := freePort(t)
	home := t.TempDir()
	cmd := "env -u OPSDECK_CONFIG HOME=" + home + " XDG_CONFIG_HOME=" + home + " XDG_STATE_HOME=" + home + " " + bin + " --listen " + addr
	s := newTmux(t, "80", "24", cmd)
	scr := s.waitText("DEMO")
	for _, want := range []string{"1 Overview", "2 SLOs", "3 Heal"} {
		if !strings.Contains(scr, want) {
			t.Fatalf("tab bar lacks %q:\n%s", want, scr)
		}
	}
	s.keys("3")
	s.waitFor("health rows", func(scr string) bool { return strings.Contains(lineWith(scr, "app-us"), "UP") })

	post := func(method, body string) {
		req, _ := http.NewRequest(method, "http://"+addr+"/_sim/faults", strings.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s fault: %v", method, err)
		}
		resp.Body.Close()
	}
	post("POST", `{"path":"/health/prod/app-us","status":500}`)
	s.keys("r")
	scr = s.waitFor("app-us DOWN", func(scr string) bool {
		l := lineWith(scr, "app-us")
		return strings.Contains(l, "DOWN") && strings.Contains(l, "HTTP 500")
	})
	// Keys still respond while the check fails: the cursor moves.
	s.keys("j")
	s.waitFor("cursor on app-eu", func(scr string) bool { return strings.HasPrefix(strings.TrimLeft(lineWith(scr, "app-eu"), " "), ">") })
	s.keys("?")
	s.waitText("Everywhere")
	s.keys("Escape")
	time.Sleep(100 * time.Millisecond) // ESC then a key at once reads as alt+key
	s.waitText("LATENCY")

	post("DELETE", "")
	s.keys("r")
	s.waitFor("app-us back UP", func(scr string) bool { return strings.Contains(lineWith(scr, "app-us"), "UP ") })
	s.keys("q")
	s.waitText("EXIT:0")
}

func TestE2ETooSmallAndWide(t *testing.T) {
	bin := buildBinary(t)
	home := t.TempDir()
	s := newTmux(t, "70", "20", "env -u OPSDECK_CONFIG HOME="+home+" XDG_CONFIG_HOME="+home+" XDG_STATE_HOME="+home+" "+bin)
	s.waitText("too small")
	s.tm("resize-window", "-t", "t", "-x", "200", "-y", "50")
	scr := s.waitText("8 Readiness")
	if !strings.Contains(scr, "4 Tenants") || !strings.Contains(scr, "DEMO") {
		t.Fatalf("200x50 screen:\n%s", scr)
	}
	s.keys("q")
	s.waitText("EXIT:0")
}
