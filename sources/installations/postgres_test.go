package installations_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsdeck/opsdeck/internal/pgtest"
	"github.com/opsdeck/opsdeck/models/license"
	"github.com/opsdeck/opsdeck/sources/httpx"
	"github.com/opsdeck/opsdeck/sources/installations"
)

// fixtures are the schemas of ../shared/notes/real-postgres.md section 4 (atlassian-connect-spring-boot
// 6.x and its 1.0.1 changeset, atlassian-connect-express 11.5.3 and an old TEXT-val table), their
// documented rows, and generated rows to read at volume.
const fixtures = `
CREATE SCHEMA acsb;
CREATE TABLE acsb.atlassian_host (
    client_key VARCHAR(255) NOT NULL PRIMARY KEY, shared_secret VARCHAR(255) NOT NULL, base_url VARCHAR(255) NOT NULL,
    product_type VARCHAR(255), description VARCHAR(255), service_entitlement_number VARCHAR(255), addon_installed BOOLEAN,
    created_date TIMESTAMP WITHOUT TIME ZONE, last_modified_date TIMESTAMP WITHOUT TIME ZONE, created_by VARCHAR(255),
    last_modified_by VARCHAR(255), oauth_client_id VARCHAR(255), cloud_id VARCHAR(255), authentication SMALLINT,
    entitlement_id VARCHAR(255), entitlement_number VARCHAR(255), display_url VARCHAR(255),
    display_url_servicedesk_help_center VARCHAR(255), installation_id VARCHAR(255), capability_set VARCHAR(255));
INSERT INTO acsb.atlassian_host (client_key, shared_secret, base_url, product_type, description, addon_installed,
    created_date, last_modified_date, cloud_id, display_url) VALUES
 ('ck-jira-acme', 's1', 'https://acme.atlassian.net', 'jira', 'Atlassian JIRA at https://acme.atlassian.net ', true,
  '2024-01-05 10:00:00', '2025-03-01 08:30:00', 'aaaaaaaa-1111-2222-3333-444444444444', 'https://jira.acme.com'),
 ('ck-conf-acme', 's2', 'https://acme.atlassian.net/wiki', 'confluence', 'Confluence', true,
  '2024-02-10 12:00:00', '2024-02-10 12:00:00', 'aaaaaaaa-1111-2222-3333-444444444444', NULL),
 ('ck-jira-gone', 's3', 'https://gone.atlassian.net', 'jira', 'Atlassian JIRA', false,
  '2023-06-01 09:00:00', '2024-11-11 11:11:00', NULL, NULL);
INSERT INTO acsb.atlassian_host (client_key, shared_secret, base_url, product_type, addon_installed, created_date, last_modified_date, cloud_id)
SELECT 'gen-' || lpad(i::text, 5, '0'), 'secret-' || i, 'https://site-' || i || '.atlassian.net', CASE WHEN i % 3 = 0 THEN 'confluence' ELSE 'jira' END,
       i % 10 <> 0, TIMESTAMP '2023-01-01' + i * INTERVAL '1 hour', TIMESTAMP '2024-01-01' + i * INTERVAL '1 hour',
       md5(i::text)::uuid::text
FROM generate_series(1, 2000) AS i;

CREATE SCHEMA acsb_legacy;
CREATE TABLE acsb_legacy.atlassian_host (
    client_key VARCHAR(255) NOT NULL PRIMARY KEY, public_key VARCHAR(255), shared_secret VARCHAR(255) NOT NULL,
    base_url VARCHAR(255) NOT NULL, product_type VARCHAR(255), description VARCHAR(255),
    service_entitlement_number VARCHAR(255), addon_installed BOOLEAN, created_date TIMESTAMP WITHOUT TIME ZONE,
    last_modified_date TIMESTAMP WITHOUT TIME ZONE, created_by VARCHAR(255), last_modified_by VARCHAR(255));
INSERT INTO acsb_legacy.atlassian_host (client_key, shared_secret, base_url, product_type, addon_installed, created_date) VALUES
 ('Confluence:123456789', 'x', 'https://old.atlassian.net/wiki', 'confluence', NULL, '2016-05-01 00:00:00');

CREATE SCHEMA ace;
SET search_path = ace;
CREATE TABLE IF NOT EXISTS "AddonSettings" ("id"   SERIAL , "clientKey" VARCHAR(255), "key" VARCHAR(255), "val" JSON, PRIMARY KEY ("id"));
CREATE TABLE IF NOT EXISTS "InstallationClientKeys" ("id"   SERIAL , "installationId" VARCHAR(255) NOT NULL, "clientKey" VARCHAR(255) NOT NULL, PRIMARY KEY ("id"));
CREATE TABLE IF NOT EXISTS "ForgeSettings" ("id"   SERIAL , "installationId" VARCHAR(255) NOT NULL, "key" VARCHAR(255) NOT NULL, "val" JSON NOT NULL, PRIMARY KEY ("id"));
CREATE INDEX "addon_settings_client_key_key" ON "AddonSettings" ("clientKey", "key");
CREATE INDEX "installation_client_keys_installation_id" ON "InstallationClientKeys" ("installationId");
CREATE INDEX "installation_client_keys_client_key" ON "InstallationClientKeys" ("clientKey");
CREATE INDEX "forge_settings_installation_id_key" ON "ForgeSettings" ("installationId", "key");
INSERT INTO "AddonSettings" ("clientKey", "key", "val") VALUES
 ('ck-1', 'clientInfo', '{"clientKey":"ck-1","baseUrl":"https://acme-old.atlassian.net","productType":"jira","eventType":"installed"}'),
 ('ck-1', 'clientInfo', '{"key":"my-app","clientKey":"ck-1","sharedSecret":"x","baseUrl":"https://acme.atlassian.net","displayUrl":"https://jira.acme.com","productType":"jira","description":"Atlassian JIRA at https://acme.atlassian.net ","eventType":"installed","cloudId":"aaaaaaaa-1111-2222-3333-444444444444"}'),
 ('ck-2', 'clientInfo', '{"key":"my-app","clientKey":"ck-2","sharedSecret":"y","baseUrl":"https://beta.atlassian.net/wiki","productType":"confluence","description":"Confluence","eventType":"installed","serverVersion":"6452","pluginsVersion":"1001.0.0"}'),
 ('ck-3', 'clientInfo', to_json('{"clientKey":"ck-3","baseUrl":"https://old.atlassian.net","productType":"jira"}'::text)),
 ('ck-1', 'someAppSetting', '{"hello":"world"}');
INSERT INTO "AddonSettings" ("clientKey", "key", "val")
SELECT 'gen-' || lpad(i::text, 5, '0'), 'clientInfo',
       json_build_object('key', 'my-app', 'clientKey', 'gen-' || lpad(i::text, 5, '0'), 'sharedSecret', 's' || i,
         'baseUrl', 'https://tenant-' || i || '.atlassian.net', 'productType', 'jira', 'eventType', 'installed',
         'cloudId', md5(i::text)::uuid::text)
FROM generate_series(1, 1000) AS i;
RESET search_path;

CREATE SCHEMA ace_legacy;
CREATE TABLE ace_legacy."AddonSettings" ("id" SERIAL, "clientKey" VARCHAR(255), "key" VARCHAR(255), "val" TEXT, PRIMARY KEY ("id"));
INSERT INTO ace_legacy."AddonSettings" ("clientKey", "key", "val") VALUES
 ('ck-9', 'clientInfo', '{"clientKey":"ck-9","baseUrl":"https://legacy.atlassian.net","productType":"jira","eventType":"installed"}'),
 ('ck-9', 'lastSeen', 'not json at all');

CREATE SCHEMA custom;
CREATE TABLE custom.tenants (ck text PRIMARY KEY, url text, cloud uuid, product text, state text, since date);
INSERT INTO custom.tenants VALUES
 ('ck-u1', 'https://u1.atlassian.net', 'dddddddd-1111-2222-3333-444444444444', 'jira', 'installed', '2024-05-06'),
 ('ck-u2', 'https://u2.atlassian.net', NULL, 'confluence', 'uninstalled', NULL);

CREATE ROLE console_ro LOGIN;
GRANT USAGE ON SCHEMA acsb TO console_ro;
GRANT SELECT ON ALL TABLES IN SCHEMA acsb TO console_ro;
ALTER ROLE console_ro SET default_transaction_read_only = on;
`

