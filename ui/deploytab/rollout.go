package deploytab

import (
	"context"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/opsdeck/opsdeck/models/deploy"
	"github.com/opsdeck/opsdeck/ui"
)

func (m *Model) listCmd() tea.Cmd {
	gen, list, now := m.gen, m.cfg.Releases, m.sh.Now
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		rs, err := list(ctx)
		return releasesReadMsg{gen: gen, rs: rs, at: now(), err: err}
	}
}

func (m *Model) scheduleRefresh() tea.Cmd {
	gen := m.gen
	return tea.Tick(m.cfg.Every, func(time.Time) tea.Msg { return refreshDueMsg{gen} })
}

// pollCmd schedules the next progress read or watch check after d.
func (m *Model) pollCmd(d time.Duration) tea.Cmd {
	gen := m.rollGen
	if d <= 0 {
		return func() tea.Msg { return pollDueMsg{gen} }
	}
	return tea.Tick(d, func(time.Time) tea.Msg { return pollDueMsg{gen} })
}

func (m *Model) progressCmd() tea.Cmd {
	gen, progress, created := m.rollGen, m.cfg.Progress, m.roll.created
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		p, err := progress(ctx, created)
		return progressReadMsg{gen: gen, p: p, err: err}
	}
}

// onProgress records a progress read: on completion the watch starts, on failure it is said
// clearly, and a rollout past RolloutMax has failed.
func (m *Model) onProgress(msg progressReadMsg) tea.Cmd {
	if m.roll == nil || msg.gen != m.rollGen {
		return nil
	}
	r := m.roll
	r.err = msg.err
	now := m.sh.Now()
	if msg.err == nil {
		r.progress = msg.p
	}
	switch {
	case r.progress.Phase == deploy.PhaseComplete:
		w := deploy.Watch{Start: now, For: m.cfg.Watch}
		r.watch = &w
		now := r.target.Label()
		if r.created.Version > 0 && r.created.Version != r.target.Version {
			now = r.created.Label() + " (" + r.target.Label() + "'s code)"
		}
		return tea.Batch(ui.Flash(fmt.Sprintf("%s complete: %s is current; watching health and burn rate for %s", r.kind.Word(), now, ui.Span(m.cfg.Watch)), false),
			m.relist(), m.pollCmd(15*time.Second))
	case r.progress.Phase == deploy.PhaseFailed:
		return ui.Flash(fmt.Sprintf("%s to %s failed: %s", r.kind.Word(), r.target.Label(), r.progress.Detail), true)
	case now.Sub(r.started) > m.cfg.RolloutMax:
		r.progress = deploy.Progress{Phase: deploy.PhaseFailed, Detail: fmt.Sprintf("not complete after %s (last: %s)", ui.Span(m.cfg.RolloutMax), r.progress.Detail)}
		return ui.Flash(fmt.Sprintf("%s to %s did not complete in time", r.kind.Word(), r.target.Label()), true)
	}
	return m.pollCmd(m.cfg.Poll)
}

// checkWatch looks at the watch; at its end the verdict is recorded.
func (m *Model) checkWatch() tea.Cmd {
	r := m.roll
	v := r.watch.Verdict(m.sh.Now())
	if v == deploy.Watching {
		return m.pollCmd(15 * time.Second)
	}
	r.verdict = v
	summary := r.watch.Summary()
	var record tea.Cmd
	if rec := m.cfg.RecordWatch; rec != nil {
		kind, target := r.kind, r.target
		record = func() tea.Msg {
			if err := rec(kind, target, v, summary); err != nil {
				return ui.FlashMsg{Text: err.Error(), Err: true}
			}
			return nil
		}
	}
	return tea.Batch(record, ui.Flash(fmt.Sprintf("after the %s to %s: %s (%s)", r.kind.Word(), r.target.Label(), v.Word(), summary), v != deploy.Recovered))
}
