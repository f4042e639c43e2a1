package readinesstab_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/models/readiness"
	"github.com/opsdeck/opsdeck/sources/descriptor"
	"github.com/opsdeck/opsdeck/sources/readinessfile"
	"github.com/opsdeck/opsdeck/ui"
	"github.com/opsdeck/opsdeck/ui/readinesstab"
)

// TestFaults drives the Readiness tab, gathering its own evidence (the app descriptor and the
// published pages) from the simulator, while the descriptor hangs, answers 500, rate-limits or sends
// broken JSON: keys keep answering during the round, the checklist and its answers stay, and the
// failure shows in words as the descriptor's evidence (readiness turns failures into evidence, so
// there is no STALE line); the next round after the fault is gone is clean.
func TestFaults(t *testing.T) {
	faultmatrix.RunTab(t, faultmatrix.TabCase{
		Name:   "readiness tab",
		Prefix: "/app/prod/atlassian-connect.json",
		Ready:  "answered", // the progress header, from the demo answers file
		Faults: readinessFaults(),
		Keys:   []string{"j", "k", "down", "up"},
		Width:  200, Height: 50,
		Build: onSim,
	})
}

// readinessFaults are the table's faults; a descriptor that is not JSON reads "not JSON" (it is
// decoded whatever its content type).
func readinessFaults() []faultmatrix.TabFault {
	fs := faultmatrix.TabFaults()
	for i := range fs {
		if fs[i].Name == "malformed_json" {
			fs[i].Words = "not JSON"
		}
	}
	return fs
}

// onSim builds the tab with the evidence it fetches itself (descriptor and pages, as cmd/opsdeck's
// gatherer does) on the simulator, and the demo answers file in a temporary directory.
func onSim(t testing.TB, tg faultmatrix.Target, sh *ui.Shared) ui.Tab {
	r := tg.Env.Readiness
	c := descriptor.New(descriptor.Config{DescriptorURL: tg.URL(r.DescriptorURL), SLAURL: tg.URL(r.SLAURL),
		SupportURL: tg.URL(r.SupportURL), SecurityURL: tg.URL(r.SecurityURL), Timeout: tg.Timeout})
	path := filepath.Join(t.TempDir(), "readiness.toml")
	if err := os.WriteFile(path, readinessfile.Demo(), 0o600); err != nil {
		t.Fatal(err)
	}
	return readinesstab.New(sh, readinesstab.Config{
		Gather: func(ctx context.Context, _ readinesstab.Need) (readiness.Observations, error) {
			var obs readiness.Observations
			c.Probe(ctx).Fill(&obs)
			obs.Now = sh.Now()
			return obs, nil
		},
		Every: time.Hour, Timeout: 20 * time.Second, Path: path,
		Load: func() (readiness.Sheet, []string, error) {
			s, warns, err := readinessfile.Read(path)
			out := make([]string, len(warns))
			for i, w := range warns {
				out[i] = w.String()
			}
			return s, out, err
		},
		Save: func(s readiness.Sheet) error { return readinessfile.Write(path, s) },
	})
}
