// Package charts draws rnnsent's pictures as PNG images: the loss and
// accuracy of a training run per epoch, a confusion matrix as a heat map,
// and what rnnsent inspect measures. It takes plain numbers, knows nothing
// of models or files, and writes to an io.Writer. It draws with the
// standard library and golang.org/x/image alone, and parses its fonts on
// the first chart: a plotting library's start-up work (fonts parsed in its
// init) would be paid by every rnnsent command, most of which draw nothing.
package charts
