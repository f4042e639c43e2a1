package pgtest_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/opsdeck/opsdeck/internal/pgtest"
)

// TestHelperStart is run in a child process by TestMissingServer; alone it starts a real server.
func TestHelperStart(t *testing.T) {
	s := pgtest.Start(t)
	c, err := pgx.Connect(context.Background(), s.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	var user string
	if err := c.QueryRow(context.Background(), "SELECT current_user").Scan(&user); err != nil || user != "postgres" {
		t.Fatalf("current_user = %q, %v", user, err)
	}
}

// TestMissingServer checks that a missing server skips a test on a developer's machine and fails it
// when OPSDECK_REQUIRE_REAL=1 (the test script) or CI is set.
func TestMissingServer(t *testing.T) {
	if os.Getenv("OPSDECK_PGTEST_CHILD") != "" {
		t.Skip("child")
	}
	for _, tc := range []struct {
		env      []string
		wantFail bool
		want     string
	}{
		{[]string{"OPSDECK_REQUIRE_REAL=1"}, true, "PostgreSQL server not installed (OPSDECK_REQUIRE_REAL=1 or CI set"},
		{[]string{"CI=true"}, true, "PostgreSQL server not installed"},
		{nil, false, "--- SKIP: TestHelperStart"},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperStart$", "-test.v", "-test.count=1")
		var env []string
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "OPSDECK_REQUIRE_REAL=") && !strings.HasPrefix(kv, "CI=") {
				env = append(env, kv)
			}
		}
		cmd.Env = append(append(env, "OPSDECK_PG_BIN=/nonexistent", "OPSDECK_PGTEST_CHILD=1"), tc.env...)
		out, err := cmd.CombinedOutput()
		if failed := err != nil; failed != tc.wantFail {
			t.Errorf("env %v: child failed = %v, want %v\n%s", tc.env, failed, tc.wantFail, out)
		}
		if !strings.Contains(string(out), tc.want) {
			t.Errorf("env %v: output lacks %q:\n%s", tc.env, tc.want, out)
		}
	}
}
