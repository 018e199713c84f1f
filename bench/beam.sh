#!/usr/bin/env bash
# Throughput of the Beam pipeline on prism, in-process, against one
# rnnsent predict process, on the same 100,000 generated lines with the
# built-in model: wall time, CPU time and peak RSS of each, RUNS runs
# each, alternated so that both meet the same machine load; and that both
# give the same answers, joined by line.
#
# Usage: bench/beam.sh [RUNS]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
out=bench/out/beam
mkdir -p "$out"
go build -o "$out/rnnsent" ./cmd/rnnsent
(cd beam && go build -o "../$out/rnnsent-beam" ./cmd/rnnsent-beam)
# Reviews of 1 to 30 words drawn from a small vocabulary, the same every run.
awk 'BEGIN {
  srand(1)
  n = split("the a this film movie plot acting story was is not never very really quite good bad great awful boring moving dull wonderful fine terrible funny slow and but too long short I it expected loved hated worth money time at all", w, " ")
  for (i = 0; i < 100000; i++) {
    k = 1 + int(rand() * 30); line = w[1 + int(rand() * n)]
    for (j = 1; j < k; j++) line = line " " w[1 + int(rand() * n)]
    print line
  }
}' > "$out/lines.txt"
echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)"

# measure LABEL STDOUT CMD...: wall s, CPU s and peak RSS of CMD, appended
# to $out/LABEL.txt; its output goes to STDOUT.
measure() {
  local label=$1 stdout=$2
  shift 2
  /usr/bin/time -o "$out/time.txt" -f "%e %U %S %M" "$@" >"$stdout" 2>"$out/$label.err"
  cat "$out/time.txt" >> "$out/$label.txt"
}
rm -f "$out/predict.txt" "$out/beam.txt"
for i in $(seq "$runs"); do
  measure predict "$out/predict.jsonl" "$out/rnnsent" predict --json --input "$out/lines.txt"
  rm -rf "$out/answers"
  measure beam /dev/null "$out/rnnsent-beam" --input "$out/lines.txt" --output "$out/answers/a"
done
for label in predict beam; do
  sort -n "$out/$label.txt" | awk -v label="$label" '{w[NR]=$1; c[NR]=$2+$3; m[NR]=$4}
    END {i=int((NR+1)/2); printf "%-8s median of %d: %6.1f s wall, %5.1f s CPU, %6.0f lines/s, peak RSS %4.0f MB\n", label, NR, w[i], c[i], 100000/w[i], m[i]/1024}'
done
# The same answers: line N of the input is answer N of predict.
cat "$out"/answers/a-*.jsonl | sed 's/^{"file":"[^"]*","line":\([0-9]*\),/\1 {/' | sort -n | cut -d' ' -f2- > "$out/beam.jsonl"
sed 's/^{"text":"[^"]*",/{/' "$out/predict.jsonl" | diff -q - "$out/beam.jsonl" && echo "same answers, line by line"
