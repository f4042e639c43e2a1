package confirm

import (
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/opsdeck/opsdeck/ui"
)

// Recorder runs audit writes (a refusal's line) off the UI goroutine, so a slow disk never stalls a
// key: one write at a time, in the order they were added, so two refusals keep their order. Flush
// runs what is still waiting on the caller's goroutine: a write whose command had not run when the
// program quit is not lost. The zero value is ready to use; it is safe for concurrent use.
type Recorder struct {
	mu    sync.Mutex // guards queue
	queue []func() error
	run   sync.Mutex // held while writing: one writer at a time
}

// Add queues write and returns the command that runs the queue. A failure comes back as an error
// flash with the write's own error text.
func (r *Recorder) Add(write func() error) tea.Cmd {
	r.mu.Lock()
	r.queue = append(r.queue, write)
	r.mu.Unlock()
	return func() tea.Msg {
		if err := r.Flush(); err != nil {
			return ui.FlashMsg{Text: err.Error(), Err: true}
		}
		return nil
	}
}

// Flush runs every queued write, oldest first, and returns the first failure.
func (r *Recorder) Flush() error {
	r.run.Lock()
	defer r.run.Unlock()
	var first error
	for {
		r.mu.Lock()
		if len(r.queue) == 0 {
			r.mu.Unlock()
			return first
		}
		w := r.queue[0]
		r.queue = r.queue[1:]
		r.mu.Unlock()
		if err := w(); err != nil && first == nil {
			first = err
		}
	}
}
