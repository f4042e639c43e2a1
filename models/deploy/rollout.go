package deploy

import "fmt"

// Phase is how far a rollout (the deploy a rollback starts) has come.
type Phase int

// The phases of a rollout, in order; Complete and Failed end it.
const (
	PhaseRequested   Phase = iota // the request is being sent
	PhaseAccepted                 // the deployer accepted it: a release was created or the patch applied
	PhaseProgressing              // new pods or dynos are coming up
	PhaseComplete                 // the target is current and serving
	PhaseFailed                   // the deployer reports failure, or the rollout missed its deadline
)

// Word is the phase as the progress line shows it.
func (p Phase) Word() string {
	switch p {
	case PhaseRequested:
		return "requested"
	case PhaseAccepted:
		return "accepted"
	case PhaseProgressing:
		return "progressing"
	case PhaseComplete:
		return "complete"
	case PhaseFailed:
		return "failed"
	}
	return "unknown"
}

// Done reports whether the rollout has ended, well or badly.
func (p Phase) Done() bool { return p == PhaseComplete || p == PhaseFailed }

// Progress is one observation of a rollout.
type Progress struct {
	Phase   Phase
	Updated int    // replicas (or releases) already on the target
	Desired int    // replicas wanted; 0 when the deployer does not say (Heroku)
	Detail  string // what the deployer says, in words
}

// Fraction is how much of the rollout is done, 0 to 1; a complete rollout is 1 even without counts.
func (p Progress) Fraction() float64 {
	switch {
	case p.Phase == PhaseComplete:
		return 1
	case p.Desired <= 0:
		return 0
	case p.Updated >= p.Desired:
		return 1
	}
	return float64(p.Updated) / float64(p.Desired)
}

// ReleaseProgress is the progress of a Heroku rollback from the release it created: the rollback is
// complete once that release has succeeded and is current.
func ReleaseProgress(r Release) Progress {
	switch {
	case r.Status == StatusFailed:
		return Progress{Phase: PhaseFailed, Detail: r.Label() + " failed"}
	case r.Status == StatusSucceeded && r.Current:
		return Progress{Phase: PhaseComplete, Updated: 1, Desired: 1, Detail: r.Label() + " is current"}
	case r.Status == StatusSucceeded:
		return Progress{Phase: PhaseProgressing, Desired: 1, Detail: r.Label() + " released, not yet current"}
	case r.Status == StatusExpired:
		return Progress{Phase: PhaseFailed, Detail: r.Label() + " expired"}
	}
	return Progress{Phase: PhaseProgressing, Desired: 1, Detail: r.Label() + " pending"}
}

// RolloutStatus is what a Kubernetes Deployment reports about its rollout.
type RolloutStatus struct {
	Generation         int64 // metadata.generation
	ObservedGeneration int64 // status.observedGeneration
	Replicas           int   // spec.replicas (1 when unset)
	StatusReplicas     int   // status.replicas: pods of every ReplicaSet
	UpdatedReplicas    int   // status.updatedReplicas
	AvailableReplicas  int   // status.availableReplicas
	DeadlineExceeded   bool  // a Progressing condition with reason ProgressDeadlineExceeded
	Paused             bool  // spec.paused
}

// Rollout derives the progress of a Deployment's rollout the way `kubectl rollout status` does
// (upstream-apis.md section 8, point 7): complete once the controller has seen the new generation,
// every wanted replica is updated and available and no old replica is left; failed when the
// progress deadline passed.
func Rollout(s RolloutStatus) Progress {
	p := Progress{Updated: s.UpdatedReplicas, Desired: s.Replicas}
	switch {
	case s.DeadlineExceeded:
		p.Phase = PhaseFailed
		p.Detail = "progress deadline exceeded"
	case s.ObservedGeneration < s.Generation:
		p.Phase = PhaseAccepted
		p.Detail = "waiting for the controller to see the change"
	case s.Paused:
		p.Phase = PhaseFailed
		p.Detail = "the deployment is paused"
	case s.UpdatedReplicas < s.Replicas:
		p.Phase = PhaseProgressing
		p.Detail = fmt.Sprintf("%d of %d new replicas updated", s.UpdatedReplicas, s.Replicas)
	case s.StatusReplicas > s.UpdatedReplicas:
		p.Phase = PhaseProgressing
		p.Detail = fmt.Sprintf("%d old replicas pending termination", s.StatusReplicas-s.UpdatedReplicas)
	case s.AvailableReplicas < s.UpdatedReplicas:
		p.Phase = PhaseProgressing
		p.Detail = fmt.Sprintf("%d of %d updated replicas available", s.AvailableReplicas, s.UpdatedReplicas)
	default:
		p.Phase = PhaseComplete
		p.Detail = fmt.Sprintf("%d of %d replicas updated and available", s.AvailableReplicas, s.Replicas)
	}
	return p
}
