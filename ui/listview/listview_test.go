package listview_test

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui/keys"
	"github.com/opsdeck/opsdeck/ui/listview"
)

func key(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

func newList(n int) *listview.Model {
	th := themes.Mono()
	l := listview.New(keys.NewNav(nil), &th, []listview.Column{{Title: "NAME", Width: 10, Flex: true}, {Title: "N", Width: 4, Right: true}})
	rows := make([]listview.Row, n)
	for i := range rows {
		rows[i] = listview.Row{Key: fmt.Sprint(i), Cells: []string{fmt.Sprintf("host-%03d", i), fmt.Sprint(i)}}
	}
	l.SetRows(rows)
	l.SetSize(40, 7)
	return l
}

func TestFilterNarrowsAndEscClears(t *testing.T) {
	l := newList(100)
	for _, k := range []string{"/", "0", "4"} {
		l.Update(key(k))
	}
	if !l.Editing() || l.Len() != 11 { // host-004, 040-049 contain "04"
		t.Fatalf("filter /04: editing=%v len=%d", l.Editing(), l.Len())
	}
	l.Update(key("enter"))
	if l.Editing() || l.Query() != "04" {
		t.Fatalf("enter should keep the filter and leave the input: %v %q", l.Editing(), l.Query())
	}
	if v := ansi.Strip(l.View()); !strings.Contains(v, "11 of 100 rows") && !strings.Contains(v, "/04") {
		t.Fatalf("no filter footer:\n%s", v)
	}
	l.Update(key("esc"))
	if l.Len() != 100 {
		t.Fatalf("esc did not clear: %d", l.Len())
	}
}

func TestCursorFollowsKeyAcrossRefreshAndPages(t *testing.T) {
	l := newList(100)
	l.Update(key("pgdown"))
	sel, _ := l.Selected()
	if sel.Key != "5" { // 7 lines: header + 5 rows + footer
		t.Fatalf("pgdown selected %q", sel.Key)
	}
	rows := append([]listview.Row{{Key: "new", Cells: []string{"new-host", "0"}}}, l.Rows()...)
	l.SetRows(rows)
	if sel, _ := l.Selected(); sel.Key != "5" {
		t.Fatalf("cursor moved off its row after refresh: %q", sel.Key)
	}
	l.Update(key("G"))
	if sel, _ := l.Selected(); sel.Key != "99" {
		t.Fatalf("G selected %q", sel.Key)
	}
	v := ansi.Strip(l.View())
	if !strings.Contains(v, "> host-099") || strings.Count(v, "\n") != 6 {
		t.Fatalf("view:\n%s", v)
	}
}

func TestUnboundKeyDoesNothing(t *testing.T) {
	th := themes.Mono()
	l := listview.New(keys.NewNav(keys.Overrides{"down": {}}), &th, []listview.Column{{Title: "A", Width: 5}})
	l.SetRows([]listview.Row{{Key: "a", Cells: []string{"a"}}, {Key: "b", Cells: []string{"b"}}})
	l.SetSize(20, 5)
	if ok, _ := l.Update(key("j")); ok {
		t.Fatal("j still moves after [keys] down = []")
	}
}

func TestFlexColumnsRespectMax(t *testing.T) {
	th := themes.Mono()
	l := listview.New(keys.NewNav(nil), &th, []listview.Column{
		{Title: "NAME", Width: 10, Flex: true, Max: 20}, {Title: "ERR", Width: 10, Flex: true}})
	l.SetRows([]listview.Row{{Key: "a", Cells: []string{"a", "b"}}})
	l.SetSize(200, 5)
	header := strings.Split(ansi.Strip(l.View()), "\n")[0]
	if i := strings.Index(header, "ERR"); i != 2+20+1 {
		t.Fatalf("ERR starts at %d, want 23 (NAME capped at 20):\n%q", i, header)
	}
	if w := len([]rune(header)); w != 200 {
		t.Fatalf("header is %d wide, want 200", w)
	}
}
