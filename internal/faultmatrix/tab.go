package faultmatrix

import (
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/opsdeck/opsdeck/ui"
)

// FrameDeadline is how long a key may take to give a frame back before the test fails: far beyond
// any real latency (the figures are logged, never asserted), it only catches an Update that blocks
// on a fetch.
const FrameDeadline = 5 * time.Second

// Driver runs one tab the way the root does inside a Program: commands run on their own goroutines
// and their messages come back to Update on the test's goroutine; batches and sequences are
// unwrapped; flashes meant for the status bar are kept.
type Driver struct {
	t    testing.TB
	tab  Model
	idle func() bool
	msgs chan tea.Msg
	done chan struct{}
	// flashes are kept by the driver for a tab; a root model gets them (it draws the status bar).
	keepFlashes bool

	mu      sync.Mutex
	flashes []string
	lat     []time.Duration
}

var cmdType = reflect.TypeOf((tea.Cmd)(nil))

// Model is what a Driver drives: a tab (ui.Tab has these methods) or a root model adapted to them.
type Model interface {
	Init() tea.Cmd
	Update(tea.Msg) tea.Cmd
	View() string
}

// Drive sizes tab, starts it (Init) and returns its driver. The goroutines it starts stop
// delivering when the test ends.
func Drive(t testing.TB, tab ui.Tab, width, height int) *Driver {
	tab.SetSize(width, height)
	return DriveModel(t, tab, func() bool {
		for _, s := range tab.Sources() {
			if s.Busy {
				return false
			}
		}
		return true
	}, true)
}

// DriveModel starts m (Init) and returns its driver; idle reports whether no fetch is in flight.
// keepFlashes is true for a tab (the driver keeps the status-bar messages) and false for a root
// model, which draws them.
func DriveModel(t testing.TB, m Model, idle func() bool, keepFlashes bool) *Driver {
	d := &Driver{t: t, tab: m, idle: idle, keepFlashes: keepFlashes, msgs: make(chan tea.Msg, 4096), done: make(chan struct{})}
	t.Cleanup(func() { close(d.done) })
	d.run(m.Init())
	return d
}

// Next waits up to max for the next message of a command and hands it to Update; false when none
// came.
func (d *Driver) Next(max time.Duration) bool {
	select {
	case msg := <-d.msgs:
		d.Send(msg)
		return true
	case <-time.After(max):
		return false
	}
}

// run executes cmd on its own goroutine and delivers what it returns.
func (d *Driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() { d.deliver(cmd()) }() // cmd runs on the new goroutine, never on the caller's
}

func (d *Driver) deliver(msg tea.Msg) {
	if msg == nil {
		return
	}
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
		// tea.BatchMsg runs side by side; a sequence (the same shape, unexported) in order. Running
		// both in order on this goroutine would delay a batch's fast member behind a slow one, so
		// only the sequence's type name decides.
		seq := strings.Contains(v.Type().String(), "sequence")
		for i := 0; i < v.Len(); i++ {
			c, _ := v.Index(i).Interface().(tea.Cmd)
			if c == nil {
				continue
			}
			if seq {
				d.deliver(c())
			} else {
				go func() { d.deliver(c()) }()
			}
		}
		return
	}
	if f, ok := msg.(ui.FlashMsg); ok && d.keepFlashes {
		d.mu.Lock()
		d.flashes = append(d.flashes, f.Text)
		d.mu.Unlock()
		return
	}
	select {
	case d.msgs <- msg:
	case <-d.done:
	}
}

// Send hands msg to the tab's Update (as the root does with every non-key message) and runs its
// command.
func (d *Driver) Send(msg tea.Msg) { d.run(d.tab.Update(msg)) }

// View is the tab's frame without styling.
func (d *Driver) View() string { return ansi.Strip(d.tab.View()) }

// Key sends a key press and draws a frame, timing Update and View together: the key-to-frame
// latency a person feels. It fails the test if no frame comes back within FrameDeadline.
func (d *Driver) Key(k tea.KeyPressMsg) string {
	type answer struct {
		frame string
		cmd   tea.Cmd
		took  time.Duration
	}
	ch := make(chan answer, 1)
	go func() {
		start := time.Now()
		cmd := d.tab.Update(k)
		frame := d.tab.View()
		ch <- answer{frame, cmd, time.Since(start)}
	}()
	select {
	case a := <-ch:
		d.mu.Lock()
		d.lat = append(d.lat, a.took)
		d.mu.Unlock()
		d.run(a.cmd)
		return ansi.Strip(a.frame)
	case <-time.After(FrameDeadline):
		d.t.Fatalf("key %q: no frame within %v: Update or View is blocked", k.String(), FrameDeadline)
		return ""
	}
}

// Pump delivers the commands' messages to the tab until cond holds for the frame, or fails the test
// after max with the last frame.
func (d *Driver) Pump(what string, max time.Duration, cond func(frame string) bool) string {
	d.t.Helper()
	deadline := time.After(max)
	for {
		frame := d.View()
		if cond(frame) {
			return frame
		}
		select {
		case msg := <-d.msgs:
			d.Send(msg)
		case <-deadline:
			d.t.Fatalf("waited %v for %s; the frame is:\n%s", max, what, frame)
			return ""
		}
	}
}

// PumpFor delivers messages for a while (keys are not sent): for a round to settle.
func (d *Driver) PumpFor(dur time.Duration) {
	deadline := time.After(dur)
	for {
		select {
		case msg := <-d.msgs:
			d.Send(msg)
		case <-deadline:
			return
		}
	}
}

// Idle reports whether no source of the tab has a fetch in flight (ui.Tab.Sources): a refresh
// asked for now starts a new round instead of being dropped as a repeat.
func (d *Driver) Idle() bool { return d.idle() }

// Flashes returns the status-bar messages the tab asked for so far.
func (d *Driver) Flashes() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.flashes...)
}

// Latency summarises the key-to-frame times measured so far: how many, the median and the slowest.
func (d *Driver) Latency() (n int, median, slowest time.Duration) {
	d.mu.Lock()
	l := append([]time.Duration(nil), d.lat...)
	d.mu.Unlock()
	if len(l) == 0 {
		return 0, 0, 0
	}
	sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
	return len(l), l[len(l)/2], l[len(l)-1]
}

// Press is a key press as a terminal sends it: "j", "down", "pgdown", "enter", "esc", "G".
func Press(name string) tea.KeyPressMsg {
	switch name {
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	}
	r := []rune(name)[0]
	return tea.KeyPressMsg{Code: r, Text: name}
}
