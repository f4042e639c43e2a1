package sim

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/opsdeck/opsdeck/config"
)

func init() {
	Register(Upstream{Name: "readiness", Order: 80, Routes: descriptorRoutes, Configure: readinessConfigure})
}

// The demo's readiness metrics: the Unix time of the last successful backup (nightly at 02:00 UTC,
// so within a 24 h RPO in prod; staging's backups stopped two days before the simulator started)
// and of the last synthetic test run (every 15 minutes in prod, never in staging).
const (
	simBackupQuery    = `max(backup_last_success_timestamp_seconds{app="acme-timesheets"})`
	simSyntheticQuery = `max(synthetic_last_run_timestamp_seconds{app="acme-timesheets"})`
)

func readinessConfigure(s *Sim, e *config.Env) {
	base := "/app/" + e.Name
	e.Readiness = config.Readiness{
		DescriptorURL: s.URL(base + "/atlassian-connect.json"),
		SLAURL:        s.URL(base + "/sla"),
		SupportURL:    s.URL(base + "/support"),
		SecurityURL:   s.URL(base + "/security"),
		Refresh:       config.Dur(time.Minute),
		Timeout:       config.Dur(5 * time.Second),
	}
	e.Readiness.BackupQuery = withEnv(simBackupQuery, e.Name)
	e.Readiness.SyntheticQuery = withEnv(simSyntheticQuery, e.Name)
	e.Readiness.RPO = config.Dur(24 * time.Hour)
}

func withEnv(q, env string) string {
	if env == "prod" {
		return q
	}
	return q[:len(q)-2] + `,env="` + env + `"})`
}

// ReadinessMetric answers the demo's readiness queries at Unix time t. ok is false for any other
// query; an ok answer with no sample is an empty vector (staging runs no synthetic tests). The
// simulated Prometheus is meant to ask it before matching its SLO queries.
func (s *Sim) ReadinessMetric(q string, t float64) (sample []float64, ok bool) {
	at := time.Unix(int64(t), 0).UTC()
	switch q {
	case simBackupQuery: // nightly at 02:00 UTC
		last := time.Date(at.Year(), at.Month(), at.Day(), 2, 0, 0, 0, time.UTC)
		if last.After(at) {
			last = last.Add(-24 * time.Hour)
		}
		return []float64{float64(last.Unix())}, true
	case withEnv(simBackupQuery, "staging"): // stopped two days before the simulator started
		return []float64{float64(s.Started().Add(-50 * time.Hour).Truncate(time.Hour).Unix())}, true
	case simSyntheticQuery: // every 15 minutes
		return []float64{float64(at.Truncate(15 * time.Minute).Unix())}, true
	case withEnv(simSyntheticQuery, "staging"):
		return nil, true
	}
	return nil, false
}

// answerReadinessQuery writes the query API's answer to a readiness query and reports true, or
// writes nothing and reports false for any other query. The simulated Prometheus's instant-query
// handler is meant to start with: if s.answerReadinessQuery(w, q, t) { return }.
func (s *Sim) answerReadinessQuery(w http.ResponseWriter, q string, t float64) bool {
	vs, ok := s.ReadinessMetric(q, t)
	if !ok {
		return false
	}
	res := make([]string, len(vs))
	for i, v := range vs {
		res[i] = fmt.Sprintf(`{"metric":{},"value":[%s,%q]}`, promFloat(t), promFloat(v))
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"status":"success","data":{"resultType":"vector","result":[%s]}}`, strings.Join(res, ","))
	return true
}
