package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/opsdeck/opsdeck/config"
)

// getOptions are the flags every `get` shares; Args holds what follows the resource name.
type getOptions struct {
	format string
	args   []string
}

// getter prints one view's data once. It returns the exit code (exitOK, exitProblem) and an error
// for a usage/config/upstream failure.
type getter struct {
	name    string
	summary string
	formats []string // allowed -o values; table and json when empty
	// flags adds the getter's own flags; values are read in run through the closure.
	flags func(fs flagAdder)
	run   func(ctx context.Context, app *App, e *config.Env, g getOptions, out io.Writer) (int, error)
}

// flagAdder is the part of *flag.FlagSet a getter uses.
type flagAdder interface {
	StringVar(p *string, name, value, usage string)
	BoolVar(p *bool, name string, value bool, usage string)
	IntVar(p *int, name string, value int, usage string)
	DurationVar(p *time.Duration, name string, value time.Duration, usage string)
}

var getters = map[string]*getter{}

func registerGetter(g *getter) { getters[g.name] = g }

func init() {
	register(&command{name: "get", summary: "print one view's data once (-o table|json) and exit", usage: "RESOURCE [-o table|json]", run: runGet})
}

func getterNames() string {
	var n []string
	for k := range getters {
		n = append(n, k)
	}
	sort.Strings(n)
	return strings.Join(n, "|")
}

func runGet(app *App, args []string) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") && args[0] != "-h" && args[0] != "--help" {
		return app.fail("usage: opsdeck get %s [-o table|json]", getterNames())
	}
	if args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintf(app.stderr, "Usage: opsdeck get %s [-o FORMAT] [flags]\n\n", getterNames())
		for _, n := range strings.Split(getterNames(), "|") {
			fmt.Fprintf(app.stderr, "  %-12s %s\n", n, getters[n].summary)
		}
		return exitOK
	}
	g, ok := getters[args[0]]
	if !ok {
		return app.fail("get: unknown resource %q (have %s)", args[0], getterNames())
	}
	formats := g.formats
	if len(formats) == 0 {
		formats = []string{"table", "json"}
	}
	fs := app.flagSet("get "+g.name, "[-o "+strings.Join(formats, "|")+"]", false)
	var opt getOptions
	var timeout time.Duration
	fs.StringVar(&opt.format, "o", "table", "output format: "+strings.Join(formats, ", "))
	fs.DurationVar(&timeout, "timeout", 60*time.Second, "give up after this long")
	if g.flags != nil {
		g.flags(fs)
	}
	pos, code, ok := app.parseInterleaved(fs, args[1:])
	if !ok {
		return code
	}
	opt.args = pos
	if err := oneOf("o", opt.format, formats...); err != nil {
		return app.fail("get %s: %v", g.name, err)
	}
	if !app.loadConfig(true) {
		return exitUsage
	}
	e, ok := app.env()
	if !ok {
		return exitUsage
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	code, err := g.run(ctx, app, e, opt, app.stdout)
	if err != nil {
		fmt.Fprintf(app.stderr, "opsdeck: get %s: %v\n", g.name, err)
		if code == exitOK || code == exitProblem {
			code = exitUsage
		}
	}
	return code
}
