// Package charts draws rnnsent's pictures as PNG images: the loss and
// accuracy of a training run per epoch, and a confusion matrix as a heat
// map. It takes plain numbers, knows nothing of models or files, and writes
// to an io.Writer; the drawing is gonum/plot's, in pure Go.
package charts
