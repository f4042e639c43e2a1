// Package readinesstab is the Readiness tab: progress through the operational-readiness checklist
// by section, a guided walkthrough one item per screen (question, why, live evidence, verdict and
// notes), and the live evidence gathered from the other tabs and from opsdeck's own probes. Answers
// are saved to the answers file on every change, by a command (Flush on quit writes what is still
// waiting), so quitting at any moment loses nothing and the walkthrough resumes on the same item.
package readinesstab

import (
	"context"
	"errors"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/models/readiness"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/bus"
)

// GatherFunc gathers the evidence opsdeck fetches itself (descriptor, pages, metrics, pager,
// maintenance); cmd/opsdeck passes it in. Fields it cannot fill stay nil.
type GatherFunc func(context.Context, Need) (readiness.Observations, error)

// Need says which optional evidence a gathering round should fetch: what no other tab publishes.
type Need struct {
	// Maintenance is false once the Maintenance tab publishes its windows, so the rate-limited
	// status page is read once, not twice.
	Maintenance bool
}

// Config is what the tab needs besides the shared state.
type Config struct {
	Gather  GatherFunc
	Every   time.Duration // between gathering rounds
	Timeout time.Duration // for a whole round
	// Load reads the answers file; warnings are shown, an error stops saving until the file is fixed.
	Load func() (readiness.Sheet, []string, error)
	// Save writes the answers file atomically.
	Save func(readiness.Sheet) error
	// Path is the answers file, for display.
	Path string
}

type mode int

const (
	modeOverview mode = iota
	modeGuided
	modeEditing // guided, writing notes
	modeEvidence
)

// Model is the Readiness tab.
type Model struct {
	cfg  Config
	sh   *ui.Shared
	keys KeyMap

	items   []readiness.Item
	sheet   readiness.Sheet
	loadErr error    // the file could not be read: nothing is saved until it is fixed
	warns   []string // problems that did not stop the read
	savedAt time.Time
	saveErr error
	saver   *saver
	saveSeq int  // the last sheet handed to the saver
	ackSeq  int  // the newest sheet whose write has answered
	queued  bool // a sheet was handed to the saver during this Update: its write command is due
	loadGen int  // the answers file read in flight (r); older reads are dropped

	gen    int
	busy   bool
	own    readiness.Observations // from Gather
	ownAt  time.Time
	err    error // last Gather failure; data stays
	health *readiness.HealthObs
	slos   *readiness.SLOObs
	maint  *readiness.MaintenanceObs // from the Maintenance tab
	sent   *bus.ActionMsg            // the last test page sent from the console
	ev     map[readiness.Rule]readiness.Evidence

	mode    mode
	sec     int // selected section on the overview
	idx     int // current item in guided mode
	scroll  int // evidence view offset
	notes   textarea.Model
	pending readiness.Verdict // a verdict waiting for a note
	msg     string            // guided mode: why the last key did nothing
	msgErr  bool
	noteSeq int
	w, h    int
}

// gatheredMsg is sent when a gathering round ends, with or without error.
type gatheredMsg struct {
	gen int
	obs readiness.Observations
	at  time.Time
	err error
}

// refreshDueMsg is sent when the next gathering round should start.
type refreshDueMsg struct{ gen int }

// sheetLoadedMsg is sent when the answers file has been read again (r), after the writes that were
// waiting.
type sheetLoadedMsg struct {
	gen     int
	saveSeq int       // the last sheet handed to the saver when the read was asked for
	saved   *savedMsg // the write the read waited for, if there was one
	sheet   readiness.Sheet
	warns   []string
	err     error
}

// noteIdleMsg is sent a moment after the last keystroke in the notes, to save the draft.
type noteIdleMsg struct{ seq int }

// noteIdle is how long after the last keystroke a draft note is saved.
const noteIdle = 2 * time.Second

