package kube_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/models/deploy"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/kube"
)

const token = "kube-token-0123456789abcdef"

// fakeAPI is an API server holding the Deployment "web" and its ReplicaSets, with a controller that
// reacts to a template patch as §8.6 describes.
type fakeAPI struct {
	t       *testing.T
	mu      sync.Mutex
	dep     map[string]any
	rss     []map[string]any
	patches int
	hang    time.Duration // after applying a patch, before answering
	paused  bool
}

func template(image string) map[string]any {
	return map[string]any{
		"metadata": map[string]any{"labels": map[string]any{"app": "web"}},
		"spec":     map[string]any{"containers": []any{map[string]any{"name": "web", "image": image}}},
	}
}

func withHash(t map[string]any, hash string) map[string]any {
	b, _ := json.Marshal(t)
	var c map[string]any
	json.Unmarshal(b, &c)
	c["metadata"].(map[string]any)["labels"].(map[string]any)["pod-template-hash"] = hash
	return c
}

func newAPI(t *testing.T) *fakeAPI {
	f := &fakeAPI{t: t}
	f.dep = map[string]any{
		"metadata": map[string]any{"name": "web", "namespace": "shop", "uid": "dep-uid", "generation": 3,
			"annotations": map[string]any{kube.AnnRevision: "3", "kubectl.kubernetes.io/last-applied-configuration": "{}"}},
		"spec": map[string]any{"replicas": 2, "selector": map[string]any{"matchLabels": map[string]any{"app": "web"}},
			"template": template("web:1.3")},
		"status": map[string]any{"observedGeneration": 3, "replicas": 2, "updatedReplicas": 2, "availableReplicas": 2},
	}
	for i, img := range []string{"web:1.1", "web:1.2", "web:1.3"} {
		rev := i + 1
		f.rss = append(f.rss, map[string]any{
			"metadata": map[string]any{"name": fmt.Sprintf("web-%d", rev), "namespace": "shop", "labels": map[string]any{"app": "web"},
				"creationTimestamp": time.Date(2026, 5, rev, 0, 0, 0, 0, time.UTC).Format(time.RFC3339),
				"annotations":       map[string]any{kube.AnnRevision: strconv.Itoa(rev), kube.AnnChangeCause: "deploy " + img},
				"ownerReferences":   []any{map[string]any{"kind": "Deployment", "uid": "dep-uid", "controller": true}}},
			"spec": map[string]any{"replicas": 0, "template": withHash(template(img), fmt.Sprintf("h%d", rev))},
		})
	}
	// a ReplicaSet matching the selector but owned by another Deployment: never listed
	f.rss = append(f.rss, map[string]any{
		"metadata": map[string]any{"name": "other-9", "labels": map[string]any{"app": "web"},
			"annotations":     map[string]any{kube.AnnRevision: "9"},
			"ownerReferences": []any{map[string]any{"kind": "Deployment", "uid": "other-uid", "controller": true}}},
		"spec": map[string]any{"template": template("other:9")},
	})
	return f
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if r.Header.Get("Authorization") != "Bearer "+token {
		w.WriteHeader(401)
		w.Write([]byte(`{"kind":"Status","apiVersion":"v1","status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}`))
		return
	}
	f.mu.Lock()
	f.dep["spec"].(map[string]any)["paused"] = f.paused
	switch {
	case r.Method == "GET" && r.URL.Path == "/apis/apps/v1/namespaces/shop/deployments/web":
		json.NewEncoder(w).Encode(f.dep)
		f.mu.Unlock()
	case r.Method == "GET" && r.URL.Path == "/apis/apps/v1/namespaces/shop/replicasets":
		if sel := r.URL.Query().Get("labelSelector"); sel != "app=web" {
			f.t.Errorf("labelSelector = %q, want app=web", sel)
		}
		json.NewEncoder(w).Encode(map[string]any{"kind": "ReplicaSetList", "items": f.rss})
		f.mu.Unlock()
	case r.Method == "PATCH" && r.URL.Path == "/apis/apps/v1/namespaces/shop/deployments/web":
		if ct := r.Header.Get("Content-Type"); ct != "application/json-patch+json" {
			f.mu.Unlock()
			w.WriteHeader(415)
			w.Write([]byte(`{"kind":"Status","message":"unsupported media type","code":415}`))
			return
		}
		var ops []struct {
			Op    string          `json:"op"`
			Path  string          `json:"path"`
			Value json.RawMessage `json:"value"`
		}
		json.NewDecoder(r.Body).Decode(&ops)
		f.patches++
		for _, op := range ops {
			var v any
			json.Unmarshal(op.Value, &v)
			switch {
			case op.Op == "replace" && op.Path == "/spec/template":
				f.dep["spec"].(map[string]any)["template"] = v
			case op.Op == "replace" && op.Path == "/metadata/annotations":
				f.dep["metadata"].(map[string]any)["annotations"] = v
			default:
				f.t.Errorf("unexpected patch op %s %s", op.Op, op.Path)
			}
		}
		f.controller()
		hang := f.hang
		f.hang = 0
		body, _ := json.Marshal(f.dep)
		f.mu.Unlock()
		time.Sleep(hang)
		w.Write(body)
	default:
		f.mu.Unlock()
		w.WriteHeader(404)
		w.Write([]byte(`{"kind":"Status","message":"not found","reason":"NotFound","code":404}`))
	}
}

