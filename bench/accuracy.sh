#!/usr/bin/env bash
# The accuracy protocol of the README: every figure is a mean ± standard
# deviation over several runs, never one split's, so that a setting is
# chosen for what it does rather than for one split's luck.
#
#   uci_all, airline_sentiment: 5-fold cross-validation over train + dev.
#     The folds (tools/folds: stratified by label, repeated texts in one
#     fold, dealt by FOLD_SEED) are written to a temporary directory. Fold i
#     trains with --seed i on the other folds, choosing its epoch on 10% of
#     them (--val-split), and is scored on fold i, which nothing else saw.
#   sst2, sst2_glue, imdb: one run per seed in SEEDS on train, the best dev
#     epoch kept and reported (dev is their only labelled split besides the
#     test sets held back). Each sst2_glue model is also scored on the
#     negation challenge set and on the reporting half of rnnsent check's
#     suite (recorded as the datasets "negation" and "suite").
#
# Each arm (a name and its flags) is run on the same folds and seeds, so the
# difference of two arms is paired run by run. The default arms are the
# default model and the bag-of-words baseline; ARMS compares any flag sets,
# for the README's development log.
#
# Needs ../shared/data (kept beside the repository); not part of the tests.
# Usage: bench/accuracy.sh [DATASET...]   (or DATASETS="uci_all sst2")
#   default: uci_all airline_sentiment sst2 sst2_glue imdb
#   SEEDS="1 2 3"   seeds of the sets with a dev split
#   FOLDS=5 FOLD_SEED=1   cross-validation of uci_all and airline_sentiment
#   FLAGS="--pool last"   adds flags to every run of every arm
#   ARMS="default=;recipe=--average 0.999 --weight-decay 0.5"
#                   name=flags arms separated by ';' (default "default=;bow=--arch bow")
#   OUT=bench/out/accuracy   where the runs are recorded (runs.jsonl), the binaries built
#                   and the models kept (models/DATASET.ARM.seedN.gob or .foldN.gob)
# Prints each run as it ends, then (also when interrupted) the table of
# bench/protocol_table.py: each arm's mean and its difference from the first
# arm's. That script also combines the runs of separate invocations:
#   ARMS="recipe=--average 0.999" OUT=bench/out/recipe bench/accuracy.sh uci_all
#   bench/protocol_table.py bench/out/accuracy/runs.jsonl bench/out/recipe/runs.jsonl
set -euo pipefail
cd "$(dirname "$0")/.."
data=${SHARED:-../shared}/data
out=${OUT:-bench/out/accuracy}
mkdir -p "$out/models"
go build -o "$out/rnnsent" ./cmd/rnnsent
go build -o "$out/folds" ./tools/folds

