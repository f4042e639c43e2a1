package sim

import (
	"encoding/json"
	"net/http"
)

// The demo app's own pages: its descriptor (atlassian-connect.json) and its published SLA, support
// and security-statement pages, which the Readiness tab fetches as live evidence (seeds 000, 004).
// Prod is in order; staging has the mistakes the checks exist for: a plain-http baseUrl, licensing
// off and no security statement.

// simDescriptor is the demo app descriptor of env.
func simDescriptor(env string) map[string]any {
	d := map[string]any{
		"key":             "acme-timesheets",
		"name":            "Acme Timesheets for Jira",
		"description":     "Log work against issues and export timesheets.",
		"vendor":          map[string]string{"name": "Acme", "url": "https://acme.example"},
		"baseUrl":         "https://timesheets.acme.example",
		"authentication":  map[string]string{"type": "jwt"},
		"apiVersion":      1,
		"apiMigrations":   map[string]bool{"signed-install": true},
		"enableLicensing": true,
		"lifecycle": map[string]string{
			"installed": "/lifecycle/installed", "uninstalled": "/lifecycle/uninstalled",
			"enabled": "/lifecycle/enabled", "disabled": "/lifecycle/disabled",
		},
		"scopes": []string{"READ", "WRITE"},
		"links":  map[string]string{"self": "https://timesheets.acme.example/atlassian-connect.json"},
		"modules": map[string]any{
			"jiraIssueContents": []map[string]any{{
				"key": "timesheet-panel", "name": map[string]string{"value": "Timesheet"},
				"target": map[string]string{"type": "web_panel", "url": "/panel?issueKey={issue.key}"},
			}},
		},
	}
	if env == "staging" {
		d["key"] = "acme-timesheets-staging"
		d["baseUrl"] = "http://timesheets-staging.acme.example"
		d["enableLicensing"] = false
		d["lifecycle"] = map[string]string{"installed": "/lifecycle/installed"}
	}
	return d
}

func descriptorRoutes(s *Sim, mux *http.ServeMux) {
	mux.HandleFunc("GET /app/{env}/atlassian-connect.json", func(w http.ResponseWriter, r *http.Request) {
		env := r.PathValue("env")
		if env != "prod" && env != "staging" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.Encode(simDescriptor(env))
	})
	page := func(title, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte("<!doctype html><html><head><title>" + title + "</title></head><body><h1>" + title + "</h1><p>" + body + "</p></body></html>\n"))
		}
	}
	mux.HandleFunc("GET /app/{env}/sla", page("Acme Timesheets service level agreement",
		"99.9% monthly uptime outside published maintenance windows. RTO 4 h, RPO 24 h. Initial response: Level 1 1 h, Level 2 4 h, Level 3 8 h, Level 4 24 h."))
	mux.HandleFunc("GET /app/{env}/support", page("Acme Timesheets support",
		"Support portal, e-mail and status page. Monday to Friday 08:00-18:00 CET; Level 1 around the clock."))
	mux.HandleFunc("GET /app/{env}/security", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("env") == "staging" {
			http.NotFound(w, r) // the statement was never published for staging
			return
		}
		http.Redirect(w, r, "/app/"+r.PathValue("env")+"/trust/security", http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /app/{env}/trust/security", page("Acme Timesheets security statement",
		"Data is stored in the EU and US regions against tenant id and user key, encrypted at rest, and removed 30 days after uninstall."))
}
