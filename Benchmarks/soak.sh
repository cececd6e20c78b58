#!/usr/bin/env bash
# The randomized property tests at soak volume: BARRAGE_SOAK=N (default 10) runs N times the
# cases a unit run takes, from fresh seeds that are printed (Tests/BarrageTestSupport/
# PropertyRounds.swift). CI runs them small with fixed seeds; run this after touching the sample
# frame decoder, the HDR codec or the VU split. Exit 1 when a case fails; its seed is in the output.
#
#   Benchmarks/soak.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
times=${1:-10}
[[ $times =~ ^[0-9]+$ ]] && (( times >= 1 && times <= 10000 )) || { echo "usage: Benchmarks/soak.sh [1...10000]" >&2; exit 2; }
swift build --build-tests
BARRAGE_SOAK=$times swift test --skip-build \
    --filter 'SampleFrameDecoderTests|HdrV2CodecTests|VUSplitTests'
