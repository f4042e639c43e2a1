package confirm

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui"
)

// Request is an action the dialog previews, confirms and sends. cmd/opsdeck builds it from a
// source: the dialog never sees HTTP.
type Request struct {
	Kind action.Kind
	// Target is what the action acts on; for a typed confirmation, the exact text to type.
	Target  string
	Confirm action.Confirmation
	// Notes are lines shown above the request: what differs from the current release, say.
	Notes []string
	// Plan builds the request to show. It may read upstream (a rollback reads the deployment) and
	// never changes anything.
	Plan func(ctx context.Context) (action.Plan, error)
	// Send sends the request and writes the audit line. Its error says what failed and what was or
	// was not done.
	Send func(ctx context.Context) (Done, error)
	// OnDone is called on the UI goroutine when Send has returned, for the host to follow up
	// (watch a rollout, refresh a list). It may be nil.
	OnDone func(d Done, err error) tea.Cmd
	// Timeout bounds Plan and Send; one minute when zero.
	Timeout time.Duration
}

// Done is what a sent action reports.
type Done struct {
	Outcome action.Outcome
	Message string   // the result line
	Undo    *Request // offered right after, confirmed again; nil when the upstream has no undo
	Value   any      // for the host: the window declared, the release created
	// AuditErr says the audit line could not be written: the action was sent (or failed) but is
	// not recorded. The dialog shows it beside the result.
	AuditErr error
}

// step is where the dialog is.
type step int

const (
	stepPlanning step = iota
	stepConfirm
	stepSending
	stepDone
)

// Dialog previews a request, takes the confirmation, sends it and shows the result with the undo.
type Dialog struct {
	req      Request
	startKey string // the key that opened the dialog: never accepted as the confirmation
	keys     KeyMap
	theme    *themes.Theme
	id       int
	step     step
	plan     action.Plan
	planErr  error
	input    textinput.Model
	hint     string
	done     Done
	err      error
	scroll   int
	closed   bool
	undo     *Request // the undo asked for, for the host to open
	undoKey  string
}

// plannedMsg is sent when the dialog's plan is built.
type plannedMsg struct {
	id   int
	plan action.Plan
	err  error
}

// sentMsg is sent when the dialog's request has been sent (or failed).
type sentMsg struct {
	id   int
	done Done
	err  error
}

// Open starts a dialog for req, opened by startKey; the returned command builds the plan.
func Open(req Request, startKey string, km KeyMap, theme *themes.Theme) (*Dialog, tea.Cmd) {
	if req.Timeout <= 0 {
		req.Timeout = time.Minute
	}
	in := textinput.New()
	in.Prompt = "> "
	st := textinput.DefaultStyles(true)
	st.Cursor.Blink = false
	in.SetStyles(st)
	in.SetWidth(40)
	d := &Dialog{req: req, startKey: startKey, keys: km, theme: theme, id: ui.NewGen(), input: in}
	id, plan, timeout := d.id, req.Plan, req.Timeout
	return d, func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		p, err := plan(ctx)
		return plannedMsg{id: id, plan: p, err: err}
	}
}

// Closed reports whether the dialog is over and the host should drop it.
func (d *Dialog) Closed() bool { return d.closed }

// Sending reports whether the request is in flight (the dialog cannot be closed then).
func (d *Dialog) Sending() bool { return d.step == stepSending }

// Undo returns the undo the person asked for, once, with the key that asked: the dialog is then
// closed and the host opens the undo as an action of its own (confirmed again, its result
// published and followed up like any other).
func (d *Dialog) Undo() (Request, string, bool) {
	if d.undo == nil {
		return Request{}, "", false
	}
	req, k := *d.undo, d.undoKey
	d.undo = nil
	return req, k, true
}

// Update handles the dialog's messages and keys. It returns the dialog; when the person asks for
// the undo it is closed and Undo returns the request.
func (d *Dialog) Update(msg tea.Msg) (*Dialog, tea.Cmd) {
	switch msg := msg.(type) {
	case plannedMsg:
		if msg.id != d.id {
			return d, nil
		}
		d.plan, d.planErr = msg.plan, msg.err
		d.step = stepConfirm
		if d.planErr == nil && d.req.Confirm == action.ConfirmTyped {
			return d, d.input.Focus()
		}
	case sentMsg:
		if msg.id != d.id {
			return d, nil
		}
		d.step, d.done, d.err = stepDone, msg.done, msg.err
		if d.req.OnDone != nil {
			return d, d.req.OnDone(msg.done, msg.err)
		}
	case tea.KeyPressMsg:
		return d.key(msg)
	}
	return d, nil
}

