#!/usr/bin/env bash
# Soak: run opsdeck on the simulator in tmux with every source refreshing each second, sample RSS,
# open file descriptors and goroutines, and fail if any of them keeps growing.
#   SOAK_MINUTES=10 (default) SOAK_SAMPLE=10 (seconds between samples) ./scripts/soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${SOAK_MINUTES:-10}
every=${SOAK_SAMPLE:-10}
command -v tmux >/dev/null || { echo "soak: tmux is required (apt-get install tmux)" >&2; exit 2; }
work=$(mktemp -d /tmp/soakXXXX)
trap 'tmux -S "$work/s" kill-server 2>/dev/null || true; kill "$simpid" 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/opsdeck" ./cmd/opsdeck
port=$((20000 + RANDOM % 20000))
"$work/opsdeck" sim --listen 127.0.0.1:$port >"$work/sim.toml" 2>"$work/sim.err" &
simpid=$!
for _ in $(seq 50); do grep -q '^\[env' "$work/sim.toml" 2>/dev/null && break; sleep 0.1; done
sed -E 's/^([[:space:]]*)refresh = .*/\1refresh = "1s"/' "$work/sim.toml" >"$work/config.toml"
chmod 600 "$work/config.toml"
tmux -S "$work/s" -f /dev/null new-session -d -s soak -x 120 -y 40 \
  "exec env OPSDECK_STATS_FILE=$work/stats.jsonl $work/opsdeck --config $work/config.toml"
sleep 3
pid=$(tmux -S "$work/s" list-panes -t soak -F '#{pane_pid}')
[ -n "$pid" ] || { echo "soak: opsdeck did not start" >&2; tmux -S "$work/s" capture-pane -p -t soak; exit 1; }
# Visit every tab now and then, as a person would.
end=$(( $(date +%s) + minutes * 60 ))
echo "# soak: ${minutes}m, sample every ${every}s, pid $pid"
echo "# t_s rss_kb fds goroutines heap_kb"
samples="$work/samples"
t0=$(date +%s); tab=1
while [ "$(date +%s)" -lt "$end" ]; do
  tab=$(( tab % 8 + 1 )); tmux -S "$work/s" send-keys -t soak "$tab"
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  fds=$(ls /proc/$pid/fd | wc -l)
  last=$(tail -1 "$work/stats.jsonl" 2>/dev/null || echo '{}')
  gor=$(echo "$last" | sed -E 's/.*"goroutines":([0-9]+).*/\1/;t;s/.*/0/')
  heap=$(echo "$last" | sed -E 's/.*"heap_alloc":([0-9]+).*/\1/;t;s/.*/0/')
  echo "$(( $(date +%s) - t0 )) $rss $fds $gor $(( heap / 1024 ))" | tee -a "$samples"
  sleep "$every"
done
# Growth check: compare the first and last quarters of the run. The first two minutes are warm-up:
# health keeps 60 results per check, so history fills for a minute at one refresh a second.
awk -v warm=120 '
  $1 >= warm { n++; t[n]=$1; for (c=2;c<=5;c++) v[c,n]=$c }
  END {
    if (n < 8) { print "soak: too few samples (" n ") to judge; run longer"; exit 2 }
    q = int(n/4); split("rss_kb fds goroutines heap_kb", name, " "); bad = 0
    for (c=2;c<=5;c++) {
      a=0; b=0; for (i=1;i<=q;i++) a+=v[c,i]; for (i=n-q+1;i<=n;i++) b+=v[c,i]; a/=q; b/=q
      slack = (c==3 || c==4) ? 2 : a*0.10
      verdict = (b > a + slack) ? "GROWING" : "flat"
      if (verdict=="GROWING") bad=1
      printf "%-11s first quarter %10.1f  last quarter %10.1f  %s\n", name[c-1], a, b, verdict
    }
    exit bad
  }' "$samples"
