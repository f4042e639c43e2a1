package main

import (
	"sync"
	"testing"

	"github.com/opsdeck/opsdeck/models/deploy"
)

// The Deployments tab's listing is written by its list command and read when a rollback dialog
// opens and when a sent rollback builds its roll forward, on other goroutines (go test -race).
func TestLastReleasesAcrossGoroutines(t *testing.T) {
	var last lastReleases
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(2)
		go func() { defer wg.Done(); last.set([]deploy.Release{{Version: i}}) }()
		go func() { defer wg.Done(); _ = len(last.get()) }()
	}
	wg.Wait()
	if rs := last.get(); len(rs) != 1 {
		t.Errorf("last = %+v, want one listing", rs)
	}
}
