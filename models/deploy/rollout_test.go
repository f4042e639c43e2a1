package deploy_test

import (
	"testing"

	"github.com/opsdeck/opsdeck/models/deploy"
)

func TestRollout(t *testing.T) {
	tests := []struct {
		name string
		s    deploy.RolloutStatus
		want deploy.Phase
		frac float64
	}{
		{"controller has not seen the patch (reference §8.7 observedGeneration)", deploy.RolloutStatus{Generation: 5, ObservedGeneration: 4, Replicas: 3, StatusReplicas: 3, UpdatedReplicas: 3, AvailableReplicas: 3}, deploy.PhaseAccepted, 1},
		{"new replicas coming up (§8.7 updatedReplicas < replicas)", deploy.RolloutStatus{Generation: 5, ObservedGeneration: 5, Replicas: 3, StatusReplicas: 4, UpdatedReplicas: 1, AvailableReplicas: 3}, deploy.PhaseProgressing, 1.0 / 3},
		{"old replicas left (§8.7 replicas > updatedReplicas)", deploy.RolloutStatus{Generation: 5, ObservedGeneration: 5, Replicas: 3, StatusReplicas: 4, UpdatedReplicas: 3, AvailableReplicas: 3}, deploy.PhaseProgressing, 1},
		{"updated but not available (§8.7 availableReplicas)", deploy.RolloutStatus{Generation: 5, ObservedGeneration: 5, Replicas: 3, StatusReplicas: 3, UpdatedReplicas: 3, AvailableReplicas: 2}, deploy.PhaseProgressing, 1},
		{"complete (§8.7 all conditions)", deploy.RolloutStatus{Generation: 5, ObservedGeneration: 5, Replicas: 3, StatusReplicas: 3, UpdatedReplicas: 3, AvailableReplicas: 3}, deploy.PhaseComplete, 1},
		{"progress deadline exceeded (§8.7 ProgressDeadlineExceeded)", deploy.RolloutStatus{Generation: 5, ObservedGeneration: 5, Replicas: 3, StatusReplicas: 4, UpdatedReplicas: 1, AvailableReplicas: 3, DeadlineExceeded: true}, deploy.PhaseFailed, 1.0 / 3},
		{"paused deployment never progresses (§8.4)", deploy.RolloutStatus{Generation: 5, ObservedGeneration: 5, Replicas: 3, StatusReplicas: 3, UpdatedReplicas: 0, AvailableReplicas: 3, Paused: true}, deploy.PhaseFailed, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := deploy.Rollout(tt.s)
			if got.Phase != tt.want {
				t.Errorf("Rollout(%+v).Phase = %s (%s), want %s", tt.s, got.Phase.Word(), got.Detail, tt.want.Word())
			}
			if f := got.Fraction(); f != tt.frac {
				t.Errorf("Rollout(%+v).Fraction() = %v, want %v", tt.s, f, tt.frac)
			}
			if got.Detail == "" {
				t.Errorf("Rollout(%+v) has no detail", tt.s)
			}
		})
	}
}

func TestReleaseProgress(t *testing.T) {
	tests := []struct {
		name string
		r    deploy.Release
		want deploy.Phase
	}{
		{"pending", deploy.Release{Version: 43, Status: deploy.StatusPending}, deploy.PhaseProgressing},
		{"succeeded, not yet current", deploy.Release{Version: 43, Status: deploy.StatusSucceeded}, deploy.PhaseProgressing},
		{"succeeded and current", deploy.Release{Version: 43, Status: deploy.StatusSucceeded, Current: true}, deploy.PhaseComplete},
		{"failed", deploy.Release{Version: 43, Status: deploy.StatusFailed}, deploy.PhaseFailed},
		{"expired", deploy.Release{Version: 43, Status: deploy.StatusExpired}, deploy.PhaseFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := deploy.ReleaseProgress(tt.r); got.Phase != tt.want {
				t.Errorf("ReleaseProgress(%+v) = %s, want %s", tt.r, got.Phase.Word(), tt.want.Word())
			}
		})
	}
	for p, done := range map[deploy.Phase]bool{deploy.PhaseRequested: false, deploy.PhaseAccepted: false, deploy.PhaseProgressing: false, deploy.PhaseComplete: true, deploy.PhaseFailed: true} {
		if p.Done() != done {
			t.Errorf("%s.Done() = %v, want %v", p.Word(), p.Done(), done)
		}
	}
}
