package main

import (
	"encoding/json"
	"os"
	"runtime"
	"time"
)

// startStats writes one JSON line of runtime figures (goroutines, heap) every interval to the file
// named by $OPSDECK_STATS_FILE, for the soak script. It does nothing when the variable is unset.
func startStats(interval time.Duration) {
	path := os.Getenv("OPSDECK_STATS_FILE")
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return
	}
	go func() {
		enc := json.NewEncoder(f)
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			enc.Encode(map[string]any{"t": time.Now().Unix(), "goroutines": runtime.NumGoroutine(),
				"heap_alloc": ms.HeapAlloc, "heap_objects": ms.HeapObjects})
			time.Sleep(interval)
		}
	}()
}
