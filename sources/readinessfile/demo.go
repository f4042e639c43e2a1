package readinessfile

import _ "embed"

// demo is the answers file shipped with the demo: a team part-way through the checklist, stopped at
// a draft note, so the walkthrough has something to resume.
//
//go:embed demo.toml
var demo []byte

// Demo returns the demo answers file, a fresh copy on every call.
func Demo() []byte { return append([]byte(nil), demo...) }
