package kube_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opsdeck/opsdeck/sources/kube"
)

func writeKC(t *testing.T, dir, body string) string {
	p := filepath.Join(dir, "config")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const kcTemplate = `apiVersion: v1
kind: Config
current-context: a
clusters:
- name: c
  cluster:
    server: https://k8s.example.com:6443
    %s
contexts:
- name: a
  context: {cluster: c, user: u}
- name: b
  context: {cluster: c, user: u, namespace: shop}
users:
- name: u
  user:
    %s
`

func TestLoadKubeconfig(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "token"), []byte("file-token\n"), 0o600)
	tests := []struct {
		name, cluster, user, context string
		wantErr                      string
		check                        func(t *testing.T, tg kube.Target)
	}{
		{"relative CA file and token file are relative to the kubeconfig", "certificate-authority: ca.pem", "tokenFile: token", "", "", func(t *testing.T, tg kube.Target) {
			if tg.CAFile != filepath.Join(dir, "ca.pem") || tg.Token.Reveal() != "file-token" || tg.Server != "https://k8s.example.com:6443" || tg.Context != "a" {
				t.Errorf("target = %+v", tg)
			}
		}},
		{"named context with namespace", "certificate-authority: /etc/ca.pem", "token: abc", "b", "", func(t *testing.T, tg kube.Target) {
			if tg.Namespace != "shop" || tg.CAFile != "/etc/ca.pem" || tg.Token.Reveal() != "abc" {
				t.Errorf("target = %+v", tg)
			}
		}},
		{"insecure-skip-tls-verify refused", "insecure-skip-tls-verify: true", "token: abc", "", "insecure-skip-tls-verify", nil},
		{"client certificates refused with the reason", "certificate-authority: ca.pem", "client-certificate-data: AAAA", "", "client certificate", nil},
		{"exec plugins refused with the way out", "certificate-authority: ca.pem", "exec: {command: aws}", "", "token_cmd", nil},
		{"unknown context", "certificate-authority: ca.pem", "token: abc", "zzz", `no context "zzz"`, nil},
		{"bad CA data", "certificate-authority-data: '!!!'", "token: abc", "", "not base64", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeKC(t, dir, strings.Replace(strings.Replace(kcTemplate, "%s", tt.cluster, 1), "%s", tt.user, 1))
			tg, err := kube.LoadKubeconfig(p, tt.context)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("LoadKubeconfig = %v, want an error with %q", err, tt.wantErr)
				}
				if err != nil && strings.Contains(err.Error(), "abc") {
					t.Errorf("error shows the token: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, tg)
		})
	}
	if _, err := kube.LoadKubeconfig(filepath.Join(dir, "missing"), ""); err == nil {
		t.Errorf("missing kubeconfig loaded")
	}
}
