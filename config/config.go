package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// File is a whole config file: settings shared by every environment and the environments.
type File struct {
	Path       string              `toml:"-"`
	DefaultEnv string              `toml:"default_env"` // the environment used without --env
	Theme      string              `toml:"theme"`       // dark, light, high-contrast, mono or a user theme
	ThemesDir  string              `toml:"themes_dir"`  // user themes; default $XDG_CONFIG_HOME/opsdeck/themes
	ReadOnly   bool                `toml:"readonly"`    // refuse every action in every environment
	Keys       map[string][]string `toml:"keys"`        // action name -> keys; [] unbinds
	Envs       map[string]*Env     `toml:"env"`

	loc *locator
}

// Env is one environment (prod, staging...): its upstreams and its safety settings.
type Env struct {
	Name         string `toml:"-"`
	ReadOnly     bool   `toml:"readonly"`      // refuse every action in this environment
	ConfirmTyped bool   `toml:"confirm_typed"` // every action needs the target's name typed to confirm

	Health             Health              `toml:"health"`
	Prometheus         Prometheus          `toml:"prometheus"`
	SLOs               []SLO               `toml:"slo"`
	MaintenanceWindows []MaintenanceWindow `toml:"maintenance_window"`
	Marketplace        Marketplace         `toml:"marketplace"`
	Installations      Installations       `toml:"installations"`
	Statuspage         Statuspage          `toml:"statuspage"`
	Platform           Platform            `toml:"platform"`
	PagerDuty          PagerDuty           `toml:"pagerduty"`
	Opsgenie           Opsgenie            `toml:"opsgenie"`
	Pager              Pager               `toml:"pager"`
	Heroku             Heroku              `toml:"heroku"`
	Kubernetes         Kubernetes          `toml:"kubernetes"`
	Readiness          Readiness           `toml:"readiness"`
}

// ErrNotFound is returned by Find when no config file exists in any looked-up place.
var ErrNotFound = errors.New("no config file found")

// Find returns the config path in lookup order: flag, $OPSDECK_CONFIG, $XDG_CONFIG_HOME/opsdeck/config.toml,
// ~/.config/opsdeck/config.toml. A path given by flag or variable must exist; the defaults may not.
func Find(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	if p := os.Getenv("OPSDECK_CONFIG"); p != "" {
		return p, nil
	}
	var cands []string
	if x := os.Getenv("XDG_CONFIG_HOME"); x != "" {
		cands = append(cands, filepath.Join(x, "opsdeck", "config.toml"))
	}
	if h, err := os.UserHomeDir(); err == nil {
		cands = append(cands, filepath.Join(h, ".config", "opsdeck", "config.toml"))
	}
	for _, c := range cands {
		if _, err := os.Stat(c); err == nil {
			return c, nil
		}
	}
	return "", ErrNotFound
}

// Load reads and validates the file at path. It returns the decoded file (as much as could be
// decoded) and every problem found; warnings alone do not make the file unusable.
func Load(path string) (*File, Problems) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, Problems{{File: path, Msg: fmt.Sprintf("cannot read: %v", pathErr(err))}}
	}
	f, ps := Parse(path, string(src))
	if f != nil {
		ps = append(ps, checkPermissions(path, f)...)
	}
	return f, ps.sorted()
}

