// Package installations reads the app's own record of where it is installed from its PostgreSQL
// database, read-only: the atlassian_host table of atlassian-connect-spring-boot, the AddonSettings
// table of atlassian-connect-express (the installed payload under the clientInfo key), or a custom
// SELECT (../shared/notes/real-postgres.md sections 4-6). Each row becomes a license.Installation:
// client key, base URL, cloud id when the store knows it, product, installed flag and dates.
//
// Every read runs in a READ ONLY transaction on a session whose default_transaction_read_only is on,
// so a mistaken custom query cannot write; give the console a role with SELECT only for a real
// guarantee (the read-only settings are a guard against mistakes, not a permission).
package installations

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/opsdeck/opsdeck/models/license"
	"github.com/opsdeck/opsdeck/sources/httpx"
)

// The presets: which framework's schema the database holds.
const (
	PresetSpringBoot = "spring-boot" // atlassian-connect-spring-boot: table atlassian_host
	PresetExpress    = "express"     // atlassian-connect-express: table "AddonSettings", key clientInfo
	PresetCustom     = "custom"      // Config.Query
)

// Presets lists the preset names.
func Presets() []string { return []string{PresetSpringBoot, PresetExpress, PresetCustom} }

// DefaultTimeout bounds one read (connect and query) when the config sets none.
const DefaultTimeout = 30 * time.Second

// Config is what a Source needs.
type Config struct {
	// DSN is a postgres:// URL or key=value string without the password.
	DSN string
	// Password, when set, is used instead of one in the DSN.
	Password httpx.Secret
	Preset   string
	// Table is the [schema.]table to read; atlassian_host or AddonSettings by default. Names are used
	// as written (case-sensitive), so "AddonSettings" needs no quotes.
	Table string
	// Query is the SELECT of the custom preset. Its columns are matched by name: client_key and
	// base_url are required; cloud_id, product_type, installed, created, updated, display_url are
	// read when present.
	Query   string
	Timeout time.Duration
}

// Source reads installations. It is safe for concurrent use: each read opens its own connection.
type Source struct {
	cfg  *pgx.ConnConfig
	pass httpx.Secret
	pre  string
	tbl  table
	q    string
	wait time.Duration
}

// New checks the config; it does not connect.
func New(cfg Config) (*Source, error) {
	pc, err := pgx.ParseConfig(cfg.DSN)
	if err != nil {
		return nil, fmt.Errorf("installations: dsn: %s", httpx.Redact(err.Error(), cfg.Password))
	}
	if !cfg.Password.IsZero() {
		pc.Password = cfg.Password.Reveal()
	}
	if pc.RuntimeParams == nil {
		pc.RuntimeParams = map[string]string{}
	}
	// A guard against mistakes: every transaction of the session is read-only unless one asks
	// otherwise, and the queries below never do (notes section 6).
	pc.RuntimeParams["default_transaction_read_only"] = "on"
	pc.RuntimeParams["application_name"] = "opsdeck"
	s := &Source{cfg: pc, pass: cfg.Password, pre: cfg.Preset, q: strings.TrimSpace(cfg.Query), wait: cfg.Timeout}
	if s.wait <= 0 {
		s.wait = DefaultTimeout
	}
	pc.RuntimeParams["statement_timeout"] = strconv.FormatInt(s.wait.Milliseconds(), 10)
	switch cfg.Preset {
	case PresetSpringBoot:
		s.tbl = parseTable(cfg.Table, "atlassian_host")
	case PresetExpress:
		s.tbl = parseTable(cfg.Table, "AddonSettings")
	case PresetCustom:
		head := strings.ToUpper(strings.Fields(s.q + " x")[0])
		if head != "SELECT" && head != "WITH" {
			return nil, errors.New("installations: the custom preset needs a query that starts with SELECT or WITH")
		}
	default:
		return nil, fmt.Errorf("installations: preset %q is not one of %s", cfg.Preset, strings.Join(Presets(), ", "))
	}
	return s, nil
}

// table is a possibly schema-qualified table name.
type table struct{ schema, name string }

func parseTable(raw, def string) table {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return table{name: def}
	}
	unq := func(s string) string { return strings.Trim(strings.TrimSpace(s), `"`) }
	if schema, name, ok := strings.Cut(raw, "."); ok {
		return table{schema: unq(schema), name: unq(name)}
	}
	return table{name: unq(raw)}
}

// sql is the quoted name for a query.
func (t table) sql() string {
	if t.schema == "" {
		return pgx.Identifier{t.name}.Sanitize()
	}
	return pgx.Identifier{t.schema, t.name}.Sanitize()
}

func (t table) String() string {
	if t.schema == "" {
		return t.name
	}
	return t.schema + "." + t.name
}

// Installations reads every installation record, in client key order.
func (s *Source) Installations(ctx context.Context) ([]license.Installation, error) {
	ctx, cancel := context.WithTimeout(ctx, s.wait)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, s.cfg)
	if err != nil {
		return nil, s.wrap("connect", err)
	}
	defer conn.Close(context.Background())
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, s.wrap("begin read-only transaction", err)
	}
	defer tx.Rollback(context.Background()) // nothing to keep: it only read
	var query string
	switch s.pre {
	case PresetSpringBoot:
		if query, err = s.springBootQuery(ctx, tx); err != nil {
			return nil, err
		}
	case PresetExpress:
		query = expressQuery(s.tbl)
	default:
		query = s.q
	}
	rows, err := tx.Query(ctx, query)
	if err != nil {
		return nil, s.wrap("query "+s.what(), err)
	}
	out, err := scan(rows)
	if err != nil {
		return out, s.wrap("read "+s.what(), err)
	}
	return out, nil
}

func (s *Source) what() string {
	if s.pre == PresetCustom {
		return "(custom query)"
	}
	return s.tbl.String()
}

// wrap makes a database error readable: the step, the server's message and SQLSTATE, a hint for
// the common causes, never the password.
func (s *Source) wrap(step string, err error) error {
	msg := err.Error()
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		msg = fmt.Sprintf("%s (SQLSTATE %s)", pe.Message, pe.Code)
		switch pe.Code {
		case "42P01":
			msg += ": check preset, table and schema"
		case "42501":
			msg += ": grant the console's role USAGE on the schema and SELECT on the table"
		case "25006":
			msg += ": the installations source only reads"
		case "28P01", "28000":
			msg += ": check the user and the password source (token_env, token_file or token_cmd)"
		}
	} else if errors.Is(err, context.DeadlineExceeded) {
		msg = "timed out after " + s.wait.String()
	}
	return fmt.Errorf("installations: %s: %s", step, httpx.Redact(msg, s.pass))
}
