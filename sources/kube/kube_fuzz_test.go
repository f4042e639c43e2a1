package kube_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/internal/faultmatrix"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/kube"
)

// FuzzReleases feeds arbitrary bytes to the Deployment and ReplicaSet decoders (the same body
// answers both requests, so one input can be both): it must never panic, and an error must be one
// line without the bearer token.
func FuzzReleases(f *testing.F) {
	f.Add([]byte(`{"metadata":{"name":"web","uid":"u1","generation":2,"annotations":{"deployment.kubernetes.io/revision":"2"}},` +
		`"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["a","b"]}]},` +
		`"template":{"metadata":{"labels":{"app":"web","pod-template-hash":"x"}},"spec":{"containers":[{"name":"web","image":"web:2"}]}}},` +
		`"status":{"observedGeneration":2,"replicas":2,"updatedReplicas":2,"availableReplicas":2,"conditions":[{"type":"Progressing","reason":"NewReplicaSetAvailable"}]},` +
		`"items":[{"metadata":{"name":"web-1","annotations":{"deployment.kubernetes.io/revision":"1","deployment.kubernetes.io/revision-history":"0"},` +
		`"ownerReferences":[{"uid":"u1","kind":"Deployment","controller":true}]},"spec":{"template":{"spec":{"containers":[{"name":"web","image":"web:1"}]}}}}]}`))
	f.Add([]byte(`{"kind":"Status","status":"Failure","message":"Unauthorized: ` + faultmatrix.FuzzToken + `","code":401}`))
	f.Add([]byte(`{"spec":{"template":[]},"items":[{"spec":{"template":"x"},"metadata":{"annotations":{"deployment.kubernetes.io/revision":"-9"}}}]}`))
	rp := faultmatrix.NewReplay(f)
	c := kube.New(kube.Target{Server: rp.URL, Token: httpx.NewSecret(faultmatrix.FuzzToken)}, "shop", "web", time.Second)
	f.Fuzz(func(t *testing.T, body []byte) {
		rp.Serve(200, body)
		_, err := c.Releases(context.Background())
		faultmatrix.CheckErr(t, err)
		_, err = c.Progress(context.Background())
		faultmatrix.CheckErr(t, err)
	})
}

// FuzzLoadKubeconfig feeds arbitrary files to the kubeconfig reader: it must never panic, and an
// error must never quote the token the file holds. Only a token in a `token:` field is a secret: the
// same string as a context's name (testdata/fuzz/FuzzLoadKubeconfig/4545ba570fb782a2) is a name,
// and naming it is the point of the message.
func FuzzLoadKubeconfig(f *testing.F) {
	f.Add([]byte("apiVersion: v1\nkind: Config\ncurrent-context: a\nclusters:\n- name: c\n  cluster:\n    server: https://k8s.example.com:6443\n    certificate-authority-data: " +
		"AAAA\ncontexts:\n- name: a\n  context: {cluster: c, user: u, namespace: shop}\nusers:\n- name: u\n  user:\n    token: " + faultmatrix.FuzzToken + "\n"))
	f.Add([]byte("current-context: a\ncontexts:\n- name: a\n  context: {cluster: c, user: u}\nclusters:\n- name: c\n  cluster: {server: https://x, insecure-skip-tls-verify: " + faultmatrix.FuzzToken + "}\n"))
	f.Add([]byte("users:\n- name: u\n  user: " + faultmatrix.FuzzToken + "\n"))
	f.Add([]byte("users:\n- name: u\n  user:\n    token: [" + faultmatrix.FuzzToken + "]\n"))
	f.Add([]byte("a: &a [*a, *a]\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, src []byte) {
		p := filepath.Join(dir, "config")
		if err := os.WriteFile(p, src, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := kube.LoadKubeconfig(p, "")
		onlySecret := strings.Count(string(src), faultmatrix.FuzzToken) == strings.Count(string(src), "token: "+faultmatrix.FuzzToken)
		if err != nil && onlySecret && strings.Contains(err.Error(), faultmatrix.FuzzToken) {
			t.Fatalf("the token appears in the error: %q", err)
		}
	})
}