read -ra seeds <<< "${SEEDS:-1 2 3}"
folds=${FOLDS:-5}
IFS=';' read -ra arms <<< "${ARMS:-default=;bow=--arch bow}"
rows=("$@")
[ ${#rows[@]} -gt 0 ] || read -ra rows <<< "${DATASETS:-uci_all airline_sentiment sst2 sst2_glue imdb}"

declare -A train=(
  [sst2_glue]="$data/sst2_glue/train.csv"
  [sst2]="$data/sst2/train.csv"
  [imdb]="$data/imdb/train.csv.gz"
  [airline_sentiment]="$data/airline_sentiment/train.csv"
  [uci_all]="$data/uci_all/train.csv"
)
declare -A cv=([uci_all]=1 [airline_sentiment]=1)
# flags of a dataset's own, in every arm: IMDB reviews average 230 words
declare -A flags=(
  [imdb]="--max-len 400 --epochs 5"
)
for ds in "${rows[@]}"; do
  [ -n "${train[$ds]:-}" ] || { echo "unknown dataset $ds (${!train[*]})" >&2; exit 2; }
  [ -f "${train[$ds]}" ] || { echo "missing ${train[$ds]}: this script needs ../shared/data" >&2; exit 1; }
done

tmp=$(mktemp -d)
runs=$out/runs.jsonl
: > "$runs"
began=$(date +%s)
summary() {
  echo
  bench/protocol_table.py "$runs"
  echo "the whole script: $(( ($(date +%s) - began + 30) / 60 )) minutes"
  rm -rf "$tmp"
}
trap summary EXIT

echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(go version | cut -d' ' -f3); commit $(git rev-parse --short HEAD)"
echo "arms: ${arms[*]}; FLAGS=${FLAGS:-}; SEEDS=${seeds[*]}; $folds folds dealt by seed ${FOLD_SEED:-1}"

# record DATASET ARM RUN PROTOCOL SECONDS TRAIN_JSONL [EVAL_JSON]: appends
# the run to $runs and prints it; the accuracy is the eval's when there is
# one, else the best validation epoch's.
record() {
  python3 - "$runs" "$@" <<'PY'
import json, sys
runs, ds, arm, run, protocol, secs, train = sys.argv[1:8]
s = json.loads(open(train).read().splitlines()[-1])
# an ensemble has each network's best epoch and epochs run instead of its own
epochs = ", ".join(f"{m['best_epoch']} / {m['epochs']}" for m in s.get("members", [s]))
r = {"dataset": ds, "arm": arm, "run": run, "protocol": protocol, "seconds": float(secs),
     "epochs": epochs, "accuracy": s["val_accuracy"]}
line = f"{ds:<18} {arm:<10} {run:<7} "
if len(sys.argv) > 8:
    e = json.load(open(sys.argv[8]))
    r["accuracy"] = e["accuracy"]
    line += f"{100 * e['accuracy']:5.1f}% (validation {100 * s['val_accuracy']:.1f}%)"
else:
    line += f"{100 * s['val_accuracy']:5.1f}%"
print(f"{line}  best epoch / epochs {epochs}  {float(secs):.0f} s", flush=True)
with open(runs, "a") as f:
    f.write(json.dumps(r) + "\n")
PY
}

# negation ARM RUN MODEL: scores an sst2_glue model on the
# challenge set and records it as the dataset "negation".
negation() {
  "$out/rnnsent" eval --model "$3" --data "$data/negation/dev.csv" --json > "$tmp/negation.json"
  python3 - "$runs" "$1" "$2" "$tmp/negation.json" <<'PY'
import json, sys
runs, arm, run, path = sys.argv[1:]
e = json.load(open(path))
cats = ", ".join(f"{name} {100 * c['accuracy']:.1f}%" for name, c in sorted(e["per_category"].items()))
print(f"{'negation':<18} {arm:<10} {run:<7} {100 * e['accuracy']:5.1f}%  {cats}", flush=True)
with open(runs, "a") as f:
    f.write(json.dumps({"dataset": "negation", "arm": arm, "run": run, "protocol": "the sst2_glue models",
                        "accuracy": e["accuracy"], "per_category": {k: c["accuracy"] for k, c in e["per_category"].items()}}) + "\n")
PY
}

# suite ARM RUN MODEL: scores an sst2_glue model on the reporting half of
# rnnsent check's suite and records it as the dataset "suite", with the
# share passed of each category.
suite() {
  "$out/rnnsent" check --model "$3" --half report --json > "$tmp/suite.json"
  python3 - "$runs" "$1" "$2" "$tmp/suite.json" <<'PY'
import json, sys
runs, arm, run, path = sys.argv[1:]
e = json.load(open(path))
cats = {k: c["pass_rate"] for k, c in e["per_category"].items()}
negations = [k for k in e["per_category"] if k.startswith("neg_")]
worst = ", ".join(f"{k} {100 * v:.0f}%" for k, v in sorted(cats.items(), key=lambda kv: kv[1])[:4])
print(f"{'suite':<18} {arm:<10} {run:<7} {100 * e['pass_rate']:5.1f}%  worst: {worst}", flush=True)
with open(runs, "a") as f:
    f.write(json.dumps({"dataset": "suite", "arm": arm, "run": run, "protocol": "the sst2_glue models, reporting half",
                        "accuracy": e["pass_rate"], "per_category": cats}) + "\n")
PY
}

# train MODEL [rnnsent train flags...]: one training run, its JSON lines
# in MODEL.jsonl and its wall time in $secs.
train() {
  local model=$1 start
  shift
  start=$(date +%s.%N)
  "$out/rnnsent" train --model "$model" "$@" --quiet --json > "$model.jsonl" 2> "$model.err" ||
    { cat "$model.err" >&2; return 1; }
  secs=$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$start" "$(date +%s.%N)")
}

for ds in "${rows[@]}"; do
  if [ -n "${cv[$ds]:-}" ]; then
    protocol="$folds-fold CV, folds of seed ${FOLD_SEED:-1}"
    "$out/folds" -k "$folds" -seed "${FOLD_SEED:-1}" -out "$tmp/$ds" "${train[$ds]}" "$data/$ds/dev.csv" > /dev/null
    for i in $(seq 1 "$folds"); do
      for arm in "${arms[@]}"; do
        model=$out/models/$ds.${arm%%=*}.fold$i.gob
        # shellcheck disable=SC2086
        train "$model" --data "$tmp/$ds/$i/train.csv" --seed "$i" ${flags[$ds]:-} ${arm#*=} ${FLAGS:-}
        "$out/rnnsent" eval --model "$model" --data "$tmp/$ds/$i/test.csv" --json > "$model.eval.json"
        record "$ds" "${arm%%=*}" "fold $i" "$protocol" "$secs" "$model.jsonl" "$model.eval.json"
      done
    done
  else
    protocol="seeds, best dev epoch"
    for seed in "${seeds[@]}"; do
      for arm in "${arms[@]}"; do
        model=$out/models/$ds.${arm%%=*}.seed$seed.gob
        # shellcheck disable=SC2086
        train "$model" --data "${train[$ds]}" --dev "$data/$ds/dev.csv" --seed "$seed" ${flags[$ds]:-} ${arm#*=} ${FLAGS:-}
        record "$ds" "${arm%%=*}" "seed $seed" "$protocol" "$secs" "$model.jsonl"
        if [ "$ds" = sst2_glue ]; then
          negation "${arm%%=*}" "seed $seed" "$model"
          suite "${arm%%=*}" "seed $seed" "$model"
        fi
      done
    done
  fi
done
