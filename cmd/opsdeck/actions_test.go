package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/sources/audit"
	"github.com/opsdeck/opsdeck/sources/sim"
)

// actionSim starts a simulator, writes the config that points at it and sends the audit log to a
// temporary state directory. It returns the simulator and the audit log's path.
func actionSim(t *testing.T) (*sim.Sim, string) {
	t.Helper()
	s, err := sim.Start(sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	src, err := s.Config().Encode()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("OPSDECK_CONFIG", p)
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	old := stdinIsTerminal
	stdinIsTerminal = func() bool { return false } // tests have no terminal
	t.Cleanup(func() { stdinIsTerminal = old })
	return s, filepath.Join(state, "opsdeck", audit.FileName)
}

func auditLines(t *testing.T, path string) []action.Entry {
	t.Helper()
	es, bad, err := audit.Read(path)
	if err != nil || bad != 0 {
		t.Fatalf("audit log: %v (%d bad lines)", err, bad)
	}
	return es
}

func writes(s *sim.Sim) []sim.Request {
	var out []sim.Request
	for _, r := range s.Requests() {
		if r.Method != "GET" {
			out = append(out, r)
		}
	}
	return out
}

func TestHeadlessDeclareMaintenanceTwice(t *testing.T) {
	_, log := actionSim(t)
	// Within the next 14 days, so `get maintenance` lists it among the upcoming windows.
	start := time.Now().UTC().Add(72 * time.Hour).Format("2006-01-02 15:00")
	args := []string{"maintenance", "declare", "--title", "DB upgrade", "--start", start, "--duration", "2h", "--utc",
		"--component", "API", "--yes"}
	out, errOut, code := runCLI(t, args...)
	if code != exitOK || !strings.Contains(out, `declared "DB upgrade"`) {
		t.Fatalf("declare: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = runCLI(t, args...)
	if code != exitOK || !strings.Contains(out, "already declared") {
		t.Fatalf("declare again: exit %d, want the existing window reported\n%s%s", code, out, errOut)
	}
	es := auditLines(t, log)
	if len(es) != 2 || es[0].Result != action.ResultOK || es[1].Result != action.ResultExisting || es[0].RequestID != es[1].RequestID {
		t.Errorf("audit = %+v, want one ok line and one existing line for the same window", es)
	}
	out, _, code = runCLI(t, "get", "maintenance", "-o", "json")
	if code == exitOK && !strings.Contains(out, "DB upgrade") {
		t.Errorf("the declared window is not listed by get maintenance:\n%s", out)
	}
}

func TestHeadlessRollback(t *testing.T) {
	s, log := actionSim(t)
	out, errOut, code := runCLI(t, "rollback", "--to", "v27", "--yes", "--watch", "0")
	if code != exitOK {
		t.Fatalf("rollback: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"created v31 rolling back to v27", "rollout: progressing", "rollout: complete", "v27 is current"} {
		if !strings.Contains(out, want) {
			t.Errorf("rollback output lacks %q:\n%s", want, out)
		}
	}
	if w := writes(s); len(w) != 1 || w[0].Method != "POST" {
		t.Errorf("writes = %+v, want one POST", w)
	}
	out, _, _ = runCLI(t, "get", "releases")
	if !strings.Contains(out, "v31") || !strings.Contains(out, "Rollback to v27") {
		t.Errorf("releases after rollback:\n%s", out)
	}
	if es := auditLines(t, log); len(es) != 1 || es[0].Action != action.Rollback || es[0].Result != action.ResultOK {
		t.Errorf("audit = %+v, want one rollback line", es)
	}
}

func TestHeadlessRollbackKubernetes(t *testing.T) {
	_, _ = actionSim(t)
	out, errOut, code := runCLI(t, "rollback", "--env", "staging", "--to", "3", "--yes", "--watch", "0")
	if code != exitOK || !strings.Contains(out, "patched shop/web to revision 3") || !strings.Contains(out, "rollout: complete") {
		t.Fatalf("kubernetes rollback: exit %d\n%s%s", code, out, errOut)
	}
}

func TestHeadlessPageTwiceOneAlert(t *testing.T) {
	s, log := actionSim(t)
	for i := 0; i < 2; i++ {
		out, errOut, code := runCLI(t, "page", "--summary", "checkout is down", "--severity", "SEV1", "--incident", "PSIM42", "--yes")
		if code != exitOK {
			t.Fatalf("page: exit %d\n%s%s", code, out, errOut)
		}
	}
	if as := s.PagerAlerts(); len(as) != 1 || as[0].Events != 2 || as[0].Severity != "critical" {
		t.Errorf("alerts = %+v, want one alert with two events (SEV1 -> critical)", as)
	}
	if es := auditLines(t, log); len(es) != 2 || es[0].DedupKey != es[1].DedupKey {
		t.Errorf("audit = %+v, want two page lines with one dedup key", es)
	}
}

func TestHeadlessReadOnlyRefusesAll(t *testing.T) {
	s, log := actionSim(t)
	for _, args := range [][]string{
		{"maintenance", "declare", "--title", "x", "--start", "+1h", "--duration", "1h", "--yes"},
		{"rollback", "--to", "v29", "--yes"},
		{"page", "--summary", "x", "--severity", "SEV2", "--yes"},
	} {
		_, errOut, code := runCLI(t, append([]string{"--readonly"}, args...)...)
		if code != exitUsage || !strings.Contains(errOut, "read-only mode:") || !strings.Contains(errOut, "nothing was sent") {
			t.Errorf("%s with --readonly: exit %d, %q", args[0], code, errOut)
		}
	}
	if r := s.Requests(); len(r) != 0 {
		t.Errorf("the simulator recorded %d requests in read-only mode: %+v", len(r), r)
	}
	es := auditLines(t, log)
	if len(es) != 3 {
		t.Fatalf("audit = %+v, want three refusals", es)
	}
	for _, e := range es {
		if e.Result != action.ResultRefused {
			t.Errorf("audit %s = %s, want refused", e.Action, e.Result)
		}
	}
}

func TestHeadlessNeedsYesWithoutTerminal(t *testing.T) {
	s, _ := actionSim(t)
	_, errOut, code := runCLI(t, "page", "--summary", "x", "--severity", "SEV3")
	if code != exitUsage || !strings.Contains(errOut, "no terminal to confirm on; pass --yes") {
		t.Errorf("page without --yes and without a terminal: exit %d, %q", code, errOut)
	}
	if w := writes(s); len(w) != 0 {
		t.Errorf("sent %+v without confirmation", w)
	}
}

func TestHeadlessConfirmOnTerminal(t *testing.T) {
	s, _ := actionSim(t)
	stdinIsTerminal = func() bool { return true }
	old := stdin
	t.Cleanup(func() { stdin = old })
	stdin = strings.NewReader("\n") // Enter alone never confirms
	_, errOut, code := runCLI(t, "page", "--summary", "x", "--severity", "SEV3")
	if code != exitUsage || !strings.Contains(errOut, "canceled: nothing was sent") || len(writes(s)) != 0 {
		t.Errorf("Enter alone: exit %d, %q", code, errOut)
	}
	stdin = strings.NewReader("opsdeck-demo\n") // prod asks for the typed name (confirm_typed)
	if out, errOut, code := runCLI(t, "page", "--summary", "x", "--severity", "SEV3"); code != exitOK {
		t.Errorf("typed name: exit %d\n%s%s", code, out, errOut)
	}
	if len(s.PagerAlerts()) != 1 {
		t.Errorf("alerts after a typed confirmation = %d", len(s.PagerAlerts()))
	}
}

func TestHeadlessDryRunSendsNothing(t *testing.T) {
	s, log := actionSim(t)
	for _, args := range [][]string{
		{"maintenance", "declare", "--title", "x", "--start", "+1h", "--duration", "1h", "--dry-run"},
		{"rollback", "--to", "v29", "--dry-run"},
		{"page", "--summary", "x", "--severity", "SEV2", "--dry-run"},
	} {
		out, errOut, code := runCLI(t, args...)
		if code != exitOK || !strings.Contains(out, "dry run: nothing was sent") || !strings.Contains(out, "[redacted]") {
			t.Errorf("%s --dry-run: exit %d\n%s%s", args[0], code, out, errOut)
		}
		if strings.Contains(out, s.Token("pager")) || strings.Contains(out, s.Token("heroku")) || strings.Contains(out, s.Token("statuspage")) {
			t.Errorf("%s --dry-run shows a secret:\n%s", args[0], out)
		}
	}
	if w := writes(s); len(w) != 0 {
		t.Errorf("dry runs sent %+v", w)
	}
	for _, e := range auditLines(t, log) {
		if e.Result != action.ResultDryRun {
			t.Errorf("audit %s = %s, want dry-run", e.Action, e.Result)
		}
	}
}

func TestAuditCommand(t *testing.T) {
	_, _ = actionSim(t)
	runCLI(t, "page", "--summary", "x", "--severity", "SEV2", "--yes")
	out, _, code := runCLI(t, "audit")
	if code != exitOK || !strings.Contains(out, "page") || !strings.Contains(out, "OK") || !strings.Contains(out, "opsdeck/prod/summary/") {
		t.Errorf("audit: exit %d\n%s", code, out)
	}
	out, _, _ = runCLI(t, "audit", "-o", "json")
	if !strings.HasPrefix(out, `{"time":`) || strings.Count(out, "\n") != 1 {
		t.Errorf("audit -o json:\n%s", out)
	}
}

// brokenAuditLog makes the audit log unwritable: its directory is a regular file.
func brokenAuditLog(t *testing.T) {
	t.Helper()
	state := t.TempDir()
	if err := os.WriteFile(filepath.Join(state, "opsdeck"), []byte("not a directory"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_STATE_HOME", state)
}

// A console action whose audit line cannot be written says so in its Done (the dialog shows it);
// nothing is printed, as the send runs on a command goroutine while the UI owns the screen.
func TestConsoleActionAuditFailureIsInDone(t *testing.T) {
	s, _ := actionSim(t)
	brokenAuditLog(t)
	var out, errb strings.Builder
	app := newApp(&out, &errb)
	defer app.Close()
	if !app.loadConfig(false) {
		t.Fatalf("config: %s", errb.String())
	}
	e, ok := app.env()
	if !ok {
		t.Fatal(errb.String())
	}
	errb.Reset() // the config's warnings
	x := app.actionsFor(e)
	p, err := pagerFor(e)
	if err != nil || p == nil {
		t.Fatalf("pager: %v", err)
	}
	d, err := x.pageRequest(p, x.alert("checkout is down", action.SEV2, nil, "", "")).Send(context.Background())
	if err != nil || d.Outcome.Result != action.ResultOK {
		t.Fatalf("page: %+v, %v", d, err)
	}
	if d.AuditErr == nil || !strings.Contains(d.AuditErr.Error(), "not recorded") {
		t.Errorf("Done.AuditErr = %v, want the audit log's failure", d.AuditErr)
	}
	if errb.Len() != 0 || out.Len() != 0 {
		t.Errorf("the console's send printed %q %q", out.String(), errb.String())
	}
	if len(s.PagerAlerts()) != 1 {
		t.Errorf("the page was not sent")
	}
}

// A headless action whose audit line cannot be written prints why and exits non-zero, though the
// action was sent.
func TestHeadlessAuditFailureExitsNonZero(t *testing.T) {
	s, _ := actionSim(t)
	brokenAuditLog(t)
	out, errOut, code := runCLI(t, "page", "--summary", "checkout is down", "--severity", "SEV2", "--yes")
	if code == exitOK || !strings.Contains(errOut, "audit log") || !strings.Contains(errOut, "not recorded") {
		t.Errorf("page with an unwritable audit log: exit %d\n%s%s", code, out, errOut)
	}
	if len(s.PagerAlerts()) != 1 || !strings.Contains(out, "PagerDuty") {
		t.Errorf("the page was not sent and reported:\n%s", out)
	}
	_, errOut, code = runCLI(t, "rollback", "--to", "v29", "--dry-run")
	if code == exitOK || !strings.Contains(errOut, "not recorded") {
		t.Errorf("rollback --dry-run with an unwritable audit log: exit %d, %q", code, errOut)
	}
}

// A pager key that comes from token_cmd is redacted from the audit log like any other: the log
// gets the secret the pager's client resolved (here the key was pasted into the summary).
func TestAuditRedactsTokenCmdSecret(t *testing.T) {
	s, log := actionSim(t)
	var out, errb strings.Builder
	app := newApp(&out, &errb)
	defer app.Close()
	if !app.loadConfig(false) {
		t.Fatalf("config: %s", errb.String())
	}
	e, ok := app.env()
	if !ok {
		t.Fatal(errb.String())
	}
	key := s.Token("pager")
	e.Pager.Credentials = config.Credentials{TokenCmd: "printf '%s' " + key}
	x := app.actionsFor(e)
	p, err := pagerFor(e)
	if err != nil || p == nil {
		t.Fatalf("pager: %v", err)
	}
	d, err := x.pageRequest(p, x.alert("checkout is down, key "+key+" pasted by mistake", action.SEV2, nil, "", "")).Send(context.Background())
	if err != nil || d.AuditErr != nil {
		t.Fatalf("page: %v, audit: %v", err, d.AuditErr)
	}
	raw, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), key) || !strings.Contains(string(raw), "key [redacted] pasted") {
		t.Errorf("audit log holds the token_cmd key or lost the text around it:\n%s", raw)
	}
}
