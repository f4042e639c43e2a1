package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/config"
	"github.com/opsdeck/opsdeck/internal/ptyrun"
	"github.com/opsdeck/opsdeck/sources/sim"
)

var (
	benchBinOnce sync.Once
	benchBin     string
	benchBinErr  error
)

// binary builds opsdeck once per benchmark run.
func binary(b *testing.B) string {
	benchBinOnce.Do(func() {
		dir, err := os.MkdirTemp("", "opsdeck-bench")
		if err != nil {
			benchBinErr = err
			return
		}
		benchBin = filepath.Join(dir, "opsdeck")
		if out, err := exec.Command("go", "build", "-o", benchBin, ".").CombinedOutput(); err != nil {
			benchBinErr = err
			b.Log(string(out))
		}
	})
	if benchBinErr != nil {
		b.Fatal(benchBinErr)
	}
	return benchBin
}

func demoEnv(b *testing.B) []string {
	home := b.TempDir()
	return []string{"OPSDECK_CONFIG=", "HOME=" + home, "XDG_CONFIG_HOME=" + home, "TERM=xterm-256color"}
}

// BenchmarkExecToFirstFrame measures from exec to the first frame that shows the tab bar.
func BenchmarkExecToFirstFrame(b *testing.B) {
	bin := binary(b)
	for _, size := range [][2]int{{80, 24}, {200, 50}} {
		b.Run(strconv.Itoa(size[0])+"x"+strconv.Itoa(size[1]), func(b *testing.B) {
			var total time.Duration
			for i := 0; i < b.N; i++ {
				s, err := ptyrun.Start(bin, nil, demoEnv(b), size[0], size[1])
				if err != nil {
					b.Fatal(err)
				}
				d, err := s.WaitFor("Overview", 10*time.Second)
				s.Close()
				if err != nil {
					b.Fatal(err)
				}
				total += d
			}
			b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms-to-frame")
		})
	}
}

// quietConfig writes a config pointing at a fresh simulator in which every source refreshes once an
// hour, so nothing changes unless the user asks; healthChecks keeps that many health checks.
func quietConfig(b *testing.B, healthChecks int) string {
	s, err := sim.Start(sim.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	f := s.Config()
	for _, e := range f.Envs {
		setDurations(reflect.ValueOf(e).Elem(), "Refresh", time.Hour)
		if healthChecks < len(e.Health.Checks) {
			e.Health.Checks = e.Health.Checks[:healthChecks]
		}
	}
	txt, err := f.Encode()
	if err != nil {
		b.Fatal(err)
	}
	p := filepath.Join(b.TempDir(), "config.toml")
	if err := os.WriteFile(p, []byte(txt), 0o600); err != nil {
		b.Fatal(err)
	}
	return p
}

// setDurations sets every config.Duration field called name, at any depth.
func setDurations(v reflect.Value, name string, d time.Duration) {
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f, sf := v.Field(i), v.Type().Field(i)
			if !sf.IsExported() {
				continue
			}
			if sf.Name == name && f.Type() == reflect.TypeOf(config.Duration{}) {
				f.Set(reflect.ValueOf(config.Dur(d)))
				continue
			}
			setDurations(f, name, d)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			setDurations(v.Index(i), name, d)
		}
	}
}

// BenchmarkIdleBytesPerMinute counts what the terminal receives while nobody touches opsdeck and
// nothing upstream changes (target: at most 200 bytes a minute). OPSDECK_IDLE_SECONDS sets the
// measured span (20 s by default); the figure is scaled to a minute.
func BenchmarkIdleBytesPerMinute(b *testing.B) {
	bin := binary(b)
	span := 20 * time.Second
	if v, err := strconv.Atoi(os.Getenv("OPSDECK_IDLE_SECONDS")); err == nil && v > 0 {
		span = time.Duration(v) * time.Second
	}
	cfg := quietConfig(b, 8)
	for i := 0; i < b.N; i++ {
		s, err := ptyrun.Start(bin, []string{"--config", cfg}, []string{"TERM=xterm-256color"}, 80, 24)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.WaitFor("DOWN", 15*time.Second); err != nil {
			s.Close()
			b.Fatal(err)
		}
		time.Sleep(8 * time.Second) // let the first round of every source land and the flash expire
		before := s.Bytes()
		time.Sleep(span)
		idle := s.Bytes() - before
		peak := s.PeakRSS()
		s.Close()
		b.ReportMetric(float64(idle)*float64(time.Minute)/float64(span), "idle-bytes/min")
		b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MB")
	}
}

// BenchmarkBytesPerRefresh counts the bytes one refresh of the Health tab sends when one value
// (a single check's latency) changes.
func BenchmarkBytesPerRefresh(b *testing.B) {
	bin := binary(b)
	cfg := quietConfig(b, 1)
	s, err := ptyrun.Start(bin, []string{"--config", cfg}, []string{"TERM=xterm-256color"}, 80, 24)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.WaitFor("checks", 15*time.Second); err != nil {
		b.Fatal(err)
	}
	s.Send("3")
	time.Sleep(7 * time.Second)
	var total int64
	for i := 0; i < b.N; i++ {
		before := s.Bytes()
		s.Send("r")
		time.Sleep(700 * time.Millisecond)
		total += s.Bytes() - before
	}
	b.ReportMetric(float64(total)/float64(b.N), "bytes/refresh")
}
