// Command opsdeck is a terminal operations console for the on-call engineers of an Atlassian
// Marketplace cloud app. Run it with no config for the embedded demo; see `opsdeck --help`.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"
)

// Exit codes, documented in the README and in --help.
const (
	exitOK      = 0 // success; for `get`: everything is fine
	exitProblem = 1 // for `get`: something is down, burning or failing
	exitUsage   = 2 // bad flags, bad config, or an upstream could not be read
)

// version is set at build time with -ldflags "-X main.version=..."; "dev" otherwise.
var version = "dev"

// command is a subcommand. Subcommands register themselves in init functions of their own files.
type command struct {
	name    string
	summary string
	usage   string
	run     func(app *App, args []string) int
}

var commands = map[string]*command{}

func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("duplicate command " + c.name)
	}
	commands[c.name] = c
}

func main() {
	startStats(5 * time.Second)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without os.Exit, for tests.
func run(args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	defer app.Close()
	fs := app.flagSet("opsdeck", "[flags] [command [args]]", true)
	if code, ok := app.parse(fs, args); !ok {
		return code
	}
	if app.showVersion {
		fmt.Fprintln(stdout, "opsdeck", version)
		return exitOK
	}
	rest := fs.Args()
	if len(rest) == 0 {
		return runUI(app, nil)
	}
	c, ok := commands[rest[0]]
	if !ok {
		fmt.Fprintf(stderr, "opsdeck: unknown command %q\n\n", rest[0])
		printUsage(stderr, fs)
		return exitUsage
	}
	return c.run(app, rest[1:])
}

func printUsage(w io.Writer, fs interface{ PrintDefaults() }) {
	fmt.Fprintf(w, `opsdeck: the on-call console for an Atlassian Marketplace cloud app.

Usage:
  opsdeck [flags]                 open the console (the demo when no config file is found)
  opsdeck COMMAND [flags] [args]  run one command and exit

Commands:
`)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, commands[n].summary)
	}
	fmt.Fprintf(w, `
Config lookup: --config FILE, $OPSDECK_CONFIG, $XDG_CONFIG_HOME/opsdeck/config.toml, ~/.config/opsdeck/config.toml.
Exit codes: 0 ok, 1 a problem was found (something down, burning, failing), 2 usage, config or upstream error.

Flags:
`)
	fs.PrintDefaults()
	fmt.Fprintln(w, "\nRun 'opsdeck COMMAND --help' for a command's flags.")
}

// subcommandList names commands for error messages.
func subcommandList() string {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
