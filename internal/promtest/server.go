package promtest

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// RequireEnv is the environment variable that turns a missing prometheus or promtool from a skip into
// a failure: the project's test command sets it after installing Debian's prometheus package, so a
// forgotten install cannot pass as "skipped".
const RequireEnv = "OPSDECK_REQUIRE_REAL"

// InstallHint says how to get the tools.
const InstallHint = "apt-get install -y --no-install-recommends prometheus"

// Require skips the test when prometheus or promtool is missing, or fails it when RequireEnv is 1.
func Require(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"promtool", "prometheus"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv(RequireEnv) == "1" {
				t.Fatalf("%s is not installed and %s=1 (%s)", tool, RequireEnv, InstallHint)
			}
			t.Skipf("%s is not installed (%s; set %s=1 to make this a failure)", tool, InstallHint, RequireEnv)
		}
	}
}

// Backfill writes h as OpenMetrics into dir and turns it into TSDB blocks in dir/data with promtool.
// It uses the hidden --max-block-duration=720h: the default 2h blocks take ~50 s for 28 days (G2).
func Backfill(t testing.TB, dir string, h History) (dataDir string, tr *Truth) {
	t.Helper()
	om := filepath.Join(dir, "history.om")
	f, err := os.Create(om)
	if err != nil {
		t.Fatal(err)
	}
	tr, err = h.Write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatalf("writing history: %v", err)
	}
	dataDir = filepath.Join(dir, "data")
	out, err := exec.Command("promtool", "tsdb", "create-blocks-from", "openmetrics", "--quiet",
		"--max-block-duration=720h", om, dataDir).CombinedOutput()
	if err != nil {
		t.Fatalf("promtool tsdb create-blocks-from openmetrics: %v\n%s", err, out)
	}
	os.Remove(om) // 28 MB the blocks now hold in ~1 MB
	return dataDir, tr
}

// Server is a prometheus started by Start.
type Server struct {
	// URL is the base URL, http://127.0.0.1:PORT.
	URL string
	// Pid is the process id, stopped at cleanup.
	Pid int
	// Log is the path of its log.
	Log string
}

// Start runs prometheus on a free loopback port over dataDir (scraping nothing) and waits until it is
// ready. It keeps 60 days of retention, so the default 15 days does not delete backfilled blocks at
// startup (G1). The process is the test's own child, stopped by its pid with SIGTERM at cleanup.
func Start(t testing.TB, dataDir string) *Server {
	t.Helper()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(cfg, []byte("global:\n  scrape_interval: 1m\nscrape_configs: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	logPath := filepath.Join(dir, "prometheus.log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("prometheus", "--config.file="+cfg, "--storage.tsdb.path="+dataDir,
		"--storage.tsdb.retention.time=60d", "--web.listen-address="+addr)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		t.Fatalf("starting prometheus: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	s := &Server{URL: "http://" + addr, Pid: cmd.Process.Pid, Log: logPath}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
		logf.Close()
	})
	client := &http.Client{Timeout: time.Second}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("prometheus exited: %v\n%s", err, tail(logPath))
		default:
		}
		if r, err := client.Get(s.URL + "/-/ready"); err == nil {
			r.Body.Close()
			if r.StatusCode == http.StatusOK {
				return s
			}
		}
	}
	t.Fatalf("prometheus not ready in 20s\n%s", tail(logPath))
	return nil
}

func freePort(t testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func tail(path string) string {
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(lines[max(0, len(lines)-15):], "\n")
}
