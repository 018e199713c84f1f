#!/usr/bin/env bash
# Shows that a change to the code left trained models bit-identical: trains
# the same configurations with the binary of a base revision and with the
# working tree's, on the project's own demo data, and compares the weights
# with tools/weightsum (which reads every checkpoint version). The new
# binary's LSTM run is also interrupted with SIGINT and resumed, and must
# end where the base binary's uninterrupted run does.
#
# Usage: [BEFORE=FLAGS] bench/identical.sh [BASE]   (default HEAD)
#
# BEFORE is given to the new binary only: the defaults of BASE where they
# differ from today's, so that each configuration means the same to both
# binaries. Against HEAD, the check of a change in the working tree, there
# are none. Against the code before issue 14's redesign, whose defaults
# issue 19 changed several times:
#
#   BEFORE="--average 0 --weight-decay 0 --stem-unknown=false --augment-negation 3
#   --negation-forms not --augment-contrast 3 --contrast-forms but
#   --subword-buckets 0" bench/identical.sh 7adf284
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-HEAD}
before=${BEFORE:-}
out=bench/out/identical
rm -rf "$out"
mkdir -p "$out/old" "$out/new"
git worktree add -q --detach "$out/base-src" "$base"
trap 'git worktree remove --force "$out/base-src"' EXIT
(cd "$out/base-src" && go build -o ../rnnsent-base ./cmd/rnnsent)
go build -o "$out/rnnsent-new" ./cmd/rnnsent
d=data/reviews.csv
v=data/reviews-dev.csv
configs=(
  "lstm      --dev $v --epochs 3 --seed 7"
  "bigru     --cell gru --bidirectional --layers 2 --hidden 32 --epochs 3"
  "bow       --arch bow --epochs 3"
  "ensemble  --dev $v --ensemble 2 --hidden 32 --epochs 2 --average 0.99 --weight-decay 0.1"
  "stemmed   --stem-unknown --hidden 32 --epochs 2 --word-dropout 0.1"
  "long      --hidden 64 --epochs 12 --patience 0"
)
for c in "${configs[@]}"; do
  read -r name flags <<< "$c"
  for side in base new; do
    dir=old defaults=
    [ "$side" = new ] && dir=new defaults=$before
    # shellcheck disable=SC2086
    "$out/rnnsent-$side" train --data "$d" --model "$out/$dir/$name.gob" --quiet $defaults $flags 2>/dev/null >/dev/null
  done
done
# The new binary again, interrupted after 1.5 s and resumed.
# shellcheck disable=SC2086
"$out/rnnsent-new" train --data "$d" --model "$out/new/resumed.gob" --quiet $before --hidden 64 --epochs 12 --patience 0 2>/dev/null &
pid=$!
sleep 1.5
kill -INT "$pid" 2>/dev/null || true
wait "$pid" || true
if [ -f "$out/new/resumed.gob.resume" ]; then
  "$out/rnnsent-new" train --resume "$out/new/resumed.gob.resume" --quiet 2>/dev/null >/dev/null
  echo "resumed: interrupted, then went on from $out/new/resumed.gob.resume"
else
  echo "resumed: the run ended before the interrupt; it was not resumed"
fi
cp "$out/old/long.gob" "$out/old/resumed.gob"
status=0
for f in "$out"/old/*.gob; do
  name=$(basename "$f")
  a=$(go run ./tools/weightsum "$f" | cut -d' ' -f1)
  b=$(go run ./tools/weightsum "$out/new/$name" | cut -d' ' -f1)
  if [ "$a" = "$b" ]; then
    echo "identical  ${name%.gob}  $a"
  else
    echo "DIFFERENT  ${name%.gob}  $base $a, now $b"
    status=1
  fi
done
exit $status