// New builds the tab and reads the answers file; it gathers nothing until Init.
func New(sh *ui.Shared, cfg Config) *Model {
	if cfg.Every <= 0 {
		cfg.Every = 5 * time.Minute
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	m := &Model{cfg: cfg, sh: sh, keys: NewKeyMap(sh.Keys), items: readiness.Checklist(), gen: ui.NewGen()}
	m.saver = &saver{save: cfg.Save, now: sh.Now}
	m.notes = newNotes(sh)
	m.apply(m.read())
	m.evaluate()
	m.sec = m.sectionOf(m.resumeIndex())
	return m
}

// read reads the answers file, when the tab is built.
func (m *Model) read() sheetLoadedMsg {
	if m.cfg.Load == nil {
		return sheetLoadedMsg{}
	}
	s, warns, err := m.cfg.Load()
	return sheetLoadedMsg{sheet: s, warns: warns, err: err}
}

// apply takes a read of the answers file into the tab.
func (m *Model) apply(r sheetLoadedMsg) {
	m.sheet = readiness.Sheet{Answers: map[string]readiness.Answer{}}
	m.loadErr, m.warns = r.err, r.warns
	if r.err != nil {
		return
	}
	if r.sheet.Answers == nil {
		r.sheet.Answers = map[string]readiness.Answer{}
	}
	m.sheet = r.sheet
}

// loadCmd reads the answers file again (r picks up hand edits) in a command, after the writes that
// are waiting, so it never reads the file older than the screen.
func (m *Model) loadCmd() tea.Cmd {
	if m.cfg.Load == nil {
		return nil
	}
	m.loadGen = ui.NewGen()
	gen, seq, sv, load, now := m.loadGen, m.saveSeq, m.saver, m.cfg.Load, m.sh.Now
	return func() tea.Msg {
		var saved *savedMsg
		if wseq, werr, tried := sv.flush(); tried {
			saved = &savedMsg{seq: wseq, at: now(), err: werr}
		}
		s, warns, err := load()
		return sheetLoadedMsg{gen: gen, saveSeq: seq, saved: saved, sheet: s, warns: warns, err: err}
	}
}

// Title implements ui.Tab.
func (m *Model) Title() string { return "Readiness" }

// Init starts the gathering chain.
func (m *Model) Init() tea.Cmd {
	gen := m.gen
	return tea.Batch(func() tea.Msg { return refreshDueMsg{gen} }, m.publish())
}

// Update implements ui.Tab.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	cmd := m.update(msg)
	if m.queued {
		m.queued = false
		return tea.Batch(cmd, m.saver.cmd())
	}
	return cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case refreshDueMsg:
		if msg.gen == m.gen && !m.busy && m.cfg.Gather != nil {
			m.busy = true
			return m.gatherCmd()
		}
	case ui.RefreshMsg:
		var load tea.Cmd
		if m.mode != modeEditing {
			load = m.loadCmd() // pick up hand edits
		}
		m.evaluate()
		if !m.busy && m.cfg.Gather != nil {
			m.gen = ui.NewGen()
			m.busy = true
			return tea.Batch(load, m.gatherCmd(), m.publish())
		}
		return tea.Batch(load, m.publish())
	case sheetLoadedMsg:
		if msg.saved != nil {
			m.update(*msg.saved)
		}
		// Dropped when a newer read was asked for, when the notes are being written, or when the
		// screen is newer than the file: an answer was given since the read was asked for (it is
		// being written), or the answers waiting could not be written.
		if msg.gen != m.loadGen || m.mode == modeEditing || msg.saveSeq != m.saveSeq || (msg.saved != nil && msg.saved.err != nil) {
			return nil
		}
		m.apply(msg)
		m.clampIdx()
		m.notes.SetValue(m.sheet.Answers[m.items[m.idx].ID].Note)
		m.evaluate()
		return m.publish()
	case savedMsg:
		if msg.seq < m.ackSeq {
			return nil // an older write's answer, later than a newer one's
		}
		m.ackSeq = msg.seq
		m.saveErr = msg.err // on failure the answer stays on screen and is written again with the next
		if msg.err == nil {
			m.savedAt = msg.at
		}
	case gatheredMsg:
		if msg.gen != m.gen {
			return nil
		}
		m.busy = false
		m.err = msg.err
		if msg.err == nil {
			m.own, m.ownAt = msg.obs, msg.at
		}
		m.evaluate()
		return tea.Batch(m.publish(), m.scheduleRefresh())
	case bus.HealthMsg:
		if msg.Env == m.sh.Env {
			m.health = HealthObservation(msg.Board, msg.At)
			m.evaluate()
			return m.publish()
		}
	case bus.SLOMsg:
		if msg.Env == m.sh.Env {
			m.slos = SLOObservation(msg.Reports, msg.At)
			m.evaluate()
			return m.publish()
		}
	case bus.MaintenanceMsg:
		if msg.Env == m.sh.Env {
			m.maint = MaintenanceObservation(msg, m.sh.Now())
			m.evaluate()
			return m.publish()
		}
	case bus.ActionMsg:
		if msg.Env == m.sh.Env && msg.Kind == action.TestPage && msg.Result != action.ResultCanceled && msg.Result != action.ResultRefused {
			m.sent = &msg
			m.evaluate()
			return m.publish()
		}
	case noteIdleMsg:
		if msg.seq == m.noteSeq && m.mode == modeEditing {
			m.commitNote(false)
		}
	case tea.PasteMsg:
		if m.mode == modeEditing {
			return m.editNotes(msg)
		}
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	}
	return nil
}

