package tenanttab

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/google/go-cmp/cmp"

	"github.com/opsdeck/opsdeck/models/incident"
	"github.com/opsdeck/opsdeck/models/license"
	"github.com/opsdeck/opsdeck/ui/bus"
)

func press(m *Model, keys ...string) {
	for _, k := range keys {
		var msg tea.KeyPressMsg
		switch k {
		case "enter":
			msg = tea.KeyPressMsg{Code: tea.KeyEnter}
		case "esc":
			msg = tea.KeyPressMsg{Code: tea.KeyEscape}
		case "backspace":
			msg = tea.KeyPressMsg{Code: tea.KeyBackspace}
		default:
			r := []rune(k)[0]
			msg = tea.KeyPressMsg{Code: r, Text: k}
		}
		m.Update(msg)
	}
}

func hosts(m *Model) []string {
	var out []string
	for i := range m.view.Len() {
		out = append(out, m.view.At(i).Host)
	}
	return out
}

func TestAnomaliesFirstThenFilter(t *testing.T) {
	m := loaded(120, 30)
	// Default order: anomalies first, the most serious first (seed 004: unlicensed before the rest).
	want := []string{"hooli.atlassian.net", "umbrella.atlassian.net", "stark.atlassian.net", "wayne.atlassian.net",
		"tyrell-corp.atlassian.net", "cyberdyne.atlassian.net", "acme.atlassian.net", "globex.atlassian.net",
		"initech.atlassian.net", "soylent.atlassian.net", "wonka.atlassian.net"}
	if diff := cmp.Diff(want, hosts(m)); diff != "" {
		t.Fatalf("initial order (-want +got):\n%s", diff)
	}
	press(m, "/", "t", "r", "i")
	if !m.Capturing() {
		t.Fatal("the filter input does not capture keys")
	}
	if diff := cmp.Diff([]string{"stark.atlassian.net", "cyberdyne.atlassian.net", "globex.atlassian.net"}, hosts(m)); diff != "" {
		t.Errorf("/tri (-want +got):\n%s", diff)
	}
	press(m, "backspace", "backspace", "backspace", "u", "n", "l", "i", "c")
	if diff := cmp.Diff([]string{"hooli.atlassian.net", "umbrella.atlassian.net"}, hosts(m)); diff != "" {
		t.Errorf("/unlic (-want +got):\n%s", diff)
	}
	press(m, "enter")
	if m.Capturing() || m.view.Query() != "unlic" {
		t.Errorf("enter: capturing %v, query %q; want the filter kept and keys released", m.Capturing(), m.view.Query())
	}
	press(m, "esc")
	if m.view.Query() != "" || m.view.Len() != 11 {
		t.Errorf("esc: query %q, %d rows; want cleared", m.view.Query(), m.view.Len())
	}
}

func TestSortCycleAndReverse(t *testing.T) {
	m := loaded(120, 30)
	press(m, "s") // anomaly -> site
	if c, desc := m.view.Sort(); c != license.ColHost || desc {
		t.Fatalf("after s: sort %v desc %v, want site ascending", c, desc)
	}
	if got := hosts(m)[0]; got != "acme.atlassian.net" {
		t.Errorf("first by site = %s", got)
	}
	press(m, "S")
	if got := hosts(m)[0]; got != "wonka.atlassian.net" {
		t.Errorf("first by site descending = %s", got)
	}
	for range license.NumColumns - 1 {
		press(m, "s")
	}
	if c, _ := m.view.Sort(); c != license.ColAnomaly {
		t.Errorf("s cycles back to %v, want anomaly", c)
	}
}

func TestDetailShowsBothSides(t *testing.T) {
	m := loaded(120, 40)
	press(m, "/", "w", "a", "y", "n", "e", "enter", "enter")
	if !m.detail {
		t.Fatal("enter on a row does not open the detail")
	}
	v := ansi.Strip(m.View())
	for _, s := range []string{"wayne.atlassian.net", "installed twice under one cloud id", "ck-wayne-1", "ck-wayne-2",
		"Marketplace: 1 license", "App database: 2 installation records", "E-007", "seed 004"} {
		if !strings.Contains(v, s) {
			t.Errorf("detail lacks %q:\n%s", s, v)
		}
	}
	if id, ok := m.Copy(); !ok || id != "00000007-1111-4222-8333-000000000007" {
		t.Errorf("Copy() = %q, %v", id, ok)
	}
	press(m, "esc")
	if m.detail {
		t.Error("esc does not close the detail")
	}
}

func TestRefreshKeepsSelectionAndQuery(t *testing.T) {
	m := loaded(120, 30)
	press(m, "/", "a", "enter", "j", "j")
	sel, _ := m.Selected()
	// A new load with one more tenant that sorts before the selected one.
	ls, ins := fixture()
	ls = append(ls, license.License{LicenseID: "E-099", CloudID: "aaaa", SiteHostname: "aardvark.atlassian.net",
		Type: license.TypeCommercial, Status: license.StatusActive, EndDate: day(10)})
	ix, reach := Build(ls, ins, true, clock)
	m.Update(tenantsLoadedMsg{gen: m.gen, ix: ix, reach: reach, at: clock})
	if got, _ := m.Selected(); got.ID != sel.ID {
		t.Errorf("after refresh the cursor is on %s, want %s", got.Host, sel.Host)
	}
	if m.view.Query() != "a" || m.view.Len() != 12 {
		t.Errorf("after refresh: query %q, %d rows; want the filter kept over the new data", m.view.Query(), m.view.Len())
	}
}

