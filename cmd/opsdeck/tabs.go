package main

import (
	"fmt"
	"os"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/keys"
	"golang.org/x/term"
)

// Tab slots, in the order of the tab bar (1 is the root's Overview).
const (
	slotSLOs        = 2
	slotHealth      = 3
	slotTenants     = 4
	slotMaintenance = 5
	slotIncidents   = 6
	slotDeployments = 7
	slotReadiness   = 8
)

// tabBuilder builds one tab for an environment. Each domain registers its own in an init function.
type tabBuilder struct {
	slot  int
	title string
	build func(app *App, env *config.Env, sh *ui.Shared) ui.Tab
}

var tabBuilders = map[int]tabBuilder{}

// tabWrapper adds something to the tab of a slot after it is built, whoever owns the tab (the
// actions wrap Maintenance, Incidents and Readiness to offer declare, page and test page).
type tabWrapper func(app *App, env *config.Env, sh *ui.Shared, t ui.Tab) ui.Tab

var tabWrappers = map[int][]tabWrapper{}

func registerTabWrapper(slot int, w tabWrapper) { tabWrappers[slot] = append(tabWrappers[slot], w) }

func registerTab(b tabBuilder) {
	if _, dup := tabBuilders[b.slot]; dup {
		panic(fmt.Sprintf("two tabs in slot %d", b.slot))
	}
	tabBuilders[b.slot] = b
}

// buildTabs builds every tab of env in slot order.
func buildTabs(app *App, env *config.Env, sh *ui.Shared) []ui.Tab {
	tabs := make([]ui.Tab, 0, 7)
	for s := slotSLOs; s <= slotReadiness; s++ {
		var t ui.Tab
		if b, ok := tabBuilders[s]; ok {
			t = b.build(app, env, sh)
		} else {
			// Every slot has a tab; a build that lost one says so instead of shifting the others.
			t = ui.NewNotice(sh, fmt.Sprintf("Tab %d", s), "This build has no tab in this slot.")
		}
		for _, w := range tabWrappers[s] {
			t = w(app, env, sh, t)
		}
		tabs = append(tabs, t)
	}
	return tabs
}

// keyOverrides returns the [keys] table.
func (a *App) keyOverrides() keys.Overrides {
	if a.file == nil {
		return nil
	}
	return keys.Overrides(a.file.Keys)
}

// runUI opens the console.
func runUI(app *App, _ []string) int {
	if !term.IsTerminal(int(os.Stdout.Fd())) || !term.IsTerminal(int(os.Stdin.Fd())) {
		return app.fail("the console needs a terminal; for scripts use `opsdeck get health|slos|tenants|incidents|maintenance -o json`")
	}
	if !app.loadConfig(true) {
		return exitUsage
	}
	env, ok := app.env()
	if !ok {
		return exitUsage
	}
	th, err := app.theme()
	if err != nil {
		return app.fail("%v", err)
	}
	sh := &ui.Shared{Theme: &th, Now: app.now, Keys: app.keyOverrides(), ReadOnly: app.readOnly(env), Demo: app.demo != nil, Env: env.Name}
	var warnings []string
	if app.demo != nil {
		warnings = []string{"DEMO: no config file found, showing the built-in simulator (see README: Configuration)"}
	}
	m := ui.New(ui.Options{
		Shared:   sh,
		Tabs:     buildTabs(app, env, sh),
		Envs:     app.file.EnvNames(),
		Warnings: warnings,
		SwitchEnv: func(name string) ([]ui.Tab, error) {
			e, err := app.file.Env(name)
			if err != nil {
				return nil, fmt.Errorf("no environment %q (have %s)", name, strings.Join(app.file.EnvNames(), ", "))
			}
			return buildTabs(app, e, sh), nil
		},
		EnvReadOnly: func(name string) bool {
			e, err := app.file.Env(name)
			return err != nil || app.readOnly(e)
		},
		Theme:    func(name string) (themes.Theme, error) { return themes.Lookup(name, app.themesDir()) },
		Commands: app.demoCommands(),
	})
	opts := []tea.ProgramOption{}
	switch {
	case os.Getenv("TERM") == "dumb":
		opts = append(opts, tea.WithColorProfile(colorprofile.NoTTY))
	case themes.NoColor(nil):
		opts = append(opts, tea.WithColorProfile(colorprofile.ASCII))
	}
	_, runErr := tea.NewProgram(m, opts...).Run()
	// Writes still in commands (readiness answers, audit lines) finish now that the screen is back.
	code := exitOK
	for _, err := range m.Flush() {
		fmt.Fprintf(app.stderr, "opsdeck: not saved: %v\n", err)
		code = exitUsage
	}
	if runErr != nil {
		return app.fail("%v", runErr)
	}
	return code
}
