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
# The arm named torch runs the PyTorch reference instead of rnnsent, on the
# same folds and seeds: ${SHARED:-../shared}/bench/torch_reference.py with
# /usr/bin/python3, --embed 256 --vocab-size 2500 --ptb (rnnsent's width,
# vocabulary and contractions), --seed the fold or seed, --threads
# ${TORCH_THREADS:-1}, the dataset's flags (IMDB's --max-len 400 --epochs 5),
# then the arm's own (ARMS="torch=--epochs 10": its default is 5 epochs, no
# early stopping); FLAGS is rnnsent's and not passed. It has no inner
# validation split: on uci_all and airline_sentiment it trains on all the
# other folds, scores fold i after every epoch and reports the LAST epoch's
# figure (choosing the best would choose on the test fold); on the other sets
# it reports its best dev epoch, as rnnsent does, and on sst2_glue the
# negation set at that epoch (the accuracy only).
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
#   TORCH_THREADS=1   threads of the torch arm
#   SUITE_HALF=report   the half of rnnsent check's suite the sst2_glue models
#                   are scored on; tune for a change not yet chosen, so that
#                   its runs never show the reporting half (recorded as the
#                   dataset "suite_tune")
# Prints each run as it ends, then (also when interrupted) the table of
# bench/protocol_table.py: each arm's mean and its difference from the first
# arm's. That script also combines the runs of separate invocations:
#   ARMS="recipe=--average 0.999" OUT=bench/out/recipe bench/accuracy.sh uci_all
#   bench/protocol_table.py bench/out/accuracy/runs.jsonl bench/out/recipe/runs.jsonl
set -euo pipefail
cd "$(dirname "$0")/.."
data=${SHARED:-../shared}/data
negset=$data/negation/dev.csv
reference=${SHARED:-../shared}/bench/torch_reference.py
out=${OUT:-bench/out/accuracy}
suite_half=${SUITE_HALF:-report}
case $suite_half in
  report | tune) ;;
  *) echo "SUITE_HALF must be report or tune, got $suite_half" >&2; exit 2 ;;
esac
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
# the torch arm scores sst2_glue's models on the negation set as it trains
declare -A tests=([sst2_glue]="--test $negset")
for ds in "${rows[@]}"; do
  [ -n "${train[$ds]:-}" ] || { echo "unknown dataset $ds (${!train[*]})" >&2; exit 2; }
  [ -f "${train[$ds]}" ] || { echo "missing ${train[$ds]}: this script needs ../shared/data" >&2; exit 1; }
done
for arm in "${arms[@]}"; do
  [ "${arm%%=*}" != torch ] || [ -f "$reference" ] || { echo "missing $reference: the torch arm needs it" >&2; exit 1; }
  [ "${arm%%=*}" != torch ] || /usr/bin/python3 -c 'import torch' 2> /dev/null ||
    { echo "the torch arm needs PyTorch for /usr/bin/python3 (apt-get install python3-torch)" >&2; exit 1; }
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