// gatherCmd copies what it needs; the goroutine never reads m.
func (m *Model) gatherCmd() tea.Cmd {
	gen, gather, now, timeout := m.gen, m.cfg.Gather, m.sh.Now, m.cfg.Timeout
	need := Need{Maintenance: m.maint == nil}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		obs, err := gather(ctx, need)
		return gatheredMsg{gen: gen, obs: obs, at: now(), err: err}
	}
}

func (m *Model) scheduleRefresh() tea.Cmd {
	gen := m.gen
	return tea.Tick(m.cfg.Every, func(time.Time) tea.Msg { return refreshDueMsg{gen} })
}

// evaluate recomputes every rule from the latest observations.
func (m *Model) evaluate() {
	obs := m.own
	obs.Now = m.sh.Now()
	obs.Health, obs.SLOs = m.health, m.slos
	obs.Pager = withTestPage(obs.Pager, m.sent)
	if m.maint != nil {
		obs.Maintenance = m.maint // the Maintenance tab reads the status page
	}
	m.ev = readiness.Evaluate(obs)
}

// publish tells the other tabs where readiness stands.
func (m *Model) publish() tea.Cmd {
	a := readiness.Assess(m.items, m.sheet, m.ev)
	ev := make(map[readiness.Rule]readiness.Evidence, len(m.ev))
	for k, v := range m.ev {
		ev[k] = v
	}
	msg := bus.ReadinessMsg{Env: m.sh.Env, Progress: a.Counts, Failing: len(a.Failing), Open: len(a.Unanswered), Evidence: ev, At: m.sh.Now()}
	return func() tea.Msg { return msg }
}

func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	switch m.mode {
	case modeEditing:
		if key.Matches(msg, m.keys.Done) {
			return m.commitNote(true)
		}
		return m.editNotes(msg)
	case modeEvidence:
		switch {
		case key.Matches(msg, m.keys.Back), key.Matches(msg, m.keys.Evidence):
			m.mode = modeOverview
		case key.Matches(msg, m.keys.Down):
			m.scroll++
		case key.Matches(msg, m.keys.Up):
			m.scroll = max(0, m.scroll-1)
		case key.Matches(msg, m.keys.PageDown):
			m.scroll += max(1, m.h-2)
		case key.Matches(msg, m.keys.PageUp):
			m.scroll = max(0, m.scroll-max(1, m.h-2))
		case key.Matches(msg, m.keys.Top):
			m.scroll = 0
		}
		return nil
	case modeGuided:
		return m.guidedKey(msg)
	}
	switch {
	case key.Matches(msg, m.keys.Select):
		m.start()
		return m.publish()
	case key.Matches(msg, m.keys.Down):
		m.sec = min(m.sec+1, len(readiness.Sections())-1)
	case key.Matches(msg, m.keys.Up):
		m.sec = max(m.sec-1, 0)
	case key.Matches(msg, m.keys.Top):
		m.sec = 0
	case key.Matches(msg, m.keys.Bottom):
		m.sec = len(readiness.Sections()) - 1
	case key.Matches(msg, m.keys.Evidence):
		m.mode, m.scroll = modeEvidence, 0
	}
	return nil
}

