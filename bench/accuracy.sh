#!/usr/bin/env bash
# The accuracy table of the README: trains the default model (plus any
# FLAGS) on each dataset of ../shared/data and scores it on the dataset's dev
# split; the SST-2 (GLUE) model is also scored on the negation challenge set,
# per category. Every run has a fixed seed, so rerunning gives the same
# figures on the same machine and build (see the README on kernels).
#
# Needs ../shared/data (kept beside the repository); not part of the tests.
# Usage: bench/accuracy.sh [DATASET...]   (default: every row below)
#   FLAGS="--pool last" adds flags to every run
set -euo pipefail
cd "$(dirname "$0")/.."
data=${SHARED:-../shared}/data
out=bench/out/accuracy
mkdir -p "$out"
go build -o "$out/rnnsent" ./cmd/rnnsent

# dataset: training file, then flags of its own (the rest are defaults)
declare -A train=(
  [sst2_glue]="$data/sst2_glue/train.csv"
  [sst2]="$data/sst2/train.csv"
  [imdb]="$data/imdb/train.csv.gz"
  [airline_sentiment]="$data/airline_sentiment/train.csv"
  [uci_all]="$data/uci_all/train.csv"
)
declare -A flags=(
  [imdb]="--max-len 400 --epochs 5"
)
rows=("$@")
[ ${#rows[@]} -gt 0 ] || rows=(sst2_glue sst2 imdb airline_sentiment uci_all)

echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(go version | cut -d' ' -f3); FLAGS=${FLAGS:-}"
printf '| %s | %s | %s | %s | %s |\n' "training set → dev set" flags "dev accuracy" "best epoch / epochs run" "seconds"
printf '|---|---|---:|---:|---:|\n'
for ds in "${rows[@]}"; do
  f="${flags[$ds]:-} ${FLAGS:-}"
  # A run this script interrupted earlier would refuse to start over its files.
  rm -f "$out/$ds.gob" "$out/$ds.gob.resume"
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  "$out/rnnsent" train --data "${train[$ds]}" --dev "$data/$ds/dev.csv" --model "$out/$ds.gob" \
    $f --quiet --json 2>/dev/null > "$out/$ds.jsonl"
  end=$(date +%s.%N)
  python3 - "$ds" "$f" "$out/$ds.jsonl" "$start" "$end" <<'PY'
import json, sys
ds, flags, path, start, end = sys.argv[1], sys.argv[2].strip(), sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
s = json.loads(open(path).read().splitlines()[-1])
if "members" in s:  # an ensemble: each network's best epoch and epochs run
    epochs = ", ".join(f"{m['best_epoch']} / {m['epochs']}" for m in s["members"])
else:
    epochs = f"{s['best_epoch']} / {s['epochs']}"
print(f"| `{ds}` → `{ds}/dev` | `{flags or '(defaults)'}` | {100 * s['val_accuracy']:.1f}% | {epochs} | {end - start:.0f} |")
PY
  if [ "$ds" = sst2_glue ]; then
    "$out/rnnsent" eval --model "$out/$ds.gob" --data "$data/negation/dev.csv" --json > "$out/negation.json"
    python3 - "$out/negation.json" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
cats = ", ".join(f"{name} {100 * c['accuracy']:.1f}%" for name, c in sorted(e["per_category"].items()))
print(f"| `sst2_glue` → `negation/dev.csv` | same model | {100 * e['accuracy']:.1f}% | {cats} | |")
PY
  fi
done
