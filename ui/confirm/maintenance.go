package confirm

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui"
)

// The fields of the maintenance form, in order.
const (
	fTitle = iota
	fStart
	fEnd
	fComponents
	fMessage
	fRemind
	fAutoStart
	fAutoEnd
	fUnderMaint
	fCount
)

// MaintenanceForm collects a maintenance window to declare: title, start, end or duration,
// affected components, message, and the four switches (remind subscribers, auto in progress, auto
// complete, set components under maintenance). Enter checks it and asks for the preview; it never
// sends anything itself.
type MaintenanceForm struct {
	keys       KeyMap
	theme      *themes.Theme
	now        func() time.Time
	loc        *time.Location
	inputs     [fCount]textinput.Model // title, start, end, message are used
	switches   [fCount]bool
	components []action.Component
	chosen     map[string]bool
	compCursor int
	compErr    error
	focus      int
	err        string
	submitted  *action.Declaration
	closed     bool
}

// NewMaintenanceForm starts a form; components come later with SetComponents (they are read from
// the status page).
func NewMaintenanceForm(km KeyMap, theme *themes.Theme, now func() time.Time, loc *time.Location) *MaintenanceForm {
	if loc == nil {
		loc = time.Local
	}
	f := &MaintenanceForm{keys: km, theme: theme, now: now, loc: loc, chosen: map[string]bool{}}
	st := textinput.DefaultStyles(true)
	st.Cursor.Blink = false
	for i, ph := range map[int]string{fTitle: "Database upgrade", fStart: "now, +30m, 03:00 or 2026-05-07 03:00 (local)",
		fEnd: "2h, 90m or 05:00", fMessage: "shown on the status page (optional)"} {
		in := textinput.New()
		in.Prompt = ""
		in.Placeholder = ph
		in.SetStyles(st)
		in.SetWidth(50)
		f.inputs[i] = in
	}
	f.inputs[fEnd].SetValue("1h")
	for _, s := range []int{fRemind, fAutoStart, fAutoEnd, fUnderMaint} {
		f.switches[s] = true
	}
	return f
}

// Focus puts the cursor in the title field.
func (f *MaintenanceForm) Focus() tea.Cmd { return f.inputs[fTitle].Focus() }

// SetComponents gives the form the page's components, or the error reading them.
func (f *MaintenanceForm) SetComponents(cs []action.Component, err error) {
	f.components, f.compErr = cs, err
}

// Closed reports whether the person backed out.
func (f *MaintenanceForm) Closed() bool { return f.closed }

// Submitted returns the declaration once the form was submitted and checked.
func (f *MaintenanceForm) Submitted() (action.Declaration, bool) {
	if f.submitted == nil {
		return action.Declaration{}, false
	}
	return *f.submitted, true
}

// Declaration reads the form into a declaration, with every problem found.
func (f *MaintenanceForm) Declaration() (action.Declaration, error) {
	now := f.now()
	var ps []string
	d := action.Declaration{Name: strings.TrimSpace(f.inputs[fTitle].Value()),
		Message: f.inputs[fMessage].Value(), RemindSubscribers: f.switches[fRemind], AutoInProgress: f.switches[fAutoStart],
		AutoComplete: f.switches[fAutoEnd], SetUnderMaintenance: f.switches[fUnderMaint], Notify: true}
	if d.Name == "" {
		ps = append(ps, "a title is required")
	}
	start, err := action.ParseStart(f.inputs[fStart].Value(), now, f.loc)
	if err != nil {
		ps = append(ps, err.Error())
	} else if d.End, err = action.ParseEnd(f.inputs[fEnd].Value(), start, now, f.loc); err != nil {
		ps = append(ps, err.Error())
	}
	d.Start = start
	for _, c := range f.components {
		if f.chosen[c.ID] {
			d.Components = append(d.Components, c)
		}
	}
	if len(ps) == 0 {
		if err := d.Check(now); err != nil {
			ps = append(ps, err.Error())
		}
	}
	if len(ps) > 0 {
		return d, fmt.Errorf("%s", strings.Join(ps, "; "))
	}
	return d, nil
}

func (f *MaintenanceForm) isInput(i int) bool {
	return i == fTitle || i == fStart || i == fEnd || i == fMessage
}

func (f *MaintenanceForm) move(delta int) tea.Cmd {
	if f.isInput(f.focus) {
		f.inputs[f.focus].Blur()
	}
	f.focus = (f.focus + delta + fCount) % fCount
	if f.isInput(f.focus) {
		return f.inputs[f.focus].Focus()
	}
	return nil
}

