#!/usr/bin/env bash
# The reference experiment's workload: 1000 VUs, each looping GET feed; check 200; sleep 1s, 3 min.
#   config/reference-experiment.sh URL [coord run flags...]
# e.g. config/reference-experiment.sh http://127.0.0.1:8080/api/posts/ --agents-file config/agents.yaml --token-file /etc/barrage/token
set -euo pipefail
url=${1:?usage: $0 URL [coord run flags...]}
shift
coord=${COORD:-$(dirname "$0")/../.build/release/coord}
exec "$coord" run --url "$url" --vus 1000 --duration 3m --sleep 1s --expect-status 200 "$@"
