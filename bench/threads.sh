#!/usr/bin/env bash
# Training throughput with 1 thread and with 2 on the same file: RUNS runs of
# each, alternating (so drift hits both alike), three epochs of LSTM(200) on
# the SST-2 sentences (long enough that a burst of load from elsewhere on the
# host spoils one run rather than decides it); prints every run, the medians
# and their ratio. The two runs of a pair train the same weights (checked
# here through their dev-set loss and predictions): threads change speed only.
#
# Needs ../shared/data (kept beside the repository).
# Usage: bench/threads.sh [RUNS]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
shared=${SHARED:-../shared}
out=bench/out/threads
mkdir -p "$out"
rm -f "$out"/*.jsonl
go build -o "$out/rnnsent" ./cmd/rnnsent
echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(go version | cut -d' ' -f3)"
echo "SST-2 sentences, three epochs, LSTM(200), E=128, batch 32, $runs runs each:"
for i in $(seq "$runs"); do
  for threads in 1 2; do
    "$out/rnnsent" train --data "$shared/data/sst2/train.csv" --dev "$shared/data/sst2/dev.csv" --epochs 3 --patience 0 \
      --embed-dim 128 --hidden 200 --batch-size 32 --threads "$threads" --model "$out/sst2.$threads.gob" --quiet --json 2>/dev/null | tail -n 1 >> "$out/threads.$threads.jsonl"
  done
  for threads in 1 2; do
    "$out/rnnsent" eval --model "$out/sst2.$threads.gob" --data "$shared/data/sst2/dev.csv" --json > "$out/eval.$threads.json"
  done
  cmp -s <(sed 's/"model":"[^"]*",//' "$out/eval.1.json") <(sed 's/"model":"[^"]*",//' "$out/eval.2.json") || echo "run $i: the 1- and 2-thread models differ" >&2
done
python3 - "$out" "$runs" <<'PY'
import json, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
tps = {t: [json.loads(l)["tokens_per_second"] for l in open(f"{out}/threads.{t}.jsonl")] for t in (1, 2)}
for i in range(runs):
    print(f"run {i + 1}: 1 thread {tps[1][i]:,.0f} tok/s, 2 threads {tps[2][i]:,.0f} tok/s ({tps[2][i] / tps[1][i]:.2f}x)")
med = {t: statistics.median(v) for t, v in tps.items()}
print(f"median: 1 thread {med[1]:,.0f} tok/s, 2 threads {med[2]:,.0f} tok/s: {med[2] / med[1]:.2f}x")
PY