// Parse decodes src (named path in messages) and validates it.
func Parse(path, src string) (*File, Problems) {
	var ps Problems
	add := func(line int, key, msg string, warn bool) {
		ps = append(ps, Problem{File: path, Line: line, Key: key, Msg: msg, Warning: warn})
	}
	var raw struct {
		DefaultEnv string                    `toml:"default_env"`
		Theme      string                    `toml:"theme"`
		ThemesDir  string                    `toml:"themes_dir"`
		ReadOnly   bool                      `toml:"readonly"`
		Keys       toml.Primitive            `toml:"keys"`
		Envs       map[string]toml.Primitive `toml:"env"`
	}
	md, err := toml.Decode(src, &raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			add(pe.Position.Line, pe.LastKey, pe.Message, false)
		} else {
			add(0, "", err.Error(), false)
		}
		return nil, ps
	}
	f := &File{Path: path, DefaultEnv: raw.DefaultEnv, Theme: raw.Theme, ThemesDir: raw.ThemesDir,
		ReadOnly: raw.ReadOnly, Envs: map[string]*Env{}, loc: newLocator(src)}
	failed := map[string]bool{} // key prefixes whose decode failed; their keys are not "unknown"
	if md.IsDefined("keys") {
		if err := md.PrimitiveDecode(raw.Keys, &f.Keys); err != nil {
			add(f.loc.line("keys"), "keys", "every key binding is a list of key names, for example quit = [\"q\", \"ctrl+c\"]", false)
			failed["keys"] = true
		}
	}
	names := make([]string, 0, len(raw.Envs))
	for n := range raw.Envs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		env := &Env{Name: name}
		var sections map[string]toml.Primitive
		if err := md.PrimitiveDecode(raw.Envs[name], &sections); err != nil {
			add(f.loc.line("env."+name), "env."+name, "must be a table of sections", false)
			continue
		}
		ev := reflect.ValueOf(env).Elem()
		fields := tomlFields(ev.Type())
		for key, prim := range sections {
			idx, ok := fields[key]
			path := "env." + name + "." + key
			if !ok {
				continue // reported below as undecoded
			}
			if err := md.PrimitiveDecode(prim, ev.Field(idx).Addr().Interface()); err != nil {
				line, k := f.loc.line(path), path
				var pe toml.ParseError
				if errors.As(err, &pe) {
					if pe.Position.Line > 0 {
						line = pe.Position.Line
					}
					if pe.LastKey != "" {
						k = pe.LastKey
					}
					add(line, k, typeMsg(pe.Message), false)
				} else if m := lineKeyRe.FindStringSubmatch(err.Error()); m != nil {
					line, _ = strconv.Atoi(m[1])
					add(line, m[2], typeMsg(m[3]), false)
				} else {
					add(line, k, typeMsg(err.Error()), false)
				}
				failed[path] = true
			}
		}
		f.Envs[name] = env
	}
	for _, k := range md.Undecoded() {
		key := k.String()
		if skipUndecoded(key, failed) {
			continue
		}
		add(f.loc.line(key), key, "unknown key"+suggest(key), false)
	}
	if len(f.Envs) == 0 {
		add(0, "env", "no environment: add at least one [env.NAME] table", false)
	}
	if f.DefaultEnv != "" && f.Envs[f.DefaultEnv] == nil && len(f.Envs) > 0 {
		add(f.loc.line("default_env"), "default_env", fmt.Sprintf("names environment %q, which is not defined (have %s)", f.DefaultEnv, strings.Join(names, ", ")), false)
	}
	for _, name := range names {
		if e := f.Envs[name]; e != nil {
			ps = append(ps, f.validateEnv(e)...)
		}
	}
	return f, ps.sorted()
}

var lineKeyRe = regexp.MustCompile(`line (\d+) \(last key "([^"]*)"\): (.*)`)

func typeMsg(m string) string {
	m = strings.TrimPrefix(m, "toml: ")
	if strings.Contains(m, "incompatible types") || strings.Contains(m, "cannot") {
		return "wrong type: " + m
	}
	return m
}

func skipUndecoded(key string, failed map[string]bool) bool {
	for p := range failed {
		if key == p || strings.HasPrefix(key, p+".") {
			return true
		}
	}
	return false
}

// suggest names the nearest known top-level or section key for an unknown one (a typo hint).
func suggest(key string) string {
	parts := strings.Split(key, ".")
	last := parts[len(parts)-1]
	var known []string
	switch {
	case len(parts) >= 3 && parts[0] == "env":
		t := reflect.TypeOf(Env{})
		for _, p := range parts[2 : len(parts)-1] {
			idx, ok := tomlFieldsDeep(t)[p]
			if !ok {
				return ""
			}
			t = t.FieldByIndex(idx).Type
			if t.Kind() == reflect.Slice {
				t = t.Elem()
			}
			if t.Kind() != reflect.Struct {
				return ""
			}
		}
		for k := range tomlFieldsDeep(t) {
			known = append(known, k)
		}
	case len(parts) == 1:
		known = []string{"default_env", "theme", "themes_dir", "readonly", "keys", "env"}
	}
	best, bestD := "", 3
	for _, k := range known {
		if d := editDistance(last, k); d < bestD {
			best, bestD = k, d
		}
	}
	if best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev = cur
	}
	return prev[len(b)]
}

