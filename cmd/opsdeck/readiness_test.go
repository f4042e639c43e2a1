package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/models/readiness"
	"github.com/opsdeck/opsdeck/sources/readinessfile"
	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui"
)

// readinessDemoEnv isolates a test from the user's config and state: the demo starts, and its answers file
// lands in a temporary state directory.
func readinessDemoEnv(t *testing.T) string {
	t.Helper()
	t.Setenv("OPSDECK_CONFIG", "")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	return filepath.Join(state, "opsdeck", "demo-readiness.toml")
}

func TestReadinessCheckDemo(t *testing.T) {
	path := readinessDemoEnv(t)
	out, errOut, code := runCLI(t, "readiness", "check")
	if code != exitProblem {
		t.Fatalf("exit %d, want %d\n%s%s", code, exitProblem, out, errOut)
	}
	for _, want := range []string{path + ": 22 of 59 items answered", "FAILING     sla.resolution", "UNANSWERED  perf.soak",
		"EVIDENCE    health-check", "not ready:"} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("the demo answers file was not created: %v", err)
	}
}

// A pipeline with only the answers file: no config, no evidence, exit 0 once every required item
// passes or does not apply.
func TestReadinessCheckFileOnly(t *testing.T) {
	readinessDemoEnv(t)
	s := readiness.Sheet{Answers: map[string]readiness.Answer{}}
	for _, it := range readiness.Checklist() {
		s.Answers[it.ID] = readiness.Answer{Verdict: readiness.VerdictPass, Note: "see the runbook"}
	}
	s.Answers["dev.localization"] = readiness.Answer{Verdict: readiness.NotApplicable}
	path := filepath.Join(t.TempDir(), "readiness.toml")
	if err := readinessfile.Write(path, s); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runCLI(t, "readiness", "check", "--file", path)
	if code != exitOK || !strings.Contains(out, "ready: every required item") || !strings.Contains(errOut, "without live evidence") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	s.Answers["sla.rto"] = readiness.Answer{Verdict: readiness.VerdictFail, Note: "no RTO yet"}
	readinessfile.Write(path, s)
	if out, _, code := runCLI(t, "readiness", "check", "--file", path); code != exitProblem || !strings.Contains(out, "FAILING     sla.rto") {
		t.Fatalf("with a failing item: exit %d\n%s", code, out)
	}
}

func TestReadinessCheckBrokenFile(t *testing.T) {
	readinessDemoEnv(t)
	path := filepath.Join(t.TempDir(), "readiness.toml")
	os.WriteFile(path, []byte("[answers.\"sla.rto\"]\nverdict = \"passed\"\n"), 0o644)
	_, errOut, code := runCLI(t, "readiness", "check", "--file", path)
	if code != exitUsage || !strings.Contains(errOut, path+":2: answers.\"sla.rto\".verdict") {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
}

// The Markdown export of the demo answers every approval-ticket question or marks it missing, with
// the live evidence of the simulator (issue 8, done when).
func TestReadinessExportDemo(t *testing.T) {
	readinessDemoEnv(t)
	out, errOut, code := runCLI(t, "readiness", "export", "--format", "md")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if !strings.HasPrefix(out, "# Operational readiness: acme-timesheets\n\nExported ") {
		t.Errorf("title and date missing:\n%s", out[:min(200, len(out))])
	}
	answered, missing := 0, 0
	for _, it := range readiness.Checklist() {
		if it.Ticket == "" {
			continue
		}
		i := strings.Index(out, "#### "+it.Question)
		if i < 0 {
			t.Errorf("ticket question %s missing", it.ID)
			continue
		}
		block := out[i+5:]
		if j := strings.Index(block, "\n#"); j >= 0 {
			block = block[:j]
		}
		switch {
		case strings.Contains(block, "**Answer: MISSING**"):
			missing++
		case strings.Contains(block, "**Answer:** "):
			answered++
		}
	}
	if answered != 3 || missing != 12 {
		t.Errorf("ticket questions: %d answered, %d missing; the demo answers 3 of 15", answered, missing)
	}
	for _, want := range []string{"| App descriptor | PASS |", "| Health-check resource | FAIL |", "| SLA page | PASS |", "**Not ready:**"} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %q", want)
		}
	}
	file := filepath.Join(t.TempDir(), "readiness.md")
	if _, _, code := runCLI(t, "readiness", "export", "--evidence=false", "--out", file); code != exitOK {
		t.Fatalf("--out: exit %d", code)
	}
	if b, _ := os.ReadFile(file); !bytes.Contains(b, []byte("| Health-check resource | UNKNOWN |")) {
		t.Errorf("--evidence=false still gathered evidence, or --out wrote nothing")
	}
	if _, _, code := runCLI(t, "readiness", "export", "--format", "html"); code != exitUsage {
		t.Errorf("--format html: exit %d, want %d", code, exitUsage)
	}
	if _, _, code := runCLI(t, "readiness", "frobnicate"); code != exitUsage {
		t.Errorf("unknown subcommand: exit %d", code)
	}
}

