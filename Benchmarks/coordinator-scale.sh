#!/usr/bin/env bash
# Coordinator cost at many agents (issue #13): real `coord agent` processes on loopback, 1 VU each
# against the demo target, 1 s think time; measures the coordinator's CPU per agent-sample in the
# steady state, its peak RSS, the time to connect + authenticate + clock-sync every agent, and the
# start skew. Then the replay benchmark: `coord bench-replay` feeds REPLAY_AGENTS in-memory agents
# with sample frames recorded from the first real run. Load is tiny and bounded (N requests/s for
# DURATION); everything runs on loopback.
#
#   bash Benchmarks/coordinator-scale.sh                         # N = 50 100 200, replay at 1000
#   AGENTS="50" DURATION=20s REPEAT=1 bash Benchmarks/coordinator-scale.sh
#   BASE=/work/wt-base/.build/release/coord bash Benchmarks/coordinator-scale.sh   # side by side
#   SCENARIOS=10 AGENTS=50 bash Benchmarks/coordinator-scale.sh  # the workload model's shape (#20)
#
# SCENARIOS=K runs a scenario file of K constant-vus scenarios, each of N VUs (one per agent per
# scenario) running its own flow: a group around one GET /healthz, then sleep 1s. Every sample then
# carries K scenarios' and K groups' tag parts, which the coordinator merges.
#
# With BASE set, every measurement runs for both binaries, interleaved (BASE first), REPEAT times,
# and the table shows each binary's median and the ratio. BASE has no bench-replay when it is
# older than the replay benchmark; its replay cell is then "-".
set -euo pipefail
cd "$(dirname "$0")/.."
AGENTS=${AGENTS:-"50 100 200"}
DURATION=${DURATION:-20s}
REPEAT=${REPEAT:-3}
REPLAY_AGENTS=${REPLAY_AGENTS:-1000}
REPLAY_SECONDS=${REPLAY_SECONDS:-20}
SCENARIOS=${SCENARIOS:-0}
COORD=${COORD:-}
BASE=${BASE:-}
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
# The coordinator's CPU seconds: from its own cpuacct cgroup when one can be made (root, cgroup
# v1: nanoseconds, every thread, also those that ended), else /proc ticks (10 ms steps, about 10%
# of what 50 agents cost in the window).
hz=$(getconf CLK_TCK)
cgroup=/sys/fs/cgroup/cpuacct/barrage-scale-$$
mkdir "$cgroup" 2>/dev/null || cgroup=
trap 'cleanup; [ -n "$cgroup" ] && rmdir "$cgroup" 2>/dev/null; [ "${KEEP:-0}" = 1 ] || rm -rf "$work"' EXIT
cpu_seconds() {
  if [ -n "$cgroup" ]; then awk '{printf "%.6f\n", $1 / 1e9}' "$cgroup/cpuacct.usage"
  else awk -v hz="$hz" '{printf "%.6f\n", ($14 + $15) / hz}' "/proc/$1/stat"; fi
}
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$work/token"; chmod 600 "$work/token"

"$COORD" target --listen 127.0.0.1:0 --threads 1 > "$work/target.log" 2>&1 & pids+=($!)
for _ in $(seq 100); do grep -q "listening on" "$work/target.log" && break; sleep 0.1; done
target=$(sed -n 's/^listening on \(.*\)$/\1/p' "$work/target.log" | head -1)

results="$work/results.tsv"
: > "$results"
frames="$work/frames.ndjson"

# scenario_file N: $SCENARIOS scenarios of N VUs, each its own flow with its own group.
scenario_file() {
  echo "target: $target"
  echo "flows:"
  for k in $(seq "$SCENARIOS"); do
    echo "  f$k:"
    echo "    - group: g$k"
    echo "      steps: [{name: r$k, path: /healthz}]"
    echo "    - sleep: 1s"
  done
  echo "scenarios:"
  for k in $(seq "$SCENARIOS"); do
    echo "  s$k: {executor: constant-vus, vus: $1, duration: $DURATION, exec: f$k}"
  done
}

