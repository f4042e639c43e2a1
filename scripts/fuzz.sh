#!/usr/bin/env bash
# Run every Go fuzz target for a bounded time each (FUZZTIME, 30s by default). Crashing inputs are
# kept by Go under testdata/fuzz/<Target>/ and become regression cases for `go test`.
set -euo pipefail
cd "$(dirname "$0")/.."
t=${FUZZTIME:-30s}
fail=0
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/func //' | sort -u); do
    echo "== $pkg $target ($t)"
    if ! go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$t" -fuzzminimizetime 1s; then
      fail=1
    fi
  done
done
exit $fail
