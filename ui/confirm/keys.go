// Package confirm holds the action dialogs: the preview of the exact request, the confirmation
// (a confirm key that is neither Enter nor the key that started the action, or the typed name of
// the target), the result with the undo offered right after, and the forms that collect a
// maintenance window or a page. Host adds these actions to a tab owned by another package.
package confirm

import (
	"charm.land/bubbles/v2/key"

	"github.com/opsdeck/opsdeck/ui/keys"
)

// KeyMap is the dialogs' bindings.
type KeyMap struct {
	Confirm  key.Binding // sends, in a key confirmation; never Enter
	Cancel   key.Binding
	Undo     key.Binding
	Up, Down key.Binding // scroll the preview
}

// DefaultKeyMap builds the bindings with the config's overrides. Enter is refused as the confirm
// key even if the config asks for it: Enter alone never confirms.
func DefaultKeyMap(o keys.Overrides) KeyMap {
	k := KeyMap{
		Confirm: o.Bind("confirm", "confirm and send", "Y"),
		Cancel:  o.Bind("cancel", "cancel", "esc"),
		Undo:    o.Bind("undo", "undo the action just done", "u"),
		Up:      o.Bind("scroll_up", "scroll up", "k", "up", "pgup"),
		Down:    o.Bind("scroll_down", "scroll down", "j", "down", "pgdown"),
	}
	var safe []string
	for _, s := range k.Confirm.Keys() {
		if s != "enter" {
			safe = append(safe, s)
		}
	}
	if len(safe) == 0 {
		safe = []string{"Y"}
	}
	k.Confirm.SetKeys(safe...)
	k.Confirm.SetHelp(safe[0], "confirm and send")
	return k
}