// controller reuses the old ReplicaSet whose template matches and gives it revision max+1 (§8.6).
func (f *fakeAPI) controller() {
	md := f.dep["metadata"].(map[string]any)
	md["generation"] = md["generation"].(int) + 1
	tb, _ := json.Marshal(f.dep["spec"].(map[string]any)["template"])
	max := 0
	for _, rs := range f.rss[:3] {
		n, _ := strconv.Atoi(rs["metadata"].(map[string]any)["annotations"].(map[string]any)[kube.AnnRevision].(string))
		max = Max(max, n)
	}
	for _, rs := range f.rss[:3] {
		t := rs["spec"].(map[string]any)["template"].(map[string]any)
		labels := t["metadata"].(map[string]any)["labels"].(map[string]any)
		hash := labels["pod-template-hash"]
		delete(labels, "pod-template-hash")
		b, _ := json.Marshal(t)
		labels["pod-template-hash"] = hash
		if string(b) == string(tb) {
			ann := rs["metadata"].(map[string]any)["annotations"].(map[string]any)
			ann[kube.AnnRevisionHistory] = ann[kube.AnnRevision]
			ann[kube.AnnRevision] = strconv.Itoa(max + 1)
			md["annotations"].(map[string]any)[kube.AnnRevision] = strconv.Itoa(max + 1)
		}
	}
}

