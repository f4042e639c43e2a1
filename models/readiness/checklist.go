// Package readiness is the operational-readiness checklist of an Atlassian cloud app and the pure
// rules around it: every item cites the seed document and section it comes from, live evidence is
// computed from observations passed in (never fetched here), answers are validated against that
// evidence, and progress, the pipeline check and the Markdown export for the approval ticket are
// derived from items, answers and evidence. It does no I/O and never reads the clock.
package readiness

// The checklist's sections, in the order they are shown and walked.
const (
	SectionSLA         = "Service level agreement"
	SectionPerformance = "Performance"
	SectionMaintenance = "Maintenance"
	SectionContinuity  = "Business continuity"
	SectionSupport     = "Support"
	SectionFortified   = "Cloud Fortified"
	SectionTicket      = "Approval ticket"
	SectionDevelopment = "Development"
)

// Sections returns the section names in walk order.
func Sections() []string {
	return []string{SectionSLA, SectionPerformance, SectionMaintenance, SectionContinuity,
		SectionSupport, SectionFortified, SectionTicket, SectionDevelopment}
}

// Citation names where an item comes from: a seed file, one of its section headings, and a phrase
// quoted from that section.
type Citation struct {
	Seed    string // seed file name, "000_03458319a446afb3.txt"
	Section string // a heading of that seed, exactly as written
	Quote   string // words of that section the item rests on
}

// String is the short form shown on screen: "seed 000 · Publish your SLA".
func (c Citation) String() string { return "seed " + SeedNumber(c.Seed) + " · " + c.Section }

// Item is one question of the checklist.
type Item struct {
	// ID is stable across releases: answers files refer to items by it.
	ID string
	// Section is one of the Section* constants.
	Section string
	// Title is a few words naming the item in lists.
	Title string
	// Question is what the team answers.
	Question string
	// Why is why it matters, in the seed's terms.
	Why string
	// Cites are the seed passages the item comes from; never empty.
	Cites []Citation
	// Required items must be passed or marked not applicable for `opsdeck readiness check` to succeed.
	Required bool
	// Ticket, when set, is the approval-ticket heading this item answers (seed 002): the Markdown
	// export lists every such item, answered or marked missing.
	Ticket string
	// Evidence are the live checks that bear on the item.
	Evidence []Rule
}

// Checklist returns every item in walk order (section order, then the order within a section).
// The slice is a fresh copy: callers may keep or change it.
func Checklist() []Item {
	out := make([]Item, 0, len(items))
	for _, s := range Sections() {
		for _, it := range items {
			if it.Section == s {
				it.Cites = append([]Citation(nil), it.Cites...)
				it.Evidence = append([]Rule(nil), it.Evidence...)
				out = append(out, it)
			}
		}
	}
	return out
}

// Find returns the item with id.
func Find(id string) (Item, bool) {
	for _, it := range items {
		if it.ID == id {
			return it, true
		}
	}
	return Item{}, false
}

// Index returns the position of id in list, or -1.
func Index(list []Item, id string) int {
	for i, it := range list {
		if it.ID == id {
			return i
		}
	}
	return -1
}

const (
	seed000 = "000_03458319a446afb3.txt"
	seed001 = "001_837e3ae390f22e52.txt"
	seed002 = "002_11342fb64186dd7a.txt"
	seed004 = "004_6a19b2e869bcab1e.txt"
)

func cite(seed, section, quote string) Citation {
	return Citation{Seed: seed, Section: section, Quote: quote}
}
