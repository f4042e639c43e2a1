package deploy_test

import (
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/models/deploy"
)

func TestWatchVerdict(t *testing.T) {
	start := t0
	end := start.Add(deploy.DefaultWatch)
	health := func(up, total int, at time.Duration) deploy.Observation {
		return deploy.Observation{At: start.Add(at), ChecksUp: up, ChecksTotal: total}
	}
	burn := func(b float64, at time.Duration) deploy.Observation {
		return deploy.Observation{At: start.Add(at), Burn: b, BurnKnown: true}
	}
	tests := []struct {
		name string
		obs  []deploy.Observation
		now  time.Time
		want deploy.Verdict
	}{
		{"still watching even when healthy", []deploy.Observation{health(8, 8, time.Minute), burn(0.2, time.Minute)}, start.Add(time.Minute), deploy.Watching},
		{"recovered: checks up and burn under 1", []deploy.Observation{health(7, 8, time.Minute), health(8, 8, 4*time.Minute), burn(20, time.Minute), burn(0.5, 4*time.Minute)}, end, deploy.Recovered},
		{"not recovered: a check still down at the end", []deploy.Observation{health(8, 8, time.Minute), health(7, 8, 4*time.Minute), burn(0.5, 4*time.Minute)}, end, deploy.NotRecovered},
		{"not recovered: burn still at the limit", []deploy.Observation{health(8, 8, 4*time.Minute), burn(1, 4*time.Minute)}, end, deploy.NotRecovered},
		{"health only is enough", []deploy.Observation{health(8, 8, 4*time.Minute)}, end, deploy.Recovered},
		{"burn only is enough", []deploy.Observation{burn(0.1, 4*time.Minute)}, end, deploy.Recovered},
		{"no data: unknown", nil, end, deploy.Unknown},
		{"data from before the rollback is ignored", []deploy.Observation{health(8, 8, -time.Minute)}, end, deploy.Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := deploy.Watch{Start: start}
			for _, o := range tt.obs {
				w = w.Record(o)
			}
			if got := w.Verdict(tt.now); got != tt.want {
				t.Errorf("Verdict(%v) = %s (%s), want %s", tt.now.Sub(start), got.Word(), w.Summary(), tt.want.Word())
			}
		})
	}
}

func TestWatchSummary(t *testing.T) {
	w := deploy.Watch{Start: t0, BurnLimit: 2}
	if got, want := w.Summary(), "no health data, no burn-rate data"; got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}
	w = w.Record(deploy.Observation{At: t0, ChecksUp: 7, ChecksTotal: 8, Burn: 3.25, BurnKnown: true})
	if got, want := w.Summary(), "7/8 checks up, burn 3.2x (limit 2x)"; got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}
}
