package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/models/severity"
)

func init() {
	register(&command{name: "severity", summary: "the seed 003 severity calculator: print the SEV and the rule that gives it",
		usage: "[--users N | --apps N] [--impact major|minor] [--capability NAME | --tier C1|C2|C3] [--outage | --degradation] [--for DURATION] [--reports N] [-o text|json] [--list]",
		run:   runSeverity})
}

// targetsJSON is severity.Targets in minutes.
type targetsJSON struct {
	Applies            bool   `json:"applies"`
	InvestigateMinutes int    `json:"investigate_within_minutes,omitempty"`
	FirstUpdateMinutes int    `json:"first_update_within_minutes,omitempty"`
	Rule               string `json:"rule"`
}

// severityOutput is `opsdeck severity -o json`.
type severityOutput struct {
	Sev     severity.Level `json:"sev"`
	Label   string         `json:"label"`
	Name    string         `json:"name,omitempty"`
	Basis   severity.Basis `json:"basis"`
	Rule    string         `json:"rule"`
	Notes   []string       `json:"notes"`
	Targets targetsJSON    `json:"targets"`
	Seed    string         `json:"seed"`
}

func runSeverity(app *App, args []string) int {
	fs := app.flagSet("severity", commands["severity"].usage, false)
	var (
		users, apps, reports     int
		impact, capName, tier    string
		outage, degradation, all bool
		format, dur              string
	)
	fs.IntVar(&users, "users", 0, "number of affected end users")
	fs.IntVar(&apps, "apps", 0, "number of affected apps")
	fs.StringVar(&impact, "impact", "", "impact on the affected users or apps: major or minor")
	fs.StringVar(&capName, "capability", "", "affected capability, as seed 003 lists it (see --list), e.g. \"App UI\"")
	fs.StringVar(&tier, "tier", "", "affected capability tier when the capability is not listed: C1, C2 or C3")
	fs.BoolVar(&outage, "outage", false, "the capability is out")
	fs.BoolVar(&degradation, "degradation", false, "the capability is degraded")
	fs.StringVar(&dur, "for", "", "how long the outage or degradation has lasted: 45m, 150m, 2h30m, 6h")
	fs.IntVar(&reports, "reports", 0, "number of partner reports (service desk and Community)")
	fs.StringVar(&format, "o", "text", "output: text or json")
	fs.BoolVar(&all, "list", false, "list seed 003's capabilities and their tiers, then exit")
	pos, code, ok := app.parseInterleaved(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return app.fail("severity: unexpected argument %q (quote a capability name with spaces: --capability \"App UI\")", pos[0])
	}
	if err := oneOf("o", format, "text", "json"); err != nil {
		return app.fail("severity: %v", err)
	}
	if all {
		return printCapabilities(app, format)
	}
	in, err := severityInput(users, apps, reports, impact, capName, tier, outage, degradation, dur)
	if err != nil {
		return app.fail("severity: %v", err)
	}
	r := severity.Classify(in)
	res := severityOutput{Sev: r.Level, Label: r.Level.String(), Name: r.Level.Name(), Basis: r.Basis, Rule: r.Rule,
		Notes: r.Notes, Seed: "003_817c9236db34d12c.txt"}
	t := severity.TargetsFor(r.Level)
	res.Targets = targetsJSON{Applies: t.Applies, InvestigateMinutes: int(t.Investigate / time.Minute),
		FirstUpdateMinutes: int(t.FirstUpdate / time.Minute), Rule: t.Rule}
	if res.Notes == nil {
		res.Notes = []string{}
	}
	if format == "json" {
		enc := json.NewEncoder(app.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return app.fail("severity: %v", err)
		}
		return exitOK
	}
	head := res.Label
	if res.Name != "" {
		head += " - " + res.Name
	}
	fmt.Fprintln(app.stdout, head)
	fmt.Fprintln(app.stdout, "rule:    "+res.Rule)
	for _, n := range res.Notes {
		fmt.Fprintln(app.stdout, "also:    "+n)
	}
	fmt.Fprintln(app.stdout, "targets: "+res.Targets.Rule)
	return exitOK
}

// severityInput checks the flags and builds the classifier's input; every mistake is a usage error
// that says what to write instead.
func severityInput(users, apps, reports int, impact, capName, tier string, outage, degradation bool, dur string) (severity.Input, error) {
	var in severity.Input
	switch {
	case users < 0 || apps < 0 || reports < 0:
		return in, fmt.Errorf("--users, --apps and --reports count, so they cannot be negative")
	case outage && degradation:
		return in, fmt.Errorf("--outage and --degradation exclude each other: an outage is the capability not working, a degradation it working worse")
	case (users > 0 || apps > 0) && impact == "":
		return in, fmt.Errorf("--users/--apps need --impact major or --impact minor (the rows of seed 003's impact matrix)")
	case impact != "" && users == 0 && apps == 0:
		return in, fmt.Errorf("--impact needs --users N or --apps N")
	}
	if impact != "" {
		i, err := severity.ParseImpact(impact)
		if err != nil {
			return in, err
		}
		in.Affected = severity.Affected{Users: users, Apps: apps, Impact: i}
	}
	capGiven := capName != "" || tier != ""
	switch {
	case capGiven && !outage && !degradation:
		return in, fmt.Errorf("--capability/--tier need --outage or --degradation")
	case (outage || degradation) && !capGiven:
		return in, fmt.Errorf("--outage/--degradation need --capability NAME or --tier C1|C2|C3")
	case capGiven && dur == "":
		return in, fmt.Errorf("--capability/--tier need --for DURATION (how long it has lasted: 45m, 150m, 3h)")
	case !capGiven && dur != "":
		return in, fmt.Errorf("--for needs --capability or --tier with --outage or --degradation")
	}
	if capGiven {
		e := severity.Event{Capability: capName, Kind: severity.Outage}
		if degradation {
			e.Kind = severity.Degradation
		}
		if capName != "" {
			if _, ok := severity.Lookup(capName); !ok && tier == "" {
				return in, fmt.Errorf("%q is not in seed 003's capability list (opsdeck severity --list), or give --tier C1|C2|C3", capName)
			}
		}
		if tier != "" {
			t, err := severity.ParseTier(tier)
			if err != nil {
				return in, err
			}
			e.Tier = t
		}
		d, err := config.ParseDuration(dur)
		if err != nil {
			return in, fmt.Errorf("--for: %v", err)
		}
		e.Duration = d
		in.Capability = e
	}
	in.Reports = reports
	if !in.Affected.Known() && !capGiven && reports == 0 {
		return in, fmt.Errorf("give --users/--apps with --impact, --capability/--tier with --outage/--degradation and --for, or --reports (for example: --capability \"App UI\" --degradation --for 150m)")
	}
	return in, nil
}

// printCapabilities lists seed 003's capability-to-tier list.
func printCapabilities(app *App, format string) int {
	caps := severity.Capabilities()
	if format == "json" {
		enc := json.NewEncoder(app.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(caps); err != nil {
			return app.fail("severity: %v", err)
		}
		return exitOK
	}
	tw := tabwriter.NewWriter(app.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TIER\tAREA\tCAPABILITY\tDESCRIPTION")
	for _, c := range caps {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.Tier, c.Area, c.Name, strings.TrimSpace(c.Description))
	}
	tw.Flush()
	fmt.Fprintf(app.stdout, "\nDurations: less than 2h, 2-5h (both edges included), more than 5h; e.g. --for %s.\n", (150 * time.Minute).String())
	return exitOK
}
