#!/usr/bin/env python3
"""Inference throughput of the PyTorch reference model, for bench/predict.sh.

Builds the model class of ../shared/bench/torch_reference.py (Embedding ->
LSTM(200) -> Linear, packed sequences) with a vocabulary from --vocab-from,
and labels every line of --lines in batches of --batch with gradients off.
The weights are untrained: throughput does not depend on them. Prints one
JSON line: lines, seconds, lines_per_s.
"""
import argparse, collections, importlib.util, json, sys, time

import torch

ap = argparse.ArgumentParser()
ap.add_argument("--reference", required=True)
ap.add_argument("--vocab-from", required=True)
ap.add_argument("--lines", required=True)
ap.add_argument("--batch", type=int, default=256)
ap.add_argument("--threads", type=int, default=2)
a = ap.parse_args()

spec = importlib.util.spec_from_file_location("ref", a.reference)
ref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ref)
ref.PTB = True
torch.set_num_threads(a.threads)
torch.manual_seed(1)

counts = collections.Counter(t for text, _, _ in ref.read_csv(a.vocab_from) for t in ref.tokenize(text))
vocab = {w: i + 2 for i, w in enumerate(sorted(counts, key=lambda w: (-counts[w], w))[:2498])}
model = ref.Model(2500, 128, 200, 2, "lstm", False).eval()

start = time.perf_counter()
n = 0
with open(a.lines, encoding="utf-8") as f, torch.no_grad():
    def flush(batch):
        ids = [[vocab.get(t, 1) for t in ref.tokenize(s)][-200:] or [1] for s in batch]
        L = max(len(s) for s in ids)
        x = torch.zeros(len(ids), L, dtype=torch.long)
        for k, s in enumerate(ids):
            x[k, :len(s)] = torch.tensor(s)
        z = model(x, torch.tensor([len(s) for s in ids]))
        for p in torch.sigmoid(z.squeeze(1)).tolist():
            sys.stdout.write("positive\n" if p > 0.5 else "negative\n")
    batch = []
    for line in f:
        batch.append(line.rstrip("\n"))
        if len(batch) == a.batch:
            flush(batch); n += len(batch); batch = []
    if batch:
        flush(batch); n += len(batch)
secs = time.perf_counter() - start
print(json.dumps({"lines": n, "seconds": round(secs, 3), "lines_per_s": round(n / secs)}), file=sys.stderr)
