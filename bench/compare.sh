#!/usr/bin/env bash
# Trains rnnsent and the PyTorch reference (../shared/bench/torch_reference.py)
# side by side on the same file, with the same model sizes, epochs, batch size
# and threads, RUNS times each (alternating, so drift hits both alike), and
# prints each run's training tokens per second, the medians, and their ratio.
#
# Needs ../shared (data and the reference script, kept beside the repository)
# and PyTorch for /usr/bin/python3: apt-get install -y python3-torch.
#
# Usage: bench/compare.sh [RUNS] [EPOCHS]          (defaults 3 and 1)
#   DATA=../shared/data/sst2/train.csv DEV=../shared/data/sst2/dev.csv THREADS=2
#   EXTRA="-tags purego" builds rnnsent with extra go build flags (purego: the portable kernels)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
epochs=${2:-1}
shared=${SHARED:-../shared}
data=${DATA:-$shared/data/sst2/train.csv}
dev=${DEV:-$shared/data/sst2/dev.csv}
threads=${THREADS:-2}
out=bench/out/compare
mkdir -p "$out"
[ -f "$shared/bench/torch_reference.py" ] || { echo "missing $shared/bench/torch_reference.py: this script needs ../shared" >&2; exit 1; }
/usr/bin/python3 -c 'import torch' 2>/dev/null || { echo "PyTorch missing: apt-get install -y python3-torch" >&2; exit 1; }
# shellcheck disable=SC2086
go build ${EXTRA:-} -o "$out/rnnsent" ./cmd/rnnsent

# The reference has no subword table and no scope task: rnnsent trains
# without them, so that both train the same network (the default table
# doubles rnnsent's work; the scope task adds about 5% to a step).
sizes=(--vocab-size 2500 --max-len 200)
nosub=(--subword-buckets 0 --scope-loss 0)
echo "data $data, dev $dev, $epochs epoch(s), LSTM(200), E=128, batch 32, $threads threads, $runs runs"
echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(go version | cut -d' ' -f3); torch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')"
printf '%-4s %12s %12s %10s %10s\n' run rnnsent_tok/s torch_tok/s rnnsent_acc torch_acc
for i in $(seq 1 "$runs"); do
  "$out/rnnsent" train --data "$data" --dev "$dev" --model "$out/model.gob" --epochs "$epochs" --patience 0 \
    --embed-dim 128 --hidden 200 --batch-size 32 --lr 0.001 --threads "$threads" --seed "$i" "${sizes[@]}" "${nosub[@]}" \
    --quiet --json | tail -n 1 > "$out/rnnsent.$i.json"
  /usr/bin/python3 "$shared/bench/torch_reference.py" --train "$data" --dev "$dev" --ptb --epochs "$epochs" \
    --embed 128 --hidden 200 --batch 32 --lr 0.001 --threads "$threads" --seed "$i" "${sizes[@]}" \
    | tail -n 1 > "$out/torch.$i.json"
  python3 - "$i" "$out/rnnsent.$i.json" "$out/torch.$i.json" <<'PY'
import json, sys
r, t = json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
print(f"{sys.argv[1]:<4} {r['tokens_per_second']:12,.0f} {t['train_tokens_per_s']:12,.0f} {r['val_accuracy']:10.4f} {t['dev_acc']:10.4f}")
PY
done
python3 - "$out" "$runs" <<'PY'
import json, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
r = [json.load(open(f"{out}/rnnsent.{i}.json")) for i in range(1, runs + 1)]
t = [json.load(open(f"{out}/torch.{i}.json")) for i in range(1, runs + 1)]
rm = statistics.median(x["tokens_per_second"] for x in r)
tm = statistics.median(x["train_tokens_per_s"] for x in t)
ra = statistics.median(x["val_accuracy"] for x in r)
ta = statistics.median(x["dev_acc"] for x in t)
print(f"median rnnsent {rm:,.0f} tok/s, torch {tm:,.0f} tok/s: ratio {rm / tm:.2f}x; median dev accuracy rnnsent {ra:.4f}, torch {ta:.4f}")
PY
