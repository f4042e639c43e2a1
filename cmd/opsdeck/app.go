package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/sources/sim"
	"github.com/opsdeck/opsdeck/themes"
)

// App is one run of opsdeck: flags, the config file, the chosen environment and, in demo mode, the
// simulator. Subcommands receive it.
type App struct {
	stdout, stderr io.Writer
	now            func() time.Time

	configPath  string
	envName     string
	themeName   string
	readonly    bool
	showVersion bool
	demoSeed    int64
	demoTenants int
	demoListen  string

	file *config.File
	demo *sim.Sim
}

func newApp(stdout, stderr io.Writer) *App {
	return &App{stdout: stdout, stderr: stderr, now: time.Now, demoSeed: 1, demoTenants: 300}
}

// Close stops the simulator when one was started.
func (a *App) Close() {
	if a.demo != nil {
		a.demo.Close()
	}
}

// flagSet returns a FlagSet with the global flags; every subcommand's flags include them, so they
// may come before or after the command name.
func (a *App) flagSet(name, args string, top bool) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	fs.StringVar(&a.configPath, "config", a.configPath, "config `file` (see lookup order below)")
	fs.StringVar(&a.envName, "env", a.envName, "environment `name` from the config")
	fs.StringVar(&a.themeName, "theme", a.themeName, "theme `name`: dark, light, high-contrast, mono or a user theme")
	fs.BoolVar(&a.readonly, "readonly", a.readonly, "refuse every action (declare maintenance, rollback, page)")
	// Defaults are the current values, so a flag given before the command survives its FlagSet.
	fs.Int64Var(&a.demoSeed, "seed", a.demoSeed, "demo data seed (demo and sim only)")
	fs.IntVar(&a.demoTenants, "tenants", a.demoTenants, "demo tenant count, up to 1000000 (demo and sim only)")
	fs.StringVar(&a.demoListen, "listen", a.demoListen, "simulator `address` (demo and sim only), 127.0.0.1:0 by default; fix it to inject faults with curl")
	if top {
		fs.BoolVar(&a.showVersion, "version", false, "print the version and exit")
		fs.Usage = func() { printUsage(a.stderr, fs) }
	} else {
		fs.Usage = func() {
			fmt.Fprintf(a.stderr, "Usage: opsdeck %s %s\n\nFlags:\n", name, args)
			fs.PrintDefaults()
		}
	}
	return fs
}

// parse parses args; on failure (or -h) it returns the exit code and false.
func (a *App) parse(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
		return exitUsage, false
	}
	return 0, true
}

// parseInterleaved parses flags that may appear after positional arguments ("get health -o json").
func (a *App) parseInterleaved(fs *flag.FlagSet, args []string) ([]string, int, bool) {
	var pos []string
	for {
		if code, ok := a.parse(fs, args); !ok {
			return nil, code, false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, 0, true
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// loadConfig finds and loads the config. With no file anywhere and demoOK, it starts the simulator
// and uses the config that points at it. Problems are printed; it returns false on errors.
func (a *App) loadConfig(demoOK bool) bool {
	path, err := config.Find(a.configPath)
	if errors.Is(err, config.ErrNotFound) && demoOK {
		return a.startDemo()
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "opsdeck: %v\n", err)
		return false
	}
	f, ps := config.Load(path)
	for _, p := range ps.Warnings() {
		fmt.Fprintln(a.stderr, p)
	}
	if errs := ps.Errors(); len(errs) > 0 {
		for _, p := range errs {
			fmt.Fprintln(a.stderr, p)
		}
		fmt.Fprintf(a.stderr, "opsdeck: %d problem%s in %s; `opsdeck config validate` lists them all\n", len(errs), plural(len(errs)), path)
		return false
	}
	a.file = f
	if f.ReadOnly {
		a.readonly = true
	}
	return true
}

// startDemo starts the in-process simulator and uses its config.
func (a *App) startDemo() bool {
	s, err := sim.Start(sim.Options{Seed: a.demoSeed, Tenants: a.demoTenants, Listen: a.demoListen})
	if err != nil {
		fmt.Fprintf(a.stderr, "opsdeck: demo: %v\n", err)
		return false
	}
	a.demo = s
	a.file = s.Config()
	return true
}

// env returns the chosen environment; errors are printed.
func (a *App) env() (*config.Env, bool) {
	e, err := a.file.Env(a.envName)
	if err != nil {
		fmt.Fprintf(a.stderr, "opsdeck: %v\n", err)
		return nil, false
	}
	return e, true
}

// readOnly reports whether actions are refused in env: --readonly, the file's or the env's setting.
func (a *App) readOnly(e *config.Env) bool {
	return a.readonly || (a.file != nil && a.file.ReadOnly) || e.ReadOnly
}

// themesDir is the user themes directory.
func (a *App) themesDir() string {
	if a.file != nil && a.file.ThemesDir != "" {
		if rest, ok := strings.CutPrefix(a.file.ThemesDir, "~/"); ok {
			if h, err := os.UserHomeDir(); err == nil {
				return filepath.Join(h, rest)
			}
		}
		return a.file.ThemesDir
	}
	if x := os.Getenv("XDG_CONFIG_HOME"); x != "" {
		return filepath.Join(x, "opsdeck", "themes")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".config", "opsdeck", "themes")
	}
	return ""
}

// theme chooses the theme: NO_COLOR/CLICOLOR=0/TERM=dumb force mono; then --theme, then config.
func (a *App) theme() (themes.Theme, error) {
	if themes.NoColor(nil) {
		return themes.Mono(), nil
	}
	name := a.themeName
	if name == "" && a.file != nil {
		name = a.file.Theme
	}
	return themes.Lookup(name, a.themesDir())
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// fail prints an error and returns the usage/config exit code.
func (a *App) fail(format string, args ...any) int {
	fmt.Fprintf(a.stderr, "opsdeck: "+format+"\n", args...)
	return exitUsage
}

// oneOf checks a flag value against its allowed values.
func oneOf(flagName, v string, allowed ...string) error {
	for _, x := range allowed {
		if v == x {
			return nil
		}
	}
	return fmt.Errorf("-%s %q: use one of %s", flagName, v, strings.Join(allowed, ", "))
}
