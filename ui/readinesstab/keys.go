package readinesstab

import (
	"charm.land/bubbles/v2/key"
	"github.com/opsdeck/opsdeck/ui/keys"
)

// KeyMap is the Readiness tab's bindings. Every one can be rebound or unbound in [keys].
type KeyMap struct {
	keys.Nav
	Next, Prev     key.Binding // guided mode: the next and previous item
	Pass, Fail, NA key.Binding // guided mode: answer the item
	Clear          key.Binding // guided mode: remove the verdict, keep the notes
	Note           key.Binding // guided mode: write notes
	Done           key.Binding // notes: stop writing (saves)
	Evidence       key.Binding // every rule's live evidence
	mode           mode
}

// NewKeyMap builds the bindings with the config's overrides.
func NewKeyMap(o keys.Overrides) KeyMap {
	nav := keys.NewNav(o)
	return KeyMap{
		Nav:      nav,
		Next:     o.Bind("readiness_next", "next item", "n"),
		Prev:     o.Bind("readiness_prev", "previous item", "p"),
		Pass:     o.Bind("readiness_pass", "pass", "a"),
		Fail:     o.Bind("readiness_fail", "fail", "f"),
		NA:       o.Bind("readiness_na", "not applicable", "x"),
		Clear:    o.Bind("readiness_clear", "clear verdict", "backspace", "delete"),
		Note:     o.Bind("readiness_note", "write notes", "e"),
		Done:     o.Bind("readiness_note_done", "done writing", "esc"),
		Evidence: o.Bind("readiness_evidence", "live evidence", "v"),
	}
}

// ShortHelp implements help.KeyMap for the current mode.
func (k KeyMap) ShortHelp() []key.Binding {
	switch k.mode {
	case modeGuided:
		return []key.Binding{k.Next, k.Prev, k.Pass, k.Fail, k.NA, k.Note, k.Back}
	case modeEditing:
		return []key.Binding{k.Done}
	case modeEvidence:
		return []key.Binding{k.Down, k.Back}
	}
	start := k.Select
	start.SetHelp(start.Help().Key, "walk the checklist")
	return []key.Binding{start, k.Down, k.Evidence}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Select, k.Up, k.Down, k.Evidence, k.Back},
		{k.Next, k.Prev, k.Pass, k.Fail, k.NA, k.Clear},
		{k.Note, k.Done},
	}
}