// start enters guided mode: on the saved position when the selected section holds it, else on the
// selected section's first open item.
func (m *Model) start() {
	at := m.resumeIndex()
	if m.sectionOf(at) != m.sec {
		at = m.firstOpenIn(readiness.Sections()[m.sec])
	}
	m.goTo(at)
	m.mode = modeGuided
}

// resumeIndex is the saved position, or the first open item, or the first item.
func (m *Model) resumeIndex() int {
	if i := readiness.Index(m.items, m.sheet.Position); i >= 0 {
		return i
	}
	for i, it := range m.items {
		if m.sheet.Answers[it.ID].Verdict == readiness.Unanswered {
			return i
		}
	}
	return 0
}

func (m *Model) firstOpenIn(section string) int {
	first := -1
	for i, it := range m.items {
		if it.Section != section {
			continue
		}
		if first < 0 {
			first = i
		}
		if m.sheet.Answers[it.ID].Verdict == readiness.Unanswered {
			return i
		}
	}
	return max(first, 0)
}

func (m *Model) sectionOf(i int) int {
	if i < 0 || i >= len(m.items) {
		return 0
	}
	for s, name := range readiness.Sections() {
		if name == m.items[i].Section {
			return s
		}
	}
	return 0
}

func (m *Model) clampIdx() { m.idx = max(0, min(m.idx, len(m.items)-1)) }

// goTo moves the walkthrough to item i, loads its notes and saves the position.
func (m *Model) goTo(i int) {
	m.idx = max(0, min(i, len(m.items)-1))
	m.sec = m.sectionOf(m.idx)
	m.pending, m.msg = readiness.Unanswered, ""
	m.notes.SetValue(m.sheet.Answers[m.items[m.idx].ID].Note)
	if m.sheet.Position != m.items[m.idx].ID {
		next := m.sheet.Clone()
		next.Position = m.items[m.idx].ID
		m.save(next)
	}
}

// save keeps the sheet and hands it to the saver, whose command (added by Update) writes it off the
// UI goroutine; a failure comes back as a savedMsg and shows as NOT SAVED. Flush on quit writes a
// sheet whose command has not run. While the file could not be read, it keeps the change in memory
// only, so a broken hand edit is never overwritten, and reports false.
func (m *Model) save(s readiness.Sheet) bool {
	m.sheet = s
	if m.loadErr != nil {
		m.saveErr = errors.New("not saved: fix the answers file, then press r to read it again")
		return false
	}
	if m.cfg.Save == nil {
		m.saveErr, m.savedAt = nil, m.sh.Now()
		return true
	}
	m.saveSeq++
	m.saver.put(m.saveSeq, s)
	m.queued = true
	return true
}

// KeyMap implements ui.Tab.
func (m *Model) KeyMap() help.KeyMap {
	k := m.keys
	k.mode = m.mode
	return k
}

// Sources implements ui.Tab.
func (m *Model) Sources() []ui.Source {
	if m.cfg.Gather == nil {
		return nil
	}
	return []ui.Source{{Name: "readiness", At: m.ownAt, Err: m.err, Busy: m.busy}}
}

// Capturing implements ui.Tab: every key goes to the notes while they are being written.
func (m *Model) Capturing() bool { return m.mode == modeEditing }

// Copy implements ui.Copier: the current item's id in guided mode, the answers file otherwise.
func (m *Model) Copy() (string, bool) {
	if m.mode == modeGuided || m.mode == modeEditing {
		return m.items[m.idx].ID, true
	}
	return m.cfg.Path, m.cfg.Path != ""
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}
