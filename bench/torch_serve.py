#!/usr/bin/env python3
"""The PyTorch side of bench/serve.sh: the same architecture as rnnsent's
built-in model (Embedding(2500, 256) -> LSTM(200) -> Linear, the model class
of ../shared/bench/torch_reference.py, packed sequences, gradients off; the
Reference of bench/torch_infer.py, tokens and all), behind the Python
standard library's http.server, in the TF-Serving v1 shape that rnnsent
serve also answers:

  POST /v1/models/sst2:predict {"instances": ["text", ...]}
    -> {"predictions": [{"label": ..., "probability": ..., "probabilities": {...}}]}

One thread per connection (ThreadingHTTPServer), keep-alive (HTTP/1.1),
each request run as its own batch: no micro-batching. The weights are
untrained: speed does not depend on them. Prints "listening PORT" to stderr
when it is ready.
"""
import argparse, json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from torch_infer import Reference

ap = argparse.ArgumentParser()
ap.add_argument("--reference", required=True)
ap.add_argument("--vocab-from", required=True)
ap.add_argument("--port", type=int, default=8081)
ap.add_argument("--threads", type=int, default=2)
a = ap.parse_args()

model = Reference(a.reference, a.vocab_from, 256, a.threads)


def predict(texts):
    out = []
    for p in model.positive(texts):
        probs = {"negative": 1 - p, "positive": p}
        label = "positive" if p > 0.5 else "negative"
        out.append({"label": label, "probability": probs[label], "probabilities": probs})
    return out


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        if self.path != "/v1/models/sst2:predict":
            return self.answer(404, {"error": "no such endpoint"})
        try:
            texts = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))["instances"]
            assert isinstance(texts, list) and texts and all(isinstance(t, str) for t in texts)
        except Exception:
            return self.answer(400, {"error": "want {\"instances\": [\"text\", ...]}"})
        self.answer(200, {"predictions": predict(texts)})

    def answer(self, status, body):
        b = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(b)))
        self.end_headers()
        self.wfile.write(b)

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    # socketserver's default backlog of 5 resets connections from 32 clients.
    request_queue_size = 128


server = Server(("127.0.0.1", a.port), Handler)
print(f"listening {a.port}", file=sys.stderr, flush=True)
server.serve_forever()
