#!/usr/bin/env bash
# How training cost scales with the data: peak resident memory and epoch
# time training on 1/8, 1/4 and 1/2 of the IMDB training set with
# --max-len 400 (epoch time should double with the data), then on the whole
# set for the peak memory. bench/threads.sh measures scaling with threads.
#
# Needs ../shared/data (IMDB, kept beside the repository).
# Usage: bench/scaling.sh
set -euo pipefail
cd "$(dirname "$0")/.."
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

