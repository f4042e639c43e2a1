#!/usr/bin/env bash
# The one test command (README, .ci/run): install what the tests need when it is missing, then vet
# and run every test with the race detector. Tests that need a real tmux, Prometheus or PostgreSQL
# fail instead of skipping, because OPSDECK_REQUIRE_REAL=1 is set here.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v tmux >/dev/null || need+=(tmux)
{ command -v prometheus >/dev/null && command -v promtool >/dev/null; } || need+=(prometheus)
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "test.sh: missing ${need[*]}; install them (apt-get install ${need[*]}) or run as root" >&2
    exit 2
  fi
fi

export OPSDECK_REQUIRE_REAL=1
go vet ./...
go test -race -count=1 -timeout 30m ./...
