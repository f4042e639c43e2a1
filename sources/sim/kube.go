package sim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/opsdeck/opsdeck/config"
)

// The simulated Kubernetes API server (upstream-apis.md §8): the Deployment shop/web with a
// ReplicaSet per revision. A JSON patch of the pod template is handled the way the deployment
// controller does it: the ReplicaSet with the same template is reused and gets revision max+1
// (its old number goes to revision-history), and the rollout progresses one replica per
// kubeStep until it is complete.

const (
	kubeNamespace = "shop"
	kubeName      = "web"
	kubeReplicas  = 3
	kubeStep      = 1500 * time.Millisecond
)

type kubeRS struct {
	Name     string
	Revision int
	History  []int
	Image    string
	Cause    string
	Created  time.Time
	Hash     string
}

type kubeState struct {
	mu          sync.Mutex
	rss         []*kubeRS
	current     *kubeRS   // the ReplicaSet the Deployment's template matches
	previous    *kubeRS   // the one being scaled down during a rollout
	generation  int64     // metadata.generation
	changedAt   time.Time // when the template last changed (rollout start)
	annotations map[string]string
}

func init() {
	Register(Upstream{Name: "kube", Order: 71, Routes: kubeRoutes, Configure: kubeConfigure})
}

func kubeConfigure(s *Sim, e *config.Env) {
	if e.Name != "staging" {
		return // prod deploys to Heroku (heroku.go)
	}
	e.Kubernetes = config.Kubernetes{Server: s.URL("/kube"), Namespace: kubeNamespace, Deployment: kubeName,
		Timeout: config.Dur(5 * time.Second), Refresh: config.Dur(time.Minute),
		Credentials: config.Credentials{Token: s.Token("kube")}}
}

func (s *Sim) kube() *kubeState {
	return s.State("kube", func() any {
		rnd := s.Rand("kube/history")
		st := &kubeState{generation: 5, annotations: map[string]string{}}
		for rev := 1; rev <= 5; rev++ {
			img := fmt.Sprintf("registry.example.com/shop/web:1.%d.%d", 3+rev, rnd.IntN(4))
			st.rss = append(st.rss, &kubeRS{Name: fmt.Sprintf("web-%08x", rnd.Uint32()), Revision: rev, Image: img,
				Cause: "deploy " + img, Created: s.Started().Add(-time.Duration(6-rev) * 26 * time.Hour), Hash: fmt.Sprintf("%08x", rnd.Uint32())})
		}
		st.current = st.rss[len(st.rss)-1]
		st.changedAt = s.Started().Add(-time.Hour)
		return st
	}).(*kubeState)
}

func (st *kubeState) template(rs *kubeRS, withHash bool) map[string]any {
	labels := map[string]any{"app": kubeName}
	if withHash {
		labels["pod-template-hash"] = rs.Hash
	}
	return map[string]any{
		"metadata": map[string]any{"labels": labels},
		"spec": map[string]any{"containers": []any{map[string]any{"name": "web", "image": rs.Image,
			"ports": []any{map[string]any{"containerPort": 8080, "protocol": "TCP"}}}}},
	}
}

// progress is the rollout at now: updated replicas come up one per kubeStep after a change.
func (st *kubeState) progress(now time.Time) (observed int64, updated, total, available int) {
	steps := int(now.Sub(st.changedAt) / kubeStep)
	observed = st.generation
	if steps < 1 {
		observed = st.generation - 1
	}
	updated = min(max(steps, 0), kubeReplicas)
	old := kubeReplicas - max(steps-1, 0) // an old pod goes one step after a new one is up
	old = max(min(old, kubeReplicas), 0)
	if st.previous == nil {
		old = 0
		updated = kubeReplicas
		observed = st.generation
	}
	total = updated + old
	available = min(total, kubeReplicas)
	return
}

