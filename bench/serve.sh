#!/usr/bin/env bash
# rnnsent serve against a Python server, on loopback, with a bounded load:
# tools/loadgen sends a fixed number of requests from 32 concurrent clients
# and stops.
#  1. single-text requests ({"instances": ["one sentence"]}), then requests
#     of 32 texts, to `rnnsent serve` (built-in model, LSTM(200) E=256,
#     default flags) and to bench/torch_serve.py (the same architecture in
#     PyTorch behind Python's http.server): throughput, p50/p99 latency and
#     each server's peak RSS (VmHWM);
#  2. `rnnsent predict` streaming the texts of the single-text load through
#     standard input, for the throughput the server is held to;
#  3. /metrics scraped after each load: the request count it shows against
#     the count sent.
# The SST-2 dev sentences (../shared/data/sst2/dev.csv) are the texts, read
# at run time. Median of RUNS runs, the servers started afresh for each.
#
# Needs ../shared and python3-torch (Debian's, /usr/bin/python3).
# Usage: bench/serve.sh [RUNS]   (default 3; REQUESTS single-text requests
#   to rnnsent, default 10000, PY_REQUESTS to Python, default 1000; a tenth
#   as many requests of 32 texts)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
shared=${SHARED:-../shared}
n=${REQUESTS:-10000}
pyn=${PY_REQUESTS:-1000}
port=${PORT:-18480}
pyport=$((port + 1))
out=bench/out/serve
mkdir -p "$out"
rm -f "$out"/*.json "$out"/*.log
go build -o "$out/rnnsent" ./cmd/rnnsent
go build -o "$out/loadgen" ./tools/loadgen
python3 - "$shared/data/sst2/dev.csv" "$out/lines.txt" "$n" "$out/stream.txt" <<'PY'
import csv, sys
texts = [r["text"] for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"))]
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(texts) + "\n")
with open(sys.argv[4], "w", encoding="utf-8") as f:
    for i in range(int(sys.argv[3])):
        f.write(texts[i % len(texts)] + "\n")
PY
echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(go version | cut -d' ' -f3); load average $(cut -d' ' -f1-3 /proc/loadavg) before"

pid=
stop() { [ -z "$pid" ] || kill "$pid" 2>/dev/null || true; }
trap stop EXIT

# waitfor URL: until the server answers, at most 60 s.
waitfor() {
  for _ in $(seq 120); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.5
  done
  echo "no answer from $1"; exit 1
}

# load NAME URL REQUESTS BATCH: one bounded load, its JSON line kept.
load() {
  "$out/loadgen" -url "$2" -texts "$out/lines.txt" -clients 32 -requests "$3" -batch "$4" -timeout 120s > "$out/$1.json"
}

for i in $(seq "$runs"); do
  start=$EPOCHREALTIME
  "$out/rnnsent" predict < "$out/stream.txt" > /dev/null 2> "$out/predict.$i.log"
  end=$EPOCHREALTIME
  echo "{\"texts_per_s\": $(python3 -c "print($n / ($end - $start))")}" > "$out/predict.$i.json"

  "$out/rnnsent" serve --addr "127.0.0.1:$port" --log-format json 2> "$out/serve.log" &
  pid=$!
  waitfor "http://127.0.0.1:$port/v2/health/ready"
  url="http://127.0.0.1:$port/v1/models/sst2:predict"
  load "serve-single.$i" "$url" "$n" 1
  load "serve-batch.$i" "$url" $((n / 10)) 32
  grep VmHWM "/proc/$pid/status" | awk '{print $2}' > "$out/serve-rss.$i"
  curl -s "http://127.0.0.1:$port/metrics" > "$out/metrics.$i.txt"
  kill -TERM "$pid"
  wait "$pid" || { echo "rnnsent serve exited with status $? after SIGTERM"; exit 1; }
  pid=

  # A log of each run's own: the background job may open its log after
  # the first look for "listening" in it.
  /usr/bin/python3 bench/torch_serve.py --reference "$shared/bench/torch_reference.py" \
    --vocab-from "$shared/data/sst2/train.csv" --port "$pyport" 2> "$out/torch.$i.log" &
  pid=$!
  until grep -q listening "$out/torch.$i.log" 2>/dev/null; do
    kill -0 "$pid" || { cat "$out/torch.$i.log"; exit 1; }
    sleep 0.5
  done
  url="http://127.0.0.1:$pyport/v1/models/sst2:predict"
  load "torch-single.$i" "$url" "$pyn" 1
  load "torch-batch.$i" "$url" $((pyn / 10)) 32
  grep VmHWM "/proc/$pid/status" | awk '{print $2}' > "$out/torch-rss.$i"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=
done

echo "load average $(cut -d' ' -f1-3 /proc/loadavg) after"
python3 - "$out" "$runs" "$n" <<'PY'
import json, re, statistics, sys
out, runs, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def runs_of(name):
    return [json.load(open(f"{out}/{name}.{i}.json")) for i in range(1, runs + 1)]
def med(rs, key):
    return statistics.median(r[key] for r in rs)
def rss(name):
    return max(int(open(f"{out}/{name}-rss.{i}").read()) for i in range(1, runs + 1)) / 1024
predict = runs_of("predict")
stream = med(predict, "texts_per_s")
print(f"rnnsent predict streaming the same {n:,} texts: {stream:,.0f} texts/s")
for kind, label in (("single", "single-text requests"), ("batch", "requests of 32 texts")):
    s, t = runs_of(f"serve-{kind}"), runs_of(f"torch-{kind}")
    bad = [r["status"] for r in s if set(r["status"]) != {"200"}]
    if bad:
        sys.exit(f"rnnsent serve gave answers other than 200: {bad}")
    failed = sum(r["requests"] - r["status"].get("200", 0) for r in t)
    if failed:
        print(f"Python/PyTorch: {failed} {label} of {sum(r['requests'] for r in t)} not answered within 120 s")
    st, tt = med(s, "texts_per_s"), med(t, "texts_per_s")
    # The ratios are taken run by run, each between measurements a minute
    # apart, so that a change in the load of a shared machine between runs
    # does not enter them.
    vs_torch = statistics.median(a["texts_per_s"] / b["texts_per_s"] for a, b in zip(s, t))
    vs_predict = statistics.median(a["texts_per_s"] / b["texts_per_s"] for a, b in zip(s, predict))
    print(f"{label}, 32 clients: rnnsent serve {med(s, 'requests_per_s'):,.0f} req/s ({st:,.0f} texts/s), "
          f"p50 {med(s, 'p50_ms'):.1f} ms, p99 {med(s, 'p99_ms'):.1f} ms; "
          f"Python/PyTorch {med(t, 'requests_per_s'):,.0f} req/s ({tt:,.0f} texts/s), "
          f"p50 {med(t, 'p50_ms'):.1f} ms, p99 {med(t, 'p99_ms'):.1f} ms; "
          f"{vs_torch:.1f}x; serve at {100 * vs_predict:.0f}% of predict streaming (medians of the runs' ratios)")
print(f"peak RSS: rnnsent serve {rss('serve'):.0f} MB, Python/PyTorch {rss('torch'):.0f} MB")
sent = n + n // 10
for i in range(1, runs + 1):
    m = open(f"{out}/metrics.{i}.txt").read()
    got = sum(float(v) for v in re.findall(r'^rnnsent_http_requests_total\{code="200",route="/v1/models/\{name\}:predict"\} (\S+)$', m, re.M))
    print(f"run {i}: /metrics counts {got:.0f} answered predictions, {sent} sent" + ("" if got == sent else "  MISMATCH"))
PY
