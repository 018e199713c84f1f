// Package serve puts models behind an HTTP inference API: the Open
// Inference Protocol v2 (KServe, Triton, Seldon) and the plain-JSON
// TF-Serving v1 shape, a try-it page at /, and Prometheus metrics at
// /metrics.
//
// One goroutine per model owns it: requests wait in a bounded queue and
// are gathered into one forward pass (micro-batching), so many callers
// share a model that is not safe for concurrent use. A full queue is
// answered at once with 429 rather than held in memory. Reload swaps
// models in only after the new file has loaded completely; a request keeps
// the model it started with to its end.
//
// The package takes its configuration as a Config, logs through an
// *slog.Logger and learns of stop and reload from a context and a channel;
// flags, terminals and signals are the caller's.
package serve
