package sim

import (
	"fmt"
	"time"
)

// The demo's own status page, anchored to the simulator's start so the clocks read the same in every
// run: in prod, one unresolved incident answering a PagerDuty page (its updates stop that page's
// first-update clock), a maintenance in progress, two upcoming ones, a recent completed one and the
// published window the SLO demo's outage fell in; staging has one upcoming window.

// spPublishedMaintenance is when the published database upgrade began relative to the start, the
// window the SLO demo's health-check outage fell in (its config entry, prometheus_data.go).
const spPublishedMaintenance = -10*24*time.Hour + 17*time.Minute

func spDemoPage(s *Sim, env string) *spPage {
	start := s.Started().UTC().Truncate(time.Second)
	pageID := spPageID(env)
	at := func(d time.Duration) time.Time { return start.Add(d) }
	ptr := func(t time.Time) *time.Time { return &t }
	p := &spPage{}
	names := []string{"API", "Admin UI", "Checkout", "Search", "Webhooks", "Installation callback"}
	for i, n := range names {
		p.components = append(p.components, SPComponent{ID: fmt.Sprintf("%sc%02d", env[:1], i+1), PageID: pageID, Name: n,
			Status: "operational", Position: i + 1, Showcase: true, CreatedAt: at(-400 * 24 * time.Hour), UpdatedAt: at(-time.Hour)})
	}
	comp := func(name, status string) SPComponent {
		for _, c := range p.components {
			if c.Name == name {
				c.Status = status
				return c
			}
		}
		panic("sim: no demo component " + name)
	}
	seq := 0
	upd := func(status, body string, d time.Duration) SPUpdate {
		seq++
		return SPUpdate{ID: fmt.Sprintf("%su%03d", env[:1], seq), Status: status, Body: body,
			CreatedAt: at(d), UpdatedAt: at(d), DisplayAt: at(d), DeliverNotifications: true}
	}
	maint := func(id, name, status string, from, dur time.Duration, comps ...string) *SPIncident {
		inc := &SPIncident{ID: id, PageID: pageID, Name: name, Status: status, Impact: "maintenance",
			CreatedAt: at(from - 5*24*time.Hour), UpdatedAt: at(from - 5*24*time.Hour), StartedAt: at(from - 5*24*time.Hour),
			ScheduledFor: ptr(at(from)), ScheduledUntil: ptr(at(from + dur)), ScheduledRemindPrior: true,
			AutoInProgress: true, AutoCompleted: true, AutoToMaintenanceState: true, AutoToOperationalState: true,
			Shortlink: "https://stspg.io/" + id, Metadata: map[string]any{}, maintenance: true,
			Updates: []SPUpdate{upd("scheduled", "We will be performing scheduled maintenance: "+name+".", from-5*24*time.Hour)}}
		for _, c := range comps {
			st := "operational"
			if status == "in_progress" {
				st = "under_maintenance"
			}
			inc.Components = append(inc.Components, comp(c, st))
		}
		if status == "in_progress" {
			inc.Updates = append(inc.Updates, upd("in_progress", "Scheduled maintenance is currently in progress.", from))
			inc.UpdatedAt = at(from)
		}
		if status == "completed" {
			inc.Updates = append(inc.Updates, upd("in_progress", "Scheduled maintenance is currently in progress.", from),
				upd("completed", "The scheduled maintenance has been completed.", from+dur))
			inc.UpdatedAt = at(from + dur)
		}
		for i := range inc.Updates {
			inc.Updates[i].IncidentID = id
		}
		return inc
	}
	// Whole hours keep the upcoming windows on round times, as people schedule them.
	hour := func(d time.Duration) time.Duration { return start.Add(d).Truncate(time.Hour).Sub(start) }

	if env != "prod" {
		p.incidents = append(p.incidents, maint(env[:1]+"m-rehearsal", "Failover rehearsal", "scheduled", hour(3*24*time.Hour), time.Hour, "API"))
		return p
	}
	search := &SPIncident{ID: "pinc-search", PageID: pageID, Name: "Search results are slow", Status: "identified",
		Impact: "major", CreatedAt: at(-30 * time.Minute), UpdatedAt: at(-12 * time.Minute), StartedAt: at(-35 * time.Minute),
		Shortlink: "https://stspg.io/pinc-search", PostmortemPublishedAt: false, ReminderIntervals: "[3, 6, 12, 24]",
		Metadata:   map[string]any{"pagerduty": map[string]any{"incident_id": "PSIM2316"}},
		Components: []SPComponent{comp("Search", "degraded_performance")},
		Updates: []SPUpdate{
			upd("identified", "A reindex job is saturating the search cluster; we are throttling it.", -12*time.Minute),
			upd("investigating", "We are investigating slow search results for some customers.", -30*time.Minute),
		}}
	for i := range search.Updates {
		search.Updates[i].IncidentID = search.ID
	}
	webhooks := &SPIncident{ID: "pinc-webhooks", PageID: pageID, Name: "Webhook delivery delays", Status: "resolved",
		Impact: "minor", CreatedAt: at(-50 * time.Hour), UpdatedAt: at(-48 * time.Hour), StartedAt: at(-50 * time.Hour),
		ResolvedAt: ptr(at(-48 * time.Hour)), Shortlink: "https://stspg.io/pinc-webhooks", Metadata: map[string]any{},
		Components: []SPComponent{comp("Webhooks", "operational")},
		Updates: []SPUpdate{
			upd("resolved", "Webhook deliveries are back to normal.", -48*time.Hour),
			upd("investigating", "Webhook deliveries are delayed by up to 20 minutes.", -50*time.Hour),
		}}
	p.incidents = append(p.incidents,
		maint("pm-dbupgrade", "database upgrade (published)", "completed", spPublishedMaintenance, time.Hour, "API", "Admin UI"),
		webhooks,
		maint("pm-certs", "Certificate rotation", "completed", hour(-3*24*time.Hour+2*time.Hour), 30*time.Minute, "API"),
		maint("pm-failover", "Database failover test", "in_progress", -30*time.Minute, 2*time.Hour, "API", "Admin UI"),
		maint("pm-reindex", "Search index rebuild", "scheduled", hour(50*time.Hour), time.Hour, "Search"),
		maint("pm-payments", "Payment provider migration", "scheduled", hour(9*24*time.Hour+4*time.Hour), 3*time.Hour, "Checkout"),
		search,
	)
	return p
}
