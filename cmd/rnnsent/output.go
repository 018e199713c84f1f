package main

import (
	"bufio"
	"fmt"

	"github.com/rnnsent/rnnsent/internal/human"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/stream"
)

// Output formats of predict.
const (
	formatText  = "text"
	formatCSV   = "csv"
	formatJSONL = "jsonl"
)

func newAnswerWriter(o *PredictOptions, names []string) stream.Writer {
	switch o.Format {
	case formatCSV:
		return stream.NewCSVWriter(o.IO.Out, names)
	case formatJSONL:
		return stream.NewJSONWriter(o.IO.Out, names)
	}
	return &textWriter{w: bufio.NewWriter(o.IO.Out), names: names, width: maxWidth(names), ios: o.IO}
}

// textWriter writes "label  probability  text", one line per text, and
// under it the trace when there is one.
type textWriter struct {
	w      *bufio.Writer
	names  []string
	width  int // of the longest class name, so that the texts line up
	ios    *IOStreams
	legend bool // the colour legend of the trace is shown
}

func (t *textWriter) Begin(*stream.Source) error { return nil }

func (t *textWriter) Write(a *stream.Answer) error {
	columns := a.Steps != nil && t.ios.OutTTY
	if columns && !t.legend {
		t.legend = true
		writeTraceLegend(t.w, t.names, t.ios.Color)
	}
	k := model.Argmax(a.Probs)
	fmt.Fprintf(t.w, "%-*s  %.3f  %s\n", t.width, t.names[k], a.Probs[k], human.Printable(a.Text))
	switch {
	case a.Steps == nil:
		return nil
	case columns:
		return writeTraceColumns(t.w, a.Steps, t.names, t.ios.Color, t.ios.Width)
	}
	return writeTraceTable(t.w, a.Steps, t.names)
}

func (t *textWriter) Flush() error { return t.w.Flush() }

// maxWidth is the length of the longest of names.
func maxWidth(names []string) int {
	w := 0
	for _, n := range names {
		w = max(w, len(n))
	}
	return w
}
