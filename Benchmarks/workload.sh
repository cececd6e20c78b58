#!/usr/bin/env bash
# What the workload model costs (issue #20), side by side in one run against one local nginx:
#   A. requests per CPU-second of one plain request vs the same request inside
#      group + if + random + loop {count: 1} (goal: flow >= 0.9x plain), 50 VUs, one loop;
#   B. peak RSS of 1 scenario x 1000 VUs vs 10 scenarios x 100 VUs, each `GET; sleep 1s`
#      (goal: 10 scenarios <= 1.1x).
# Rounds alternate (plain, flow, plain, flow, ...) so drift in the machine's load hits both; the
# table shows each side's median. nginx is pinned to core 0 and coord to core 1 when there are two.
#
#   bash Benchmarks/workload.sh                          # ROUNDS=3 DURATION=10s MEM_DURATION=15s
#   COORD=.build/release/coord ROUNDS=5 bash Benchmarks/workload.sh
#   BASE=/path/to/older/coord bash Benchmarks/workload.sh   # also: the plain request, BASE vs COORD
#
# With BASE, each round also runs the plain scenario with the older binary (before COORD's), so
# an engine change's cost on the static request path shows as a ratio from the same rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
MEM_DURATION=${MEM_DURATION:-15s}
COORD=${COORD:-.build/release/coord}
BASE=${BASE:-}
[ -x "$COORD" ] || { echo "workload: no $COORD (swift build -c release --static-swift-stdlib --product coord)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "workload: GNU time is needed (apt-get install -y time)" >&2; exit 2; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "workload: nginx is needed (apt-get install -y nginx-light)" >&2; exit 2; }
pin_server=(); pin_load=()
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then pin_server=(taskset -c 0); pin_load=(taskset -c 1); fi

work=$(mktemp -d /tmp/barrage-workload.XXXXXX)
trap '[ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/html" "$work/temp"
head -c 1024 /dev/zero | tr '\0' 'x' > "$work/html/1k"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/nginx.conf" <<EOF
$( [ "$(id -u)" = 0 ] && echo "user root;" )
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000000;
  client_body_temp_path $work/temp;
  server { listen 127.0.0.1:$port; root $work/html; }
}
EOF
"${pin_server[@]}" "$NGINX" -p "$work" -c "$work/nginx.conf"
for _ in $(seq 50); do curl -fsS "http://127.0.0.1:$port/1k" >/dev/null 2>&1 && break; sleep 0.1; done
target="http://127.0.0.1:$port"

cat > "$work/plain.yaml" <<EOF
target: $target
scenarios:
  main: {executor: constant-vus, vus: 50, duration: $DURATION}
requests:
  - {name: page, path: /1k}
EOF
cat > "$work/flow.yaml" <<EOF
target: $target
scenarios:
  main: {executor: constant-vus, vus: 50, duration: $DURATION}
requests:
  - group: shop
    steps:
      - if: "vu >= 0"
        steps:
          - random:
              - weight: 1
                steps:
                  - loop: {count: 1}
                    steps:
                      - {name: page, path: /1k}
EOF
cat > "$work/one-scenario.yaml" <<EOF
target: $target
scenarios:
  all: {executor: constant-vus, vus: 1000, duration: $MEM_DURATION}
requests:
  - {name: page, path: /1k}
  - sleep: 1s
EOF
{
  echo "target: $target"
  echo "scenarios:"
  for i in $(seq 0 9); do echo "  s$i: {executor: constant-vus, vus: 100, duration: $MEM_DURATION}"; done
  echo "requests:"
  echo "  - {name: page, path: /1k}"
  echo "  - sleep: 1s"
} > "$work/ten-scenarios.yaml"

# run NAME FILE [flags...]: prints "requests cpu_seconds peak_kib"
run() {
  local name=$1 file=$2; shift 2
  "${pin_load[@]}" /usr/bin/time -o "$work/$name.time" -f '%U %S %M' \
    "${BIN:-$COORD}" run "$file" --threads 1 --quiet --summary-export "$work/$name.json" "$@" >/dev/null 2>"$work/$name.err" \
    || { echo "workload: $name failed: $(tail -3 "$work/$name.err")" >&2; exit 1; }
  python3 - "$work/$name.json" "$work/$name.time" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["metrics"]
u, s, kib = open(sys.argv[2]).read().split()[-3:]
print(int(m["http_reqs"]["count"]), float(u) + float(s), int(kib))
PY
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); coord: $COORD; rounds: $ROUNDS"
: > "$work/a"; : > "$work/b"
for r in $(seq "$ROUNDS"); do
  if [ -n "$BASE" ]; then
    read -r reqs cpu _ < <(BIN=$BASE run "base-$r" "$work/plain.yaml")
    rate=$(python3 -c "print(f'{$reqs / $cpu:.0f}')")
    echo "A round $r plain (BASE): $reqs requests, $cpu CPU-s, $rate req/CPU-s"
    echo "base $rate" >> "$work/a"
  fi
  for kind in plain flow; do
    read -r reqs cpu _ < <(run "$kind-$r" "$work/$kind.yaml")
    rate=$(python3 -c "print(f'{$reqs / $cpu:.0f}')")
    echo "A round $r $kind: $reqs requests, $cpu CPU-s, $rate req/CPU-s"
    echo "$kind $rate" >> "$work/a"
  done
  for kind in one-scenario ten-scenarios; do
    read -r reqs _ kib < <(run "$kind-$r" "$work/$kind.yaml")
    echo "B round $r $kind: $reqs requests, peak RSS $kib KiB"
    echo "$kind $kib" >> "$work/b"
  done
done
plain=$(awk '$1=="plain"{print $2}' "$work/a" | median)
flow=$(awk '$1=="flow"{print $2}' "$work/a" | median)
one=$(awk '$1=="one-scenario"{print $2}' "$work/b" | median)
ten=$(awk '$1=="ten-scenarios"{print $2}' "$work/b" | median)
echo
echo "| measure | baseline | workload model | ratio | goal |"
echo "| --- | --- | --- | --- | --- |"
echo "| requests per CPU-second, 50 VUs, 1 KB | plain $plain | group+if+random+loop $flow | $(python3 -c "print(f'{$flow / $plain:.2f}x')") | >= 0.90x |"
if [ -n "$BASE" ]; then
  base=$(awk '$1=="base"{print $2}' "$work/a" | median)
  echo "| requests per CPU-second, plain, BASE vs COORD | BASE $base | COORD $plain | $(python3 -c "print(f'{$plain / $base:.2f}x')") | ~1.00x |"
fi
echo "| peak RSS, 1000 VUs, sleep 1s | 1 scenario $((one / 1024)) MiB | 10 scenarios x 100 $((ten / 1024)) MiB | $(python3 -c "print(f'{$ten / $one:.2f}x')") | <= 1.10x |"
