#!/usr/bin/env bash
# Trains every architecture rnnsent has on the same data and prints the
# README's architecture table: parameters, seconds per epoch, training tokens
# per second, SST-2 dev accuracy, and accuracy on the word-order challenge set.
#
# Reads ../shared/data (public datasets kept beside the repository, never in
# it): sst2_glue/train.csv to train, sst2_glue/dev.csv to validate, and
# negation/dev.csv to score. Not part of the test suite: about 30 minutes on
# two cores.
#
# Usage: bench/architectures.sh [EPOCHS]   (default 4; patience 2)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared/data}
epochs=${1:-4}
out=bench/out/architectures
mkdir -p "$out"
for f in sst2_glue/train.csv sst2_glue/dev.csv negation/dev.csv; do
  [ -f "$shared/$f" ] || { echo "missing $shared/$f: this script needs ../shared/data" >&2; exit 1; }
done
go build -o "$out/rnnsent" ./cmd/rnnsent

# name|flags
rows=(
  "bag of words|--arch bow"
  "simple RNN|--cell rnn"
  "GRU|--cell gru"
  "LSTM|--cell lstm"
  "bidirectional LSTM(64)|--bidirectional --hidden 64"
  "LSTM, 2 layers|--layers 2"
)

echo "| architecture | flags | parameters | s/epoch | tokens/s | SST-2 dev | negation | control_pos | control_neg | negated_pos | negated_neg | contrast |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for row in "${rows[@]}"; do
  name=${row%%|*} flags=${row#*|}
  slug=$(echo "$name" | tr -c 'a-zA-Z0-9' '-')
  # shellcheck disable=SC2086
  "$out/rnnsent" train --data "$shared/sst2_glue/train.csv" --dev "$shared/sst2_glue/dev.csv" \
    --epochs "$epochs" --patience 2 --quiet --json --model "$out/$slug.gob" $flags | tail -n 1 > "$out/$slug.train.json"
  "$out/rnnsent" eval --model "$out/$slug.gob" --data "$shared/negation/dev.csv" --json > "$out/$slug.negation.json"
  python3 - "$name" "$flags" "$out/$slug.train.json" "$out/$slug.negation.json" <<'PY'
import json, sys
name, flags, tr, ng = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3])), json.load(open(sys.argv[4]))
cats = ng.get("per_category", {})
pct = lambda x: f"{100 * x:.1f}%"
cells = [name, f"`{flags}`", f"{tr['params']:,}", f"{tr['seconds_per_epoch']:.1f}", f"{tr['tokens_per_second']:,.0f}",
         pct(tr["val_accuracy"]), pct(ng["accuracy"])]
cells += [pct(cats[c]["accuracy"]) if c in cats else "" for c in ("control_pos", "control_neg", "negated_pos", "negated_neg", "contrast")]
print("| " + " | ".join(cells) + " |")
PY
done
echo
echo "Epochs: up to $epochs (patience 2), best SST-2 dev epoch kept; seed 1; $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)."