func (st *kubeState) deployment(now time.Time) map[string]any {
	observed, updated, total, available := st.progress(now)
	ann := map[string]any{"deployment.kubernetes.io/revision": strconv.Itoa(st.current.Revision)}
	for k, v := range st.annotations {
		ann[k] = v
	}
	ann["deployment.kubernetes.io/revision"] = strconv.Itoa(st.current.Revision)
	return map[string]any{
		"apiVersion": "apps/v1", "kind": "Deployment",
		"metadata": map[string]any{"name": kubeName, "namespace": kubeNamespace, "uid": "sim-dep-web", "generation": st.generation,
			"annotations": ann, "labels": map[string]any{"app": kubeName}},
		"spec": map[string]any{"replicas": kubeReplicas, "selector": map[string]any{"matchLabels": map[string]any{"app": kubeName}},
			"template": st.template(st.current, false), "progressDeadlineSeconds": 600},
		"status": map[string]any{"observedGeneration": observed, "replicas": total, "updatedReplicas": updated,
			"readyReplicas": available, "availableReplicas": available,
			"conditions": []any{map[string]any{"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"}}},
	}
}

func (st *kubeState) replicaSet(rs *kubeRS, now time.Time) map[string]any {
	_, updated, total, _ := st.progress(now)
	n := 0
	switch rs {
	case st.current:
		n = updated
	case st.previous:
		n = total - updated
	}
	ann := map[string]any{"deployment.kubernetes.io/revision": strconv.Itoa(rs.Revision), "kubernetes.io/change-cause": rs.Cause,
		"deployment.kubernetes.io/desired-replicas": strconv.Itoa(kubeReplicas)}
	if len(rs.History) > 0 {
		h := ""
		for i, v := range rs.History {
			if i > 0 {
				h += ","
			}
			h += strconv.Itoa(v)
		}
		ann["deployment.kubernetes.io/revision-history"] = h
	}
	return map[string]any{
		"apiVersion": "apps/v1", "kind": "ReplicaSet",
		"metadata": map[string]any{"name": rs.Name, "namespace": kubeNamespace, "uid": "sim-rs-" + rs.Hash,
			"creationTimestamp": rs.Created.UTC().Format(time.RFC3339), "annotations": ann,
			"labels": map[string]any{"app": kubeName, "pod-template-hash": rs.Hash},
			"ownerReferences": []any{map[string]any{"apiVersion": "apps/v1", "kind": "Deployment", "name": kubeName,
				"uid": "sim-dep-web", "controller": true, "blockOwnerDeletion": true}}},
		"spec":   map[string]any{"replicas": n, "template": st.template(rs, true)},
		"status": map[string]any{"replicas": n, "readyReplicas": n, "availableReplicas": n},
	}
}

func kubeStatus(w http.ResponseWriter, code int, reason, msg string) {
	writeJSON(w, code, map[string]any{"kind": "Status", "apiVersion": "v1", "metadata": map[string]any{},
		"status": "Failure", "message": msg, "reason": reason, "code": code})
}

