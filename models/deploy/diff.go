package deploy

import (
	"sort"
	"strings"
	"time"
)

// Change is one difference between the current release and a rollback target.
type Change struct {
	Field string // "version", "description", "image web", "add-ons"...
	From  string // the current release's value ("" when absent)
	To    string // the target's value ("" when absent)
}

// Diff is what a rollback from current to target changes, and the releases it undoes.
type Diff struct {
	From, To Release
	Changes  []Change
	// Undone are the releases newer than the target, up to and including the current one: what the
	// rollback takes away, newest first.
	Undone []Release
	// Back is how far back the target is from the current release.
	Back time.Duration
}

// Compare describes a rollback from current to target. all is the release list both come from
// (for the undone releases); it may be nil.
func Compare(current, target Release, all []Release) Diff {
	d := Diff{From: current, To: target, Back: current.Time.Sub(target.Time)}
	add := func(field, from, to string) {
		if from != to {
			d.Changes = append(d.Changes, Change{Field: field, From: from, To: to})
		}
	}
	add("version", current.Label(), target.Label())
	add("description", current.Description, target.Description)
	add("author", current.Author, target.Author)
	cur, tgt := artifactMap(current.Artifacts), artifactMap(target.Artifacts)
	names := make([]string, 0, len(cur)+len(tgt))
	for n := range cur {
		names = append(names, n)
	}
	for n := range tgt {
		if _, ok := cur[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		add(n, cur[n], tgt[n])
	}
	add("add-ons", strings.Join(sorted(current.Addons), ", "), strings.Join(sorted(target.Addons), ", "))
	for _, r := range all {
		if r.Version > target.Version && r.Version <= current.Version {
			d.Undone = append(d.Undone, r)
		}
	}
	Sort(d.Undone)
	return d
}

// SameArtifacts reports whether a and b run the same things: a rollback from one to the other
// changes nothing that runs (kubectl reports such a rollback as skipped).
func SameArtifacts(a, b Release) bool {
	am, bm := artifactMap(a.Artifacts), artifactMap(b.Artifacts)
	if len(am) != len(bm) {
		return false
	}
	for k, v := range am {
		if bm[k] != v {
			return false
		}
	}
	return true
}

func artifactMap(as []Artifact) map[string]string {
	m := make(map[string]string, len(as))
	for _, a := range as {
		name := a.Name
		if name != "slug" {
			name = "image " + name
		}
		m[name] = a.Ref
	}
	return m
}

func sorted(ss []string) []string {
	out := append([]string(nil), ss...)
	sort.Strings(out)
	return out
}