// tomlFieldsDeep maps a struct's toml names, embedded structs included, to field index paths.
func tomlFieldsDeep(t reflect.Type) map[string][]int {
	out := map[string][]int{}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if sf.Anonymous && sf.Type.Kind() == reflect.Struct {
			for k, idx := range tomlFieldsDeep(sf.Type) {
				out[k] = append([]int{i}, idx...)
			}
			continue
		}
		tag := strings.Split(sf.Tag.Get("toml"), ",")[0]
		if tag != "" && tag != "-" {
			out[tag] = []int{i}
		}
	}
	return out
}

// tomlFields maps a struct's toml names to field indexes.
func tomlFields(t reflect.Type) map[string]int {
	out := map[string]int{}
	for i := 0; i < t.NumField(); i++ {
		tag := strings.Split(t.Field(i).Tag.Get("toml"), ",")[0]
		if tag != "" && tag != "-" {
			out[tag] = i
		}
	}
	return out
}

// Env returns the environment called name, or the default one when name is empty: default_env, else
// the only one, else "prod" or "production" when defined.
func (f *File) Env(name string) (*Env, error) {
	if name == "" {
		name = f.DefaultEnv
	}
	if name == "" {
		switch {
		case len(f.Envs) == 1:
			for n := range f.Envs {
				name = n
			}
		case f.Envs["prod"] != nil:
			name = "prod"
		case f.Envs["production"] != nil:
			name = "production"
		default:
			return nil, fmt.Errorf("%s: several environments (%s) and no default_env: choose one with --env", f.Path, strings.Join(f.EnvNames(), ", "))
		}
	}
	e := f.Envs[name]
	if e == nil {
		return nil, fmt.Errorf("%s: no environment %q (have %s)", f.Path, name, strings.Join(f.EnvNames(), ", "))
	}
	return e, nil
}

// EnvNames lists the environments, sorted.
func (f *File) EnvNames() []string {
	names := make([]string, 0, len(f.Envs))
	for n := range f.Envs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Problem builds a problem at key in this file, with its line, for checks made outside this package
// (key names of the [keys] table, for example).
func (f *File) Problem(key, msg string, warn bool) Problem {
	line := 0
	if f.loc != nil {
		line = f.loc.find(key)
	}
	return Problem{File: f.Path, Line: line, Key: key, Msg: msg, Warning: warn}
}

// Encode writes f as TOML (secrets inline are written as they are: used for the simulator's config).
func (f *File) Encode() (string, error) {
	var b strings.Builder
	err := toml.NewEncoder(&b).Encode(f)
	return b.String(), err
}

func checkPermissions(path string, f *File) Problems {
	inline := false
	for _, e := range f.Envs {
		walkUpstreams(reflect.ValueOf(e).Elem(), "", func(_ string, c *Credentials) {
			if c.Token != "" {
				inline = true
			}
		})
	}
	if !inline {
		return nil
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm()&0o077 == 0 {
		return nil
	}
	return Problems{{File: path, Key: "", Msg: fmt.Sprintf("holds an inline secret but is readable by group or others (mode %04o); run: chmod 600 %s", st.Mode().Perm(), path)}}
}

// walkUpstreams calls fn for every Credentials value reachable in v, with its dotted path.
func walkUpstreams(v reflect.Value, path string, fn func(path string, c *Credentials)) {
	switch v.Kind() {
	case reflect.Struct:
		if c, ok := v.Addr().Interface().(*Credentials); ok {
			fn(path, c)
			return
		}
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			if !sf.IsExported() {
				continue
			}
			name := strings.Split(sf.Tag.Get("toml"), ",")[0]
			p := path
			if !sf.Anonymous && name != "-" {
				if name == "" {
					name = sf.Name
				}
				p = join(path, name)
			}
			walkUpstreams(v.Field(i), p, fn)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walkUpstreams(v.Index(i), fmt.Sprintf("%s[%d]", path, i), fn)
		}
	}
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}
