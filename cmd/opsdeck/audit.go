package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/opsdeck/opsdeck/sources/audit"
)

func init() {
	register(&command{name: "audit", summary: "print the audit log of actions (declare maintenance, rollback, page)",
		usage: "[-o table|json] [--limit N]", run: runAudit})
}

// runAudit is `opsdeck audit`: the log needs no config, so it works when the config is broken.
func runAudit(app *App, args []string) int {
	fs := app.flagSet("audit", "[-o table|json] [--limit N]", false)
	var format, path string
	var limit int
	fs.StringVar(&format, "o", "table", "output format: table, json (one entry per line, as stored)")
	fs.IntVar(&limit, "limit", 0, "print only the last N entries (all when 0)")
	fs.StringVar(&path, "file", "", "the audit log `file` ($XDG_STATE_HOME/opsdeck/audit.jsonl by default)")
	if _, code, ok := app.parseInterleaved(fs, args); !ok {
		return code
	}
	if err := oneOf("o", format, "table", "json"); err != nil {
		return app.fail("%v", err)
	}
	if path == "" {
		p, err := audit.DefaultPath()
		if err != nil {
			return app.fail("%v", err)
		}
		path = p
	}
	entries, bad, err := audit.Read(path)
	if err != nil {
		return app.fail("%v", err)
	}
	if bad > 0 {
		fmt.Fprintf(app.stderr, "opsdeck: %s: %d line(s) are not entries (a write cut short) and were skipped\n", path, bad)
	}
	if limit > 0 && len(entries) > limit {
		entries = entries[len(entries)-limit:]
	}
	if format == "json" {
		for _, e := range entries {
			if err := writeJSONLine(app, e); err != nil {
				return app.fail("%v", err)
			}
		}
		return exitOK
	}
	if len(entries) == 0 {
		fmt.Fprintf(app.stdout, "no actions recorded in %s\n", path)
		return exitOK
	}
	tw := tabwriter.NewWriter(app.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME (UTC)\tUSER@HOST\tENV\tACTION\tTARGET\tRESULT\tREQUEST ID\tDETAIL")
	for _, e := range entries {
		detail := e.Detail
		if detail == "" {
			detail = e.Summary
		}
		fmt.Fprintf(tw, "%s\t%s@%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Time.UTC().Format("2006-01-02 15:04:05"), e.User, e.Host, e.Env,
			e.Action, e.Target, strings.ToUpper(string(e.Result)), e.RequestID, strings.ReplaceAll(detail, "\t", " "))
	}
	return exitOK + flushErr(app, tw.Flush())
}

func writeJSONLine(app *App, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(app.stdout, string(b))
	return err
}

func flushErr(app *App, err error) int {
	if err != nil {
		fmt.Fprintf(app.stderr, "opsdeck: %v\n", err)
		return exitUsage
	}
	return 0
}
