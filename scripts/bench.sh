#!/usr/bin/env bash
# Every benchmark, in the format benchstat compares (save two runs and `benchstat old.txt new.txt`).
# BENCHTIME (default 1x for the slow end-to-end ones, 1s otherwise) and BENCH (a -bench regexp) narrow it.
# Figures measured on this code are recorded in BENCHMARKS.md with the machine they came from.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${BENCH_OUT:-bench.txt}
status=0
exec > >(tee "$out") 2>&1
{
  echo "# $(date -u +%FT%TZ) $(go version) $(nproc) cores $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
  # Library benchmarks: models, sources, ui (render times, tenants at scale, probes).
  go test -run '^$' -bench "${BENCH:-.}" -benchmem -benchtime "${BENCHTIME:-1s}" $(go list ./... | grep -v /cmd/opsdeck) || status=1
  # Whole-program benchmarks through a pty: exec to first frame, idle bytes, bytes per refresh, refresh wall time.
  go test -run '^$' -bench "${BENCH:-.}" -benchtime "${E2E_BENCHTIME:-3x}" -timeout 30m ./cmd/opsdeck || status=1
}
echo "# written to $out"
exit $status
