#!/usr/bin/env bash
# The recipe of the model built into rnnsent (internal/builtin/sst2.ckpt):
# the default LSTM(200) trained with the default flags (up to 10 epochs,
# stopping after 3 without a better dev accuracy) on the GLUE SST-2 training
# set, validated on the GLUE SST-2 dev set, the best epoch kept, and its
# weights stored in half precision. It is the sst2_glue row of
# bench/accuracy.sh.
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
  --seed 1 --model "$out/sst2.gob"
go run ./tools/builtinmodel -in "$out/sst2.gob" -check "$shared/sst2_glue/dev.csv" -out internal/builtin/sst2.ckpt
"$out/rnnsent" eval --model "$out/sst2.gob" --data "$shared/sst2_glue/dev.csv"
