package license

import (
	"fmt"
	"strings"
)

// Counts are the header figures of the Tenants tab, the Overview summary and `get tenants`.
type Counts struct {
	Total   int            `json:"total"`
	ByState [NumStates]int `json:"-"`
	States  map[string]int `json:"states"`
	// TrialsEndingSoon counts trials whose last day is within SoonDays (this week).
	TrialsEndingSoon int `json:"trialsEndingThisWeek"`
	// RemovalsDue counts tenants inside the 15-day countdown to data removal (seed 004, line 41).
	RemovalsDue int `json:"dataRemovalsDue"`
	// ByAnomaly counts tenants per anomaly, keyed by its word; Anomalous counts tenants with any.
	ByAnomaly map[string]int `json:"anomalies"`
	Anomalous int            `json:"anomalous"`
	// Installed counts tenants with an installed record.
	Installed int `json:"installed"`
}

// Count computes the counts over tenants.
func Count(tenants []Tenant) Counts {
	c := Counts{Total: len(tenants)}
	var per [numAnomalies]int
	for i := range tenants {
		t := &tenants[i]
		c.add(t, &per)
	}
	c.finish(per)
	return c
}

func (c *Counts) add(t *Tenant, per *[numAnomalies]int) {
	c.ByState[t.Life.State]++
	if t.Life.TrialEndingSoon() {
		c.TrialsEndingSoon++
	}
	if t.Life.RemovalDue() {
		c.RemovalsDue++
	}
	if t.Installed {
		c.Installed++
	}
	if t.Anomalies != 0 {
		c.Anomalous++
		for i := range per {
			if t.Anomalies&(1<<i) != 0 {
				per[i]++
			}
		}
	}
}

func (c *Counts) finish(per [numAnomalies]int) {
	c.States = make(map[string]int, NumStates)
	for s, n := range c.ByState {
		c.States[State(s).String()] = n
	}
	c.ByAnomaly = make(map[string]int, numAnomalies)
	for i, n := range per {
		c.ByAnomaly[anomalyNames[i]] = n
	}
}

// Anomaly returns how many tenants have anomaly a (a single anomaly).
func (c Counts) Anomaly(a Anomaly) int {
	for i, n := range anomalyNames {
		if a == 1<<i {
			return c.ByAnomaly[n]
		}
	}
	return 0
}

// StateLine is the per-state line: "412 tenants: 31 trial, 300 active, 12 cancelled, 60 expired, 9 none".
// States with no tenant are left out, except that an empty base says "0 tenants".
func (c Counts) StateLine() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s", c.Total, plural(c.Total, "tenant", "tenants"))
	sep := ": "
	for s := State(0); s < NumStates; s++ {
		if n := c.ByState[s]; n > 0 {
			fmt.Fprintf(&b, "%s%d %s", sep, n, s)
			sep = ", "
		}
	}
	return b.String()
}

// AttentionLine is the line of things to act on: "12 trials ending this week, 3 data removals due,
// 5 installed without license, 2 licensed not installed, 1 installed twice, 4 URLs changed,
// 1 odd trial length"; "nothing needs attention" when all are zero.
func (c Counts) AttentionLine() string {
	var parts []string
	add := func(n int, one, many string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, plural(n, one, many)))
		}
	}
	add(c.TrialsEndingSoon, "trial ending this week", "trials ending this week")
	add(c.RemovalsDue, "data removal due", "data removals due")
	add(c.Anomaly(AnomalyUnlicensed), "installed without license", "installed without license")
	add(c.Anomaly(AnomalyNotInstalled), "licensed not installed", "licensed not installed")
	add(c.Anomaly(AnomalyDuplicate), "installed twice", "installed twice")
	add(c.Anomaly(AnomalyURLChanged), "URL changed", "URLs changed")
	add(c.Anomaly(AnomalyTrialLength), "odd trial length", "odd trial lengths")
	if len(parts) == 0 {
		return "nothing needs attention"
	}
	return strings.Join(parts, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