// The walkthrough against a real answers file: answer, write a note, quit; a new console resumes on
// the same item with the note, read back from the file.
func TestReadinessTabResumesFromTheFile(t *testing.T) {
	readinessDemoEnv(t)
	path := filepath.Join(t.TempDir(), "readiness.toml")
	if err := os.WriteFile(path, readinessfile.Demo(), 0o644); err != nil {
		t.Fatal(err)
	}
	app := newApp(&bytes.Buffer{}, &bytes.Buffer{})
	env := &config.Env{Name: "prod", Readiness: config.Readiness{File: path}}
	open := func() *teatest.TestModel {
		th := themes.Mono()
		sh := &ui.Shared{Theme: &th, Now: time.Now, Env: "prod"}
		root := ui.New(ui.Options{Shared: sh, Tabs: []ui.Tab{buildReadinessTab(app, env, sh)}, Envs: []string{"prod"}})
		return teatest.NewTestModel(t, root, teatest.WithInitialTermSize(80, 24),
			teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII), tea.WithEnvironment([]string{"TERM=xterm-256color"})))
	}
	keys := func(tm *teatest.TestModel, ks ...string) {
		for _, k := range ks {
			switch k {
			case "enter":
				tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
			case "esc":
				tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
			default:
				tm.Send(tea.KeyPressMsg{Code: []rune(k)[0], Text: k})
			}
		}
	}
	quit := func(tm *teatest.TestModel) string {
		keys(tm, "q")
		fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second))
		// As runUI does after the program ends: writes still in commands are flushed.
		if errs := fm.(*ui.Model).Flush(); len(errs) > 0 {
			t.Fatalf("flush: %v", errs)
		}
		return fm.View().Content
	}

	tm := open()
	keys(tm, "2", "enter", "f", "n", "e") // the demo resumes on perf.soak: fail it, then a note on perf.spike
	tm.Type("spike test booked for Friday")
	keys(tm, "esc")
	quit(tm)

	s, _, err := readinessfile.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if s.Answers["perf.soak"].Verdict != readiness.VerdictFail || s.Answers["perf.soak"].Note == "" {
		t.Errorf("perf.soak = %+v, want fail with the demo's draft note kept", s.Answers["perf.soak"])
	}
	if s.Position != "perf.spike" || s.Answers["perf.spike"].Note != "spike test booked for Friday" {
		t.Fatalf("file after quitting: position %q, perf.spike %+v", s.Position, s.Answers["perf.spike"])
	}

	tm = open()
	keys(tm, "2", "enter")
	view := quit(tm)
	if !strings.Contains(view, "perf.spike") || !strings.Contains(view, "spike test booked for Friday") {
		t.Errorf("the new console did not resume on perf.spike with its note:\n%s", view)
	}
}
