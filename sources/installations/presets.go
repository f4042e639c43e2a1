package installations

import (
	"context"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsdeck/opsdeck/models/license"
)

// springBootColumns maps the atlassian_host columns opsdeck reads to the names scan knows. Older
// databases (changeset 1.0.1) have no cloud_id or display_url: the query asks
// information_schema.columns first and selects NULL for what is missing (notes section 4).
var springBootColumns = []struct{ column, as string }{
	{"client_key", "client_key"},
	{"base_url", "base_url"},
	{"cloud_id", "cloud_id"},
	{"product_type", "product_type"},
	{"addon_installed", "installed"}, // kept false after an uninstall, not deleted
	{"created_date", "created"},
	{"last_modified_date", "updated"},
	{"display_url", "display_url"},
}

func (s *Source) springBootQuery(ctx context.Context, tx pgx.Tx) (string, error) {
	var schema any // NULL: the first schema of the search path
	if s.tbl.schema != "" {
		schema = s.tbl.schema
	}
	rows, err := tx.Query(ctx, `SELECT column_name FROM information_schema.columns
		WHERE table_schema = COALESCE($1::text, current_schema()) AND table_name = $2`, schema, s.tbl.name)
	if err != nil {
		return "", s.wrap("columns of "+s.tbl.String(), err)
	}
	have, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", s.wrap("columns of "+s.tbl.String(), err)
	}
	if len(have) == 0 {
		return "", fmt.Errorf("installations: table %s not found (or not readable by this role): check preset, table and schema", s.tbl)
	}
	has := map[string]bool{}
	for _, c := range have {
		has[c] = true
	}
	var cols []string
	for _, c := range springBootColumns {
		if has[c.column] {
			cols = append(cols, pgx.Identifier{c.column}.Sanitize()+" AS "+c.as)
		} else if c.as == "client_key" || c.as == "base_url" {
			return "", fmt.Errorf("installations: table %s has no %s column: is it atlassian-connect-spring-boot's atlassian_host?", s.tbl, c.column)
		} else {
			cols = append(cols, "NULL AS "+c.as)
		}
	}
	return "SELECT " + strings.Join(cols, ", ") + " FROM " + s.tbl.sql() + " ORDER BY client_key", nil
}

// expressQuery reads the clientInfo rows of atlassian-connect-express (notes section 5): the newest
// row per client key (before 6.2.1 ACE inserted duplicates), a value stored as a JSON string
// unwrapped, a TEXT val (old tables) read as JSON, and the base URLs of the older duplicates kept as
// former URLs. The WHERE on "key" stays: other keys of a TEXT val need not be JSON (22P02).
func expressQuery(t table) string {
	return `WITH s AS (
  SELECT id, "clientKey" AS ck, val::jsonb AS v FROM ` + t.sql() + ` WHERE "key" = 'clientInfo'
), c AS (
  SELECT id, ck, CASE jsonb_typeof(v) WHEN 'string' THEN (v #>> '{}')::jsonb ELSE v END AS j FROM s
), r AS (
  SELECT id, ck, j, row_number() OVER (PARTITION BY ck ORDER BY id DESC) AS rn FROM c
)
SELECT r.ck AS client_key, r.j->>'baseUrl' AS base_url, r.j->>'cloudId' AS cloud_id,
       r.j->>'productType' AS product_type, r.j->>'eventType' AS event_type, r.j->>'displayUrl' AS display_url,
       ARRAY(SELECT o.j->>'baseUrl' FROM r o WHERE o.ck = r.ck AND o.rn > 1 AND o.j->>'baseUrl' IS NOT NULL
             AND o.j->>'baseUrl' <> r.j->>'baseUrl' ORDER BY o.id) AS former_base_urls
FROM r WHERE r.rn = 1 ORDER BY r.ck`
}

