#!/usr/bin/env bash
# What templates and extraction cost: coord (one event loop) and k6 against one local nginx serving
# a 1 KB JSON file, side by side in one run:
#   static     GET /1k.json with a static header
#   templated  the same with 3 substitutions: /1k.json?vu=${vu}&it=${iteration} and X-User: ${vu}
#   extract    the static request plus extract: {token: {json: "$.access_token"}} on the 1 KB body
# Goals (issue #11): templated >= 0.9x static, extract >= 0.7x static (coord's req/s).
# And what http.discardResponseBodies saves (case "bodies"): a 64 KB JSON served gzip-compressed
# (nginx gzip_static: the server compresses nothing per request), compression on, no check reading
# the body; the same number of requests with discardResponseBodies false and true, alternated
# REPEAT times; coord's CPU (user + sys, bash's `time`) per request, median of the runs.
#
#   bash Benchmarks/sessions.sh          (as root: apt-installs nginx if missing)
#   CASES=bodies bash Benchmarks/sessions.sh
#
# Environment: DURATION=10s VUS=50 COORD=.build/release/coord K6=k6 RESULTS=Benchmarks/sessions-results.md
#              CASES="templates bodies" BODY_REQUESTS=20000 REPEAT=3
set -Eeuo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
DURATION="${DURATION:-10s}"
VUS="${VUS:-50}"
COORD="${COORD:-$REPO_DIR/.build/release/coord}"
RESULTS="${RESULTS:-$BENCH_DIR/sessions-results.md}"
CASES="${CASES:-templates bodies}"
BODY_REQUESTS="${BODY_REQUESTS:-20000}"
REPEAT="${REPEAT:-3}"
log() { printf '==> %s\n' "$*" >&2; }

command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || {
    log "installing nginx"; apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; }
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
[ -x "$COORD" ] || { log "building coord (release)"; (cd "$REPO_DIR" && swift build -c release --product coord) >&2; }
K6="${K6:-$(pyenv which k6 2>/dev/null || command -v k6 || true)}"
PIN_SERVER=(); PIN_LOAD=()
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then PIN_SERVER=(taskset -c 0); PIN_LOAD=(taskset -c 1); fi

WORK="$(mktemp -d /tmp/barrage-sessions.XXXXXX)"; chmod 755 "$WORK"
mkdir -p "$WORK/html" "$WORK/tmp"
python3 - "$WORK/html/1k.json" <<'PY'
import json, sys
doc = {"access_token": "tok-0123456789abcdef", "user": {"name": "ann"}, "items": []}
while len(json.dumps(doc)) < 1000:
    doc["items"].append({"id": len(doc["items"]), "name": "item"})
open(sys.argv[1], "w").write(json.dumps(doc))
big = {"items": [{"id": i, "name": "item %d" % i, "tags": ["a", "b"], "price": i * 7 % 1000} for i in range(960)]}
open(sys.argv[1].replace("1k", "64k"), "w").write(json.dumps(big))
PY
gzip -k -9 "$WORK/html/64k.json"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
cat >"$WORK/nginx.conf" <<CONF
$( [ "$(id -u)" = 0 ] && echo "user root;" )
worker_processes 1; daemon off; pid $WORK/nginx.pid; error_log $WORK/error.log warn;
events { worker_connections 4096; }
http {
    access_log off; keepalive_requests 1000000000; keepalive_timeout 300s;
    client_body_temp_path $WORK/tmp/b; proxy_temp_path $WORK/tmp/p; fastcgi_temp_path $WORK/tmp/f;
    uwsgi_temp_path $WORK/tmp/u; scgi_temp_path $WORK/tmp/s;
    types { application/json json; }
    gzip_static on;
    server { listen 127.0.0.1:$PORT; root $WORK/html; }
}
CONF
"${PIN_SERVER[@]}" "$NGINX" -p "$WORK" -c "$WORK/nginx.conf" & NGINX_PID=$!
trap 'kill $NGINX_PID 2>/dev/null; wait $NGINX_PID 2>/dev/null; rm -rf "$WORK"' EXIT
sleep 0.5
BASE="http://127.0.0.1:$PORT"
curl -fsS "$BASE/1k.json" -o /dev/null

scenario() {  # NAME PATH HEADER EXTRACT
    cat >"$WORK/$1.yaml" <<YAML
target: $BASE
scenarios:
  s: {executor: constant-vus, vus: $VUS, duration: $DURATION}
requests:
  - name: r
    path: $2
    headers: {X-User: "$3"}
${4:-}
YAML
}
scenario static "/1k.json" "static"
scenario templated '/1k.json?vu=${vu}&it=${iteration}' '${vu}'
scenario extract "/1k.json" "static" '    extract: {token: {json: "$.access_token"}}'

