#!/usr/bin/env bash
# Coordinator cost at many agents (issue #13): real `coord agent` processes on loopback, 1 VU each
# against the demo target, 1 s think time; measures the coordinator's CPU per agent-sample in the
# steady state, its peak RSS, the time to connect + authenticate + clock-sync every agent, and the
# start skew. Load is tiny and bounded (N requests/s for DURATION); everything runs on loopback.
#
#   bash Benchmarks/coordinator-scale.sh            # N = 50 100 200
#   AGENTS="50" DURATION=20s bash Benchmarks/coordinator-scale.sh
set -euo pipefail
cd "$(dirname "$0")/.."
AGENTS=${AGENTS:-"50 100 200"}
DURATION=${DURATION:-20s}
COORD=${COORD:-}
if [ -z "$COORD" ]; then
  for candidate in .build/release/coord .build/debug/coord; do
    if [ -x "$candidate" ]; then COORD=$candidate; break; fi
  done
fi
[ -x "${COORD:-}" ] || { echo "coordinator-scale: build coord first (swift build -c release)" >&2; exit 2; }
ulimit -n 65536 2>/dev/null || true
work=$(mktemp -d /tmp/barrage-scale.XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap 'cleanup; [ "${KEEP:-0}" = 1 ] || rm -rf "$work"' EXIT
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$work/token"; chmod 600 "$work/token"

"$COORD" target --listen 127.0.0.1:0 --threads 1 > "$work/target.log" 2>&1 & pids+=($!)
for _ in $(seq 100); do grep -q "listening on" "$work/target.log" && break; sleep 0.1; done
target=$(sed -n 's/^listening on \(.*\)$/\1/p' "$work/target.log" | head -1)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

echo "| agents | connect+auth+sync | start skew | coordinator CPU | CPU per agent-sample | peak RSS |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in $AGENTS; do
  addresses=()
  for i in $(seq "$n"); do
    "$COORD" agent --listen 127.0.0.1:0 --token-file "$work/token" --name "s$i" > "$work/agent-$n-$i.log" 2>&1 & pids+=($!)
  done
  for i in $(seq "$n"); do
    for _ in $(seq 200); do grep -q "agent listening on" "$work/agent-$n-$i.log" && break; sleep 0.05; done
    addresses+=("$(sed -n 's/^agent listening on \(.*\)$/\1/p' "$work/agent-$n-$i.log" | head -1)")
  done
  list=$(IFS=,; echo "${addresses[*]}")
  start=$(date +%s.%N)
  "$COORD" run --url "$target/api/posts/" --vus "$n" --duration "$DURATION" --sleep 1s --agents "$list" \
    --token-file "$work/token" --quiet --no-results > "$work/run-$n.out" 2> "$work/run-$n.err" & coord=$!
  # Connected, authenticated and clock-synced: the plan lists every agent.
  while [ "$(grep -c '^agent a' "$work/run-$n.err" 2>/dev/null || true)" -lt "$n" ] && kill -0 "$coord" 2>/dev/null; do sleep 0.02; done
  connected=$(date +%s.%N)
  sleep 5
  t0=$(cpu_ticks "$coord"); w0=$(date +%s.%N)
  sleep 10
  t1=$(cpu_ticks "$coord"); w1=$(date +%s.%N)
  rss=$(awk '/VmHWM/ {print $2}' "/proc/$coord/status")
  wait "$coord" || true
  skew=$(sed -n 's/.*start skew across agents: \([^ ]*\).*/\1/p' "$work/run-$n.out" | head -1)
  awk -v n="$n" -v s="$start" -v c="$connected" -v t0="$t0" -v t1="$t1" -v w0="$w0" -v w1="$w1" -v hz="$hz" -v rss="$rss" -v skew="$skew" 'BEGIN {
    cpu = (t1 - t0) / hz; wall = w1 - w0
    printf "| %d | %.2f s | %s | %.1f%% of a core | %.3f ms | %.0f MB |\n", n, c - s, skew, 100 * cpu / wall, 1000 * cpu / (n * wall), rss / 1024 }'
  for pid in "${pids[@]:1}"; do kill "$pid" 2>/dev/null || true; done
  pids=("${pids[0]}")
  sleep 1
done