func (d *Dialog) key(msg tea.KeyPressMsg) (*Dialog, tea.Cmd) {
	switch d.step {
	case stepPlanning, stepSending:
		if d.step == stepPlanning && key.Matches(msg, d.keys.Cancel) {
			d.closed = true
		}
		return d, nil
	case stepDone:
		if d.done.Undo != nil && d.err == nil && key.Matches(msg, d.keys.Undo) {
			d.undo, d.undoKey, d.closed = d.done.Undo, msg.String(), true
			return d, nil
		}
		if key.Matches(msg, d.keys.Cancel) || msg.String() == "enter" || msg.String() == "q" {
			d.closed = true
		}
		return d, nil
	}
	// stepConfirm
	if key.Matches(msg, d.keys.Cancel) {
		d.closed = true
		return d, nil
	}
	if d.planErr != nil {
		return d, nil
	}
	if d.req.Confirm == action.ConfirmTyped {
		if msg.String() == "enter" {
			if d.input.Value() == d.req.Target {
				return d.send()
			}
			d.hint = fmt.Sprintf("type %q exactly to confirm (esc cancels)", d.req.Target)
			return d, nil
		}
		switch msg.String() {
		case "down", "pgdown":
			d.scroll++
			return d, nil
		case "up", "pgup":
			d.scroll = max(0, d.scroll-1)
			return d, nil
		}
		var cmd tea.Cmd
		d.input, cmd = d.input.Update(msg)
		return d, cmd
	}
	switch {
	case msg.IsRepeat:
		return d, nil // a held key never confirms
	case key.Matches(msg, d.keys.Confirm):
		if msg.String() == d.startKey {
			d.hint = "the key that started the action does not confirm it"
			return d, nil
		}
		return d.send()
	case msg.String() == "enter":
		d.hint = fmt.Sprintf("Enter does not confirm: press %s to send, esc to cancel", d.keys.Confirm.Help().Key)
	case key.Matches(msg, d.keys.Down):
		d.scroll++
	case key.Matches(msg, d.keys.Up):
		d.scroll = max(0, d.scroll-1)
	}
	return d, nil
}

func (d *Dialog) send() (*Dialog, tea.Cmd) {
	d.step, d.hint = stepSending, ""
	d.input.Blur()
	id, send, timeout := d.id, d.req.Send, d.req.Timeout
	return d, func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		done, err := send(ctx)
		return sentMsg{id: id, done: done, err: err}
	}
}

// View draws the dialog in w x h.
func (d *Dialog) View(w, h int) string {
	th := d.theme
	var lines []string
	title := th.Title.Render(strings.ToUpper(d.req.Kind.Word())) + "  " + th.Muted.Render(d.req.Target)
	lines = append(lines, title)
	switch d.step {
	case stepPlanning:
		lines = append(lines, th.Muted.Render("reading the current state to build the request…"), "", th.Muted.Render("esc cancel"))
		return fit(lines, w, h)
	case stepSending:
		lines = append(lines, th.Text.Render(d.plan.Summary), "", th.Degraded.Render("SENDING… ")+th.Muted.Render("waiting for the upstream; nothing else is sent meanwhile"))
		return fit(lines, w, h)
	case stepDone:
		lines = append(lines, th.Text.Render(d.plan.Summary), "")
		if d.err != nil {
			lines = append(lines, th.Down.Render("FAILED ")+th.Error.Render(d.err.Error()))
			var f *action.Failure
			if errors.As(d.err, &f) && f.Uncertain {
				lines = append(lines, th.Alarm.Render("UNKNOWN whether it took effect: check upstream before trying again"))
			}
		} else {
			word := "DONE "
			if d.done.Outcome.Result == action.ResultExisting {
				word = "ALREADY THERE "
			}
			lines = append(lines, th.OK.Render(word)+th.Text.Render(d.done.Message))
			if d.done.Outcome.RequestID != "" {
				lines = append(lines, th.Muted.Render("id "+d.done.Outcome.RequestID))
			}
		}
		if d.done.AuditErr != nil {
			lines = append(lines, th.Alarm.Render("NOT RECORDED ")+th.Error.Render(d.done.AuditErr.Error()))
		}
		lines = append(lines, "")
		help := "enter/esc close"
		if d.done.Undo != nil && d.err == nil {
			help = d.keys.Undo.Help().Key + " " + d.done.Undo.Kind.Word() + " (confirmed again) · " + help
		}
		lines = append(lines, th.Muted.Render(help))
		return fit(lines, w, h)
	}
	if d.planErr != nil {
		lines = append(lines, "", th.Down.Render("CANNOT PREPARE ")+th.Error.Render(d.planErr.Error()),
			th.Muted.Render("nothing was sent"), "", th.Muted.Render("esc close"))
		return fit(lines, w, h)
	}
	lines = append(lines, th.Text.Render(d.plan.Summary))
	for _, n := range d.req.Notes {
		lines = append(lines, th.Text.Render("  "+n))
	}
	if d.plan.DedupKey != "" {
		lines = append(lines, th.Muted.Render("dedup key "+d.plan.DedupKey+": pressing again updates the same alert"))
	}
	lines = append(lines, th.Muted.Render("the exact request (secrets redacted):"))
	// the footer: confirmation lines
	var foot []string
	if d.req.Confirm == action.ConfirmTyped {
		foot = append(foot, th.Degraded.Render("type "+d.req.Target+" and press enter to send")+th.Muted.Render(" · esc cancel"), d.input.View())
	} else {
		foot = append(foot, th.Degraded.Render("press "+d.keys.Confirm.Help().Key+" to send")+th.Muted.Render(" · esc cancel · ↑↓ scroll"))
	}
	if d.hint != "" {
		foot = append(foot, th.Alarm.Render(d.hint))
	}
	room := h - len(lines) - len(foot) - 1
	req := strings.Split(strings.TrimRight(d.plan.Request(), "\n"), "\n")
	if room < 1 {
		room = 1
	}
	d.scroll = min(d.scroll, max(0, len(req)-room))
	end := min(len(req), d.scroll+room)
	for _, l := range req[d.scroll:end] {
		lines = append(lines, th.Text.Render("  "+l))
	}
	if end < len(req) {
		lines[len(lines)-1] = th.Muted.Render(fmt.Sprintf("  … %d more lines (↓ scrolls)", len(req)-end+1))
	}
	lines = append(lines, "")
	lines = append(lines, foot...)
	return fit(lines, w, h)
}

func fit(lines []string, w, h int) string {
	if h > 0 && len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = ui.Fit(l, w)
	}
	return strings.Join(lines, "\n")
}
