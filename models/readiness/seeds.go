package readiness

// Seed is one source document of ../shared/seeds: the rules the checklist is built from.
type Seed struct {
	// File is the seed's file name, as cited in code comments and tests.
	File string
	// Title is what the document is, for people.
	Title string
	// Sections are the document's headings, in order, exactly as they appear on their own line.
	Sections []string
}

// Seeds are the documents the checklist cites. A test checks every heading against the seed text.
var seeds = []Seed{
	{
		File:  "000_03458319a446afb3.txt",
		Title: "Cloud app operations guide (2017)",
		Sections: []string{
			"Define a service level agreement (SLA)",
			"Publish your SLA",
			"Manage your app performance",
			"Performance testing",
			"Monitor your SLA",
			"Maintain your apps",
			"Versioning and upgrading",
			"Test, test, and if you're in doubt... Test some more!",
			"Deprecating or terminating service",
			"Business continuity planning",
			"Provide support",
		},
	},
	{
		File:  "001_837e3ae390f22e52.txt",
		Title: "Add-ons operations guide",
		Sections: []string{
			"1. Defining your Service Level Agreement (SLA)",
			"2. Managing the Performance of your Add-ons",
			"Scalability",
			"Performance testing",
			"Monitoring your SLA",
			"3. Maintaining your Add-ons",
			"Versioning and Upgrading",
			"Maintenance Windows",
			"4. Addressing Business Continuity Planning",
			"5. Providing Support",
		},
	},
	{
		File:  "002_11342fb64186dd7a.txt",
		Title: "Cloud Fortified apps program reliability requirements",
		Sections: []string{
			"Key principles",
			"Creating a reliable experience for customers",
			"Detecting incidents before customers",
			"How to comply",
			"2. Implement synthetic tests:",
			"3. Identify or implement a health check resource (for Connect apps):",
			"4. Submit this information in your approval ticket:",
			"Your app's scalability characteristics",
			"Testing against Developer First Rollout instances",
			"Your service recovery plan",
			"Your existing incident management process",
			"5. Familiarize yourself with our incident management process.",
			"6. Final steps",
			"Deprecation",
		},
	},
	{
		File:  "003_817c9236db34d12c.txt",
		Title: "Incident severity levels for apps",
	},
	{
		File:  "004_6a19b2e869bcab1e.txt",
		Title: "Understanding Atlassian in the cloud",
		Sections: []string{
			"Architecture overview",
			"Software upgrades and system restarts",
			"Purchasing & licensing",
			"Development checklist",
		},
	},
}

// Seeds returns the documents the checklist may cite, in file order.
func Seeds() []Seed {
	out := make([]Seed, len(seeds))
	for i, s := range seeds {
		s.Sections = append([]string(nil), s.Sections...)
		out[i] = s
	}
	return out
}

// SeedNumber returns the short number of a seed file ("002" for "002_11342fb64186dd7a.txt").
func SeedNumber(file string) string {
	if len(file) >= 3 {
		return file[:3]
	}
	return file
}
