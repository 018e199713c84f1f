// Package job runs a training job from files to a model file: it reads the
// labelled data, builds the vocabulary, encodes and augments the texts,
// trains one network or each member of an ensemble, writes the best model
// so far after every improving epoch, and, when its context is cancelled,
// stops within a time step, abandoning the batch under way, and leaves a
// resume file from which Resume goes on to the model an uninterrupted run
// would have made, bit for bit.
//
// It reports through Hooks and errors and never prints; the command line
// and its flags are the caller's.
package job
