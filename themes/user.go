package themes

import (
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/BurntSushi/toml"
)

// userFile is a user theme: a base built-in and role colours over it, as "#rrggbb" or an ANSI number.
type userFile struct {
	Base     string `toml:"base"`
	Fg       string `toml:"fg"`
	Muted    string `toml:"muted"`
	Accent   string `toml:"accent"`
	AccentFg string `toml:"accent_fg"`
	Border   string `toml:"border"`
	SelBg    string `toml:"selected_bg"`
	SelFg    string `toml:"selected_fg"`
	OK       string `toml:"ok"`
	Warn     string `toml:"warn"`
	Bad      string `toml:"bad"`
	Alarm    string `toml:"alarm"`
	AlarmFg  string `toml:"alarm_fg"`
	Info     string `toml:"info"`
}

var colourRe = regexp.MustCompile(`^(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}|[0-9]{1,3})$`)

// basePalettes returns the palette of a built-in, for user themes to start from.
func basePalette(name string) (Palette, bool) {
	c := lipgloss.Color
	switch name {
	case "", "dark":
		return Palette{Fg: c("252"), Muted: c("245"), Accent: c("75"), AccentFg: c("16"), Border: c("240"),
			SelBg: c("237"), SelFg: c("231"), OK: c("78"), Warn: c("214"), Bad: c("203"), Alarm: c("196"),
			AlarmFg: c("231"), Info: c("25")}, true
	case "light":
		return Palette{Fg: c("235"), Muted: c("242"), Accent: c("25"), AccentFg: c("231"), Border: c("249"),
			SelBg: c("254"), SelFg: c("16"), OK: c("28"), Warn: c("130"), Bad: c("160"), Alarm: c("160"),
			AlarmFg: c("231"), Info: c("25")}, true
	case "mono":
		return Palette{}, true
	}
	return Palette{}, false
}

// LoadFile reads a user theme file. Problems name the file, line and key.
func LoadFile(path string) (Theme, error) {
	var u userFile
	md, err := toml.DecodeFile(path, &u)
	if err != nil {
		return Theme{}, fmt.Errorf("theme %s: %w", path, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return Theme{}, fmt.Errorf("theme %s: unknown key %q", path, und[0].String())
	}
	p, ok := basePalette(u.Base)
	if !ok {
		return Theme{}, fmt.Errorf("theme %s: base %q is not dark, light or mono", path, u.Base)
	}
	set := func(dst *color.Color, key, v string) error {
		if v == "" {
			return nil
		}
		if !colourRe.MatchString(v) {
			return fmt.Errorf("theme %s: %s: %q is not a colour (write \"#rrggbb\" or an ANSI number 0-255)", path, key, v)
		}
		*dst = lipgloss.Color(v)
		return nil
	}
	for _, f := range []struct {
		dst *color.Color
		key string
		v   string
	}{{&p.Fg, "fg", u.Fg}, {&p.Muted, "muted", u.Muted}, {&p.Accent, "accent", u.Accent},
		{&p.AccentFg, "accent_fg", u.AccentFg}, {&p.Border, "border", u.Border}, {&p.SelBg, "selected_bg", u.SelBg},
		{&p.SelFg, "selected_fg", u.SelFg}, {&p.OK, "ok", u.OK}, {&p.Warn, "warn", u.Warn}, {&p.Bad, "bad", u.Bad},
		{&p.Alarm, "alarm", u.Alarm}, {&p.AlarmFg, "alarm_fg", u.AlarmFg}, {&p.Info, "info", u.Info}} {
		if err := set(f.dst, f.key, f.v); err != nil {
			return Theme{}, err
		}
	}
	name := strings.TrimSuffix(filepath.Base(path), ".toml")
	return FromPalette(name, p), nil
}

// Lookup finds a theme by name: a built-in, or dir/NAME.toml.
func Lookup(name, dir string) (Theme, error) {
	if t, ok := Builtin(name); ok {
		return t, nil
	}
	if dir != "" {
		p := filepath.Join(dir, name+".toml")
		if _, err := os.Stat(p); err == nil {
			return LoadFile(p)
		}
	}
	return Theme{}, fmt.Errorf("no theme %q (built-in: %s; user themes: %s)", name, strings.Join(Names(), ", "), strings.Join(UserNames(dir), ", "))
}

// UserNames lists the user themes in dir.
func UserNames(dir string) []string {
	m, _ := filepath.Glob(filepath.Join(dir, "*.toml"))
	var out []string
	for _, p := range m {
		out = append(out, strings.TrimSuffix(filepath.Base(p), ".toml"))
	}
	sort.Strings(out)
	if len(out) == 0 {
		return []string{"none"}
	}
	return out
}

// NoColor reports whether the environment asks for no colour: NO_COLOR set (any value), CLICOLOR=0 or
// TERM=dumb.
func NoColor(getenv func(string) string) bool {
	if _, ok := os.LookupEnv("NO_COLOR"); ok && getenv == nil {
		return true
	}
	if getenv == nil {
		getenv = os.Getenv
	}
	return getenv("NO_COLOR") != "" || getenv("CLICOLOR") == "0" || getenv("TERM") == "dumb"
}
