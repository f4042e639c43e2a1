// Package pgtest runs a throwaway PostgreSQL cluster for a test: initdb in a temporary directory,
// the server on a free loopback port with its socket in that directory, stopped and removed when
// the test ends (../shared/notes/real-postgres.md, sections 2 and 3; its pitfalls are cited as P1-P12).
// As root both initdb and postgres run as the "postgres" user, since PostgreSQL refuses root (P1).
//
// When no server is installed the test is skipped, unless OPSDECK_REQUIRE_REAL=1 (set by the test
// script) or CI is set: then it fails, so a missing server never passes for a green run.
package pgtest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Server is a throwaway PostgreSQL cluster owned by one test.
type Server struct {
	// URL connects as the superuser "postgres" (trust auth, loopback only) to database postgres.
	URL string
	// Dir holds the data directory, the socket and postgres.log.
	Dir    string
	cmd    *exec.Cmd
	exited chan struct{} // closed when the postgres process has exited
}

// Required reports whether a missing server must fail the test rather than skip it.
func Required() bool { return os.Getenv("OPSDECK_REQUIRE_REAL") == "1" || os.Getenv("CI") != "" }

// binDir finds the server binaries: $OPSDECK_PG_BIN when set, else the Debian layout (newest
// version last), else PATH.
func binDir() (string, error) {
	if d := os.Getenv("OPSDECK_PG_BIN"); d != "" {
		if _, err := os.Stat(filepath.Join(d, "postgres")); err != nil {
			return "", fmt.Errorf("OPSDECK_PG_BIN=%s: no postgres binary there", d)
		}
		return d, nil
	}
	m, _ := filepath.Glob("/usr/lib/postgresql/*/bin/postgres")
	if len(m) > 0 {
		return filepath.Dir(m[len(m)-1]), nil
	}
	p, err := exec.LookPath("postgres")
	if err != nil {
		return "", fmt.Errorf("no postgres binary in /usr/lib/postgresql/*/bin or on PATH (apt-get install postgresql)")
	}
	return filepath.Dir(p), nil
}

// Start runs initdb and postgres; the server is stopped (fast shutdown) and its directory removed
// when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	bin, err := binDir()
	if err != nil {
		if Required() {
			t.Fatalf("PostgreSQL server not installed (OPSDECK_REQUIRE_REAL=1 or CI set, so this fails): %v", err)
		}
		t.Skipf("PostgreSQL server not installed: %v", err)
	}
	// Not t.TempDir(): its parent can be a 0700 root directory the postgres user cannot enter (P2).
	dir, err := os.MkdirTemp("", "pgtest-")
	must(err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	attr := &syscall.SysProcAttr{Pdeathsig: syscall.SIGINT} // the test binary dies => fast shutdown (P9)
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			u, err = user.Lookup("nobody")
		}
		must(err)
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		must(os.Chown(dir, uid, gid))
		attr.Credential = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	command := func(name string, args ...string) *exec.Cmd {
		c := exec.Command(filepath.Join(bin, name), args...)
		c.Dir, c.SysProcAttr = dir, attr // a cwd the postgres user can enter (P3)
		c.Env = append(os.Environ(), "LC_ALL=C", "LANG=C")
		return c
	}
	s := &Server{Dir: dir}
	data := filepath.Join(dir, "data")
	if out, err := command("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
		"--no-locale", "--no-sync", "--no-instructions").CombinedOutput(); err != nil { // locale: P5
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	for attempt := 1; ; attempt++ { // the probed port can be taken before postgres binds it (P8)
		l, err := net.Listen("tcp", "127.0.0.1:0")
		must(err)
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		logf, err := os.Create(filepath.Join(dir, "postgres.log"))
		must(err)
		// -k: the socket in our directory, not /var/run/postgresql (P4).
		s.cmd = command("postgres", "-D", data, "-k", dir, "-h", "127.0.0.1", "-p", strconv.Itoa(port),
			"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
		s.cmd.Stdout, s.cmd.Stderr = logf, logf
		must(s.cmd.Start())
		s.exited = make(chan struct{})
		go func() { s.cmd.Wait(); logf.Close(); close(s.exited) }()
		s.URL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
		if err = s.waitReady(15 * time.Second); err == nil {
			break
		}
		if s.Stop(); attempt == 3 {
			log, _ := os.ReadFile(filepath.Join(dir, "postgres.log"))
			t.Fatalf("postgres did not start: %v\n%s", err, log)
		}
	}
	t.Cleanup(s.Stop)
	return s
}

func (s *Server) waitReady(limit time.Duration) error {
	for deadline := time.Now().Add(limit); ; {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		c, err := pgx.Connect(ctx, s.URL)
		cancel()
		if err == nil {
			return c.Close(context.Background())
		}
		select {
		case <-s.exited:
			return fmt.Errorf("postgres exited: %v", s.cmd.ProcessState)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return err
		}
	}
}

// Exec runs SQL (several statements allowed) as the superuser; the test fails on error.
func (s *Server) Exec(t testing.TB, sql string, args ...any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := pgx.Connect(ctx, s.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	if _, err := c.Exec(ctx, sql, args...); err != nil {
		t.Fatalf("exec: %v\n%s", err, sql)
	}
}

// Stop shuts the server down: SIGINT (fast; SIGTERM would wait for open sessions, P6), then SIGQUIT,
// then SIGKILL.
func (s *Server) Stop() {
	for _, sig := range []os.Signal{syscall.SIGINT, syscall.SIGQUIT, syscall.SIGKILL} {
		_ = s.cmd.Process.Signal(sig) // after exit this is a harmless "process already finished"
		select {
		case <-s.exited:
			return
		case <-time.After(10 * time.Second):
		}
	}
}
