// Package stream labels streams of texts: it reads records from plain
// lines, CSV with a text column, or JSON lines with a text field, each
// plain or gzip-compressed (told by its first bytes), each error naming
// the input and its line; runs them through a predictor a
// chunk at a time, so that answers flow through a pipe with flat memory
// whatever the input's length; and writes the answers as text for people
// (with a trace laid out for a terminal or a pipe), or as CSV or JSON lines
// that carry the input's own fields through. `rnnsent predict` is built on
// it, as is anything that labels a corpus.
package stream

import (
	"bytes"
	"encoding/json"
	"io"
)

// WriteJSON writes v as one line of JSON, leaving <, > and & as they are.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// jsonValue encodes v as WriteJSON does, without the line end.
func jsonValue(v any) ([]byte, error) {
	var b bytes.Buffer
	err := WriteJSON(&b, v)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), err
}
