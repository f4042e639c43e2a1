package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"

	tea "charm.land/bubbletea/v2"
	"github.com/opsdeck/opsdeck/sources/sim"
	"github.com/opsdeck/opsdeck/ui"
)

func init() {
	register(&command{name: "demo", summary: "open the console on the built-in simulator, whatever the config", run: runDemo})
	register(&command{name: "sim", summary: "run the simulator alone and print the config that points at it", run: runSim})
	register(&command{name: "version", summary: "print the version", run: func(app *App, args []string) int {
		if code, ok := app.parse(app.flagSet("version", "", false), args); !ok {
			return code
		}
		fmt.Fprintln(app.stdout, "opsdeck", version)
		return exitOK
	}})
}

func runDemo(app *App, args []string) int {
	fs := app.flagSet("demo", "[--seed N] [--tenants N] [--listen ADDR]", false)
	if code, ok := app.parse(fs, args); !ok {
		return code
	}
	if !app.startDemo() {
		return exitUsage
	}
	app.configPath = ""
	return runUI(app, nil)
}

// faultList collects repeated --fault flags.
type faultList []sim.Fault

func (f *faultList) String() string { return fmt.Sprint(len(*f), " faults") }
func (f *faultList) Set(s string) error {
	x, err := sim.ParseFault(s)
	if err != nil {
		return err
	}
	*f = append(*f, x)
	return nil
}

func runSim(app *App, args []string) int {
	fs := app.flagSet("sim", "[--listen ADDR] [--seed N] [--tenants N] [--fault PATH=SPEC]...", false)
	var faults faultList
	fs.Var(&faults, "fault", "inject a fault: PATH=SPEC, SPEC is latency:2s, status:503, retry-after:30, malformed, content-type:text/html, truncate, oversize, drip, hang, times:N (repeatable)")
	if code, ok := app.parse(fs, args); !ok {
		return code
	}
	s, err := sim.Start(sim.Options{Listen: app.demoListen, Seed: app.demoSeed, Tenants: app.demoTenants, Faults: faults})
	if err != nil {
		return app.fail("%v", err)
	}
	defer s.Close()
	f := s.Config()
	out, err := f.Encode()
	if err != nil {
		return app.fail("sim: %v", err)
	}
	fmt.Fprintf(app.stdout, "# opsdeck simulator on %s (seed %d, %d tenants).\n", s.Base(), app.demoSeed, app.demoTenants)
	fmt.Fprintf(app.stdout, "# Save this as a file with mode 0600 (it holds the simulator's tokens) and run opsdeck --config FILE.\n")
	fmt.Fprintf(app.stdout, "# Faults: curl -X POST %s/_sim/faults -d '{\"path\":\"/health/prod/billing\",\"status\":503}'; curl -X DELETE %s/_sim/faults\n\n", s.Base(), s.Base())
	fmt.Fprint(app.stdout, out)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	return exitOK
}

// demoCommands are the palette commands of the demo: `:fault PATH SPEC` injects a fault into the
// simulator (as `opsdeck sim --fault` does), `:fault clear [PATH]` removes them.
func (a *App) demoCommands() map[string]func([]string) tea.Cmd {
	if a.demo == nil {
		return nil
	}
	s := a.demo
	return map[string]func([]string) tea.Cmd{
		"fault": func(args []string) tea.Cmd {
			if len(args) >= 1 && args[0] == "clear" {
				p := ""
				if len(args) > 1 {
					p = args[1]
				}
				s.ClearFaults(p)
				return ui.Flash("faults cleared; press r to refresh", false)
			}
			if len(args) != 2 {
				return ui.Flash("usage: :fault PATH SPEC (e.g. :fault /health/prod/billing status:503) or :fault clear", true)
			}
			f, err := sim.ParseFault(args[0] + "=" + args[1])
			if err != nil {
				return ui.Flash(err.Error(), true)
			}
			s.AddFault(f)
			return ui.Flash("fault on "+f.Path+"; press r to refresh", false)
		},
	}
}
