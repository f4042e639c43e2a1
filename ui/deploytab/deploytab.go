// Package deploytab is the Deployments tab: the deployer's releases (Heroku releases or a
// Kubernetes Deployment's revisions) with version, description, author, time, status and which is
// current; a rollback to the selected release, previewed, confirmed by typing the app or deployment
// name, followed until the new release is current, then watched against the health checks and the
// short-window burn rate for a few minutes; and the roll forward offered right after.
package deploytab

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/models/deploy"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/bus"
	"github.com/opsdeck/opsdeck/ui/confirm"
	"github.com/opsdeck/opsdeck/ui/keys"
	"github.com/opsdeck/opsdeck/ui/listview"
)

// Config is what the tab needs besides the shared state; cmd/opsdeck fills it from a driver.
type Config struct {
	Driver string // "heroku" or "kubernetes", as the tab names it
	Target string // the app or the namespace/deployment; typed to confirm a rollback
	// Releases lists the releases, newest first.
	Releases func(ctx context.Context) ([]deploy.Release, error)
	// Rollback builds the request that rolls back (or forward: kind) from current to target.
	Rollback func(kind action.Kind, target, current deploy.Release) confirm.Request
	// Progress reads how the rollout that created created is going.
	Progress func(ctx context.Context, created deploy.Release) (deploy.Progress, error)
	// RecordWatch writes the watch's verdict to the audit log and returns the failure to write it,
	// shown as a flash; it may be nil.
	RecordWatch func(kind action.Kind, target deploy.Release, verdict deploy.Verdict, summary string) error
	Every       time.Duration // between list refreshes
	Poll        time.Duration // between progress reads during a rollout; 2s when zero
	RolloutMax  time.Duration // a rollout not complete by then has failed; 10m when zero
	Watch       time.Duration // how long health and burn rate are watched; deploy.DefaultWatch when zero
	Policy      action.Policy
	// Refused writes the audit line of a rollback refused by read-only mode and returns the failure
	// to write it, shown as a flash; it may be nil. It is called from a command, never on the UI
	// goroutine.
	Refused func(k action.Kind, target string) error
}

// KeyMap is the tab's bindings.
type KeyMap struct {
	keys.Nav
	Rollback key.Binding
	refuse   key.Binding // Rollback's keys, matched in read-only mode to say why nothing happens
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Select, k.Rollback, k.Filter} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return append(k.Nav.FullHelp(), []key.Binding{k.Rollback})
}

// rollout is a rollback being followed, then watched.
type rollout struct {
	kind     action.Kind
	target   deploy.Release // what was rolled back to
	created  deploy.Release // what the rollback made (Heroku: the new release)
	started  time.Time
	progress deploy.Progress
	err      error
	watch    *deploy.Watch
	verdict  deploy.Verdict
}

// Model is the Deployments tab.
type Model struct {
	cfg      Config
	sh       *ui.Shared
	id       int // this tab's own messages carry it: the next environment's tab ignores them
	keys     KeyMap
	ckeys    confirm.KeyMap
	list     *listview.Model
	gen      int
	busy     bool
	releases []deploy.Release
	at       time.Time
	err      error
	detail   bool
	dlg      *confirm.Dialog
	roll     *rollout
	rollGen  int
	audit    confirm.Recorder // refusals' audit lines, written in order off the UI goroutine
	w, h     int
}

// releasesReadMsg is sent when a listing ends, with or without error.
type releasesReadMsg struct {
	gen int
	rs  []deploy.Release
	at  time.Time
	err error
}

// refreshDueMsg is sent when the next listing should start.
type refreshDueMsg struct{ gen int }

// progressReadMsg is sent when a progress read of the followed rollout ends.
type progressReadMsg struct {
	gen int
	p   deploy.Progress
	err error
}

// pollDueMsg is sent when the next progress read (or watch check) is due.
type pollDueMsg struct{ gen int }

// relistMsg is sent after a rollback or roll forward is answered, for the tab that sent it to list
// the releases again (a ui.RefreshMsg would be delivered to, and reload, every tab).
type relistMsg struct{ tab int }

// rolledBackMsg is sent when a rollback request has been answered, with what it created.
type rolledBackMsg struct {
	tab     int
	kind    action.Kind
	target  deploy.Release
	created deploy.Release
}

// New builds the tab; it reads nothing until Init.
func New(sh *ui.Shared, cfg Config) *Model {
	if cfg.Every <= 0 {
		cfg.Every = time.Minute
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 2 * time.Second
	}
	if cfg.RolloutMax <= 0 {
		cfg.RolloutMax = 10 * time.Minute
	}
	if cfg.Watch <= 0 {
		cfg.Watch = deploy.DefaultWatch
	}
	km := KeyMap{Nav: keys.NewNav(sh.Keys), Rollback: sh.Keys.Bind("rollback", "roll back to the selected release", "R")}
	km.refuse = km.Rollback
	if cfg.Policy.ReadOnly || cfg.Rollback == nil {
		km.Rollback.SetEnabled(false)
	}
	l := listview.New(km.Nav, sh.Theme, []listview.Column{
		{Title: "VERSION", Width: 8}, {Title: "STATUS", Width: 8}, {Title: "", Width: 7},
		{Title: "DESCRIPTION", Width: 16, Flex: true}, {Title: "AUTHOR", Width: 12, Flex: true}, {Title: "AGE", Width: 6, Right: true},
	})
	return &Model{cfg: cfg, sh: sh, id: ui.NewGen(), keys: km, ckeys: confirm.DefaultKeyMap(sh.Keys), list: l, gen: ui.NewGen()}
}