func TestLoadErrorKeepsDataAndSaysStale(t *testing.T) {
	m := loaded(100, 30)
	before := m.view.Len()
	m.Update(tenantsLoadedMsg{gen: m.gen, at: clock, licErr: errors.New("rate limited (HTTP 429), retry after 1m0s")})
	if m.view.Len() != before {
		t.Errorf("rows after a failed load = %d, want %d kept", m.view.Len(), before)
	}
	v := ansi.Strip(m.View())
	if !strings.Contains(v, "STALE (data <1m old): rate limited (HTTP 429)") {
		t.Errorf("view lacks the stale warning:\n%s", v)
	}
	if src := m.Sources(); src[0].Err == nil || src[1].Err != nil {
		t.Errorf("Sources() = %+v, want the marketplace failing and installations fine", src)
	}
	// An answer to an older round is ignored.
	m.Update(tenantsLoadedMsg{gen: m.gen - 1, at: clock})
	if m.licErr == nil {
		t.Error("an answer of an older round replaced the state")
	}
}

func TestPublishesTenantsOnTheBus(t *testing.T) {
	m := New(shared(), Config{Licenses: fixedLicenses, Installations: fixedInstallations, Every: time.Hour})
	m.busy = true
	cmd := m.Update(m.loadCmd()())
	var got *bus.TenantsMsg
	for _, msg := range run(cmd) {
		if ev, ok := msg.(bus.TenantsMsg); ok {
			got = &ev
		}
	}
	if got == nil {
		t.Fatal("no TenantsMsg published after a load")
	}
	env, reach := got.TenantReach()
	// Installed tenants the app serves: jira acme, wayne, tyrell, wonka (paying), globex, cyberdyne (trial);
	// confluence initech (cancelled, still valid: seed 004 line 39).
	want := map[string]incident.Reach{"jira": {Paying: 4, Trial: 2}, "confluence": {Cancelled: 1}}
	if env != "prod" {
		t.Errorf("env = %q", env)
	}
	if diff := cmp.Diff(want, reach); diff != "" {
		t.Errorf("reach (-want +got):\n%s", diff)
	}
}

// run runs a command tree and returns the messages that arrive within 200ms: the published ones,
// not the refresh tick due in an hour.
func run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	b, ok := msg.(tea.BatchMsg)
	if !ok {
		return []tea.Msg{msg}
	}
	ch := make(chan tea.Msg, len(b))
	for _, c := range b {
		if c != nil {
			go func() { ch <- c() }()
		}
	}
	var out []tea.Msg
	for {
		select {
		case m := <-ch:
			out = append(out, m)
		case <-time.After(200 * time.Millisecond):
			return out
		}
	}
}

func TestWithoutInstallationSource(t *testing.T) {
	m := New(shared(), Config{Licenses: fixedLicenses, Every: 0})
	m.SetSize(100, 30)
	m.busy = true
	m.Update(m.loadCmd()())
	c := m.ix.Counts()
	for _, a := range []license.Anomaly{license.AnomalyUnlicensed, license.AnomalyNotInstalled, license.AnomalyDuplicate} {
		if n := c.Anomaly(a); n != 0 {
			t.Errorf("%v = %d without an installation source, want 0 (unknown, not reported)", a, n)
		}
	}
	if !strings.Contains(ansi.Strip(m.View()), "installations not configured") {
		t.Error("the header does not say installations are not configured")
	}
	if len(m.Sources()) != 1 {
		t.Errorf("Sources() = %+v, want the marketplace only", m.Sources())
	}
}

func TestMissingConfigSaysSo(t *testing.T) {
	m := New(shared(), Config{Missing: "No Marketplace configured for \"prod\""})
	m.SetSize(80, 20)
	if m.Init() != nil {
		t.Error("Init starts a load without a source")
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "No Marketplace configured") {
		t.Errorf("view = %q", v)
	}
}

// TestDrawsOnlyVisibleRows loads 100,000 tenants and checks that a frame renders only the rows on
// screen and has exactly the tab's height.
func TestDrawsOnlyVisibleRows(t *testing.T) {
	m := New(shared(), Config{Licenses: func(context.Context, func(int)) ([]license.License, error) {
		return generated(100_000), nil
	}})
	m.SetSize(200, 47)
	m.busy = true
	m.Update(m.loadCmd()())
	v := m.View()
	if n := strings.Count(v, "\n") + 1; n != 47 {
		t.Errorf("view has %d lines, want 47", n)
	}
	if n := len(m.cache.rows); n > m.pageRows() {
		t.Errorf("%d rows rendered for a page of %d", n, m.pageRows())
	}
	press(m, "G")
	m.View()
	if n := len(m.cache.rows); n > 2*m.pageRows() {
		t.Errorf("after G: %d rows rendered, want at most two pages", n)
	}
	if !strings.Contains(ansi.Strip(m.View()), "100,000/100,000") {
		t.Errorf("footer does not show the last position")
	}
}