: > "$RESULTS"
ratio() { python3 -c "print('%.2f' % ($1 / $2))"; }
if [[ " $CASES " == *" templates "* ]]; then
rps() { python3 -c 'import json,sys; print("%.0f" % json.load(open(sys.argv[1]))["metrics"]["http_reqs"]["rate"])' "$1"; }
declare -A COORD_RPS K6_RPS
for name in static templated extract; do
    log "coord $name"
    "${PIN_LOAD[@]}" "$COORD" run "$WORK/$name.yaml" --threads 1 --quiet --summary-export "$WORK/coord-$name.json" >/dev/null
    COORD_RPS[$name]="$(rps "$WORK/coord-$name.json")"
done
if [ -n "$K6" ]; then
    cat >"$WORK/k6.js" <<'JS'
import http from 'k6/http';
const mode = __ENV.MODE, base = __ENV.BASE;
export default function () {
  if (mode === 'templated') {
    http.get(`${base}/1k.json?vu=${__VU}&it=${__ITER}`, { headers: { 'X-User': `${__VU}` } });
  } else {
    const res = http.get(`${base}/1k.json`, { headers: { 'X-User': 'static' } });
    if (mode === 'extract' && !res.json().access_token) throw new Error('no token');
  }
}
JS
    for name in static templated extract; do
        log "k6 $name"
        GOMAXPROCS=1 "${PIN_LOAD[@]}" "$K6" run -q --vus "$VUS" --duration "$DURATION" -e MODE="$name" -e BASE="$BASE" \
            --summary-export "$WORK/k6-$name.json" "$WORK/k6.js" >/dev/null 2>&1
        K6_RPS[$name]="$(rps "$WORK/k6-$name.json")"
    done
fi
{
    echo "| $VUS VUs, one loop/core, 1 KB JSON, $DURATION | coord req/s | coord vs static | k6 req/s | k6 vs static | coord/k6 |"
    echo "|---|---:|---:|---:|---:|---:|"
    for name in static templated extract; do
        c="${COORD_RPS[$name]}"; k="${K6_RPS[$name]:-0}"
        printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$c" "$(ratio "$c" "${COORD_RPS[static]}")" \
            "${k:-n/a}" "$( [ "$k" != 0 ] && ratio "$k" "${K6_RPS[static]}" || echo n/a)" "$( [ "$k" != 0 ] && ratio "$c" "$k" || echo n/a)"
    done
} | tee -a "$RESULTS"
fi

if [[ " $CASES " == *" bodies "* ]]; then
curl -fsS -H 'Accept-Encoding: gzip' -D - "$BASE/64k.json" -o /dev/null | grep -qi '^content-encoding: gzip' \
    || { log "nginx does not serve 64k.json gzip-compressed"; exit 1; }
for discard in false true; do
    cat >"$WORK/bodies-$discard.yaml" <<YAML
target: $BASE
http: {compression: true, discardResponseBodies: $discard}
scenarios:
  s: {executor: shared-iterations, vus: $VUS, iterations: $BODY_REQUESTS, maxDuration: 300s}
requests:
  - {name: r, path: /64k.json}
YAML
done
declare -A CPU_RUNS RPS_RUNS RECEIVED
for round in $(seq "$REPEAT"); do
    for discard in false true; do
        log "coord bodies discardResponseBodies=$discard (round $round)"
        TIMEFORMAT='%U %S'
        { time "${PIN_LOAD[@]}" "$COORD" run "$WORK/bodies-$discard.yaml" --threads 1 --quiet \
            --summary-export "$WORK/bodies-$discard.json" >/dev/null 2>&1 ; } 2>"$WORK/time-$discard"
        CPU_RUNS[$discard]+="$(awk '{print $1 + $2}' "$WORK/time-$discard") "
        RPS_RUNS[$discard]+="$(python3 -c 'import json,sys; print("%.0f" % json.load(open(sys.argv[1]))["metrics"]["http_reqs"]["rate"])' "$WORK/bodies-$discard.json") "
        RECEIVED[$discard]="$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["metrics"]; print("%.0f" % (m["data_received"]["count"] / m["http_reqs"]["count"]))' "$WORK/bodies-$discard.json")"
    done
done
median() { python3 -c 'import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))' $1; }
{
    echo
    echo "| $BODY_REQUESTS requests of a 64 KB JSON, gzip (nginx gzip_static), $VUS VUs, one loop, median of $REPEAT | coord CPU s (runs) | CPU µs/request | vs kept | req/s | data_received bytes/request |"
    echo "|---|---:|---:|---:|---:|---:|"
    kept_cpu="$(median "${CPU_RUNS[false]}")"
    for discard in false true; do
        cpu="$(median "${CPU_RUNS[$discard]}")"
        label=$([ "$discard" = true ] && echo "discardResponseBodies: true (not decoded)" || echo "discardResponseBodies: false (decoded, dropped)")
        printf '| %s | %s (%s) | %s | %s | %s | %s |\n' "$label" "$cpu" "${CPU_RUNS[$discard]% }" \
            "$(python3 -c "print('%.1f' % ($cpu * 1e6 / $BODY_REQUESTS))")" "$(ratio "$cpu" "$kept_cpu")" \
            "$(printf '%.0f' "$(median "${RPS_RUNS[$discard]}")")" "${RECEIVED[$discard]}"
    done
} | tee -a "$RESULTS"
fi
