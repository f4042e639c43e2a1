package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"

	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/sources/audit"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"golang.org/x/term"
)

// actions is what every action of one environment shares: the safety policy, the audit log and
// who is acting. The console and the headless commands both go through it, so a refusal, a dry run
// and a sent request leave the same audit line.
type actions struct {
	app    *App
	env    *config.Env
	policy action.Policy
	log    *audit.Log
	user   string
	host   string
}

// actionsFor builds the actions of env. The audit log's path is $XDG_STATE_HOME/opsdeck/audit.jsonl.
func (a *App) actionsFor(e *config.Env) *actions {
	x := &actions{app: a, env: e, policy: a.policyFor(e), user: currentUser(), host: hostName()}
	path, err := audit.DefaultPath()
	if err != nil {
		path = ""
	}
	x.log = audit.Open(path)
	return x
}

// policyFor says whether env refuses actions (and why) and whether every action needs the typed name.
func (a *App) policyFor(e *config.Env) action.Policy {
	p := action.Policy{ReadOnly: a.readOnly(e), TypedAll: e.ConfirmTyped}
	switch {
	case a.readonly && (a.file == nil || !a.file.ReadOnly):
		p.Why = "started with --readonly"
	case a.file != nil && a.file.ReadOnly:
		p.Why = "config readonly = true"
	case e.ReadOnly:
		p.Why = "environment " + e.Name + " has readonly = true"
	}
	return p
}

func currentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

func hostName() string {
	if h, err := os.Hostname(); err == nil {
		return h
	}
	return "unknown"
}

// uses adds the secret a client of the actions resolved to the audit log's redaction.
func (x *actions) uses(s httpx.Secret) { x.log.Redact(s) }

// audit writes the audit line of an action that was sent (or failed to be) and returns the failure
// to write it, for the caller to show: the console's dialog (its Send runs on a command goroutine
// while the UI owns the screen, so nothing may be printed), a headless command's stderr.
func (x *actions) audit(k action.Kind, target, summary, dedup string, out action.Outcome, err error) error {
	e := action.Entry{Time: x.app.now().UTC(), User: x.user, Host: x.host, Env: x.env.Name, Action: k, Target: target,
		Summary: summary, DedupKey: dedup, RequestID: out.RequestID, Result: out.Result, Detail: out.Detail}
	if err != nil {
		e.Result, e.Detail = action.ResultFailed, err.Error()
		if f, ok := err.(*action.Failure); ok {
			e.Result = f.Result()
		}
	}
	return x.write(e)
}

// record is audit for a headless command: a failure to write is also printed to stderr. The
// console never uses it.
func (x *actions) record(k action.Kind, target, summary, dedup string, out action.Outcome, err error) error {
	return x.warn(x.audit(k, target, summary, dedup, out, err))
}

// refused writes the audit line of an action refused by read-only mode (nothing was sent) and
// returns the failure to write it (the console flashes it, a headless command prints it).
func (x *actions) refused(k action.Kind, target string) error {
	err := x.policy.Allow(k)
	detail := ""
	if err != nil {
		detail = err.Error()
	}
	return x.write(action.Entry{Time: x.app.now().UTC(), User: x.user, Host: x.host, Env: x.env.Name, Action: k, Target: target,
		Result: action.ResultRefused, Detail: detail})
}

// dryRun writes the audit line of a request shown and not sent (headless only: a failure is printed).
func (x *actions) dryRun(p action.Plan) error {
	return x.warn(x.write(action.Entry{Time: x.app.now().UTC(), User: x.user, Host: x.host, Env: x.env.Name, Action: p.Action,
		Target: p.Target, Summary: p.Summary, DedupKey: p.DedupKey, Result: action.ResultDryRun}))
}

// write appends e to the audit log; the error says the action was not recorded.
func (x *actions) write(e action.Entry) error {
	if x.log.Path() == "" {
		return errors.New("audit log: no state directory (set XDG_STATE_HOME): the action was not recorded")
	}
	if err := x.log.Append(e); err != nil {
		return fmt.Errorf("%w: the action was not recorded", err)
	}
	return nil
}

// warn prints err, if any, to stderr and returns it: for headless commands only.
func (x *actions) warn(err error) error {
	if err != nil {
		fmt.Fprintf(x.app.stderr, "opsdeck: %v\n", err)
	}
	return err
}

// headless are the flags every headless action shares.
type headless struct {
	yes    bool
	dryRun bool
}

func (h *headless) flags(fs flagAdder) {
	fs.BoolVar(&h.yes, "yes", false, "send without asking (needed without a terminal)")
	fs.BoolVar(&h.dryRun, "dry-run", false, "print the exact request and send nothing")
}

// stdinIsTerminal is replaced in tests.
var stdinIsTerminal = func() bool { return term.IsTerminal(int(os.Stdin.Fd())) }

// stdin is where a headless confirmation is read; replaced in tests.
var stdin io.Reader = os.Stdin

// confirmHeadless shows the request and asks for the confirmation unless --yes: the typed target
// for a typed confirmation, else "yes". Enter alone never confirms. Without a terminal it refuses.
func (x *actions) confirmHeadless(h headless, p action.Plan, c action.Confirmation, target string, notes []string) error {
	w := x.app.stderr
	if h.yes {
		return nil
	}
	if !stdinIsTerminal() {
		return fmt.Errorf("%s not sent: no terminal to confirm on; pass --yes to send without asking (or --dry-run to see the request)", p.Action.Word())
	}
	fmt.Fprintf(w, "%s\n", p.Summary)
	for _, n := range notes {
		fmt.Fprintf(w, "  %s\n", n)
	}
	fmt.Fprintf(w, "\n%s\n", indent(p.Request()))
	want := "yes"
	if c == action.ConfirmTyped {
		want = target
	}
	fmt.Fprintf(w, "Type %q to send it (anything else cancels): ", want)
	line, _ := bufio.NewReader(stdin).ReadString('\n')
	if strings.TrimSpace(line) != want {
		return fmt.Errorf("%s canceled: nothing was sent", p.Action.Word())
	}
	return nil
}

func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i := range lines {
		lines[i] = "  " + lines[i]
	}
	return strings.Join(lines, "\n")
}
