package sim_test

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsdeck/opsdeck/models/license"
	"github.com/opsdeck/opsdeck/sources/marketplace"
	"github.com/opsdeck/opsdeck/sources/sim"
)

func marketplaceClient(t *testing.T, s *sim.Sim, env string) *marketplace.Client {
	t.Helper()
	e := s.Config().Envs[env]
	ep, err := e.Marketplace.Endpoint("marketplace", "")
	if err != nil {
		t.Fatal(err)
	}
	c, err := marketplace.New(marketplace.Config{Endpoint: ep, VendorID: e.Marketplace.VendorID,
		DeveloperID: e.Marketplace.DeveloperID, AppKey: e.Marketplace.AppKey})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestMarketplaceAnomaliesJoinExactly reads the generated licenses through the real client (v2 for
// prod, the developer-space API for staging), joins them with the in-memory installations and checks
// that the join finds exactly the planted anomalies (seed 004), tenant by tenant.
func TestMarketplaceAnomaliesJoinExactly(t *testing.T) {
	s, err := sim.Start(sim.Options{Seed: 7, Tenants: 3000})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, env := range []string{"prod", "staging"} {
		t.Run(env, func(t *testing.T) {
			ls, err := marketplaceClient(t, s, env).Licenses(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			tenants := license.Join(ls, s.Installations(env), time.Now())
			want := s.PlantedAnomalies(env)
			got := map[string]license.Anomaly{}
			kinds := map[license.Anomaly]int{}
			for _, tn := range tenants {
				if tn.Anomalies != 0 {
					got[tn.ID] = tn.Anomalies
					kinds[tn.Anomalies]++
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("anomalies found by the join differ from the planted ones (-planted +found):\n%s", diff)
			}
			if env == "prod" {
				// 3000 tenants: 30 unlicensed, 20 not installed, 10 duplicates, 15 URL changes, 12 odd trials.
				wantKinds := map[license.Anomaly]int{license.AnomalyUnlicensed: 30, license.AnomalyNotInstalled: 20,
					license.AnomalyDuplicate: 10, license.AnomalyURLChanged: 15, license.AnomalyTrialLength: 12}
				if diff := cmp.Diff(wantKinds, kinds); diff != "" {
					t.Errorf("anomaly counts (-want +got):\n%s", diff)
				}
				linked := 0
				for _, tn := range tenants {
					if tn.LinkedByHost {
						linked++
					}
				}
				if linked == 0 {
					t.Errorf("no installation without a cloud id was joined through its host")
				}
				c := license.Count(tenants)
				for st := license.State(0); st < license.StateUnknown; st++ {
					if c.ByState[st] == 0 {
						t.Errorf("no tenant in state %v", st)
					}
				}
				if c.TrialsEndingSoon == 0 || c.RemovalsDue == 0 {
					t.Errorf("counts %+v: want trials ending this week and data removals due", c)
				}
			}
		})
	}
}

func TestMarketplaceAuthAndRateLimit(t *testing.T) {
	s, err := sim.Start(sim.Options{Seed: 1, Tenants: 100})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	e := s.Config().Envs["prod"]
	url := e.Marketplace.BaseURL + "/rest/2/vendors/" + e.Marketplace.VendorID + "/reporting/licenses?addon=" + e.Marketplace.AppKey
	get := func(user, pass string) *http.Response {
		req, _ := http.NewRequest("GET", url, nil)
		if user != "" {
			req.SetBasicAuth(user, pass)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	if r := get("", ""); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("no credentials: %d, want 401", r.StatusCode)
	}
	if r := get(e.Marketplace.Username, "wrong"); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong token: %d, want 401", r.StatusCode)
	}
	limited := 0
	for i := 0; i < 2000 && limited == 0; i++ {
		r := get(e.Marketplace.Username, e.Marketplace.Token)
		switch r.StatusCode {
		case http.StatusOK:
		case http.StatusTooManyRequests:
			limited = i
			if r.Header.Get("Retry-After") != "1" {
				t.Errorf("429 without Retry-After: 1 (%q)", r.Header.Get("Retry-After"))
			}
		default:
			t.Fatalf("status %d", r.StatusCode)
		}
	}
	if limited == 0 {
		t.Fatal("2000 requests in a row were never rate limited")
	}
	// The client waits out the 429s and still reads everything.
	ls, err := marketplaceClient(t, s, "prod").Licenses(context.Background(), nil)
	if err != nil || len(ls) == 0 {
		t.Fatalf("client after the limit: %d licenses, %v", len(ls), err)
	}
}
