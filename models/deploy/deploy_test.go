package deploy_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsdeck/opsdeck/models/deploy"
)

var t0 = time.Date(2026, 5, 7, 12, 0, 0, 0, time.UTC)

func releases() []deploy.Release {
	return []deploy.Release{
		{ID: "r40", Version: 40, Description: "Deploy a1", Author: "ana@example.com", Time: t0.Add(-3 * time.Hour), Status: deploy.StatusSucceeded, Rollbackable: true, Artifacts: []deploy.Artifact{{Name: "slug", Ref: "s1"}}},
		{ID: "r42", Version: 42, Description: "Deploy c3", Author: "bo@example.com", Time: t0.Add(-1 * time.Hour), Status: deploy.StatusSucceeded, Current: true, Rollbackable: true, Artifacts: []deploy.Artifact{{Name: "slug", Ref: "s3"}}, Addons: []string{"heroku-postgresql:standard-0"}},
		{ID: "r41", Version: 41, Description: "Deploy b2", Author: "ana@example.com", Time: t0.Add(-2 * time.Hour), Status: deploy.StatusFailed, Rollbackable: false, Artifacts: []deploy.Artifact{{Name: "slug", Ref: "s2"}}},
		{ID: "r39", Version: 39, Description: "Deploy z0", Time: t0.Add(-4 * time.Hour), Status: deploy.StatusExpired, Rollbackable: false},
	}
}

func TestSortAndCurrent(t *testing.T) {
	rs := releases()
	deploy.Sort(rs)
	var got []int
	for _, r := range rs {
		got = append(got, r.Version)
	}
	if diff := cmp.Diff([]int{42, 41, 40, 39}, got); diff != "" {
		t.Errorf("Sort versions (-want +got):\n%s", diff)
	}
	cur, ok := deploy.Current(rs)
	if !ok || cur.Version != 42 {
		t.Errorf("Current = %v, %v; want v42, true", cur.Label(), ok)
	}
	if _, ok := deploy.Current(nil); ok {
		t.Errorf("Current(nil) found a release")
	}
}

func TestPrevious(t *testing.T) {
	tests := []struct {
		name string
		rs   []deploy.Release
		want int // 0: none
	}{
		{"skips the failed release, as rollout undo picks the newest usable older revision", releases(), 40},
		{"no current release", []deploy.Release{{Version: 3, Rollbackable: true}}, 0},
		{"nothing older", []deploy.Release{{Version: 1, Current: true, Rollbackable: true}}, 0},
		{"older but expired", []deploy.Release{{Version: 2, Current: true}, {Version: 1, Status: deploy.StatusExpired}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := deploy.Previous(tt.rs)
			if tt.want == 0 {
				if ok {
					t.Errorf("Previous = %s, want none", got.Label())
				}
				return
			}
			if !ok || got.Version != tt.want {
				t.Errorf("Previous = %s, %v; want v%d", got.Label(), ok, tt.want)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	rs := releases()
	cur, _ := deploy.Find(rs, 42)
	tgt, _ := deploy.Find(rs, 40)
	d := deploy.Compare(cur, tgt, rs)
	want := []deploy.Change{
		{Field: "version", From: "v42", To: "v40"},
		{Field: "description", From: "Deploy c3", To: "Deploy a1"},
		{Field: "author", From: "bo@example.com", To: "ana@example.com"},
		{Field: "slug", From: "s3", To: "s1"},
		{Field: "add-ons", From: "heroku-postgresql:standard-0", To: ""},
	}
	if diff := cmp.Diff(want, d.Changes); diff != "" {
		t.Errorf("Compare changes (-want +got):\n%s", diff)
	}
	var undone []int
	for _, r := range d.Undone {
		undone = append(undone, r.Version)
	}
	if diff := cmp.Diff([]int{42, 41}, undone); diff != "" {
		t.Errorf("Compare undone (-want +got):\n%s", diff)
	}
	if d.Back != 2*time.Hour {
		t.Errorf("Compare back = %v, want 2h", d.Back)
	}
}

func TestCompareImages(t *testing.T) {
	cur := deploy.Release{Version: 7, Artifacts: []deploy.Artifact{{Name: "web", Ref: "app:1.4"}, {Name: "sidecar", Ref: "proxy:2"}}}
	tgt := deploy.Release{Version: 5, Artifacts: []deploy.Artifact{{Name: "web", Ref: "app:1.2"}, {Name: "sidecar", Ref: "proxy:2"}, {Name: "init", Ref: "migrate:1"}}}
	d := deploy.Compare(cur, tgt, nil)
	want := []deploy.Change{
		{Field: "version", From: "v7", To: "v5"},
		{Field: "image init", From: "", To: "migrate:1"},
		{Field: "image web", From: "app:1.4", To: "app:1.2"},
	}
	if diff := cmp.Diff(want, d.Changes); diff != "" {
		t.Errorf("Compare images (-want +got):\n%s", diff)
	}
	if deploy.SameArtifacts(cur, tgt) {
		t.Errorf("SameArtifacts(different images) = true")
	}
	if !deploy.SameArtifacts(cur, deploy.Release{Artifacts: []deploy.Artifact{{Name: "sidecar", Ref: "proxy:2"}, {Name: "web", Ref: "app:1.4"}}}) {
		t.Errorf("SameArtifacts(same images, other order) = false")
	}
}

func TestStatusWord(t *testing.T) {
	for s, want := range map[deploy.Status]string{
		deploy.StatusSucceeded: "OK", deploy.StatusPending: "PENDING", deploy.StatusFailed: "FAILED",
		deploy.StatusExpired: "EXPIRED", deploy.StatusSuperseded: "OLD", "": "?", "weird": "weird",
	} {
		if got := s.Word(); got != want {
			t.Errorf("Status(%q).Word() = %q, want %q", s, got, want)
		}
	}
}
