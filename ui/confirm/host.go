package confirm

import (
	"context"
	"errors"
	"fmt"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/models/incident"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/bus"
)

// IncidentSelector is implemented by a tab with a selected incident (the Incidents tab); a page
// started there is about that incident and its dedup key comes from it.
type IncidentSelector interface {
	SelectedIncident() (incident.Incident, bool)
}

// Actions are the actions a Host adds to its tab. cmd/opsdeck builds them from the sources; a nil
// func means the action is not configured and its key is not bound.
type Actions struct {
	Env    string
	Policy action.Policy
	// Refused records a refusal by read-only mode (the audit line) and returns the failure to write
	// it, shown as a flash; it may be nil. It is called from a command, never on the UI goroutine.
	Refused func(k action.Kind, target string) error
	// Components reads the status page's components for the maintenance form.
	Components func(ctx context.Context) ([]action.Component, error)
	// Declare turns a filled-in form into the request that declares it.
	Declare func(d action.Declaration) Request
	// Page turns the page form into the request that pages; inc is the selected incident, if any.
	Page func(summary string, sev action.Severity, inc *incident.Incident) Request
	// TestPage is the readiness checklist's "send test page".
	TestPage func() Request
	// Loc is the time zone the forms read times in (local by default).
	Loc *time.Location
}

// HostKeys are the keys that start the actions.
type HostKeys struct {
	Declare, Page, TestPage key.Binding
}

// Host is a tab with actions added: it draws the inner tab until an action starts, then the
// action's form and dialog, and gives keys to them while they are open. It forwards every other
// call to the inner tab, so the tab's owner adds nothing for it.
type Host struct {
	inner   ui.Tab
	sh      *ui.Shared
	acts    Actions
	km      KeyMap
	hk      HostKeys
	refuse  HostKeys // the same keys, still matched in read-only mode to say why nothing happens
	mform   *MaintenanceForm
	pform   *PageForm
	pinc    *incident.Incident
	dlg     *Dialog
	compGen int
	audit   Recorder // refusals' audit lines, written in order off the UI goroutine
	w, h    int
}

// componentsReadMsg is sent when the status page's components have been read for the form.
type componentsReadMsg struct {
	gen   int
	comps []action.Component
	err   error
}

// NewHost wraps inner with the actions in acts. In read-only mode the action keys are disabled
// (they match nothing and leave the help) and pressing one says the action is refused.
func NewHost(inner ui.Tab, sh *ui.Shared, acts Actions) *Host {
	h := &Host{inner: inner, sh: sh, acts: acts, km: DefaultKeyMap(sh.Keys)}
	h.hk = HostKeys{
		Declare:  sh.Keys.Bind("declare_maintenance", "declare maintenance", "M"),
		Page:     sh.Keys.Bind("page", "page support", "P"),
		TestPage: sh.Keys.Bind("test_page", "send a test page", "T"),
	}
	h.refuse = h.hk
	for _, b := range []struct {
		b  *key.Binding
		on bool
	}{{&h.hk.Declare, acts.Declare != nil}, {&h.hk.Page, acts.Page != nil}, {&h.hk.TestPage, acts.TestPage != nil}} {
		if !b.on || acts.Policy.ReadOnly {
			b.b.SetEnabled(false)
		}
	}
	if acts.Loc == nil {
		h.acts.Loc = time.Local
	}
	return h
}

// Flush writes what is still waiting to be written (a refusal's audit line; the inner tab's own,
// such as the readiness answers), on the caller's goroutine. The root calls it on quit: Bubble Tea
// does not wait for running commands when the program ends.
func (h *Host) Flush() error {
	err := h.audit.Flush()
	if f, ok := h.inner.(interface{ Flush() error }); ok {
		err = errors.Join(err, f.Flush())
	}
	return err
}

// Inner is the wrapped tab.
func (h *Host) Inner() ui.Tab { return h.inner }

// Title implements ui.Tab.
func (h *Host) Title() string { return h.inner.Title() }

// Init implements ui.Tab.
func (h *Host) Init() tea.Cmd { return h.inner.Init() }

