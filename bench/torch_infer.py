#!/usr/bin/env python3
"""Inference throughput of the PyTorch reference model, for bench/predict.sh.

Builds the model class of ../shared/bench/torch_reference.py (Embedding ->
LSTM(200) -> Linear, packed sequences) with a vocabulary from --vocab-from,
and labels every line of --lines in batches of --batch with gradients off.
The weights are untrained: throughput does not depend on them. Prints one
JSON line: lines, seconds, lines_per_s.

bench/torch_serve.py imports Reference from here, so that both benchmarks
run the same model on the same tokens.
"""
import argparse, collections, importlib.util, json, sys, time

import torch


class Reference:
    """The reference model, untrained, with the vocabulary of the 2,498 most
    frequent words of vocab_from (0 pads, 1 is an unknown word)."""

    def __init__(self, reference, vocab_from, embed, threads):
        spec = importlib.util.spec_from_file_location("ref", reference)
        self.ref = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(self.ref)
        self.ref.PTB = True
        torch.set_num_threads(threads)
        torch.manual_seed(1)
        counts = collections.Counter(t for text, _, _ in self.ref.read_csv(vocab_from) for t in self.ref.tokenize(text))
        self.vocab = {w: i + 2 for i, w in enumerate(sorted(counts, key=lambda w: (-counts[w], w))[:2498])}
        self.model = self.ref.Model(2500, embed, 200, 2, "lstm", False).eval()

    def positive(self, texts):
        """The probability of the positive class for each text, read from its
        last 200 tokens, the texts run as one batch."""
        ids = [[self.vocab.get(t, 1) for t in self.ref.tokenize(s)][-200:] or [1] for s in texts]
        x = torch.zeros(len(ids), max(len(s) for s in ids), dtype=torch.long)
        for k, s in enumerate(ids):
            x[k, :len(s)] = torch.tensor(s)
        with torch.no_grad():
            z = self.model(x, torch.tensor([len(s) for s in ids]))
        return torch.sigmoid(z.squeeze(1)).tolist()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reference", required=True)
    ap.add_argument("--vocab-from", required=True)
    ap.add_argument("--lines", required=True)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    m = Reference(a.reference, a.vocab_from, 128, a.threads)

    start = time.perf_counter()
    n = 0

    def flush(batch):
        for p in m.positive(batch):
            sys.stdout.write("positive\n" if p > 0.5 else "negative\n")

    with open(a.lines, encoding="utf-8") as f:
        batch = []
        for line in f:
            batch.append(line.rstrip("\n"))
            if len(batch) == a.batch:
                flush(batch); n += len(batch); batch = []
        if batch:
            flush(batch); n += len(batch)
    secs = time.perf_counter() - start
    print(json.dumps({"lines": n, "seconds": round(secs, 3), "lines_per_s": round(n / secs)}), file=sys.stderr)


if __name__ == "__main__":
    main()
