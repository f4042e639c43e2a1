package config_test

import (
	"os"
	"testing"

	"github.com/opsdeck/opsdeck/config"
)

// FuzzParse feeds arbitrary TOML to the loader: it must never panic, and every problem it reports
// must name the file.
func FuzzParse(f *testing.F) {
	if b, err := os.ReadFile("../config.example.toml"); err == nil {
		f.Add(string(b))
	}
	f.Add("[env.prod.health]\ntimeout = \"3s\"\n[[env.prod.health.check]]\nname = \"a\"\nurl = \"https://a/h\"\n")
	f.Add("[env.x.slo]\nname = 1\n[[env.x.slo]]\n")
	f.Add("default_env = \"nope\"\n[keys]\nquit = \"q\"\n")
	f.Add("[env.a.statuspage]\nbase_url = \"http://[::1\"\ntoken = \"x\"\ntoken_env = \"1X\"\n")
	f.Fuzz(func(t *testing.T, src string) {
		_, ps := config.Parse("fuzz.toml", src)
		for _, p := range ps {
			if p.File != "fuzz.toml" {
				t.Fatalf("problem without file: %v", p)
			}
		}
	})
}
