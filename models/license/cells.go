package license

import (
	"math/bits"
	"strconv"
	"strings"
)

// Column is one column of the tenant table, shared by the Tenants tab, `get tenants` and the index.
type Column uint8

// The tenant table columns, in display order.
const (
	ColHost Column = iota
	ColCloudID
	ColProduct
	ColType
	ColState
	ColDays
	ColTier
	ColSince
	ColAnomaly
	NumColumns
)

var columnTitles = [NumColumns]string{"SITE", "CLOUD ID", "PRODUCT", "LICENSE", "STATE", "DAYS", "TIER", "INSTALLED", "ANOMALY"}
var columnNames = [NumColumns]string{"site", "cloud-id", "product", "license", "state", "days", "tier", "installed", "anomaly"}

// Title is the column's header.
func (c Column) Title() string { return columnTitles[c] }

// String is the column's lowercase name, as --sort and the sort indicator spell it.
func (c Column) String() string { return columnNames[c] }

// ParseColumn reads a column name as String writes it.
func ParseColumn(s string) (Column, bool) {
	for i, n := range columnNames {
		if n == s {
			return Column(i), true
		}
	}
	return 0, false
}

// Cell is the text of column c for tenant t, as every view shows it.
func (t *Tenant) Cell(c Column) string {
	switch c {
	case ColHost:
		return t.Host
	case ColCloudID:
		return t.CloudID()
	case ColProduct:
		return t.Product
	case ColType:
		return string(t.Type())
	case ColState:
		return t.Life.State.String()
	case ColDays:
		return t.Life.DaysText()
	case ColTier:
		return t.Tier()
	case ColSince:
		if t.InstalledSince.IsZero() {
			return ""
		}
		return t.InstalledSince.Format("2006-01-02")
	case ColAnomaly:
		return t.Anomalies.String()
	}
	return ""
}

// DaysText is the DAYS cell: days left for a trial or a cancelled license ("12d left", "ends
// today"), the next renewal of an active one ("renews 40d"), the countdown to data removal once a
// cancellation has taken effect ("removal 9d"), or "data removed".
func (lc Lifecycle) DaysText() string {
	if !lc.HasEnd {
		return ""
	}
	switch lc.State {
	case StateTrial, StateCancelled:
		switch {
		case lc.DaysLeft > 0:
			return strconv.Itoa(lc.DaysLeft) + "d left"
		case lc.DaysLeft == 0:
			return "ends today"
		}
		return "ended " + strconv.Itoa(-lc.DaysLeft) + "d ago"
	case StateActive:
		if lc.DaysLeft >= 0 {
			return "renews " + strconv.Itoa(lc.DaysLeft) + "d"
		}
		return "overdue " + strconv.Itoa(-lc.DaysLeft) + "d"
	case StateExpired:
		switch {
		case lc.RemovalDate.IsZero():
			return ""
		case lc.DaysToRemoval > 0:
			return "removal " + strconv.Itoa(lc.DaysToRemoval) + "d"
		case lc.DaysToRemoval == 0:
			return "removal today"
		}
		return "data removed"
	}
	return ""
}

// urgency orders the DAYS column: the soonest deadline first (a trial or billing period ending, a
// data removal), renewals after, what has no deadline last.
func (lc Lifecycle) urgency() int {
	if !lc.HasEnd {
		return 1 << 30
	}
	switch lc.State {
	case StateTrial, StateCancelled:
		return lc.DaysLeft
	case StateActive:
		return 1<<20 + lc.DaysLeft
	case StateExpired:
		if lc.DaysToRemoval >= 0 {
			return lc.DaysToRemoval
		}
		return 1<<21 - lc.DaysToRemoval
	}
	return 1 << 30
}

// anomalyRank orders the ANOMALY column: tenants with an anomaly first, the most serious first
// (unlicensed, then not installed, duplicate, URL changed, trial length).
func (a Anomaly) rank() int {
	if a == 0 {
		return 1 << 16
	}
	return bits.TrailingZeros8(uint8(a))<<8 | int(a)
}

// searchText appends t's lowered search text to b: every cell plus the identifiers a person may paste
// (client keys, former hosts, SEN and entitlement numbers, company), fields separated by 0 so that no
// query matches across two of them.
func (t *Tenant) searchText(b []byte) []byte {
	add := func(s string) {
		if s == "" {
			return
		}
		b = append(b, 0)
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c >= 0x80 { // non-ASCII: lower the rest properly
				b = append(b, strings.ToLower(s[i:])...)
				return
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
		}
	}
	for c := Column(0); c < NumColumns; c++ {
		if c == ColAnomaly {
			if t.Anomalies != 0 {
				add("anomaly") // `/anomaly` lists every tenant with one
			}
			for _, w := range t.Anomalies.Words() {
				add(w)
			}
			continue
		}
		add(t.Cell(c))
	}
	if t.IDKind != IDCloud {
		add(t.ID)
	}
	for _, h := range t.Hosts[min(1, len(t.Hosts)):] {
		add(h)
	}
	for i := range t.Installs {
		add(t.Installs[i].ClientKey)
	}
	if l := t.License; l != nil {
		add(l.Company)
		add(l.LicenseID)
		if l.AppEntitlementNumber != l.LicenseID {
			add(l.AppEntitlementNumber)
		}
	}
	return b
}
