package license_test

import (
	"testing"
	"unsafe"

	"github.com/opsdeck/opsdeck/models/license"
)

func TestHost(t *testing.T) {
	for raw, want := range map[string]string{
		"https://acme.atlassian.net":            "acme.atlassian.net",
		"https://ACME.atlassian.net/wiki/":      "acme.atlassian.net",
		"acme.atlassian.net":                    "acme.atlassian.net",
		" https://u:p@acme.example.com:8443/x ": "acme.example.com",
		"http://[::1]:8080/path":                "::1",
		"https://acme.atlassian.net?x=1#y":      "acme.atlassian.net",
		"":                                      "",
	} {
		if got := license.Host(raw); got != want {
			t.Errorf("Host(%q) = %q, want %q", raw, got, want)
		}
	}
}

// TestJoinCopiesNothing checks that tenants point into the caller's slices (a million tenants must
// not hold a second copy of their licenses and installations).
func TestJoinCopiesNothing(t *testing.T) {
	ls := []license.License{lic(cloudB, "b.atlassian.net", paid(license.StatusActive, 5)), lic(cloudA, "a.atlassian.net", paid(license.StatusActive, 5))}
	ins := []license.Installation{inst("ck-b", cloudB, "https://b.atlassian.net", "jira", license.FlagYes, now)}
	ts := license.Join(ls, ins, now)
	in := func(p unsafe.Pointer, base unsafe.Pointer, n, size uintptr) bool {
		return uintptr(p) >= uintptr(base) && uintptr(p) < uintptr(base)+n*size
	}
	for _, tn := range ts {
		if !in(unsafe.Pointer(&tn.Licenses[0]), unsafe.Pointer(&ls[0]), uintptr(len(ls)), unsafe.Sizeof(ls[0])) {
			t.Errorf("tenant %s: Licenses is a copy", tn.ID)
		}
		if len(tn.Installs) > 0 && &tn.Installs[0] != &ins[0] {
			t.Errorf("tenant %s: Installs is a copy", tn.ID)
		}
		if cap(tn.Licenses) != len(tn.Licenses) {
			t.Errorf("tenant %s: Licenses has spare capacity: an append would overwrite the next tenant", tn.ID)
		}
	}
}
