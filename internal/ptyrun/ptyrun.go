// Package ptyrun runs opsdeck under a pseudo-terminal for benchmarks: time to first frame, bytes
// written to the terminal while idle and per refresh, as a real terminal would receive them.
package ptyrun

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"
)

// Session is a program running under a pty of a fixed size.
type Session struct {
	cmd   *exec.Cmd
	f     *os.File
	mu    sync.Mutex
	out   bytes.Buffer
	total int64
	done  chan struct{}
	Start time.Time
}

// Start runs bin with args and env under a cols x rows pty and records everything it writes.
func Start(bin string, args, env []string, cols, rows int) (*Session, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	s := &Session{cmd: cmd, done: make(chan struct{}), Start: time.Now()}
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(cols), Rows: uint16(rows)})
	if err != nil {
		return nil, err
	}
	s.f = f
	go func() {
		defer close(s.done)
		buf := make([]byte, 32<<10)
		for {
			n, err := f.Read(buf)
			if n > 0 {
				s.mu.Lock()
				s.out.Write(buf[:n])
				s.total += int64(n)
				s.mu.Unlock()
			}
			if err != nil {
				if err != io.EOF {
					return
				}
				return
			}
		}
	}()
	return s, nil
}

// Bytes is how many bytes the program has written so far.
func (s *Session) Bytes() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

// WaitFor waits until the plain text written so far contains substr and returns how long after
// Start it appeared.
func (s *Session) WaitFor(substr string, timeout time.Duration) (time.Duration, error) {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		plain := ansi.Strip(s.out.String())
		s.mu.Unlock()
		if bytes.Contains([]byte(plain), []byte(substr)) {
			return time.Since(s.Start), nil
		}
		time.Sleep(5 * time.Millisecond)
	}
	return 0, fmt.Errorf("%q did not appear within %v", substr, timeout)
}

// Send types keys (raw bytes) into the program.
func (s *Session) Send(keys string) error {
	_, err := s.f.Write([]byte(keys))
	return err
}

// Close quits the program (q, then a kill) and waits for it.
func (s *Session) Close() {
	s.Send("q")
	select {
	case <-s.done:
	case <-time.After(2 * time.Second):
		s.cmd.Process.Kill()
	}
	s.cmd.Wait()
	s.f.Close()
}

// PeakRSS returns the program's peak resident set size in bytes (VmHWM), 0 when unknown.
func (s *Session) PeakRSS() int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range bytes.Split(b, []byte("\n")) {
		if rest, ok := bytes.CutPrefix(line, []byte("VmHWM:")); ok {
			var kb int64
			fmt.Sscan(string(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(rest), []byte("kB")))), &kb)
			return kb * 1024
		}
	}
	return 0
}