func kubeRoutes(s *Sim, mux *http.ServeMux) {
	auth := func(w http.ResponseWriter, r *http.Request) bool {
		if r.Header.Get("Authorization") != "Bearer "+s.Token("kube") {
			kubeStatus(w, 401, "Unauthorized", "Unauthorized")
			return false
		}
		if r.PathValue("ns") != kubeNamespace {
			kubeStatus(w, 403, "Forbidden", fmt.Sprintf("deployments.apps is forbidden: User \"system:serviceaccount:%s:opsdeck\" cannot access namespace %q", kubeNamespace, r.PathValue("ns")))
			return false
		}
		return true
	}
	const dep = "/kube/apis/apps/v1/namespaces/{ns}/deployments/{name}"
	mux.HandleFunc("GET "+dep, func(w http.ResponseWriter, r *http.Request) {
		if !auth(w, r) {
			return
		}
		if r.PathValue("name") != kubeName {
			kubeStatus(w, 404, "NotFound", fmt.Sprintf("deployments.apps %q not found", r.PathValue("name")))
			return
		}
		st := s.kube()
		st.mu.Lock()
		defer st.mu.Unlock()
		writeJSON(w, 200, st.deployment(s.Now()))
	})
	mux.HandleFunc("GET /kube/apis/apps/v1/namespaces/{ns}/replicasets", func(w http.ResponseWriter, r *http.Request) {
		if !auth(w, r) {
			return
		}
		st := s.kube()
		st.mu.Lock()
		defer st.mu.Unlock()
		items := []any{}
		if sel := r.URL.Query().Get("labelSelector"); sel == "" || sel == "app="+kubeName {
			for _, rs := range st.rss {
				items = append(items, st.replicaSet(rs, s.Now()))
			}
		}
		writeJSON(w, 200, map[string]any{"apiVersion": "apps/v1", "kind": "ReplicaSetList", "metadata": map[string]any{}, "items": items})
	})
	mux.HandleFunc("PATCH "+dep, func(w http.ResponseWriter, r *http.Request) {
		if !auth(w, r) {
			return
		}
		if r.PathValue("name") != kubeName {
			kubeStatus(w, 404, "NotFound", fmt.Sprintf("deployments.apps %q not found", r.PathValue("name")))
			return
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/json-patch+json" {
			kubeStatus(w, 415, "UnsupportedMediaType", fmt.Sprintf("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (got %q)", ct))
			return
		}
		var ops []struct {
			Op    string          `json:"op"`
			Path  string          `json:"path"`
			Value json.RawMessage `json:"value"`
		}
		if err := json.NewDecoder(r.Body).Decode(&ops); err != nil {
			kubeStatus(w, 400, "BadRequest", "the JSON patch is not a list of operations")
			return
		}
		st := s.kube()
		st.mu.Lock()
		var image string
		var ann map[string]string
		for _, op := range ops {
			switch {
			case op.Op == "replace" && op.Path == "/spec/template":
				var t struct {
					Spec struct {
						Containers []struct {
							Image string `json:"image"`
						} `json:"containers"`
					} `json:"spec"`
				}
				if json.Unmarshal(op.Value, &t) != nil || len(t.Spec.Containers) == 0 {
					st.mu.Unlock()
					kubeStatus(w, 422, "Invalid", "Deployment.apps \"web\" is invalid: spec.template.spec.containers: Required value")
					return
				}
				image = t.Spec.Containers[0].Image
			case op.Op == "replace" && op.Path == "/metadata/annotations":
				json.Unmarshal(op.Value, &ann)
			default:
				st.mu.Unlock()
				kubeStatus(w, 422, "Invalid", fmt.Sprintf("the simulator accepts replace of /spec/template and /metadata/annotations, not %s %s", op.Op, op.Path))
				return
			}
		}
		if ann != nil {
			st.annotations = ann
		}
		if image != "" && image != st.current.Image {
			st.controller(image, s.Now(), s)
		}
		out := st.deployment(s.Now())
		st.mu.Unlock()
		if !s.afterWrite(w, r) {
			return
		}
		writeJSON(w, 200, out)
	})
}

// controller reacts to a new template as the deployment controller does (§8.6): the ReplicaSet
// with that template is reused and becomes the newest revision; a template never seen gets a new
// ReplicaSet.
func (st *kubeState) controller(image string, now time.Time, s *Sim) {
	maxRev := 0
	var target *kubeRS
	for _, rs := range st.rss {
		maxRev = max(maxRev, rs.Revision)
		if rs.Image == image {
			target = rs
		}
	}
	if target == nil {
		rnd := s.Rand(fmt.Sprintf("kube/new/%d", maxRev))
		target = &kubeRS{Name: fmt.Sprintf("web-%08x", rnd.Uint32()), Image: image, Cause: "deploy " + image, Created: now, Hash: fmt.Sprintf("%08x", rnd.Uint32())}
		st.rss = append(st.rss, target)
	} else {
		target.History = append(target.History, target.Revision)
	}
	target.Revision = maxRev + 1
	if c, ok := st.annotations["kubernetes.io/change-cause"]; ok && c != "" {
		target.Cause = c
	}
	sort.Slice(st.rss, func(i, j int) bool { return st.rss[i].Revision < st.rss[j].Revision })
	st.previous, st.current = st.current, target
	st.generation++
	st.changedAt = now
}
