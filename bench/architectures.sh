#!/usr/bin/env bash
# Trains every architecture rnnsent has on the same data and prints the
# README's architecture table: parameters, seconds per epoch, training tokens
# per second, SST-2 dev accuracy, and accuracy on the word-order challenge set.
#
# Reads ../shared/data (public datasets kept beside the repository, never in
# it): sst2_glue/train.csv to train, sst2_glue/dev.csv to validate, and
# negation/dev.csv to score. Not part of the test suite: about 15 minutes per
# seed on two cores.
#
# Usage: bench/architectures.sh [EPOCHS]   (default 3; patience 2)
#   SEEDS="1 2 3"  trains each architecture once per seed and reports medians
#   ROWS="bow lstm" limits the table to those rows (bow rnn gru lstm bilstm64 lstm2)
#   FLAGS="--augment-negation 0" adds flags to every row
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared/data}
epochs=${1:-3}
seeds=${SEEDS:-1}
only=${ROWS:-}
common=${FLAGS:-}
out=bench/out/architectures
mkdir -p "$out"
for f in sst2_glue/train.csv sst2_glue/dev.csv negation/dev.csv; do
  [ -f "$shared/$f" ] || { echo "missing $shared/$f: this script needs ../shared/data" >&2; exit 1; }
done
go build -o "$out/rnnsent" ./cmd/rnnsent

# key|name|flags
rows=(
  "bow|bag of words|--arch bow"
  "rnn|simple RNN|--cell rnn"
  "gru|GRU|--cell gru"
  "lstm|LSTM|--cell lstm"
  "bilstm64|bidirectional LSTM(64)|--bidirectional --hidden 64"
  "lstm2|LSTM, 2 layers|--layers 2"
)

echo "| architecture | flags | parameters | s/epoch | tokens/s | SST-2 dev | negation | control_pos | control_neg | negated_pos | negated_neg | contrast |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for row in "${rows[@]}"; do
  IFS='|' read -r key name flags <<< "$row"
  if [ -n "$only" ] && [[ " $only " != *" $key "* ]]; then continue; fi
  for seed in $seeds; do
    # shellcheck disable=SC2086
    "$out/rnnsent" train --data "$shared/sst2_glue/train.csv" --dev "$shared/sst2_glue/dev.csv" --seed "$seed" \
      --epochs "$epochs" --patience 2 --quiet --json --model "$out/$key.$seed.gob" $flags $common | tail -n 1 > "$out/$key.$seed.train.json"
    "$out/rnnsent" eval --model "$out/$key.$seed.gob" --data "$shared/negation/dev.csv" --json > "$out/$key.$seed.negation.json"
  done
  python3 - "$out" "$key" "$name" "$flags" $seeds <<'PY'
import json, statistics, sys
out, key, name, flags, seeds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
tr = [json.load(open(f"{out}/{key}.{s}.train.json")) for s in seeds]
ng = [json.load(open(f"{out}/{key}.{s}.negation.json")) for s in seeds]
med = statistics.median
pct = lambda x: f"{100 * x:.1f}%"
cells = [name, f"`{flags}`", f"{tr[0]['params']:,}", f"{med(t['seconds_per_epoch'] for t in tr):.1f}",
         f"{med(t['tokens_per_second'] for t in tr):,.0f}", pct(med(t["val_accuracy"] for t in tr)),
         pct(med(n["accuracy"] for n in ng))]
cells += [pct(med(n["per_category"][c]["accuracy"] for n in ng)) for c in ("control_pos", "control_neg", "negated_pos", "negated_neg", "contrast")]
print("| " + " | ".join(cells) + " |")
PY
done
echo
echo "Epochs: up to $epochs (patience 2), best SST-2 dev epoch kept; flags on every row: ${common:-none}; seeds: $seeds (medians); $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)."