// Title implements ui.Tab.
func (m *Model) Title() string { return "Deployments" }

// Flush writes the refusals' audit lines still waiting, on the caller's goroutine. The root calls it
// on quit: Bubble Tea does not wait for running commands when the program ends.
func (m *Model) Flush() error { return m.audit.Flush() }

// Init starts the refresh chain.
func (m *Model) Init() tea.Cmd {
	if m.cfg.Releases == nil {
		return nil
	}
	gen := m.gen
	return func() tea.Msg { return refreshDueMsg{gen} }
}

// KeyMap implements ui.Tab.
func (m *Model) KeyMap() help.KeyMap { return m.keys }

// Capturing implements ui.Tab.
func (m *Model) Capturing() bool { return m.dlg != nil || m.list.Editing() }

// Sources implements ui.Tab.
func (m *Model) Sources() []ui.Source {
	if m.cfg.Releases == nil {
		return nil
	}
	return []ui.Source{{Name: m.cfg.Driver, At: m.at, Err: m.err, Busy: m.busy}}
}

// Copy implements ui.Copier: the selected release's id.
func (m *Model) Copy() (string, bool) {
	r, ok := m.selected()
	return r.ID, ok && r.ID != ""
}

func (m *Model) selected() (deploy.Release, bool) {
	row, ok := m.list.Selected()
	if !ok {
		return deploy.Release{}, false
	}
	v, _ := strconv.Atoi(row.Key)
	return deploy.Find(m.releases, v)
}

// Update implements ui.Tab.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case refreshDueMsg:
		if msg.gen == m.gen && !m.busy {
			m.busy = true
			return m.listCmd()
		}
	case ui.RefreshMsg:
		return m.relist()
	case relistMsg:
		if msg.tab == m.id {
			return m.relist()
		}
	case releasesReadMsg:
		if msg.gen != m.gen {
			return nil
		}
		m.busy = false
		m.err = msg.err
		if msg.err == nil {
			m.releases, m.at = msg.rs, msg.at
			m.rebuild()
		}
		return m.scheduleRefresh()
	case rolledBackMsg:
		if msg.tab != m.id {
			return nil
		}
		m.rollGen = ui.NewGen()
		m.roll = &rollout{kind: msg.kind, target: msg.target, created: msg.created, started: m.sh.Now(),
			progress: deploy.Progress{Phase: deploy.PhaseAccepted, Detail: "accepted"}}
		return m.pollCmd(0)
	case pollDueMsg:
		if m.roll == nil || msg.gen != m.rollGen {
			return nil
		}
		if m.roll.watch != nil {
			return m.checkWatch()
		}
		return m.progressCmd()
	case progressReadMsg:
		return m.onProgress(msg)
	case bus.HealthMsg:
		if m.roll != nil && m.roll.watch != nil && msg.Env == m.sh.Env {
			c := msg.Board.Count()
			total := len(msg.Board.Checks)
			w := m.roll.watch.Record(deploy.Observation{At: msg.At, ChecksUp: total - c.Down, ChecksTotal: total})
			m.roll.watch = &w
		}
	case bus.SLOMsg:
		if m.roll != nil && m.roll.watch != nil && msg.Env == m.sh.Env {
			if b, ok := shortBurn(msg); ok {
				w := m.roll.watch.Record(deploy.Observation{At: msg.At, Burn: b, BurnKnown: true})
				m.roll.watch = &w
			}
		}
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	}
	if m.dlg != nil {
		var cmd tea.Cmd
		m.dlg, cmd = m.dlg.Update(msg)
		return cmd
	}
	return nil
}

// relist starts a listing now, unless one is in flight.
func (m *Model) relist() tea.Cmd {
	if m.busy || m.cfg.Releases == nil {
		return nil
	}
	m.gen = ui.NewGen()
	m.busy = true
	return m.listCmd()
}

// shortBurn is the worst 5-minute burn rate over the SLOs of a round.
func shortBurn(msg bus.SLOMsg) (float64, bool) {
	worst, ok := 0.0, false
	for _, r := range msg.Reports {
		for _, b := range r.Burns {
			if b.Window == 5*time.Minute && !math.IsNaN(b.Rate) {
				worst, ok = math.Max(worst, b.Rate), true
			}
		}
	}
	return worst, ok
}