# measure LABEL BINARY N: one real run; appends "label n connect skew cpu% ms/sample rssMB" to $results.
measure() {
  local label=$1 bin=$2 n=$3 addresses=() agent_pids=() record=()
  for i in $(seq "$n"); do
    "$bin" agent --listen 127.0.0.1:0 --token-file "$work/token" --name "s$i" > "$work/agent-$n-$i.log" 2>&1 & agent_pids+=($!); pids+=($!)
  done
  for i in $(seq "$n"); do
    for _ in $(seq 200); do grep -q "agent listening on" "$work/agent-$n-$i.log" && break; sleep 0.05; done
    addresses+=("$(sed -n 's/^agent listening on \(.*\)$/\1/p' "$work/agent-$n-$i.log" | head -1)")
  done
  local list; list=$(IFS=,; echo "${addresses[*]}")
  # The first run of this script's own binary records the frames the replay sends.
  if [ "$label" = new ] && [ ! -s "$frames" ]; then record=(env "BARRAGE_RECORD_SAMPLES=$frames"); fi
  rm -f "$work/run-$n.out" "$work/run-$n.err"
  local what=(--url "$target/api/posts/" --vus "$n" --duration "$DURATION" --sleep 1s)
  if [ "$SCENARIOS" -gt 0 ]; then
    scenario_file "$n" > "$work/scenarios-$n.yaml"
    what=("$work/scenarios-$n.yaml")
  fi
  local start; start=$(date +%s.%N)
  "${record[@]}" "$bin" run "${what[@]}" --agents "$list" \
    --token-file "$work/token" --quiet --no-results > "$work/run-$n.out" 2> "$work/run-$n.err" & local coord=$!
  [ -z "$cgroup" ] || echo "$coord" > "$cgroup/cgroup.procs"
  # Connected, authenticated and clock-synced: the plan lists every agent.
  while [ "$(cat "$work/run-$n.err" 2>/dev/null | grep -c '^agent ')" -lt "$n" ] && kill -0 "$coord" 2>/dev/null; do sleep 0.02; done
  local connected; connected=$(date +%s.%N)
  sleep 5
  local t0 w0 t1 w1 rss skew
  t0=$(cpu_seconds "$coord"); w0=$(date +%s.%N)
  sleep 10
  t1=$(cpu_seconds "$coord"); w1=$(date +%s.%N)
  rss=$(awk '/VmHWM/ {print $2}' "/proc/$coord/status")
  wait "$coord" || true
  skew=$(sed -n 's/.*start skew across agents: \([^ ]*\).*/\1/p' "$work/run-$n.out" | head -1)
  awk -v l="$label" -v n="$n" -v s="$start" -v c="$connected" -v t0="$t0" -v t1="$t1" -v w0="$w0" -v w1="$w1" -v rss="$rss" -v skew="${skew:--}" 'BEGIN {
    cpu = t1 - t0; wall = w1 - w0
    printf "%s\t%d\t%.2f\t%s\t%.1f\t%.3f\t%.0f\n", l, n, c - s, skew, 100 * cpu / wall, 1000 * cpu / (n * wall), rss / 1024 }' >> "$results"
  for pid in "${agent_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${agent_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  sleep 1
}

# replay LABEL BINARY: the in-process replay at $REPLAY_AGENTS; appends a row as measure does.
replay() {
  local label=$1 bin=$2 line
  if ! line=$("$bin" bench-replay --agents "$REPLAY_AGENTS" --seconds "$REPLAY_SECONDS" --frames "$frames" 2> "$work/replay.err"); then
    printf "%s\t%d\t-\t-\t-\t-\t-\n" "$label" "$REPLAY_AGENTS" >> "$results"
    return
  fi
  echo "$label: $line" >> "$work/replay.log"
  echo "$line" | sed -n 's/.*CPU per agent-sample \([0-9.]*\) ms.*making frames \([0-9.]*\) ms.*  \([0-9.]*\)% of a core  peak RSS \([0-9]*\) MB.*/\1 \2 \3 \4/p' |
    awk -v l="$label" -v n="$REPLAY_AGENTS" '{ printf "%s\t%d\t-\t-\t%.1f\t%.3f\t%.0f\n", l, n, $3, $1, $4 }' >> "$results"
}

for round in $(seq "$REPEAT"); do
  for n in $AGENTS; do
    [ -n "$BASE" ] && measure base "$BASE" "$n"
    measure new "$COORD" "$n"
  done
  [ -s "$frames" ] || { echo "coordinator-scale: no sample frames were recorded" >&2; exit 1; }
  [ -n "$BASE" ] && replay base "$BASE"
  replay new "$COORD"
  echo "round $round of $REPEAT done" >&2
done

echo "Every run (label, agents, connect+auth+sync s, start skew, coordinator CPU % of a core, CPU ms per agent-sample, peak RSS MB):"
sed 's/^/    /' "$results"
[ -s "$work/replay.log" ] && sed 's/^/    /' "$work/replay.log"
echo
python3 - "$results" "${BASE:+1}" <<'EOF'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
side_by_side = len(sys.argv) > 2 and sys.argv[2] == "1"
def median(label, n, column):
    values = [float(r[column]) for r in rows if r[0] == label and r[1] == n and r[column] not in ("-", "")]
    return statistics.median(values) if values else None
def cell(value, unit, digits):
    return "-" if value is None else f"{value:.{digits}f}{unit}"
def skew(label, n):
    values = [r[3] for r in rows if r[0] == label and r[1] == n and r[3] != "-"]
    return " / ".join(values) if values else "-"
agents = []
for r in rows:
    if r[1] not in agents: agents.append(r[1])
if side_by_side:
    print("| agents | base: CPU per agent-sample | new | ratio | base: % of a core | new | base: peak RSS | new | base: connect+auth+sync | new | new: start skew (each run) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for n in agents:
        b, c = median("base", n, 5), median("new", n, 5)
        ratio = f"{c / b:.2f}" if b and c else "-"
        print(f"| {n} | {cell(b, ' ms', 3)} | {cell(c, ' ms', 3)} | {ratio} | {cell(median('base', n, 4), '%', 1)} | {cell(median('new', n, 4), '%', 1)} | "
              f"{cell(median('base', n, 6), ' MB', 0)} | {cell(median('new', n, 6), ' MB', 0)} | {cell(median('base', n, 2), ' s', 2)} | {cell(median('new', n, 2), ' s', 2)} | {skew('new', n)} |")
else:
    print("| agents | connect+auth+sync | start skew (each run) | coordinator CPU | CPU per agent-sample | peak RSS |")
    print("|---:|---:|---|---:|---:|---:|")
    for n in agents:
        print(f"| {n} | {cell(median('new', n, 2), ' s', 2)} | {skew('new', n)} | {cell(median('new', n, 4), '% of a core', 1)} | {cell(median('new', n, 5), ' ms', 3)} | {cell(median('new', n, 6), ' MB', 0)} |")
print(f"(medians of {max(1, len([r for r in rows if r[0] == 'new' and r[1] == agents[0]]))} runs each; the {agents[-1]}-agent row is the in-process replay)")
EOF
