package readinesstab_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/opsdeck/opsdeck/models/readiness"
	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/readinesstab"
)

// disk is an answers file whose writes and reads are counted; while gate is set, a write waits on it
// (a slow disk).
type disk struct {
	mu     sync.Mutex
	sheet  readiness.Sheet
	writes []string // the position of each sheet written
	reads  int
	gate   chan struct{}
	fail   error
}

func (d *disk) load() (readiness.Sheet, []string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.reads++
	return d.sheet.Clone(), nil, nil
}

func (d *disk) save(s readiness.Sheet) error {
	d.mu.Lock()
	gate := d.gate
	d.mu.Unlock()
	if gate != nil {
		<-gate
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.fail != nil {
		return d.fail
	}
	d.sheet = s.Clone()
	d.writes = append(d.writes, s.Position)
	return nil
}

func (d *disk) state() (readiness.Sheet, []string, int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.sheet.Clone(), append([]string(nil), d.writes...), d.reads
}

func diskTab(d *disk) *readinesstab.Model {
	th := themes.Mono()
	sh := &ui.Shared{Theme: &th, Now: func() time.Time { return clock }, Env: "prod"}
	tab := readinesstab.New(sh, readinesstab.Config{Load: d.load, Save: d.save, Path: "readiness.toml"})
	tab.SetSize(80, 21)
	return tab
}

// Moving through the walkthrough saves the position, but never in Update: a slow disk (the write is
// atomic, with fsync) must not stall a key. The commands write in order: whatever order they run in,
// the file ends with the newest position.
func TestSavesRunInCommandsNewestLast(t *testing.T) {
	d := &disk{sheet: readiness.Sheet{Answers: map[string]readiness.Answer{}}, gate: make(chan struct{})}
	tab := diskTab(d)
	items := readiness.Checklist()
	done := make(chan struct{})
	var cmds []tea.Cmd
	go func() { // a write blocks until the gate opens: Update must return regardless
		defer close(done)
		for _, k := range []string{"enter", "n", "n"} {
			cmds = append(cmds, tab.Update(key(k)))
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("a key waited for the disk: the answers file is written in Update")
	}
	close(d.gate)
	for i := len(cmds) - 1; i >= 0; i-- { // the commands run last first
		settle(tab, cmds[i])
	}
	s, writes, _ := d.state()
	if s.Position != items[2].ID || len(writes) == 0 || writes[len(writes)-1] != items[2].ID {
		t.Errorf("file position %q after writes %v, want %q written last", s.Position, writes, items[2].ID)
	}
	if v := tab.View(); !strings.Contains(v, items[2].ID) {
		t.Errorf("guided view is not on %s:\n%s", items[2].ID, v)
	}
}

// A position saved just before quitting is written by Flush (the console calls it on quit) even
// though its command never ran; a failed write is returned by Flush.
func TestFlushWritesWhatIsWaiting(t *testing.T) {
	d := &disk{sheet: readiness.Sheet{Answers: map[string]readiness.Answer{}}}
	tab := diskTab(d)
	tab.Update(key("enter"))
	tab.Update(key("f")) // the answer's command is dropped, as when q follows at once
	if _, writes, _ := d.state(); len(writes) != 0 {
		t.Fatalf("written in Update: %v", writes)
	}
	if err := tab.Flush(); err != nil {
		t.Fatal(err)
	}
	first := readiness.Checklist()[0].ID
	s, writes, _ := d.state()
	if len(writes) != 1 || s.Answers[first].Verdict != readiness.VerdictFail {
		t.Errorf("after Flush: writes %v, answer %+v; want the fail written once", writes, s.Answers[first])
	}
	if err := tab.Flush(); err != nil {
		t.Fatal(err)
	}
	if _, writes, _ := d.state(); len(writes) != 1 {
		t.Errorf("a second Flush wrote again: %v", writes)
	}

	d.mu.Lock()
	d.fail = errors.New("readiness.toml: no space left on device")
	d.mu.Unlock()
	settle(tab, tab.Update(key("n")))
	if v := tab.View(); !strings.Contains(v, "no space left on device") {
		t.Errorf("a failed save is not shown:\n%s", v)
	}
	if err := tab.Flush(); err == nil || !strings.Contains(err.Error(), "no space left") {
		t.Errorf("Flush after a failed save = %v, want it tried again and its failure", err)
	}
}

// r reads the answers file again in a command, after the writes still waiting, so a hand edit is
// picked up and the screen's newer answers are never replaced by an older file.
func TestRefreshReadsInACommandAfterTheWrites(t *testing.T) {
	d := &disk{sheet: readiness.Sheet{Answers: map[string]readiness.Answer{}}}
	tab := diskTab(d)
	_, _, reads := d.state()
	tab.Update(key("enter"))
	tab.Update(key("f")) // waiting to be written
	cmd := tab.Update(ui.RefreshMsg{})
	if _, _, n := d.state(); n != reads {
		t.Fatalf("the answers file was read in Update")
	}
	settle(tab, cmd)
	s, writes, n := d.state()
	first := readiness.Checklist()[0].ID
	if n != reads+1 || len(writes) != 1 || s.Answers[first].Verdict != readiness.VerdictFail {
		t.Errorf("reads %d (was %d), writes %v, answer %+v: want the answer written, then the file read", n, reads, writes, s.Answers[first])
	}
	if v := tab.View(); !strings.Contains(v, "FAIL") {
		t.Errorf("the answer is gone from the screen after r:\n%s", v)
	}

	// a hand edit is picked up
	d.mu.Lock()
	d.sheet.Answers[first] = readiness.Answer{Verdict: readiness.NotApplicable, Note: "edited by hand"}
	d.mu.Unlock()
	settle(tab, tab.Update(ui.RefreshMsg{}))
	if v := tab.View(); !strings.Contains(v, "edited by hand") {
		t.Errorf("a hand edit is not picked up by r:\n%s", v)
	}
}

// When the answers waiting cannot be written, r does not replace them on screen with the older file,
// and says they are not saved.
func TestRefreshKeepsAnswersTheFileLacks(t *testing.T) {
	d := &disk{sheet: readiness.Sheet{Answers: map[string]readiness.Answer{}}}
	tab := diskTab(d)
	d.mu.Lock()
	d.fail = errors.New("readiness.toml: read-only file system")
	d.mu.Unlock()
	tab.Update(key("enter"))
	tab.Update(key("f"))
	settle(tab, tab.Update(ui.RefreshMsg{}))
	v := tab.View()
	if !strings.Contains(v, "FAIL") || !strings.Contains(v, "read-only file system") {
		t.Errorf("after r with the answer not written: the answer must stay and the failure show:\n%s", v)
	}
}