// SetSize implements ui.Tab.
func (h *Host) SetSize(w, hh int) { h.w, h.h = w, hh; h.inner.SetSize(w, hh) }

// Sources implements ui.Tab.
func (h *Host) Sources() []ui.Source { return h.inner.Sources() }

// Summary implements ui.Tab.
func (h *Host) Summary(width int) []string { return h.inner.Summary(width) }

// Capturing implements ui.Tab: while a form or dialog is open every key is its.
func (h *Host) Capturing() bool { return h.open() || h.inner.Capturing() }

// Banner forwards the inner tab's banner (the maintenance banner).
func (h *Host) Banner() string {
	if b, ok := h.inner.(ui.Bannerer); ok {
		return b.Banner()
	}
	return ""
}

// Copy forwards the inner tab's copy.
func (h *Host) Copy() (string, bool) {
	if c, ok := h.inner.(ui.Copier); ok && !h.open() {
		return c.Copy()
	}
	return "", false
}

func (h *Host) open() bool { return h.mform != nil || h.pform != nil || h.dlg != nil }

// KeyMap implements ui.Tab: the inner tab's bindings and the actions'.
func (h *Host) KeyMap() help.KeyMap { return hostKeyMap{inner: h.inner.KeyMap(), hk: h.hk} }

type hostKeyMap struct {
	inner help.KeyMap
	hk    HostKeys
}

func (k hostKeyMap) ShortHelp() []key.Binding {
	return append(k.inner.ShortHelp(), k.hk.Declare, k.hk.Page, k.hk.TestPage)
}

func (k hostKeyMap) FullHelp() [][]key.Binding {
	return append(k.inner.FullHelp(), []key.Binding{k.hk.Declare, k.hk.Page, k.hk.TestPage})
}

// Update implements ui.Tab.
func (h *Host) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case componentsReadMsg:
		if h.mform != nil && msg.gen == h.compGen {
			h.mform.SetComponents(msg.comps, msg.err)
		}
		return nil
	case plannedMsg, sentMsg:
		var cmds []tea.Cmd
		if h.dlg != nil {
			var cmd tea.Cmd
			h.dlg, cmd = h.dlg.Update(msg)
			cmds = append(cmds, cmd)
		}
		return tea.Batch(cmds...)
	case tea.KeyPressMsg:
		if h.open() {
			return h.key(msg)
		}
		if !h.inner.Capturing() {
			if cmd, ok := h.start(msg); ok {
				return cmd
			}
		}
	}
	return h.inner.Update(msg)
}

