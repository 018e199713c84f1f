// Package train fits a model.Model to labelled sequences: batching by
// similar length, Adam with decoupled weight decay and global-norm gradient
// clipping, the moving average of the weights, the epoch loop with
// validation, a learning rate that decays on plateaus, and early stopping.
// The loss and its gradient are the model's (model.StepShard); a State
// pauses a run between two batches and resumes it to the same model. It
// reports progress through callbacks and never touches files or the
// terminal.
package train
