// Package kube reads a Kubernetes Deployment's rollout history and rolls it back the way
// `kubectl rollout undo --to-revision` does (upstream-apis.md section 8), talking to the API server
// over HTTPS with a kubeconfig's server, token and CA.
package kube

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/opsdeck/opsdeck/sources/httpx"
)

// Target is where the API server is and how to authenticate to it.
type Target struct {
	Server    string       // https://host:port, maybe with a path prefix
	Token     httpx.Secret // a bearer token (a service account's, or a user's)
	CAData    []byte       // PEM of the cluster's CA
	CAFile    string       // or a file holding it
	Namespace string       // the context's namespace, "" when unset
	Context   string       // the kubeconfig context used
}

type kubeconfig struct {
	CurrentContext string `yaml:"current-context"`
	Clusters       []struct {
		Name    string `yaml:"name"`
		Cluster struct {
			Server                string `yaml:"server"`
			CertificateAuthority  string `yaml:"certificate-authority"`
			CertificateAuthData   string `yaml:"certificate-authority-data"`
			InsecureSkipTLSVerify bool   `yaml:"insecure-skip-tls-verify"`
		} `yaml:"cluster"`
	} `yaml:"clusters"`
	Contexts []struct {
		Name    string `yaml:"name"`
		Context struct {
			Cluster   string `yaml:"cluster"`
			User      string `yaml:"user"`
			Namespace string `yaml:"namespace"`
		} `yaml:"context"`
	} `yaml:"contexts"`
	Users []struct {
		Name string `yaml:"name"`
		User struct {
			Token             string    `yaml:"token"`
			TokenFile         string    `yaml:"tokenFile"`
			ClientCertificate string    `yaml:"client-certificate"`
			ClientCertData    string    `yaml:"client-certificate-data"`
			Exec              yaml.Node `yaml:"exec"`
			AuthProvider      yaml.Node `yaml:"auth-provider"`
			Username          string    `yaml:"username"`
		} `yaml:"user"`
	} `yaml:"users"`
}

// LoadKubeconfig reads the kubeconfig at path and resolves context (the current context when
// empty) to a server, a token and a CA. Paths inside the file are relative to it, as kubectl reads
// them. Authentication other than a bearer token (client certificates, exec plugins, auth
// providers, basic auth) and insecure-skip-tls-verify are refused with a message saying so.
func LoadKubeconfig(path, context string) (Target, error) {
	path = expandHome(path)
	raw, err := os.ReadFile(path)
	if err != nil {
		return Target{}, fmt.Errorf("kubeconfig: %w", err)
	}
	var kc kubeconfig
	if err := yaml.Unmarshal(raw, &kc); err != nil {
		return Target{}, fmt.Errorf("kubeconfig %s: not a kubeconfig: %v", path, err)
	}
	dir := filepath.Dir(path)
	rel := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dir, p)
	}
	name := context
	if name == "" {
		name = kc.CurrentContext
	}
	if name == "" {
		return Target{}, fmt.Errorf("kubeconfig %s: no current-context; set kubernetes.context", path)
	}
	t := Target{Context: name}
	var clusterName, userName string
	found := false
	for _, c := range kc.Contexts {
		if c.Name == name {
			clusterName, userName, t.Namespace, found = c.Context.Cluster, c.Context.User, c.Context.Namespace, true
		}
	}
	if !found {
		return Target{}, fmt.Errorf("kubeconfig %s: no context %q", path, name)
	}
	found = false
	for _, c := range kc.Clusters {
		if c.Name != clusterName {
			continue
		}
		found = true
		if c.Cluster.InsecureSkipTLSVerify {
			return Target{}, fmt.Errorf("kubeconfig %s: cluster %q sets insecure-skip-tls-verify; opsdeck needs the cluster's CA (certificate-authority or certificate-authority-data)", path, clusterName)
		}
		t.Server = c.Cluster.Server
		t.CAFile = rel(c.Cluster.CertificateAuthority)
		if c.Cluster.CertificateAuthData != "" {
			pem, err := base64.StdEncoding.DecodeString(strings.TrimSpace(c.Cluster.CertificateAuthData))
			if err != nil {
				return Target{}, fmt.Errorf("kubeconfig %s: cluster %q: certificate-authority-data is not base64", path, clusterName)
			}
			t.CAData = pem
		}
	}
	if !found || t.Server == "" {
		return Target{}, fmt.Errorf("kubeconfig %s: context %q names cluster %q, which has no server", path, name, clusterName)
	}
	for _, u := range kc.Users {
		if u.Name != userName {
			continue
		}
		us := u.User
		switch {
		case us.Token != "":
			t.Token = httpx.NewSecret(us.Token)
		case us.TokenFile != "":
			b, err := os.ReadFile(rel(us.TokenFile))
			if err != nil {
				return Target{}, fmt.Errorf("kubeconfig %s: user %q: tokenFile: %v", path, userName, err)
			}
			t.Token = httpx.NewSecret(string(b))
		case us.ClientCertificate != "" || us.ClientCertData != "":
			return Target{}, fmt.Errorf("kubeconfig %s: user %q authenticates with a client certificate; opsdeck supports bearer tokens (a service account token) only", path, userName)
		case !us.Exec.IsZero() || !us.AuthProvider.IsZero():
			return Target{}, fmt.Errorf("kubeconfig %s: user %q authenticates through an exec plugin or auth provider; give opsdeck a token instead (kubernetes.token_cmd can run the plugin)", path, userName)
		case us.Username != "":
			return Target{}, fmt.Errorf("kubeconfig %s: user %q uses basic auth, which Kubernetes removed; use a token", path, userName)
		}
	}
	return t, nil
}

func expandHome(p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, rest)
		}
	}
	return p
}
