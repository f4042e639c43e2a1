package readiness

// Progress counts the answers of one section (or of the whole checklist).
type Progress struct {
	Section                        string
	Total, Passed, Failed, NotAppl int
}

// Answered is how many items have a verdict.
func (p Progress) Answered() int { return p.Passed + p.Failed + p.NotAppl }

// Open is how many items have none.
func (p Progress) Open() int { return p.Total - p.Answered() }

// Ratio is the share answered, in [0, 1]; 0 for an empty section.
func (p Progress) Ratio() float64 {
	if p.Total == 0 {
		return 0
	}
	return float64(p.Answered()) / float64(p.Total)
}

// BySection counts answers per section, in section order, skipping empty sections.
func BySection(list []Item, s Sheet) []Progress {
	var out []Progress
	for _, sec := range Sections() {
		p := Progress{Section: sec}
		for _, it := range list {
			if it.Section != sec {
				continue
			}
			p.Total++
			switch s.Answers[it.ID].Verdict {
			case VerdictPass:
				p.Passed++
			case VerdictFail:
				p.Failed++
			case NotApplicable:
				p.NotAppl++
			}
		}
		if p.Total > 0 {
			out = append(out, p)
		}
	}
	return out
}

// Sum adds progress rows into one named "All".
func Sum(ps []Progress) Progress {
	t := Progress{Section: "All"}
	for _, p := range ps {
		t.Total += p.Total
		t.Passed += p.Passed
		t.Failed += p.Failed
		t.NotAppl += p.NotAppl
	}
	return t
}
