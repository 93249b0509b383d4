#!/usr/bin/env bash
# One benchmark sitting: synapse-bench next to the PyTorch and JAX peer scripts, interleaved,
# ROUNDS rounds (default 3), one JSON line per run appended to OUT (default /tmp/sitting.jsonl).
# Optionally BEFORE=path/to/an/older/synapse-bench is run in the same rounds for ratios against the
# previous code. Make the peers' environment first: bash ../shared/bench/peers/setup.sh
#   ROUNDS=3 OUT=/tmp/sitting.jsonl BEFORE=/tmp/synapse-bench-before bash scripts/bench_sitting.sh
#   python3 scripts/bench_summary.py /tmp/sitting.jsonl
# CASES picks the workloads ("workload threads" pairs separated by ';') and FRAMEWORKS the peers:
#   CASES="W3 1;W3 2" FRAMEWORKS="torch jax keras" bash scripts/bench_sitting.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
OUT=${OUT:-/tmp/sitting.jsonl}
PY=${PEER_PYTHON:-/tmp/peerbench/venv/bin/python}
PEERS=${PEERS_DIR:-../shared/bench/peers}
SYNAPSE=${SYNAPSE:-.build/release/synapse-bench}
[ -x "$SYNAPSE" ] || swift build -c release --product synapse-bench
run() { "$@" 2>/dev/null | tail -n 1 >> "$OUT" || echo "{\"failed\": \"$*\"}" >> "$OUT"; }
IFS=';' read -ra cases <<< "${CASES:-W1 1;W1-sgd 1;W2 1;W2 2;W5 1;W6 1;W6 2;W7 1;W7-chain 1;W1-custom 1}"
read -ra frameworks <<< "${FRAMEWORKS:-torch jax}"
for round in $(seq 1 "$ROUNDS"); do
    for c in "${cases[@]}"; do
        set -- $c
        run "$SYNAPSE" --workload "$1" --threads "$2"
        if [ -n "${BEFORE:-}" ] && [[ "$1" != W7* ]]; then
            run "$BEFORE" --workload "$1" --threads "$2"
            sed -i '$ s/"framework":"synapse"/"framework":"synapse-before"/' "$OUT"
        fi
        [ "$1" = W1-custom ] && continue   # no peer twin
        for fw in "${frameworks[@]}"; do run "$PY" "$PEERS/bench.py" --framework "$fw" --workload "$1" --threads "$2"; done
    done
done