// start opens the action msg names, if any.
func (h *Host) start(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if h.acts.Policy.ReadOnly {
		for _, r := range []struct {
			b  key.Binding
			k  action.Kind
			on bool
		}{{h.refuse.Declare, action.DeclareMaintenance, h.acts.Declare != nil}, {h.refuse.Page, action.Page, h.acts.Page != nil},
			{h.refuse.TestPage, action.TestPage, h.acts.TestPage != nil}} {
			if r.on && key.Matches(msg, r.b) {
				err := h.acts.Policy.Allow(r.k)
				env, k, at, target := h.acts.Env, r.k, h.sh.Now(), h.inner.Title()
				var record tea.Cmd
				if refused := h.acts.Refused; refused != nil {
					record = h.audit.Add(func() error {
						if aerr := refused(k, target); aerr != nil {
							return fmt.Errorf("%s; %w", err.Error(), aerr)
						}
						return nil
					})
				}
				return tea.Batch(ui.Flash(err.Error(), true), record, func() tea.Msg {
					return bus.ActionMsg{Env: env, Kind: k, Result: action.ResultRefused, Detail: err.Error(), At: at}
				}), true
			}
		}
		return nil, false
	}
	switch {
	case key.Matches(msg, h.hk.Declare):
		h.mform = NewMaintenanceForm(h.km, h.sh.Theme, h.sh.Now, h.acts.Loc)
		h.compGen = ui.NewGen()
		gen, comps := h.compGen, h.acts.Components
		read := func() tea.Msg {
			if comps == nil {
				return componentsReadMsg{gen: gen, comps: []action.Component{}}
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cs, err := comps(ctx)
			return componentsReadMsg{gen: gen, comps: cs, err: err}
		}
		return tea.Batch(h.mform.Focus(), read), true
	case key.Matches(msg, h.hk.Page):
		summary, sev, about := "", action.SEV2, ""
		h.pinc = nil
		if sel, ok := h.inner.(IncidentSelector); ok {
			if inc, ok := sel.SelectedIncident(); ok {
				h.pinc = &inc
				summary, about = inc.Title, string(inc.Source)+" "+inc.ID+": "+inc.Title
				if l := int(inc.Level()); l >= 1 && l <= 3 {
					sev = action.Severity(l)
				}
			}
		}
		h.pform = NewPageForm(h.km, h.sh.Theme, summary, sev, about)
		return h.pform.Focus(), true
	case key.Matches(msg, h.hk.TestPage):
		return h.openDialog(h.acts.TestPage(), msg.String()), true
	}
	return nil, false
}

func (h *Host) openDialog(req Request, startKey string) tea.Cmd {
	inner, env, now := h.inner, h.acts.Env, h.sh.Now
	prev := req.OnDone
	req.OnDone = func(d Done, err error) tea.Cmd {
		var cmds []tea.Cmd
		if prev != nil {
			cmds = append(cmds, prev(d, err))
		}
		res := d.Outcome.Result
		detail := d.Message
		if err != nil {
			res, detail = action.ResultFailed, err.Error()
			if f, ok := err.(*action.Failure); ok {
				res = f.Result()
			}
		}
		k, target, at := req.Kind, req.Target, now()
		cmds = append(cmds, func() tea.Msg {
			return bus.ActionMsg{Env: env, Kind: k, Target: target, Result: res, RequestID: d.Outcome.RequestID, Detail: detail, At: at}
		})
		if err == nil {
			cmds = append(cmds, inner.Update(ui.RefreshMsg{})) // the new window appears in the Maintenance tab
		}
		return tea.Batch(cmds...)
	}
	if req.Confirm == action.ConfirmKey {
		req.Confirm = h.acts.Policy.Confirmation(req.Kind)
	}
	var cmd tea.Cmd
	h.dlg, cmd = Open(req, startKey, h.km, h.sh.Theme)
	return cmd
}

// key routes a key to the open form or dialog.
func (h *Host) key(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case h.dlg != nil:
		var cmd tea.Cmd
		h.dlg, cmd = h.dlg.Update(msg)
		if undo, startKey, ok := h.dlg.Undo(); ok {
			// The undo is an action of this host like the one it undoes: through openDialog, so it is
			// published on the bus and the tab refreshes (the cancelled window leaves the banner).
			h.dlg = nil
			return tea.Batch(cmd, h.openDialog(undo, startKey))
		}
		if h.dlg.Closed() {
			h.dlg = nil
		}
		return cmd
	case h.mform != nil:
		cmd := h.mform.Update(msg)
		if h.mform.Closed() {
			h.mform = nil
			return cmd
		}
		if d, ok := h.mform.Submitted(); ok {
			h.mform = nil
			return tea.Batch(cmd, h.openDialog(h.acts.Declare(d), "enter"))
		}
		return cmd
	case h.pform != nil:
		cmd := h.pform.Update(msg)
		if h.pform.Closed() {
			h.pform = nil
			return cmd
		}
		if s, sev, ok := h.pform.Submitted(); ok {
			h.pform = nil
			return tea.Batch(cmd, h.openDialog(h.acts.Page(s, sev, h.pinc), "enter"))
		}
		return cmd
	}
	return nil
}

// View implements ui.Tab.
func (h *Host) View() string {
	switch {
	case h.dlg != nil:
		return h.dlg.View(h.w, h.h)
	case h.mform != nil:
		return h.mform.View(h.w, h.h)
	case h.pform != nil:
		return h.pform.View(h.w, h.h)
	}
	return h.inner.View()
}