var (
	once   sync.Once
	server *pgtest.Server
)

// db starts one server for the package's tests and loads the fixtures once.
func db(t *testing.T) *pgtest.Server {
	t.Helper()
	once.Do(func() {
		s := pgtest.Start(t)
		s.Exec(t, fixtures)
		server = s
	})
	if server == nil {
		t.Fatal("the PostgreSQL server did not start (see the first test's log)")
	}
	return server
}

func read(t *testing.T, cfg installations.Config) ([]license.Installation, error) {
	t.Helper()
	src, err := installations.New(cfg)
	if err != nil {
		t.Fatalf("New(%+v): %v", cfg, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return src.Installations(ctx)
}

func ts(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestRealPostgres(t *testing.T) {
	s := db(t)
	t.Cleanup(func() { server.Stop(); server = nil })

	t.Run("spring-boot 6.x atlassian_host", func(t *testing.T) {
		got, err := read(t, installations.Config{DSN: s.URL, Preset: installations.PresetSpringBoot, Table: "acsb.atlassian_host"})
		if err != nil {
			t.Fatal(err)
		}
		want := []license.Installation{
			{ClientKey: "ck-conf-acme", BaseURL: "https://acme.atlassian.net/wiki", CloudID: "aaaaaaaa-1111-2222-3333-444444444444",
				Product: "confluence", Installed: license.FlagYes, Created: ts("2024-02-10 12:00:00"), Updated: ts("2024-02-10 12:00:00")},
			{ClientKey: "ck-jira-acme", BaseURL: "https://acme.atlassian.net", DisplayURL: "https://jira.acme.com",
				CloudID: "aaaaaaaa-1111-2222-3333-444444444444", Product: "jira", Installed: license.FlagYes,
				Created: ts("2024-01-05 10:00:00"), Updated: ts("2025-03-01 08:30:00")},
			{ClientKey: "ck-jira-gone", BaseURL: "https://gone.atlassian.net", Product: "jira", Installed: license.FlagNo,
				Created: ts("2023-06-01 09:00:00"), Updated: ts("2024-11-11 11:11:00")},
		}
		if len(got) != 2003 {
			t.Fatalf("read %d rows, want 2003", len(got))
		}
		if diff := cmp.Diff(want, got[:3]); diff != "" {
			t.Errorf("documented rows (-want +got):\n%s", diff)
		}
		g := got[3+9] // gen-00010: every tenth generated host is uninstalled
		if g.ClientKey != "gen-00010" || g.Installed != license.FlagNo || g.CloudID == "" || g.Product != "jira" ||
			!g.Created.Equal(ts("2023-01-01 10:00:00")) {
			t.Errorf("generated row = %+v", g)
		}
	})

	t.Run("spring-boot 1.0.1 table without cloud_id", func(t *testing.T) {
		got, err := read(t, installations.Config{DSN: s.URL, Preset: installations.PresetSpringBoot, Table: "acsb_legacy.atlassian_host"})
		if err != nil {
			t.Fatal(err)
		}
		want := []license.Installation{{ClientKey: "Confluence:123456789", BaseURL: "https://old.atlassian.net/wiki",
			Product: "confluence", Created: ts("2016-05-01 00:00:00")}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})

	t.Run("express AddonSettings: newest clientInfo, former URL, double-encoded value", func(t *testing.T) {
		got, err := read(t, installations.Config{DSN: s.URL, Preset: installations.PresetExpress, Table: "ace.AddonSettings"})
		if err != nil {
			t.Fatal(err)
		}
		want := []license.Installation{
			{ClientKey: "ck-1", BaseURL: "https://acme.atlassian.net", DisplayURL: "https://jira.acme.com",
				CloudID: "aaaaaaaa-1111-2222-3333-444444444444", Product: "jira", Installed: license.FlagYes,
				FormerBaseURLs: []string{"https://acme-old.atlassian.net"}},
			{ClientKey: "ck-2", BaseURL: "https://beta.atlassian.net/wiki", Product: "confluence", Installed: license.FlagYes},
			{ClientKey: "ck-3", BaseURL: "https://old.atlassian.net", Product: "jira"},
		}
		if len(got) != 1003 {
			t.Fatalf("read %d rows, want 1003", len(got))
		}
		if diff := cmp.Diff(want, got[:3]); diff != "" {
			t.Errorf("documented rows (-want +got):\n%s", diff)
		}
		// The join sees ck-1's old URL as a changed URL for the same tenant (seed 004, line 13).
		tn := license.Join(nil, got[:1], time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC))
		if len(tn) != 1 || tn[0].Anomalies&license.AnomalyURLChanged == 0 {
			t.Errorf("Join of ck-1 = %+v, want url-changed", tn)
		}
	})

	t.Run("express with an old TEXT val column", func(t *testing.T) {
		got, err := read(t, installations.Config{DSN: s.URL, Preset: installations.PresetExpress, Table: `ace_legacy."AddonSettings"`})
		if err != nil {
			t.Fatal(err)
		}
		want := []license.Installation{{ClientKey: "ck-9", BaseURL: "https://legacy.atlassian.net", Product: "jira", Installed: license.FlagYes}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})

	t.Run("custom SELECT with a uuid cloud id and a text state", func(t *testing.T) {
		got, err := read(t, installations.Config{DSN: s.URL, Preset: installations.PresetCustom,
			Query: `SELECT ck AS client_key, url AS base_url, cloud AS cloud_id, product AS product_type,
			        state AS installed, since AS created FROM custom.tenants ORDER BY ck`})
		if err != nil {
			t.Fatal(err)
		}
		want := []license.Installation{
			{ClientKey: "ck-u1", BaseURL: "https://u1.atlassian.net", CloudID: "dddddddd-1111-2222-3333-444444444444",
				Product: "jira", Installed: license.FlagYes, Created: license.Date(2024, 5, 6)},
			{ClientKey: "ck-u2", BaseURL: "https://u2.atlassian.net", Product: "confluence", Installed: license.FlagNo},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})

	t.Run("a custom query that writes is refused by the read-only transaction", func(t *testing.T) {
		_, err := read(t, installations.Config{DSN: s.URL, Preset: installations.PresetCustom,
			Query: `WITH d AS (DELETE FROM acsb.atlassian_host RETURNING client_key, base_url) SELECT * FROM d`})
		if err == nil || !strings.Contains(err.Error(), "SQLSTATE 25006") {
			t.Fatalf("err = %v, want a read-only refusal (25006)", err)
		}
		got, err := read(t, installations.Config{DSN: s.URL, Preset: installations.PresetSpringBoot, Table: "acsb.atlassian_host"})
		if err != nil || len(got) != 2003 {
			t.Fatalf("after the refused DELETE: %d rows, %v; want 2003", len(got), err)
		}
	})

	t.Run("a role without SELECT gets a hint", func(t *testing.T) {
		ro := strings.Replace(s.URL, "postgres://postgres@", "postgres://console_ro@", 1)
		if got, err := read(t, installations.Config{DSN: ro, Preset: installations.PresetSpringBoot, Table: "acsb.atlassian_host"}); err != nil || len(got) != 2003 {
			t.Fatalf("console_ro on acsb: %d rows, %v", len(got), err)
		}
		_, err := read(t, installations.Config{DSN: ro, Preset: installations.PresetExpress, Table: "ace.AddonSettings"})
		if err == nil || !strings.Contains(err.Error(), "42501") || !strings.Contains(err.Error(), "grant the console's role") {
			t.Fatalf("err = %v, want permission denied (42501) with a hint", err)
		}
	})

	t.Run("a missing table says so", func(t *testing.T) {
		_, err := read(t, installations.Config{DSN: s.URL, Preset: installations.PresetSpringBoot, Table: "acsb.nope"})
		if err == nil || !strings.Contains(err.Error(), "table acsb.nope not found") {
			t.Errorf("spring-boot err = %v", err)
		}
		_, err = read(t, installations.Config{DSN: s.URL, Preset: installations.PresetExpress, Table: "nope.AddonSettings"})
		if err == nil || !strings.Contains(err.Error(), "42P01") {
			t.Errorf("express err = %v", err)
		}
	})

	t.Run("a custom query without the required columns names them", func(t *testing.T) {
		_, err := read(t, installations.Config{DSN: s.URL, Preset: installations.PresetCustom, Query: "SELECT ck FROM custom.tenants"})
		if err == nil || !strings.Contains(err.Error(), "no client_key column (it has ck)") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestNewRefuses(t *testing.T) {
	for _, cfg := range []installations.Config{
		{DSN: "postgres://u@127.0.0.1/db", Preset: "django"},
		{DSN: "postgres://u@127.0.0.1/db", Preset: installations.PresetCustom, Query: "DELETE FROM x"},
		{DSN: "postgres://u@127.0.0.1/db", Preset: installations.PresetCustom},
		{DSN: "mysql://nope::", Preset: installations.PresetExpress},
	} {
		if _, err := installations.New(cfg); err == nil {
			t.Errorf("New(%+v) succeeded, want an error", cfg)
		}
	}
}

func TestConnectErrorHidesPassword(t *testing.T) {
	src, err := installations.New(installations.Config{DSN: "postgres://u@127.0.0.1:1/db?sslmode=disable&connect_timeout=2",
		Password: secret("hunter2-very-secret"), Preset: installations.PresetExpress})
	if err != nil {
		t.Fatal(err)
	}
	_, err = src.Installations(context.Background())
	if err == nil || strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "installations: connect") {
		t.Errorf("err = %v", err)
	}
}

func secret(s string) httpx.Secret { return httpx.NewSecret(s) }