func Max(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// serve starts the fake API over TLS and writes a kubeconfig with its CA and the token.
func serve(t *testing.T, f *fakeAPI) string {
	srv := httptest.NewTLSServer(f)
	t.Cleanup(srv.Close)
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	kc := fmt.Sprintf(`apiVersion: v1
kind: Config
current-context: shop
clusters:
- name: c1
  cluster:
    server: %s
    certificate-authority-data: %s
contexts:
- name: shop
  context:
    cluster: c1
    user: deployer
    namespace: shop
users:
- name: deployer
  user:
    token: %s
`, srv.URL, base64.StdEncoding.EncodeToString(ca), token)
	path := filepath.Join(t.TempDir(), "kubeconfig")
	os.WriteFile(path, []byte(kc), 0o600)
	return path
}

func client(t *testing.T, f *fakeAPI, timeout time.Duration) *kube.Client {
	target, err := kube.LoadKubeconfig(serve(t, f), "")
	if err != nil {
		t.Fatal(err)
	}
	c := kube.New(target, "", "web", timeout)
	c.SetSettle(10 * time.Millisecond)
	return c
}

func TestReleases(t *testing.T) {
	c := client(t, newAPI(t), 5*time.Second)
	rs, err := c.Releases(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 3 {
		t.Fatalf("Releases = %d, want 3 (the foreign ReplicaSet excluded by owner reference)", len(rs))
	}
	top := rs[0]
	if top.Version != 3 || !top.Current || top.Status != deploy.StatusSucceeded || top.Rollbackable ||
		top.Description != "deploy web:1.3" || top.Artifacts[0].Ref != "web:1.3" {
		t.Errorf("newest = %+v", top)
	}
	if rs[2].Version != 1 || rs[2].Current || rs[2].Status != deploy.StatusSuperseded || !rs[2].Rollbackable {
		t.Errorf("oldest = %+v", rs[2])
	}
	p, err := c.Progress(context.Background())
	if err != nil || p.Phase != deploy.PhaseComplete {
		t.Errorf("Progress = %+v, %v", p, err)
	}
}

func TestRollbackToRevision(t *testing.T) {
	f := newAPI(t)
	c := client(t, f, 5*time.Second)
	plan, err := c.RollbackPlan(context.Background(), action.Rollback, 1)
	if err != nil {
		t.Fatal(err)
	}
	body := string(plan.Body)
	if plan.Method != "PATCH" || !strings.Contains(body, `"path":"/spec/template"`) || !strings.Contains(body, `"image":"web:1.1"`) ||
		strings.Contains(body, "pod-template-hash") || !strings.Contains(body, `"path":"/metadata/annotations"`) {
		t.Errorf("plan body = %s", body)
	}
	// annotations: the RS's (change-cause) plus the Deployment's values of the skipped keys (§8.5)
	if !strings.Contains(body, `"kubernetes.io/change-cause":"deploy web:1.1"`) || !strings.Contains(body, `"deployment.kubernetes.io/revision":"3"`) ||
		!strings.Contains(body, `"kubectl.kubernetes.io/last-applied-configuration":"{}"`) {
		t.Errorf("plan annotations = %s", body)
	}
	if f.patches != 0 {
		t.Fatalf("RollbackPlan sent a patch")
	}
	got, out, err := c.Rollback(context.Background(), action.Rollback, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 1 || out.Result != action.ResultOK || f.patches != 1 {
		t.Errorf("Rollback = %s, %+v, %d patches", got.Label(), out, f.patches)
	}
	rs, _ := c.Releases(context.Background())
	if rs[0].Version != 4 || !rs[0].Current || rs[0].Artifacts[0].Ref != "web:1.1" || !strings.Contains(rs[0].Description, "was revision 1") {
		t.Errorf("after rollback the newest revision is %+v, want revision 4 running web:1.1 (§8.6)", rs[0])
	}
}

func TestRollbackSkippedWhenSame(t *testing.T) {
	f := newAPI(t)
	c := client(t, f, 5*time.Second)
	_, out, err := c.Rollback(context.Background(), action.Rollback, 3)
	if err != nil || out.Result != action.ResultExisting || f.patches != 0 {
		t.Errorf("rollback to the running template = %+v, %v, %d patches; want skipped, none sent (§8.4)", out, err, f.patches)
	}
}

func TestRollbackRefusals(t *testing.T) {
	f := newAPI(t)
	c := client(t, f, 5*time.Second)
	_, _, err := c.Rollback(context.Background(), action.Rollback, 7)
	if err == nil || !strings.Contains(err.Error(), "no revision 7 (have 3, 2, 1)") || !strings.Contains(err.Error(), "nothing was changed") {
		t.Errorf("missing revision: %v", err)
	}
	f.paused = true
	_, _, err = c.Rollback(context.Background(), action.Rollback, 1)
	if err == nil || !strings.Contains(err.Error(), "paused") || f.patches != 0 {
		t.Errorf("paused: %v, %d patches", err, f.patches)
	}
}

func TestRollbackTimeoutAfterAccepted(t *testing.T) {
	f := newAPI(t)
	f.hang = 500 * time.Millisecond
	c := client(t, f, 200*time.Millisecond)
	_, out, err := c.Rollback(context.Background(), action.Rollback, 2)
	if err != nil {
		t.Fatalf("Rollback after timeout = %v", err)
	}
	if f.patches != 1 || out.Attempts != 1 || !strings.Contains(out.Detail, "not sent again") {
		t.Errorf("after a timeout: %d patches, %+v; want the check to find the patch applied", f.patches, out)
	}
}

func TestAuthAndTLS(t *testing.T) {
	f := newAPI(t)
	path := serve(t, f)
	target, err := kube.LoadKubeconfig(path, "")
	if err != nil {
		t.Fatal(err)
	}
	noCA := target
	noCA.CAData = nil
	_, err = kube.New(noCA, "", "web", time.Second).Releases(context.Background())
	if err == nil || !strings.Contains(err.Error(), "TLS") {
		t.Errorf("without the kubeconfig's CA: %v, want a TLS error", err)
	}
	bad := target
	bad.Token = httpx.NewSecret("not-the-token") // same CA, another token
	_, err = kube.New(bad, "", "web", time.Second).Releases(context.Background())
	if err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("with a wrong token: %v", err)
	}
	var fail *action.Failure
	_, _, err = kube.New(bad, "", "web", time.Second).Rollback(context.Background(), action.Rollback, 1)
	if !errors.As(err, &fail) || fail.Uncertain {
		t.Errorf("rollback with a bad token = %v, want a certain failure", err)
	}
}
