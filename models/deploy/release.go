// Package deploy describes deployments: the releases a deployer keeps, what differs between two of
// them, how a rollout progresses, and whether the service recovered after a rollback.
package deploy

import (
	"sort"
	"strconv"
	"time"
)

// Status is where a release stands at its deployer. Heroku's values are used as they are; a
// Kubernetes ReplicaSet maps to them (the running one succeeded, the older ones superseded).
type Status string

// The statuses a release can have.
const (
	StatusSucceeded  Status = "succeeded"  // deployed (Heroku), or the ReplicaSet is serving
	StatusPending    Status = "pending"    // being deployed
	StatusFailed     Status = "failed"     // the deploy failed
	StatusExpired    Status = "expired"    // Heroku: the slug is gone; it cannot be rolled back to
	StatusSuperseded Status = "superseded" // Kubernetes: an older ReplicaSet scaled to zero
)

// Word is the status as the Deployments tab and the headless table show it.
func (s Status) Word() string {
	switch s {
	case StatusSucceeded:
		return "OK"
	case StatusPending:
		return "PENDING"
	case StatusFailed:
		return "FAILED"
	case StatusExpired:
		return "EXPIRED"
	case StatusSuperseded:
		return "OLD"
	case "":
		return "?"
	}
	return string(s)
}

// Artifact is one thing a release runs: a Heroku slug, or a container image of a pod template.
type Artifact struct {
	Name string // "slug", or the container's name
	Ref  string // the slug id, or the image reference
}

// Release is one entry of a deployer's history: a Heroku release or a Kubernetes ReplicaSet.
type Release struct {
	ID           string // Heroku release uuid, or the ReplicaSet's name
	Version      int    // Heroku version, or the deployment.kubernetes.io/revision annotation
	Description  string // Heroku's description, or the kubernetes.io/change-cause annotation
	Author       string // the email of whoever made it, when the deployer knows
	Time         time.Time
	Status       Status
	Current      bool       // the release serving now
	Rollbackable bool       // the deployer can roll back to it
	Artifacts    []Artifact // what it runs, for the diff
	Addons       []string   // Heroku add-on plans attached to the release
}

// Label names the release for people: "v42".
func (r Release) Label() string { return "v" + strconv.Itoa(r.Version) }

// Sort orders releases newest first (highest version first), the order the tab lists them in.
func Sort(rs []Release) {
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Version > rs[j].Version })
}

// Current returns the current release of rs, and false when none is marked current.
func Current(rs []Release) (Release, bool) {
	for _, r := range rs {
		if r.Current {
			return r, true
		}
	}
	return Release{}, false
}

// Find returns the release of rs with the given version.
func Find(rs []Release, version int) (Release, bool) {
	for _, r := range rs {
		if r.Version == version {
			return r, true
		}
	}
	return Release{}, false
}

// Previous returns the release a rollback with no version given goes to: the newest release older
// than the current one that can be rolled back to (as `kubectl rollout undo` without
// --to-revision picks the second-highest revision).
func Previous(rs []Release) (Release, bool) {
	cur, ok := Current(rs)
	if !ok {
		return Release{}, false
	}
	var best Release
	found := false
	for _, r := range rs {
		if r.Version < cur.Version && r.Rollbackable && (!found || r.Version > best.Version) {
			best, found = r, true
		}
	}
	return best, found
}
