package readinesstab

import (
	"errors"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"github.com/opsdeck/opsdeck/models/readiness"
	"github.com/opsdeck/opsdeck/ui"
)

// newNotes builds the notes editor with the theme's roles and no blinking cursor (an idle console
// sends nothing).
func newNotes(sh *ui.Shared) textarea.Model {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = "│ "
	ta.Placeholder = "notes: what you do, where it is written, why an item does not apply"
	ta.CharLimit = 4000
	styleNotes(&ta, sh)
	return ta
}

func styleNotes(ta *textarea.Model, sh *ui.Shared) {
	th := sh.Theme
	st := textarea.DefaultStyles(true)
	focused := textarea.StyleState{
		Base: th.Text, Text: th.Text, CursorLine: th.Text, Placeholder: th.Muted, Prompt: th.Focus,
		EndOfBuffer: th.Muted, LineNumber: th.Muted, CursorLineNumber: th.Muted, Selection: th.Selected,
	}
	blurred := focused
	blurred.Prompt, blurred.Text, blurred.CursorLine = th.Muted, th.Text, th.Text
	st.Focused, st.Blurred = focused, blurred
	st.Cursor.Blink = false
	st.Cursor.Color = th.Focus.GetForeground()
	ta.SetStyles(st)
}

func (m *Model) guidedKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Back):
		m.mode = modeOverview
		m.sec = m.sectionOf(m.idx)
	case key.Matches(msg, m.keys.Next):
		if m.idx == len(m.items)-1 {
			m.say("this is the last item: esc for the overview", false)
			return nil
		}
		m.goTo(m.idx + 1)
	case key.Matches(msg, m.keys.Prev):
		if m.idx == 0 {
			m.say("this is the first item", false)
			return nil
		}
		m.goTo(m.idx - 1)
	case key.Matches(msg, m.keys.Pass):
		return m.answer(readiness.VerdictPass)
	case key.Matches(msg, m.keys.Fail):
		return m.answer(readiness.VerdictFail)
	case key.Matches(msg, m.keys.NA):
		return m.answer(readiness.NotApplicable)
	case key.Matches(msg, m.keys.Clear):
		return m.answer(readiness.Unanswered)
	case key.Matches(msg, m.keys.Note):
		return m.startNotes()
	}
	return nil
}

func (m *Model) say(text string, isErr bool) { m.msg, m.msgErr = text, isErr }

// answer records a verdict for the current item. A pass over failing evidence without a note is
// refused: the notes open, and the pass is recorded once a note is written (issue 8 point 3).
func (m *Model) answer(v readiness.Verdict) tea.Cmd {
	it := m.items[m.idx]
	a := m.sheet.Answers[it.ID]
	a.Verdict, a.At = v, m.sh.Now()
	next, err := m.sheet.Set(it, a, m.ev)
	if errors.Is(err, readiness.ErrNoteRequired) {
		m.pending = v
		names := make([]string, 0, 2)
		for _, e := range readiness.Failing(it, m.ev) {
			names = append(names, e.Rule.Title())
		}
		m.say("live evidence fails ("+strings.Join(names, ", ")+"): write a note saying why it still passes, then esc", true)
		return m.startNotes()
	}
	if err != nil {
		m.say(err.Error(), true)
		return nil
	}
	next.Position = it.ID
	m.pending = readiness.Unanswered
	if m.save(next) {
		m.say("", false)
	} else {
		m.say(m.saveErr.Error(), true)
	}
	return m.publish()
}

func (m *Model) startNotes() tea.Cmd {
	m.mode = modeEditing
	m.notes.CursorEnd()
	return m.notes.Focus()
}

// editNotes passes a key or a paste to the notes and arms the draft save.
func (m *Model) editNotes(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	m.notes, cmd = m.notes.Update(msg)
	m.noteSeq++
	seq := m.noteSeq
	return tea.Batch(cmd, tea.Tick(noteIdle, func(time.Time) tea.Msg { return noteIdleMsg{seq} }))
}

// commitNote stores the notes of the current item; done also leaves the editor and records a
// verdict that was waiting for a note.
func (m *Model) commitNote(done bool) tea.Cmd {
	it := m.items[m.idx]
	a := m.sheet.Answers[it.ID]
	note := strings.TrimRight(m.notes.Value(), " \n\t")
	if done {
		m.notes.Blur()
		m.mode = modeGuided
	}
	changed := note != a.Note
	if changed {
		a.Note, a.At = note, m.sh.Now()
	}
	if done && m.pending != readiness.Unanswered {
		a.Verdict = m.pending
		a.At = m.sh.Now()
	}
	next, err := m.sheet.Set(it, a, m.ev)
	if err != nil {
		// still no note: keep what was written, drop the waiting verdict
		a.Verdict = m.sheet.Answers[it.ID].Verdict
		next, _ = m.sheet.Set(it, a, m.ev)
		if done {
			m.say("no note written: the pass was not recorded", true)
			m.pending = readiness.Unanswered
		}
	} else if done && m.pending != readiness.Unanswered {
		m.say("", false)
		m.pending = readiness.Unanswered
	}
	if !changed && next.Answers[it.ID] == m.sheet.Answers[it.ID] {
		return nil
	}
	next.Position = it.ID
	if !m.save(next) {
		m.say(m.saveErr.Error(), true)
	}
	return m.publish()
}