// Update handles a key.
func (f *MaintenanceForm) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(k, f.keys.Cancel):
		f.closed = true
		return nil
	case k.String() == "enter":
		d, err := f.Declaration()
		if err != nil {
			f.err = err.Error()
			return nil
		}
		f.err = ""
		f.submitted = &d
		return nil
	case k.String() == "tab" || k.String() == "shift+tab":
		if k.String() == "tab" {
			return f.move(1)
		}
		return f.move(-1)
	}
	if f.focus == fComponents {
		switch k.String() {
		case "up", "k":
			if f.compCursor > 0 {
				f.compCursor--
				return nil
			}
			return f.move(-1)
		case "down", "j":
			if f.compCursor < len(f.components)-1 {
				f.compCursor++
				return nil
			}
			return f.move(1)
		case "space", "x":
			if f.compCursor < len(f.components) {
				id := f.components[f.compCursor].ID
				f.chosen[id] = !f.chosen[id]
			}
		}
		return nil
	}
	if !f.isInput(f.focus) {
		switch k.String() {
		case "space", "x":
			f.switches[f.focus] = !f.switches[f.focus]
		case "up", "k":
			return f.move(-1)
		case "down", "j":
			return f.move(1)
		}
		return nil
	}
	switch k.String() {
	case "up":
		return f.move(-1)
	case "down":
		return f.move(1)
	}
	var cmd tea.Cmd
	f.inputs[f.focus], cmd = f.inputs[f.focus].Update(k)
	return cmd
}

// View draws the form in w x h.
func (f *MaintenanceForm) View(w, h int) string {
	th := f.theme
	label := func(i int, s string) string {
		mark := "  "
		if f.focus == i {
			mark = th.Focus.Render("> ")
		}
		return mark + th.Muted.Render(fmt.Sprintf("%-13s", s))
	}
	box := func(i int, s string) string {
		v := "[ ]"
		if f.switches[i] {
			v = "[x]"
		}
		mark := "  "
		if f.focus == i {
			mark = th.Focus.Render("> ")
		}
		return mark + v + " " + s
	}
	lines := []string{th.Title.Render("DECLARE MAINTENANCE") + th.Muted.Render("  on the status page (seed 001: publish maintenance windows)")}
	lines = append(lines, label(fTitle, "title")+f.inputs[fTitle].View())
	lines = append(lines, label(fStart, "start")+f.inputs[fStart].View())
	lines = append(lines, label(fEnd, "end/duration")+f.inputs[fEnd].View())
	now := f.now()
	if s, err := action.ParseStart(f.inputs[fStart].Value(), now, f.loc); err == nil {
		if e, err := action.ParseEnd(f.inputs[fEnd].Value(), s, now, f.loc); err == nil {
			lines = append(lines, "  "+th.Muted.Render(fmt.Sprintf("%-13s", "")+fmt.Sprintf("%s to %s local · %s to %s UTC · %s",
				s.In(f.loc).Format("Mon 02 Jan 15:04"), e.In(f.loc).Format("15:04"), s.UTC().Format("15:04"), e.UTC().Format("15:04"), ui.Span(e.Sub(s)))))
		}
	}
	comp := label(fComponents, "components")
	switch {
	case f.compErr != nil:
		comp += th.Error.Render("cannot read components: " + f.compErr.Error())
	case f.components == nil:
		comp += th.Muted.Render("reading components…")
	case len(f.components) == 0:
		comp += th.Muted.Render("the page has no components")
	default:
		n := 0
		for _, c := range f.components {
			if f.chosen[c.ID] {
				n++
			}
		}
		comp += th.Text.Render(fmt.Sprintf("%d of %d chosen", n, len(f.components)))
		if f.focus == fComponents {
			comp += th.Muted.Render("  (j/k move, space toggles)")
		}
	}
	lines = append(lines, comp)
	if f.focus == fComponents && len(f.components) > 0 {
		room := max(1, h-16)
		lo := max(0, min(f.compCursor-room/2, len(f.components)-room))
		for i := lo; i < min(len(f.components), lo+room); i++ {
			c := f.components[i]
			v := "[ ]"
			if f.chosen[c.ID] {
				v = "[x]"
			}
			mark := "    "
			if i == f.compCursor {
				mark = th.Focus.Render("  > ")
			}
			lines = append(lines, mark+v+" "+c.Name)
		}
	}
	lines = append(lines, label(fMessage, "message")+f.inputs[fMessage].View())
	lines = append(lines, box(fRemind, "remind subscribers before the start"),
		box(fAutoStart, "move to in progress at the start"), box(fAutoEnd, "complete at the end"),
		box(fUnderMaint, "set the components under maintenance, then back to operational"))
	if f.err != "" {
		lines = append(lines, th.Error.Render("  "+f.err))
	}
	lines = append(lines, th.Muted.Render("  tab/↑↓ move · space toggle · enter preview the request (nothing is sent yet) · esc cancel"))
	return fit(lines, w, h)
}
