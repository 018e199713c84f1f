#!/usr/bin/env bash
# Prediction speed, three measurements in one command:
#  1. whole-process wall time of `rnnsent predict "Not bad!"` with a
#     checkpoint trained with the default flags (LSTM(200), E=256, and the
#     16,384-row subword table: 20.8 MB),
#     and with the built-in model (median of 21 runs each);
#  2. streaming 20,000 lines (the SST-2 dev sentences repeated) through
#     standard input, rnnsent vs the PyTorch reference model (batch 256, no
#     gradients, 2 threads), median of RUNS runs each, with rnnsent's peak RSS;
#  3. that the first answer leaves before the input is closed.
#
# Needs ../shared (SST-2 files and the reference script) and python3-torch.
# Usage: bench/predict.sh [RUNS]   (default 3; MODEL=path to an LSTM(200) checkpoint,
#                                   else one is trained for 1 epoch on SST-2;
#                                   LATENCY_ONLY=1 stops after part 1)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
shared=${SHARED:-../shared}
out=bench/out/predict
mkdir -p "$out"
go build -o "$out/rnnsent" ./cmd/rnnsent
model=${MODEL:-$out/sst2.gob}
if [ ! -f "$model" ]; then
  # The sizes of the PyTorch model it is compared with, which has no
  # subword table.
  "$out/rnnsent" train --data "$shared/data/sst2/train.csv" --dev "$shared/data/sst2/dev.csv" --epochs 1 \
    --embed-dim 128 --hidden 200 --subword-buckets 0 --model "$model" --quiet
fi
defaults=$out/default.gob
if [ ! -f "$defaults" ]; then
  "$out/rnnsent" train --data "$shared/data/sst2/train.csv" --dev "$shared/data/sst2/dev.csv" --epochs 1 \
    --model "$defaults" --quiet
fi
python3 - "$shared/data/sst2/dev.csv" "$out/lines.txt" <<'PY'
import csv, sys
texts = [r["text"] for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"))]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for i in range(20000):
        f.write(texts[i % len(texts)] + "\n")
PY
echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(go version | cut -d' ' -f3)"

# latency LABEL ARGS...: the median wall time of 21 runs of rnnsent predict
# ARGS "Not bad!", timed with bash's microsecond clock (/usr/bin/time's %e
# truncates to hundredths, which once reported 29 ms as "20 ms").
latency() {
  local label=$1 start end i
  shift
  : > "$out/latency.txt"
  for i in $(seq 21); do
    start=$EPOCHREALTIME
    "$out/rnnsent" predict "$@" "Not bad!" >/dev/null 2>&1
    end=$EPOCHREALTIME
    echo "$start $end" >> "$out/latency.txt"
  done
  awk '{print ($2 - $1) * 1000}' "$out/latency.txt" | sort -n |
    awk -v label="$label" '{a[NR]=$1} END {printf "predict \"Not bad!\", %s: median %.1f ms over %d runs (fastest %.1f, slowest %.1f)\n", label, a[int((NR+1)/2)], NR, a[1], a[NR]}'
  rm -f "$out/latency.txt"
}
latency "a checkpoint of the default flags (LSTM(200), E=256, $(du -k "$defaults" | cut -f1) kB)" --model "$defaults"
latency "the built-in model (LSTM(200), E=256)"
[ -z "${LATENCY_ONLY:-}" ] || exit 0

for i in $(seq "$runs"); do
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$out/rss.$i" "$out/rnnsent" predict --model "$model" < "$out/lines.txt" > "$out/rnnsent.out"
  end=$(date +%s.%N)
  echo "$start $end" > "$out/rnnsent.$i"
  /usr/bin/python3 bench/torch_infer.py --reference "$shared/bench/torch_reference.py" \
    --vocab-from "$shared/data/sst2/train.csv" --lines "$out/lines.txt" 2> "$out/torch.$i" > /dev/null
done
python3 - "$out" "$runs" <<'PY'
import json, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
r = []
for i in range(1, runs + 1):
    s, e = map(float, open(f"{out}/rnnsent.{i}").read().split())
    r.append(20000 / (e - s))
t = [json.loads(open(f"{out}/torch.{i}").read().strip().splitlines()[-1])["lines_per_s"] for i in range(1, runs + 1)]
rss = max(int(open(f"{out}/rss.{i}").read().split()[-1]) for i in range(1, runs + 1))
rm, tm = statistics.median(r), statistics.median(t)
print(f"streaming 20,000 lines: rnnsent {rm:,.0f} lines/s (whole process), torch {tm:,.0f} lines/s (model only): ratio {rm / tm:.2f}x; rnnsent peak RSS {rss / 1024:.0f} MB")
PY

# The first answer must come out while the input is still open.
t0=$(date +%s.%N)
t1=$( (echo "Not bad!"; sleep 2; echo "done") | "$out/rnnsent" predict --model "$model" | { read -r _; date +%s.%N; cat >/dev/null; } )
python3 -c "print(f'first answer {$t1 - $t0:.2f} s after start, while the input stayed open for 2 s')"
