package readinesstab

import (
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/opsdeck/opsdeck/models/readiness"
)

// saver writes the answers file off the UI goroutine, so a slow disk (the write is atomic, with
// fsync) never stalls a key. Every change puts the whole sheet, numbered, in one slot; a command
// writes what the slot holds. Writes never overlap and a sheet is written only if it is newer than
// the last one written, so the file always ends with the newest answers whatever order the
// commands run in. Flush writes what is waiting on the caller's goroutine (on quit: Bubble Tea does
// not wait for running commands when the program ends).
type saver struct {
	save func(readiness.Sheet) error
	now  func() time.Time

	mu      sync.Mutex // guards next, nextSeq
	next    *readiness.Sheet
	nextSeq int

	write   sync.Mutex // held while writing; guards written
	written int        // sequence number of the last sheet written
}

// savedMsg is sent when a write of the answers file ends, with or without error.
type savedMsg struct {
	seq int // the sheet written
	at  time.Time
	err error
}

// put replaces what waits to be written; sheets are never changed once built (Set and Clone copy).
func (s *saver) put(seq int, sh readiness.Sheet) {
	s.mu.Lock()
	s.next, s.nextSeq = &sh, seq
	s.mu.Unlock()
}

// cmd writes what waits; nil when a later command already wrote it.
func (s *saver) cmd() tea.Cmd {
	return func() tea.Msg {
		seq, err, ok := s.flush()
		if !ok {
			return nil
		}
		return savedMsg{seq: seq, at: s.now(), err: err}
	}
}

// flush writes the waiting sheet, if any, and says which one it tried. A sheet that failed to be
// written waits again unless a newer one came meanwhile: the next write, or Flush on quit, retries.
func (s *saver) flush() (seq int, err error, tried bool) {
	s.write.Lock()
	defer s.write.Unlock()
	s.mu.Lock()
	next, seq := s.next, s.nextSeq
	s.next = nil
	s.mu.Unlock()
	if next == nil || seq <= s.written {
		return 0, nil, false
	}
	if err := s.save(*next); err != nil {
		s.mu.Lock()
		if s.next == nil {
			s.next = next
		}
		s.mu.Unlock()
		return seq, err, true
	}
	s.written = seq
	return seq, nil, true
}

// Flush writes the answers still waiting to be written, on the caller's goroutine. The root calls it
// on quit, so an answer given just before q is on disk when the program ends.
func (m *Model) Flush() error {
	_, err, _ := m.saver.flush()
	return err
}
