package incident_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/opsdeck/opsdeck/models/incident"
)

func TestBlastRadius(t *testing.T) {
	base := map[string]incident.Reach{
		"jira":                    {Paying: 100, Trial: 20, Cancelled: 5},
		"confluence":              {Paying: 50, Trial: 10, Cancelled: 2},
		"jira service management": {Paying: 7, Trial: 1},
	}
	cases := []struct {
		name     string
		inc      incident.Incident
		want     incident.Reach
		products []string
	}{
		{"names no product: every tenant", incident.Incident{Title: "Checkout API 5xx"},
			incident.Reach{Paying: 157, Trial: 31, Cancelled: 7}, []string{"confluence", "jira", "jira service management"}},
		{"names Confluence in the title", incident.Incident{Title: "Macros fail to load in Confluence"},
			incident.Reach{Paying: 50, Trial: 10, Cancelled: 2}, []string{"confluence"}},
		{"names JSM in a component, not plain Jira", incident.Incident{Title: "Queues slow", Components: []incident.Component{{Name: "Jira Service Management portal"}}},
			incident.Reach{Paying: 7, Trial: 1}, []string{"jira service management"}},
		{"names Jira through the service", incident.Incident{Title: "Slow", Service: "jira-issue-glance"},
			incident.Reach{Paying: 100, Trial: 20, Cancelled: 5}, []string{"jira"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, products := incident.BlastRadius(tc.inc, base)
			if got != tc.want || !cmp.Equal(products, tc.products) {
				t.Errorf("BlastRadius = %+v %v, want %+v %v", got, products, tc.want, tc.products)
			}
		})
	}
	if r, _ := incident.BlastRadius(incident.Incident{Title: "x"}, nil); r.Total() != 0 {
		t.Errorf("no tenant data: %+v", r)
	}
}
