// Package themes holds every style opsdeck draws with, named by role, never by colour: the built-in
// themes and user themes read from TOML files.
package themes

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Theme is every style opsdeck draws with. Views use roles (OK, Down...), never colours, and every
// state they colour also carries a word or a letter, so Mono reads the same.
type Theme struct {
	Name string

	Title, Text, Muted, Border, Focus, Badge lipgloss.Style
	Tab, ActiveTab, Selected, Header         lipgloss.Style
	OK, Degraded, Down, Stale, Alarm         lipgloss.Style
	Sev1, Sev2, Sev3                         lipgloss.Style
	Banner, Flash, Error                     lipgloss.Style
}

// Palette is the handful of colours a theme is made from; nil means "terminal default".
type Palette struct {
	Fg, Muted, Accent, AccentFg, Border, SelBg, SelFg color.Color
	OK, Warn, Bad, Alarm, AlarmFg, Info               color.Color
}

// FromPalette builds a Theme from a palette. Styles that carry meaning also use an attribute (bold,
// reverse, underline) so they stay distinct when colour is dropped.
func FromPalette(name string, p Palette) Theme {
	s := lipgloss.NewStyle
	fg := func(c color.Color) lipgloss.Style {
		if c == nil {
			return s()
		}
		return s().Foreground(c)
	}
	bg := func(st lipgloss.Style, c color.Color) lipgloss.Style {
		if c == nil {
			return st
		}
		return st.Background(c)
	}
	return Theme{
		Name:      name,
		Title:     fg(p.Accent).Bold(true),
		Text:      fg(p.Fg),
		Muted:     fg(p.Muted).Faint(p.Muted == nil),
		Border:    fg(p.Border),
		Focus:     fg(p.Accent).Bold(true),
		Badge:     bg(fg(p.AccentFg).Bold(true).Reverse(p.Accent == nil), p.Accent).Padding(0, 1),
		Tab:       fg(p.Muted),
		ActiveTab: bg(fg(p.AccentFg).Bold(true).Reverse(p.Accent == nil), p.Accent),
		Selected:  bg(fg(p.SelFg).Bold(true).Reverse(p.SelBg == nil), p.SelBg),
		Header:    fg(p.Accent).Bold(true).Underline(true),
		OK:        fg(p.OK),
		Degraded:  fg(p.Warn).Bold(true),
		Down:      fg(p.Bad).Bold(true),
		Stale:     fg(p.Warn).Italic(true),
		Alarm:     bg(fg(p.AlarmFg).Bold(true).Reverse(p.Alarm == nil), p.Alarm),
		Sev1:      bg(fg(p.AlarmFg).Bold(true).Reverse(p.Alarm == nil), p.Alarm),
		Sev2:      fg(p.Bad).Bold(true),
		Sev3:      fg(p.Warn),
		Banner:    bg(fg(p.AlarmFg).Bold(true).Reverse(p.Info == nil), p.Info),
		Flash:     fg(p.Accent).Bold(true),
		Error:     fg(p.Bad).Bold(true),
	}
}

// Dark is the default theme, for dark terminal backgrounds.
func Dark() Theme { p, _ := basePalette("dark"); return FromPalette("dark", p) }

// Light is for light terminal backgrounds.
func Light() Theme { p, _ := basePalette("light"); return FromPalette("light", p) }

// HighContrast uses only the 16 basic colours at full intensity, for low vision and projectors.
func HighContrast() Theme {
	return FromPalette("high-contrast", Palette{
		Fg: lipgloss.BrightWhite, Muted: lipgloss.White, Accent: lipgloss.BrightYellow, AccentFg: lipgloss.Black,
		Border: lipgloss.White, SelBg: lipgloss.BrightWhite, SelFg: lipgloss.Black, OK: lipgloss.BrightGreen,
		Warn: lipgloss.BrightYellow, Bad: lipgloss.BrightRed, Alarm: lipgloss.BrightRed, AlarmFg: lipgloss.BrightWhite,
		Info: lipgloss.BrightBlue,
	})
}

// Mono uses no colour at all: bold, reverse, underline and words carry everything. NO_COLOR,
// CLICOLOR=0 and TERM=dumb choose it.
func Mono() Theme { return FromPalette("mono", Palette{}) }

// Builtin returns the built-in theme called name.
func Builtin(name string) (Theme, bool) {
	switch name {
	case "", "dark":
		return Dark(), true
	case "light":
		return Light(), true
	case "high-contrast", "highcontrast":
		return HighContrast(), true
	case "mono":
		return Mono(), true
	}
	return Theme{}, false
}

// Names lists the built-in themes.
func Names() []string { return []string{"dark", "light", "high-contrast", "mono"} }
