#!/bin/sh
# plots.sh draws the pictures the documentation shows, from the project's
# own demo data and with the default model and flags:
#
#   docs/img/training.png   rnnsent train --plot: loss and accuracy per epoch
#   docs/img/confusion.png  rnnsent eval --plot: the dev set's confusion matrix
#
# Training takes about half a minute. The model goes to a temporary folder;
# only the two images stay. Run it from anywhere: scripts/plots.sh
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

go build -o "$tmp/rnnsent" ./cmd/rnnsent
mkdir -p docs/img
"$tmp/rnnsent" train --data data/reviews.csv --dev data/reviews-dev.csv --seed 1 \
	--model "$tmp/model.gob" --plot docs/img/training.png
"$tmp/rnnsent" eval --model "$tmp/model.gob" --data data/reviews-dev.csv \
	--plot docs/img/confusion.png
echo "wrote docs/img/training.png and docs/img/confusion.png"
