package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/themes"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/keys"
)

func init() {
	register(&command{name: "config", summary: "validate the config file (config validate [FILE]) or list key names (config keys)", usage: "validate [FILE] | keys", run: runConfig})
}

func runConfig(app *App, args []string) int {
	fs := app.flagSet("config", "validate [FILE] | keys", false)
	pos, code, ok := app.parseInterleaved(fs, args)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		fs.Usage()
		return exitUsage
	}
	switch pos[0] {
	case "validate":
		if len(pos) > 1 {
			app.configPath = pos[1]
		}
		return validateConfig(app)
	case "keys":
		registerAllKeys(app)
		for _, k := range keys.Known() {
			fmt.Fprintf(app.stdout, "%-22s %s\n", k[0], k[1])
		}
		return exitOK
	}
	return app.fail("config: unknown subcommand %q (validate, keys)", pos[0])
}

// registerAllKeys builds every tab once, so every bindable name is known. It sends no request.
func registerAllKeys(app *App) {
	env := &config.Env{Name: "check"}
	if app.file != nil {
		for _, n := range app.file.EnvNames() {
			env = app.file.Envs[n]
			break
		}
	}
	th := themes.Mono()
	sh := &ui.Shared{Theme: &th, Now: app.now, Env: env.Name}
	ui.New(ui.Options{Shared: sh, Tabs: buildTabs(app, env, sh)})
}

// validateConfig prints every problem of the config file and exits non-zero when any is an error.
func validateConfig(app *App) int {
	path, err := config.Find(app.configPath)
	if err != nil {
		return app.fail("config validate: %v (looked at --config, $OPSDECK_CONFIG, $XDG_CONFIG_HOME/opsdeck/config.toml, ~/.config/opsdeck/config.toml)", err)
	}
	f, ps := config.Load(path)
	if f != nil {
		app.file = f
		registerAllKeys(app)
		names := make([]string, 0, len(f.Keys))
		for n := range f.Keys {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			if !keys.IsKnown(n) {
				ps = append(ps, f.Problem("keys."+n, "no action is called "+n+" (see `opsdeck config keys`)", false))
			}
		}
		if f.Theme != "" {
			if _, err := themes.Lookup(f.Theme, app.themesDir()); err != nil {
				ps = append(ps, f.Problem("theme", err.Error(), false))
			}
		}
	}
	for _, p := range ps {
		fmt.Fprintln(app.stdout, p)
	}
	errs := ps.Errors()
	if len(errs) > 0 {
		fmt.Fprintf(app.stdout, "%s: %d error%s, %d warning%s\n", path, len(errs), plural(len(errs)), len(ps)-len(errs), plural(len(ps)-len(errs)))
		return exitUsage
	}
	envs := "no environments"
	if f != nil {
		envs = "environments " + strings.Join(f.EnvNames(), ", ")
	}
	fmt.Fprintf(app.stdout, "%s: valid (%s; %d warning%s)\n", path, envs, len(ps), plural(len(ps)))
	return exitOK
}
