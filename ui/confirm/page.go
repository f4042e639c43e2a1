package confirm

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/themes"
)

// PageForm collects a page to support: the summary (prefilled from the incident when there is one)
// and the SEV, which maps to PagerDuty's severity or the alert priority. Enter asks for the
// preview; it never sends.
type PageForm struct {
	keys      KeyMap
	theme     *themes.Theme
	summary   textinput.Model
	sev       action.Severity
	about     string // the incident, in words, or ""
	err       string
	submitted bool
	closed    bool
}

// NewPageForm starts a form with summary and sev prefilled; about names the incident the page is
// for ("" for a page typed from scratch).
func NewPageForm(km KeyMap, theme *themes.Theme, summary string, sev action.Severity, about string) *PageForm {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = "what is wrong, for the person paged"
	st := textinput.DefaultStyles(true)
	st.Cursor.Blink = false
	in.SetStyles(st)
	in.SetWidth(60)
	in.SetValue(summary)
	if !sev.Valid() {
		sev = action.SEV2
	}
	return &PageForm{keys: km, theme: theme, summary: in, sev: sev, about: about}
}

// Focus puts the cursor in the summary.
func (f *PageForm) Focus() tea.Cmd { return f.summary.Focus() }

// Closed reports whether the person backed out.
func (f *PageForm) Closed() bool { return f.closed }

// Submitted returns the summary and severity once submitted.
func (f *PageForm) Submitted() (string, action.Severity, bool) {
	return strings.TrimSpace(f.summary.Value()), f.sev, f.submitted
}

// Update handles a key: tab cycles the SEV, enter submits.
func (f *PageForm) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(k, f.keys.Cancel):
		f.closed = true
		return nil
	case k.String() == "enter":
		if strings.TrimSpace(f.summary.Value()) == "" {
			f.err = "a summary is required"
			return nil
		}
		f.submitted = true
		return nil
	case k.String() == "tab":
		f.sev = f.sev%3 + 1
		return nil
	case k.String() == "shift+tab":
		f.sev = (f.sev+1)%3 + 1
		return nil
	}
	var cmd tea.Cmd
	f.summary, cmd = f.summary.Update(k)
	return cmd
}

// View draws the form.
func (f *PageForm) View(w, h int) string {
	th := f.theme
	lines := []string{th.Title.Render("PAGE SUPPORT")}
	if f.about != "" {
		lines = append(lines, th.Muted.Render("about ")+th.Text.Render(f.about))
	}
	sev := ""
	for _, s := range []action.Severity{action.SEV1, action.SEV2, action.SEV3} {
		label := " " + s.String() + " "
		if s == f.sev {
			label = th.Focus.Render("[" + s.String() + "]")
		}
		sev += label + " "
	}
	lines = append(lines, "",
		th.Muted.Render("summary   ")+f.summary.View(),
		th.Muted.Render("severity  ")+sev+th.Muted.Render("(tab changes; "+f.sev.String()+" = PagerDuty "+f.sev.PagerDuty()+", priority "+f.sev.Priority()+")"))
	if f.err != "" {
		lines = append(lines, th.Error.Render(f.err))
	}
	lines = append(lines, "", th.Muted.Render("enter preview the request (nothing is sent yet) · esc cancel"))
	return fit(lines, w, h)
}