// scan reads rows by column name into installations.
func scan(rows pgx.Rows) ([]license.Installation, error) {
	defer rows.Close()
	fields := rows.FieldDescriptions()
	if len(fields) == 0 { // the query failed before describing its columns
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	idx := map[string]int{}
	for i, f := range fields {
		idx[strings.ToLower(f.Name)] = i
	}
	for _, need := range []string{"client_key", "base_url"} {
		if _, ok := idx[need]; !ok {
			var names []string
			for _, f := range fields {
				names = append(names, f.Name)
			}
			return nil, fmt.Errorf("the query returns no %s column (it has %s); name the columns client_key, base_url, cloud_id, product_type, installed, created, updated", need, strings.Join(names, ", "))
		}
	}
	var out []license.Installation
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return out, err
		}
		get := func(name string) any {
			if i, ok := idx[name]; ok {
				return vals[i]
			}
			return nil
		}
		row := len(out) + 1
		in := license.Installation{
			ClientKey:  text(get("client_key")),
			BaseURL:    text(get("base_url")),
			CloudID:    text(get("cloud_id")),
			Product:    text(get("product_type")),
			DisplayURL: text(get("display_url")),
		}
		if in.ClientKey == "" {
			return out, fmt.Errorf("row %d has no client key", row)
		}
		if in.Installed, err = flag(get("installed")); err != nil {
			return out, fmt.Errorf("row %d (%s): installed: %w", row, in.ClientKey, err)
		}
		switch strings.ToLower(text(get("event_type"))) {
		case "uninstalled": // an app that stores the uninstall payload over the install one
			in.Installed = license.FlagNo
		case "installed", "enabled", "disabled":
			if in.Installed == license.FlagUnknown {
				in.Installed = license.FlagYes
			}
		}
		if in.Created, err = stamp(get("created")); err != nil {
			return out, fmt.Errorf("row %d (%s): created: %w", row, in.ClientKey, err)
		}
		if in.Updated, err = stamp(get("updated")); err != nil {
			return out, fmt.Errorf("row %d (%s): updated: %w", row, in.ClientKey, err)
		}
		if list, ok := get("former_base_urls").([]any); ok {
			for _, u := range list {
				if s := text(u); s != "" {
					in.FormerBaseURLs = append(in.FormerBaseURLs, s)
				}
			}
		}
		out = append(out, in)
	}
	return out, rows.Err()
}

// text turns a column value into a string: text, a uuid column, or NULL.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return strings.TrimSpace(x)
	case [16]byte: // uuid
		h := hex.EncodeToString(x[:])
		return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}

// flag reads an installed column: boolean, a word, a number, or NULL (unknown).
func flag(v any) (license.Flag, error) {
	switch x := v.(type) {
	case nil:
		return license.FlagUnknown, nil
	case bool:
		if x {
			return license.FlagYes, nil
		}
		return license.FlagNo, nil
	case int16, int32, int64:
		if fmt.Sprint(x) == "0" {
			return license.FlagNo, nil
		}
		return license.FlagYes, nil
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "t", "true", "yes", "y", "1", "installed", "enabled":
			return license.FlagYes, nil
		case "f", "false", "no", "n", "0", "uninstalled":
			return license.FlagNo, nil
		case "":
			return license.FlagUnknown, nil
		}
		return license.FlagUnknown, fmt.Errorf("%q is not a yes/no value", x)
	}
	return license.FlagUnknown, fmt.Errorf("a %T is not a yes/no value", v)
}

// stamp reads a date column: timestamp (pgx gives a timestamp without time zone as UTC), date,
// text in RFC 3339 or "YYYY-MM-DD[ HH:MM:SS]", epoch milliseconds, or NULL.
func stamp(v any) (time.Time, error) {
	switch x := v.(type) {
	case nil:
		return time.Time{}, nil
	case time.Time:
		return x.UTC(), nil
	case int64:
		return time.UnixMilli(x).UTC(), nil
	case string:
		x = strings.TrimSpace(x)
		if x == "" {
			return time.Time{}, nil
		}
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02"} {
			if t, err := time.Parse(layout, x); err == nil {
				return t.UTC(), nil
			}
		}
		if ms, err := strconv.ParseInt(x, 10, 64); err == nil {
			return time.UnixMilli(ms).UTC(), nil
		}
		return time.Time{}, fmt.Errorf("%q is not a time", x)
	}
	return time.Time{}, fmt.Errorf("a %T is not a time", v)
}
