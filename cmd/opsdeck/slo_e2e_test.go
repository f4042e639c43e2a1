package main

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestE2EDemoSLOs is issue 4's "done when" for the demo: in tmux at 80x24 the SLOs tab shows the
// burning SLO first with its budget bar and sparkline; the detail view shows the chart and the
// PromQL; a failing Prometheus leaves the numbers on screen, marked stale with the error.
func TestE2EDemoSLOs(t *testing.T) {
	bin := buildBinary(t)
	addr := freePort(t)
	home := t.TempDir()
	cmd := "env -u OPSDECK_CONFIG HOME=" + home + " XDG_CONFIG_HOME=" + home + " " + bin + " --listen " + addr
	s := newTmux(t, "80", "24", cmd)
	s.waitText("DEMO")
	s.waitText("worst:") // the Overview has the SLOs' summary: the first round is in
	s.keys("2")
	scr := s.waitFor("SLO rows", func(scr string) bool {
		return strings.Contains(scr, "TARGET") && strings.Contains(lineWith(scr, "checkout-availability"), "PAGE")
	})
	var rows []string
	for _, l := range strings.Split(scr, "\n") {
		if strings.Contains(l, "%") && (strings.Contains(l, "PAGE") || strings.Contains(l, " OK ") || strings.Contains(l, "TICKET")) {
			rows = append(rows, l)
		}
	}
	if len(rows) < 5 || !strings.Contains(rows[0], "checkout-availability") {
		t.Fatalf("the burning SLO is not first:\n%s", scr)
	}
	first := rows[0]
	if !strings.ContainsAny(first, "█░") || !strings.ContainsAny(first, "▁▂▃▄▅▆▇") {
		t.Errorf("first row lacks a budget bar or a sparkline: %q", first)
	}

	s.keys("Enter")
	scr = s.waitText("PromQL")
	for _, want := range []string{"budget remaining", "100%", `sum(increase(http_requests_total{job="checkout"`, "PAGE firing"} {
		if !strings.Contains(scr, want) {
			t.Errorf("detail view lacks %q:\n%s", want, scr)
		}
	}
	s.keys("Escape")
	time.Sleep(100 * time.Millisecond) // ESC then a key at once reads as alt+key

	fault := func(method, body string) {
		req, _ := http.NewRequest(method, "http://"+addr+"/_sim/faults", strings.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s fault: %v", method, err)
		}
		resp.Body.Close()
	}
	fault("POST", `{"path":"/prometheus/","status":503}`)
	s.keys("r")
	scr = s.waitText("STALE")
	if !strings.Contains(lineWith(scr, "checkout-availability"), "PAGE") || !strings.Contains(scr, "503") {
		t.Errorf("with Prometheus failing the last numbers should stay beside the error:\n%s", scr)
	}
	fault("DELETE", "")
	s.keys("r")
	s.waitFor("fresh again", func(scr string) bool { return !strings.Contains(scr, "STALE") && strings.Contains(scr, "measured") })
	s.keys("q")
	s.waitText("EXIT:0")
}
