#!/usr/bin/env bash
# How training cost scales, for the speed issue's last two checks:
#  1. peak resident memory and epoch time training on 1/8, 1/4 and 1/2 of the
#     IMDB training set with --max-len 400 (epoch time should double with the
#     data), then the whole set for the peak memory;
#  2. training tokens per second with 1 thread and with 2 (median of RUNS).
#
# Needs ../shared/data (IMDB and SST-2, kept beside the repository).
# Usage: bench/scaling.sh [RUNS]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
shared=${SHARED:-../shared}
out=bench/out/scaling
mkdir -p "$out"
go build -o "$out/rnnsent" ./cmd/rnnsent
echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(go version | cut -d' ' -f3)"

# Subsets of IMDB as plain CSV files outside the repository.
python3 - "$shared/data/imdb/train.csv.gz" "$out" <<'PY'
import csv, gzip, sys
rows = list(csv.reader(gzip.open(sys.argv[1], "rt", encoding="utf-8", newline="")))
head, body = rows[0], rows[1:]
for part in (8, 4, 2):
    with open(f"{sys.argv[2]}/imdb-1of{part}.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(head)
        w.writerows(body[: len(body) // part])
PY
echo "IMDB, --max-len 400, one epoch, LSTM(200):"
printf '%-12s %10s %10s %12s %12s\n' share tokens seconds tokens/s peak_RSS_MB
for pair in "1/8:$out/imdb-1of8.csv" "1/4:$out/imdb-1of4.csv" "1/2:$out/imdb-1of2.csv" "all:$shared/data/imdb/train.csv.gz"; do
  share=${pair%%:*} data=${pair#*:}
  /usr/bin/time -f "%M" -o "$out/rss" "$out/rnnsent" train --data "$data" --dev "$shared/data/imdb/dev.csv" \
    --max-len 400 --epochs 1 --model "$out/imdb.gob" --quiet --json | tail -n 1 > "$out/imdb.json"
  python3 - "$share" "$out/imdb.json" "$out/rss" <<'PY'
import json, sys
share, s = sys.argv[1], json.load(open(sys.argv[2]))
rss = int(open(sys.argv[3]).read().split()[-1]) / 1024
tokens = s["tokens_per_second"] * s["seconds_per_epoch"]
print(f"{share:<12} {tokens:10,.0f} {s['seconds_per_epoch']:10.1f} {s['tokens_per_second']:12,.0f} {rss:12.0f}")
PY
done

echo "SST-2 sentences, one epoch, LSTM(200), median of $runs:"
for threads in 1 2; do
  for i in $(seq "$runs"); do
    "$out/rnnsent" train --data "$shared/data/sst2/train.csv" --dev "$shared/data/sst2/dev.csv" --epochs 1 \
      --threads "$threads" --model "$out/sst2.gob" --quiet --json | tail -n 1
  done > "$out/threads.$threads.jsonl"
done
python3 - "$out" <<'PY'
import json, statistics, sys
med = {t: statistics.median(json.loads(l)["tokens_per_second"] for l in open(f"{sys.argv[1]}/threads.{t}.jsonl")) for t in (1, 2)}
print(f"1 thread {med[1]:,.0f} tok/s, 2 threads {med[2]:,.0f} tok/s: {med[2] / med[1]:.2f}x")
PY