# negation ARM RUN MODEL: scores an sst2_glue model on the challenge set
# (the torch arm leaves its score in MODEL.test.json) and records it as the
# dataset "negation".
negation() {
  [ "$1" = torch ] || "$out/rnnsent" eval --model "$3" --data "$negset" --json > "$3.test.json"
  python3 - "$runs" "$1" "$2" "$3.test.json" <<'PY'
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

# suite ARM RUN MODEL: scores an sst2_glue model on the SUITE_HALF half of
# rnnsent check's suite and records it as the dataset "suite" (the
# reporting half) or "suite_tune", with the share passed of each category.
suite() {
  "$out/rnnsent" check --model "$3" --half "$suite_half" --json > "$tmp/suite.json"
  python3 - "$runs" "$1" "$2" "$tmp/suite.json" "$suite_half" <<'PY'
import json, sys
runs, arm, run, path, half = sys.argv[1:]
dataset, protocol = ("suite", "reporting half") if half == "report" else ("suite_tune", "tuning half")
e = json.load(open(path))
cats = {k: c["pass_rate"] for k, c in e["per_category"].items()}
worst = ", ".join(f"{k} {100 * v:.0f}%" for k, v in sorted(cats.items(), key=lambda kv: kv[1])[:4])
print(f"{dataset:<18} {arm:<10} {run:<7} {100 * e['pass_rate']:5.1f}%  worst: {worst}", flush=True)
with open(runs, "a") as f:
    f.write(json.dumps({"dataset": dataset, "arm": arm, "run": run, "protocol": f"the sst2_glue models, {protocol}",
                        "accuracy": e["pass_rate"], "per_category": cats}) + "\n")
PY
}

# timed OUTPUT COMMAND...: runs COMMAND, its stdout in OUTPUT, its wall time
# in $secs.
timed() {
  local output=$1 start
  shift
  start=$(date +%s.%N)
  "$@" > "$output" 2> "$output.err" || { cat "$output.err" >&2; return 1; }
  secs=$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$start" "$(date +%s.%N)")
}

# train MODEL [rnnsent train flags...]: one training run, its JSON lines
# in MODEL.jsonl and its wall time in $secs.
train() {
  timed "$1.jsonl" "$out/rnnsent" train --model "$@" --quiet --json
}

# reference MODEL best|last [torch_reference.py flags...]: one run of the
# PyTorch reference in place of train, its lines in MODEL.torch.jsonl; writes
# MODEL.jsonl with the summary record reads (the dev accuracy of the best or
# of the last epoch) and, with --test, MODEL.test.json with the test file's
# accuracy at that epoch.
reference() {
  timed "$1.torch.jsonl" /usr/bin/python3 "$reference" --embed 256 --vocab-size 2500 --ptb \
    --threads "${TORCH_THREADS:-1}" "${@:3}"
  python3 - "$1" "$2" <<'PY'
import json, sys
model, pick = sys.argv[1:]
*epochs, s = map(json.loads, open(model + ".torch.jsonl"))
e = epochs[-1] if pick == "last" else epochs[s["best_epoch"] - 1]
json.dump({"val_accuracy": e["dev_acc"], "best_epoch": e["epoch"], "epochs": len(epochs)}, open(model + ".jsonl", "w"))
for acc in e["test_acc"].values():
    json.dump({"accuracy": acc, "per_category": {}}, open(model + ".test.json", "w"))
PY
}

for ds in "${rows[@]}"; do
  if [ -n "${cv[$ds]:-}" ]; then
    protocol="$folds-fold CV, folds of seed ${FOLD_SEED:-1}"
    "$out/folds" -k "$folds" -seed "${FOLD_SEED:-1}" -out "$tmp/$ds" "${train[$ds]}" "$data/$ds/dev.csv" > /dev/null
    for i in $(seq 1 "$folds"); do
      for arm in "${arms[@]}"; do
        model=$out/models/$ds.${arm%%=*}.fold$i.gob
        if [ "${arm%%=*}" = torch ]; then
          # shellcheck disable=SC2086
          reference "$model" last --train "$tmp/$ds/$i/train.csv" --dev "$tmp/$ds/$i/test.csv" --seed "$i" ${flags[$ds]:-} ${arm#*=}
          record "$ds" torch "fold $i" "$protocol" "$secs" "$model.jsonl"
        else
          # shellcheck disable=SC2086
          train "$model" --data "$tmp/$ds/$i/train.csv" --seed "$i" ${flags[$ds]:-} ${arm#*=} ${FLAGS:-}
          "$out/rnnsent" eval --model "$model" --data "$tmp/$ds/$i/test.csv" --json > "$model.eval.json"
          record "$ds" "${arm%%=*}" "fold $i" "$protocol" "$secs" "$model.jsonl" "$model.eval.json"
        fi
      done
    done
  else
    protocol="seeds, best dev epoch"
    for seed in "${seeds[@]}"; do
      for arm in "${arms[@]}"; do
        model=$out/models/$ds.${arm%%=*}.seed$seed.gob
        if [ "${arm%%=*}" = torch ]; then
          # shellcheck disable=SC2086
          reference "$model" best --train "${train[$ds]}" --dev "$data/$ds/dev.csv" --seed "$seed" \
            ${flags[$ds]:-} ${tests[$ds]:-} ${arm#*=}
        else
          # shellcheck disable=SC2086
          train "$model" --data "${train[$ds]}" --dev "$data/$ds/dev.csv" --seed "$seed" ${flags[$ds]:-} ${arm#*=} ${FLAGS:-}
        fi
        record "$ds" "${arm%%=*}" "seed $seed" "$protocol" "$secs" "$model.jsonl"
        if [ "$ds" = sst2_glue ]; then
          negation "${arm%%=*}" "seed $seed" "$model"
          [ "${arm%%=*}" = torch ] || suite "${arm%%=*}" "seed $seed" "$model"
        fi
      done
    done
  fi
done
