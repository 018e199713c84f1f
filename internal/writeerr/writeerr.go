// Package writeerr remembers the first failed write to a stream, so that
// output no one checked still fails the command that wrote it: cobra drops
// the error of writing --help, and a report lost on a full disk must not
// end in success.
package writeerr

import (
	"io"
	"sync"
)

// Writer passes writes on to the stream under it and keeps the first error.
type Writer struct {
	w   io.Writer
	mu  sync.Mutex // a command may write from several goroutines
	err error
}

// New returns a Writer writing to w.
func New(w io.Writer) *Writer { return &Writer{w: w} }

func (w *Writer) Write(p []byte) (int, error) {
	n, err := w.w.Write(p)
	if err != nil {
		w.mu.Lock()
		if w.err == nil {
			w.err = err
		}
		w.mu.Unlock()
	}
	return n, err
}

// First returns err, or when err is nil and out is a *Writer, the first
// error out met: the command's own error says more, and it has often met
// out's already.
func First(err error, out io.Writer) error {
	if w, ok := out.(*Writer); ok && err == nil {
		w.mu.Lock()
		defer w.mu.Unlock()
		return w.err
	}
	return err
}
