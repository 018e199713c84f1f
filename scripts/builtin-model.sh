#!/usr/bin/env bash
# The recipe of the model built into rnnsent (internal/builtin/sst2.ckpt):
# the default LSTM(200) trained on the GLUE SST-2 training set with the
# best single-network setting found for it (the moving average of the
# weights, unknown words read by their stems, weight decay: see the README's
# "How the defaults were chosen"), up to 10 epochs, stopping after 3 without
# a better dev accuracy, validated on the GLUE SST-2 dev set, the best epoch
# kept, and its weights rounded to half precision. It is the seed-1 run of
# ARMS="recipe=--average 0.999 --stem-unknown --weight-decay 0.5" SEEDS=1 bench/accuracy.sh sst2_glue.
#
# Reads ../shared/data/sst2_glue (public data kept beside the repository).
# About 3 minutes on two cores. Usage: scripts/builtin-model.sh
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared/data}
out=bench/out/builtin
mkdir -p "$out"
go build -o "$out/rnnsent" ./cmd/rnnsent
"$out/rnnsent" train --data "$shared/sst2_glue/train.csv" --dev "$shared/sst2_glue/dev.csv" \
  --average 0.999 --stem-unknown --weight-decay 0.5 --seed 1 --model "$out/sst2.gob"
go run ./tools/builtinmodel -in "$out/sst2.gob" -check "$shared/sst2_glue/dev.csv" -out internal/builtin/sst2.ckpt
"$out/rnnsent" eval --model "$out/sst2.gob" --data "$shared/sst2_glue/dev.csv"
