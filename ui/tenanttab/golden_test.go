package tenanttab

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/opsdeck/opsdeck/ui"
)

// program runs the whole console (the root with the Tenants tab in slot 2) on the fixture, mono,
// with the fixed clock.
func program(t *testing.T, w, h int) *teatest.TestModel {
	sh := shared()
	tab := New(sh, Config{Licenses: fixedLicenses, Installations: fixedInstallations, Every: time.Hour})
	m := ui.New(ui.Options{Shared: sh, Tabs: []ui.Tab{tab}, Envs: []string{"prod"}})
	return teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII), tea.WithEnvironment([]string{"TERM=xterm-256color"})))
}

func waitFor(t *testing.T, tm *teatest.TestModel, s string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) }, teatest.WithDuration(5*time.Second))
}

func typeKeys(tm *teatest.TestModel, ks ...string) {
	for _, k := range ks {
		switch k {
		case "enter":
			tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
		default:
			for _, r := range k {
				tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
		}
	}
}

func final(t *testing.T, tm *teatest.TestModel) []byte {
	t.Helper()
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	return []byte(ansi.Strip(tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View().Content))
}

func TestTenantsGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		name := fmt.Sprintf("%dx%d", size[0], size[1])
		t.Run("table_"+name, func(t *testing.T) {
			tm := program(t, size[0], size[1])
			waitFor(t, tm, "11 tenants")
			typeKeys(tm, "2")
			waitFor(t, tm, "unlicensed")
			golden.RequireEqual(t, final(t, tm))
		})
		t.Run("filter_"+name, func(t *testing.T) {
			tm := program(t, size[0], size[1])
			waitFor(t, tm, "11 tenants")
			typeKeys(tm, "2", "/trial", "enter", "j")
			waitFor(t, tm, "of 11")
			golden.RequireEqual(t, final(t, tm))
		})
		t.Run("detail_"+name, func(t *testing.T) {
			tm := program(t, size[0], size[1])
			waitFor(t, tm, "11 tenants")
			typeKeys(tm, "2", "j", "enter")
			waitFor(t, tm, "App database")
			golden.RequireEqual(t, final(t, tm))
		})
		t.Run("overview_"+name, func(t *testing.T) {
			tm := program(t, size[0], size[1])
			waitFor(t, tm, "odd trial length")
			golden.RequireEqual(t, final(t, tm))
		})
	}
}