func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if m.dlg != nil {
		var cmd tea.Cmd
		m.dlg, cmd = m.dlg.Update(msg)
		if undo, startKey, ok := m.dlg.Undo(); ok {
			// the roll forward was built by follow when the rollback was sent: it is followed too
			var open tea.Cmd
			m.dlg, open = confirm.Open(undo, startKey, m.ckeys, m.sh.Theme)
			return tea.Batch(cmd, open)
		}
		if m.dlg.Closed() {
			m.dlg = nil
		}
		return cmd
	}
	if m.detail {
		if key.Matches(msg, m.keys.Back) || key.Matches(msg, m.keys.Select) {
			m.detail = false
			return nil
		}
	}
	if !m.list.Editing() {
		switch {
		case key.Matches(msg, m.keys.Rollback):
			return m.startRollback(msg.String())
		case m.cfg.Policy.ReadOnly && m.cfg.Rollback != nil && key.Matches(msg, m.keys.refuse):
			text := m.cfg.Policy.Allow(action.Rollback).Error()
			var record tea.Cmd
			if refused, target := m.cfg.Refused, m.cfg.Target; refused != nil {
				record = m.audit.Add(func() error {
					if aerr := refused(action.Rollback, target); aerr != nil {
						return fmt.Errorf("%s; %w", text, aerr)
					}
					return nil
				})
			}
			return tea.Batch(ui.Flash(text, true), record)
		case key.Matches(msg, m.keys.Select):
			if _, ok := m.selected(); ok {
				m.detail = !m.detail
			}
			return nil
		}
	}
	if m.detail {
		return nil
	}
	_, cmd := m.list.Update(msg)
	return cmd
}

// startRollback opens the rollback dialog for the selected release.
func (m *Model) startRollback(startKey string) tea.Cmd {
	tgt, ok := m.selected()
	cur, hasCur := deploy.Current(m.releases)
	switch {
	case !ok:
		return ui.Flash("select the release to roll back to", true)
	case !hasCur:
		return ui.Flash("no release is current: nothing to roll back from", true)
	case tgt.Version == cur.Version:
		return ui.Flash(tgt.Label()+" is already current: select an older release", true)
	case !tgt.Rollbackable:
		return ui.Flash(fmt.Sprintf("%s is %s and cannot be rolled back to", tgt.Label(), tgt.Status.Word()), true)
	case m.roll != nil && !m.roll.progress.Phase.Done():
		return ui.Flash("a rollback is still in progress", true)
	}
	return m.openRollback(action.Rollback, tgt, cur, startKey)
}

func (m *Model) openRollback(kind action.Kind, tgt, cur deploy.Release, startKey string) tea.Cmd {
	req := m.flow().follow(kind, tgt, cur)
	var cmd tea.Cmd
	m.dlg, cmd = confirm.Open(req, startKey, m.ckeys, m.sh.Theme)
	m.detail = false
	return cmd
}

// flow is what a rollback request and the roll forward it offers need from the tab, copied on the
// UI goroutine when the dialog opens: the request's Send runs on a command goroutine and builds
// the roll forward there, so it must never read the tab or the shared state (:env changes Env).
type flow struct {
	rollback func(kind action.Kind, target, current deploy.Release) confirm.Request
	policy   action.Policy
	env      string
	tab      int
	now      func() time.Time // the shared clock: published actions are stamped with it
}

// flow copies what follow needs.
func (m *Model) flow() flow {
	return flow{rollback: m.cfg.Rollback, policy: m.cfg.Policy, env: m.sh.Env, tab: m.id, now: m.sh.Now}
}

// follow builds the request that rolls from cur to tgt: once sent, the tab follows its rollout, and
// right after a rollback it offers the roll forward to cur (confirmed again, and followed too).
func (f flow) follow(kind action.Kind, tgt, cur deploy.Release) confirm.Request {
	req := f.rollback(kind, tgt, cur)
	req.Confirm = f.policy.Confirmation(kind)
	send := req.Send
	if kind == action.Rollback {
		req.Send = func(ctx context.Context) (confirm.Done, error) {
			d, err := send(ctx)
			if err == nil && d.Outcome.Result == action.ResultOK {
				created, _ := d.Value.(deploy.Release)
				if created.Version == 0 {
					created = tgt
				}
				undo := f.follow(action.RollForward, cur, created)
				d.Undo = &undo
			}
			return d, err
		}
	}
	prev, env, tab, now := req.OnDone, f.env, f.tab, f.now
	req.OnDone = func(d confirm.Done, err error) tea.Cmd {
		var cmds []tea.Cmd
		if prev != nil {
			cmds = append(cmds, prev(d, err))
		}
		res, detail := d.Outcome.Result, d.Message
		if err != nil {
			res, detail = action.ResultFailed, err.Error()
			if f, ok := err.(*action.Failure); ok {
				res = f.Result()
			}
		}
		at := now()
		cmds = append(cmds, func() tea.Msg {
			return bus.ActionMsg{Env: env, Kind: kind, Target: tgt.Label(), Result: res, RequestID: d.Outcome.RequestID, Detail: detail, At: at}
		})
		if err == nil && d.Outcome.Result == action.ResultOK {
			created, _ := d.Value.(deploy.Release)
			cmds = append(cmds, func() tea.Msg { return rolledBackMsg{tab: tab, kind: kind, target: tgt, created: created} })
		}
		cmds = append(cmds, func() tea.Msg { return relistMsg{tab: tab} })
		return tea.Batch(cmds...)
	}
	return req
}
