package confirm_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/google/go-cmp/cmp"

	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/models/incident"
	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/bus"
	"github.com/opsdeck/opsdeck/ui/confirm"
)

var clock = time.Date(2026, 5, 7, 12, 0, 0, 0, time.UTC)

func theme() *themes.Theme { th := themes.Mono(); return &th }

func press(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

// run executes a command and the commands it returns, feeding messages to update, like a program.
func run(cmd tea.Cmd, update func(tea.Msg) tea.Cmd) {
	for cmd != nil {
		msg := cmd()
		switch m := msg.(type) {
		case nil:
			return
		case tea.BatchMsg:
			for _, c := range m {
				run(c, update)
			}
			return
		default:
			cmd = update(msg)
		}
	}
}

// request counts the sends of a fake action.
func request(sends *atomic.Int32, c action.Confirmation) confirm.Request {
	return confirm.Request{
		Kind: action.Page, Target: "checkout", Confirm: c,
		Plan: func(context.Context) (action.Plan, error) {
			return action.Plan{Action: action.Page, Method: "POST", URL: "https://events.example.com/v2/enqueue", Summary: "page SEV2",
				Body: []byte(`{"routing_key":"[redacted]"}`), DedupKey: "k1"}, nil
		},
		Send: func(context.Context) (confirm.Done, error) {
			sends.Add(1)
			return confirm.Done{Outcome: action.Outcome{Result: action.ResultOK, RequestID: "r1"}, Message: "paged"}, nil
		},
	}
}

func open(t *testing.T, req confirm.Request, startKey string) (*confirm.Dialog, func(tea.Msg)) {
	km := confirm.DefaultKeyMap(nil)
	d, cmd := confirm.Open(req, startKey, km, theme())
	step := func(msg tea.Msg) {
		var c tea.Cmd
		d, c = d.Update(msg)
		run(c, func(m tea.Msg) tea.Cmd { var c2 tea.Cmd; d, c2 = d.Update(m); return c2 })
	}
	run(cmd, func(m tea.Msg) tea.Cmd { var c tea.Cmd; d, c = d.Update(m); return c })
	return d, step
}

func TestKeyConfirmation(t *testing.T) {
	var sends atomic.Int32
	d, step := open(t, request(&sends, action.ConfirmKey), "P")
	view := ansi.Strip(d.View(80, 24))
	for _, want := range []string{"POST https://events.example.com/v2/enqueue", `"routing_key": "[redacted]"`, "press Y to send", "dedup key k1"} {
		if !strings.Contains(view, want) {
			t.Errorf("preview lacks %q:\n%s", want, view)
		}
	}
	step(press("enter"))
	if sends.Load() != 0 || !strings.Contains(ansi.Strip(d.View(80, 24)), "Enter does not confirm") {
		t.Fatalf("Enter alone confirmed (sends %d)", sends.Load())
	}
	step(tea.KeyPressMsg{Code: 'Y', Text: "Y", IsRepeat: true})
	if sends.Load() != 0 {
		t.Fatalf("a held (repeated) key confirmed")
	}
	step(press("Y"))
	if sends.Load() != 1 || !strings.Contains(ansi.Strip(d.View(80, 24)), "DONE paged") {
		t.Fatalf("Y did not send once (sends %d):\n%s", sends.Load(), ansi.Strip(d.View(80, 24)))
	}
}

func TestConfirmKeyIsNeverTheStartKey(t *testing.T) {
	var sends atomic.Int32
	// the config rebinds confirm to the key that starts the action (and to Enter): neither confirms
	km := confirm.DefaultKeyMap(map[string][]string{"confirm": {"enter", "P", "Y"}})
	d, cmd := confirm.Open(request(&sends, action.ConfirmKey), "P", km, theme())
	run(cmd, func(m tea.Msg) tea.Cmd { var c tea.Cmd; d, c = d.Update(m); return c })
	for _, k := range []string{"P", "enter"} {
		var c tea.Cmd
		d, c = d.Update(press(k))
		run(c, func(m tea.Msg) tea.Cmd { var c2 tea.Cmd; d, c2 = d.Update(m); return c2 })
	}
	if sends.Load() != 0 {
		t.Errorf("the start key or Enter confirmed")
	}
}

func TestTypedConfirmation(t *testing.T) {
	var sends atomic.Int32
	d, step := open(t, request(&sends, action.ConfirmTyped), "R")
	for _, r := range "checkou" {
		step(press(string(r)))
	}
	step(press("enter"))
	if sends.Load() != 0 || !strings.Contains(ansi.Strip(d.View(80, 24)), `type "checkout" exactly`) {
		t.Fatalf("a wrong name confirmed")
	}
	step(press("t"))
	step(press("enter"))
	if sends.Load() != 1 {
		t.Fatalf("the typed name did not confirm")
	}
}

func TestCancelSendsNothing(t *testing.T) {
	var sends atomic.Int32
	d, step := open(t, request(&sends, action.ConfirmKey), "P")
	step(press("esc"))
	if !d.Closed() || sends.Load() != 0 {
		t.Errorf("esc: closed %v, sends %d", d.Closed(), sends.Load())
	}
}

func TestFailureAndUndo(t *testing.T) {
	var sends, undos atomic.Int32
	req := request(&sends, action.ConfirmKey)
	undo := request(&undos, action.ConfirmKey)
	undo.Kind = action.CancelMaintenance
	req.Send = func(context.Context) (confirm.Done, error) {
		sends.Add(1)
		return confirm.Done{Outcome: action.Outcome{Result: action.ResultOK}, Message: "declared", Undo: &undo}, nil
	}
	d, step := open(t, req, "M")
	step(press("Y"))
	if v := ansi.Strip(d.View(80, 24)); !strings.Contains(v, "u cancel maintenance (confirmed again)") {
		t.Fatalf("undo not offered:\n%s", v)
	}
	step(press("u"))
	got, startKey, ok := d.Undo()
	if !ok || !d.Closed() || got.Kind != action.CancelMaintenance || startKey != "u" {
		t.Fatalf("u: closed %v, undo %v %q %q; want the closed dialog handing over the cancel", d.Closed(), ok, got.Kind, startKey)
	}
	if _, _, again := d.Undo(); again {
		t.Errorf("the undo was handed over twice")
	}
	d, step = open(t, got, startKey)
	if undos.Load() != 0 {
		t.Fatalf("the undo was sent without its own confirmation")
	}
	step(press("Y"))
	if undos.Load() != 1 {
		t.Fatalf("the undo was not sent after its confirmation")
	}
	failing := request(&sends, action.ConfirmKey)
	failing.Send = func(context.Context) (confirm.Done, error) {
		return confirm.Done{}, &action.Failure{Action: action.Page, Step: "send", Done: "the alert may have been created", Uncertain: true,
			Err: errors.New("pagerduty: POST /v2/enqueue: timed out")}
	}
	d, step = open(t, failing, "P")
	step(press("Y"))
	v := ansi.Strip(d.View(100, 24))
	for _, want := range []string{"FAILED page: send failed: pagerduty: POST /v2/enqueue: timed out; the alert may have been created", "UNKNOWN whether it took effect"} {
		if !strings.Contains(v, want) {
			t.Errorf("failure view lacks %q:\n%s", want, v)
		}
	}
}

// An action whose audit line could not be written says so beside its result.
func TestAuditFailureIsShown(t *testing.T) {
	var sends atomic.Int32
	req := request(&sends, action.ConfirmKey)
	req.Send = func(context.Context) (confirm.Done, error) {
		sends.Add(1)
		return confirm.Done{Outcome: action.Outcome{Result: action.ResultOK, RequestID: "r1"}, Message: "paged",
			AuditErr: errors.New("audit log: sync: input/output error: the action was not recorded")}, nil
	}
	d, step := open(t, req, "P")
	step(press("Y"))
	v := ansi.Strip(d.View(100, 24))
	for _, want := range []string{"DONE paged", "NOT RECORDED audit log: sync: input/output error: the action was not recorded"} {
		if !strings.Contains(v, want) {
			t.Errorf("result lacks %q:\n%s", want, v)
		}
	}
}

func TestMaintenanceForm(t *testing.T) {
	f := confirm.NewMaintenanceForm(confirm.DefaultKeyMap(nil), theme(), func() time.Time { return clock }, time.UTC)
	f.SetComponents([]action.Component{{ID: "c1", Name: "API"}, {ID: "c2", Name: "Webhooks"}}, nil)
	f.Focus()
	f.Update(press("enter"))
	if _, ok := f.Submitted(); ok || !strings.Contains(ansi.Strip(f.View(80, 24)), "a title is required") {
		t.Fatalf("an empty form was submitted:\n%s", ansi.Strip(f.View(80, 24)))
	}
	for _, r := range "DB" {
		f.Update(press(string(r)))
	}
	f.Update(press("tab"))
	for _, r := range "+2h" {
		f.Update(press(string(r)))
	}
	f.Update(press("tab"))
	f.Update(press("tab"))
	f.Update(press("down"))
	f.Update(press("space")) // Webhooks
	f.Update(press("enter"))
	d, ok := f.Submitted()
	if !ok {
		t.Fatalf("not submitted:\n%s", ansi.Strip(f.View(80, 24)))
	}
	if d.Name != "DB" || !d.Start.Equal(clock.Add(2*time.Hour)) || !d.End.Equal(clock.Add(3*time.Hour)) || len(d.Components) != 1 ||
		d.Components[0].ID != "c2" || !d.RemindSubscribers || !d.SetUnderMaintenance {
		t.Errorf("declaration = %+v", d)
	}
}

// fakeTab is a tab for the Host tests.
type fakeTab struct {
	ui.Notice
	refreshed int
}

func (f *fakeTab) Update(msg tea.Msg) tea.Cmd {
	if _, ok := msg.(ui.RefreshMsg); ok {
		f.refreshed++
	}
	return nil
}

func TestHostReadOnlyRefuses(t *testing.T) {
	th := theme()
	sh := &ui.Shared{Theme: th, Now: func() time.Time { return clock }, ReadOnly: true, Env: "prod"}
	var sends atomic.Int32
	var refused []action.Kind
	inner := &fakeTab{Notice: *ui.NewNotice(sh, "Maintenance", "x")}
	h := confirm.NewHost(inner, sh, confirm.Actions{Env: "prod", Policy: action.Policy{ReadOnly: true, Why: "--readonly"},
		Refused: func(k action.Kind, _ string) error {
			refused = append(refused, k)
			return errors.New("audit log: disk full: the action was not recorded")
		},
		Declare: func(action.Declaration) confirm.Request { return request(&sends, action.ConfirmKey) }})
	var msgs []tea.Msg
	run(h.Update(press("M")), func(m tea.Msg) tea.Cmd { msgs = append(msgs, m); return nil })
	if h.Capturing() || sends.Load() != 0 || len(refused) != 1 {
		t.Fatalf("read-only M: capturing %v, sends %d, refused %v", h.Capturing(), sends.Load(), refused)
	}
	flashed := false
	for _, m := range msgs {
		if f, ok := m.(ui.FlashMsg); ok && strings.Contains(f.Text, "read-only mode: declare maintenance refused, nothing was sent") &&
			strings.Contains(f.Text, "disk full: the action was not recorded") {
			flashed = true
		}
	}
	if !flashed {
		t.Errorf("no clear refusal message saying it was not recorded: %+v", msgs)
	}
	var published []bus.ActionMsg
	for _, m := range msgs {
		if a, ok := m.(bus.ActionMsg); ok {
			published = append(published, a)
		}
	}
	if len(published) != 1 || published[0].Result != action.ResultRefused || !published[0].At.Equal(clock) {
		t.Errorf("published %+v, want one refusal stamped with the shared clock's %v", published, clock)
	}
	for _, b := range h.KeyMap().ShortHelp() {
		if b.Enabled() && b.Help().Desc == "declare maintenance" {
			t.Errorf("the declare key still shows in help in read-only mode")
		}
	}
}

// The refusals' audit lines are written by commands, never in Update (a slow disk must not stall a
// key), in the order of the keys; Flush (on quit) writes those whose command has not run.
func TestHostRefusalsAreWrittenOffTheUIGoroutineInOrder(t *testing.T) {
	th := theme()
	sh := &ui.Shared{Theme: th, Now: func() time.Time { return clock }, ReadOnly: true, Env: "prod"}
	var mu sync.Mutex
	var refused []action.Kind
	inner := &fakeTab{Notice: *ui.NewNotice(sh, "Incidents", "x")}
	never := func(action.Declaration) confirm.Request { return confirm.Request{} }
	h := confirm.NewHost(inner, sh, confirm.Actions{Env: "prod", Policy: action.Policy{ReadOnly: true, Why: "--readonly"},
		Refused: func(k action.Kind, _ string) error {
			mu.Lock()
			defer mu.Unlock()
			refused = append(refused, k)
			return nil
		},
		Declare:  never,
		Page:     func(string, action.Severity, *incident.Incident) confirm.Request { return confirm.Request{} },
		TestPage: func() confirm.Request { return confirm.Request{} }})
	var cmds []tea.Cmd
	for _, k := range []string{"M", "P", "T"} {
		cmds = append(cmds, h.Update(press(k)))
	}
	if len(refused) != 0 {
		t.Fatalf("refusals written in Update: %v", refused)
	}
	// the last key's command runs first: the queue still writes in the order of the keys
	run(cmds[2], func(tea.Msg) tea.Cmd { return nil })
	want := []action.Kind{action.DeclareMaintenance, action.Page, action.TestPage}
	if diff := cmp.Diff(want, refused); diff != "" {
		t.Errorf("refusals written (-want +got):\n%s", diff)
	}
	h.Update(press("P"))
	if err := h.Flush(); err != nil {
		t.Fatal(err)
	}
	if len(refused) != 4 || refused[3] != action.Page {
		t.Errorf("Flush did not write the waiting refusal: %v", refused)
	}
}

func TestHostDeclareRefreshesTab(t *testing.T) {
	th := theme()
	sh := &ui.Shared{Theme: th, Now: func() time.Time { return clock }, Env: "prod"}
	var sends atomic.Int32
	inner := &fakeTab{Notice: *ui.NewNotice(sh, "Maintenance", "x")}
	var got action.Declaration
	h := confirm.NewHost(inner, sh, confirm.Actions{Env: "prod", Loc: time.UTC,
		Components: func(context.Context) ([]action.Component, error) { return nil, nil },
		Declare: func(d action.Declaration) confirm.Request {
			got = d
			r := request(&sends, action.ConfirmKey)
			r.Kind = action.DeclareMaintenance
			return r
		}})
	h.SetSize(80, 20)
	var published []bus.ActionMsg
	feed := func(m tea.Msg) tea.Cmd {
		if a, ok := m.(bus.ActionMsg); ok {
			published = append(published, a)
		}
		return h.Update(m)
	}
	run(h.Update(press("M")), feed)
	for _, k := range []string{"W", "tab", "+", "1", "h", "enter"} {
		run(h.Update(press(k)), feed)
	}
	if got.Name != "W" || !h.Capturing() {
		t.Fatalf("form not submitted to a dialog: %+v\n%s", got, ansi.Strip(h.View()))
	}
	run(h.Update(press("Y")), feed)
	if sends.Load() != 1 || inner.refreshed != 1 || len(published) != 1 || published[0].Result != action.ResultOK {
		t.Fatalf("after declaring: sends %d, inner refreshed %d times, published %+v", sends.Load(), inner.refreshed, published)
	}
	if !published[0].At.Equal(clock) {
		t.Errorf("the declaration is stamped %v, want the shared clock's %v", published[0].At, clock)
	}
}

// The undo of a declaration (cancel the window) is an action of the host like the declaration: it
// is published on the bus and the tab refreshes, so the maintenance banner goes with the window.
func TestHostUndoIsPublishedAndRefreshesTab(t *testing.T) {
	th := theme()
	sh := &ui.Shared{Theme: th, Now: func() time.Time { return clock }, Env: "prod"}
	var sends, cancels atomic.Int32
	inner := &fakeTab{Notice: *ui.NewNotice(sh, "Maintenance", "x")}
	h := confirm.NewHost(inner, sh, confirm.Actions{Env: "prod", Loc: time.UTC,
		Components: func(context.Context) ([]action.Component, error) { return nil, nil },
		Declare: func(action.Declaration) confirm.Request {
			cancel := request(&cancels, action.ConfirmKey)
			cancel.Kind = action.CancelMaintenance
			r := request(&sends, action.ConfirmKey)
			r.Kind = action.DeclareMaintenance
			r.Send = func(context.Context) (confirm.Done, error) {
				sends.Add(1)
				return confirm.Done{Outcome: action.Outcome{Result: action.ResultOK, RequestID: "w1"}, Message: "declared", Undo: &cancel}, nil
			}
			return r
		}})
	h.SetSize(80, 20)
	var published []bus.ActionMsg
	feed := func(m tea.Msg) tea.Cmd {
		if a, ok := m.(bus.ActionMsg); ok {
			published = append(published, a)
		}
		return h.Update(m)
	}
	for _, k := range []string{"M", "W", "tab", "+", "1", "h", "enter", "Y"} {
		run(h.Update(press(k)), feed)
	}
	if sends.Load() != 1 || !strings.Contains(ansi.Strip(h.View()), "u cancel maintenance") {
		t.Fatalf("declaration not sent or no undo offered (sends %d):\n%s", sends.Load(), ansi.Strip(h.View()))
	}
	run(h.Update(press("u")), feed)
	if !h.Capturing() || cancels.Load() != 0 {
		t.Fatalf("u: capturing %v, cancels %d; want the cancel's own dialog", h.Capturing(), cancels.Load())
	}
	run(h.Update(press("Y")), feed)
	if cancels.Load() != 1 {
		t.Fatalf("the cancel was not sent after its confirmation")
	}
	if len(published) != 2 || published[1].Kind != action.CancelMaintenance || published[1].Result != action.ResultOK {
		t.Errorf("published %+v, want the declaration then the cancel", published)
	}
	if inner.refreshed != 2 {
		t.Errorf("inner tab refreshed %d times, want 2 (after the declaration and after the cancel)", inner.refreshed)
	}
	run(h.Update(press("enter")), feed)
	if h.Capturing() {
		t.Errorf("the cancel's dialog did not close")
	}
}
