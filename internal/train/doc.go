// Package train fits a model.Model to labelled sequences: batching by
// similar length, cross-entropy loss, Adam with global-norm gradient
// clipping, the epoch loop with validation and early stopping, and the
// evaluation metrics. It reports progress through callbacks and never
// touches files or the terminal.
package train
