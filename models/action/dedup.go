package action

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
)

// MaxDedupKey is the longest dedup key opsdeck makes. PagerDuty's limit is 255 (per third-party docs;
// upstream-apis.md section 2); Opsgenie's alias allows 512. The shorter one wins.
const MaxDedupKey = 255

// Subject is what a page is about: an incident when one is selected, or else the summary typed.
type Subject struct {
	Env        string // the environment's name
	Source     string // where the incident comes from ("pagerduty", "statuspage", "platform"), if any
	IncidentID string // the upstream's incident id, if any
	Summary    string // the page's summary
}

// DedupKey derives the key that makes a second press, a retry, or another person on call paging for
// the same incident update the same alert instead of paging twice. The same incident in the same
// environment always gives the same key; without an incident the summary, normalised (case, spaces
// and punctuation ignored), stands for it, hashed so the key stays short and has no spaces.
func DedupKey(s Subject) string {
	env := slug(s.Env)
	if env == "" {
		env = "default"
	}
	var key string
	if strings.TrimSpace(s.IncidentID) != "" {
		src := slug(s.Source)
		if src == "" {
			src = "incident"
		}
		key = "opsdeck/" + env + "/" + src + "/" + slug(s.IncidentID)
	} else {
		sum := sha256.Sum256([]byte(normalise(s.Summary)))
		key = "opsdeck/" + env + "/summary/" + hex.EncodeToString(sum[:8])
	}
	if len(key) > MaxDedupKey {
		sum := sha256.Sum256([]byte(key))
		key = key[:MaxDedupKey-17] + "-" + hex.EncodeToString(sum[:8])
	}
	return key
}

// normalise keeps letters and digits, lowercased, one space between words.
func normalise(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	return strings.Join(f, " ")
}

// slug keeps a key part to letters, digits, '-', '_' and '.', so keys read well in URLs and UIs.
func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)), r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}
