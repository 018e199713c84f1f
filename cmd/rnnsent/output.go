package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/predict"
)

// Output formats of predict.
const (
	formatText  = "text"
	formatCSV   = "csv"
	formatJSONL = "jsonl"
)

// answer is a record with the model's answer to it.
type answer struct {
	record
	probs []float64      // one per class
	steps []predict.Step // with --trace: the answer after each token
}

// answerWriter writes answers in one output format, whatever the input.
type answerWriter interface {
	begin(src *source) error // before the answers to each input
	write(a *answer) error
	flush() error // after each chunk, so that answers flow through a pipe
}

func newAnswerWriter(o *PredictOptions, names []string) answerWriter {
	switch o.Format {
	case formatCSV:
		return &csvWriter{w: csv.NewWriter(o.IO.Out), names: names}
	case formatJSONL:
		return &jsonWriter{w: bufio.NewWriter(o.IO.Out), names: names}
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

// lineBreaks turns the line breaks a CSV field or JSON string may hold into
// spaces, so that each answer stays one line.
var lineBreaks = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")

func (t *textWriter) begin(*source) error { return nil }

func (t *textWriter) write(a *answer) error {
	columns := a.steps != nil && t.ios.OutTTY
	if columns && !t.legend {
		t.legend = true
		writeTraceLegend(t.w, t.names, t.ios.Color)
	}
	k := model.Argmax(a.probs)
	fmt.Fprintf(t.w, "%-*s  %.3f  %s\n", t.width, t.names[k], a.probs[k], lineBreaks.Replace(a.text))
	switch {
	case a.steps == nil:
		return nil
	case columns:
		return writeTraceColumns(t.w, a.steps, t.names, t.ios.Color, t.ios.Width)
	}
	return writeTraceTable(t.w, a.steps, t.names)
}

func (t *textWriter) flush() error { return t.w.Flush() }

// csvWriter writes the input's columns followed by label and probability.
type csvWriter struct {
	w       *csv.Writer
	names   []string
	columns []string // of the first input; every input must have the same
	label   int      // index of the label column in the output
	prob    int      // index of the probability column
	row     []string // reused for each row written
}

func (c *csvWriter) begin(src *source) error {
	cols := src.header
	if cols == nil {
		cols = []string{"text"}
	}
	if c.columns != nil {
		if !slices.Equal(cols, c.columns) {
			return fmt.Errorf("%s: columns (%s) differ from the first input's (%s); --format csv writes one header",
				src.name, strings.Join(cols, ", "), strings.Join(c.columns, ", "))
		}
		return nil
	}
	c.columns = cols
	header := slices.Clone(cols)
	header, c.label = withColumn(header, "label")
	header, c.prob = withColumn(header, "probability")
	c.row = make([]string, len(header))
	return c.w.Write(header)
}

// withColumn returns the index of the column name, appending it to header
// when it is not there yet. An input column of that name is overwritten,
// so that the output has one header for each thing.
func withColumn(header []string, name string) ([]string, int) {
	if i := slices.Index(header, name); i >= 0 {
		return header, i
	}
	return append(header, name), len(header)
}

func (c *csvWriter) write(a *answer) error {
	fields := a.row
	if fields == nil {
		fields = []string{a.text}
	}
	copy(c.row, fields)
	k := model.Argmax(a.probs)
	c.row[c.label] = c.names[k]
	c.row[c.prob] = strconv.FormatFloat(a.probs[k], 'f', 4, 64)
	return c.w.Write(c.row)
}

func (c *csvWriter) flush() error {
	c.w.Flush()
	return c.w.Error()
}

// jsonWriter writes one JSON object per text: the input's fields, then the
// fields of predictionJSON.
type jsonWriter struct {
	w      *bufio.Writer
	names  []string
	header []string // the columns of the CSV input being read
}

// predictionJSON is what --format jsonl adds to each input object. A field
// of the input with one of these names is replaced.
type predictionJSON struct {
	Label         string             `json:"label"`
	Probability   float64            `json:"probability"`
	Probabilities map[string]float64 `json:"probabilities"`
	Trace         []stepJSON         `json:"trace,omitempty"`
}

type stepJSON struct {
	Token         string             `json:"token"`
	Unknown       bool               `json:"unknown,omitempty"`
	Probabilities map[string]float64 `json:"probabilities"`
}

// predictionKeys are the JSON names of predictionJSON's fields.
var predictionKeys = []string{"label", "probability", "probabilities", "trace"}

func (j *jsonWriter) begin(src *source) error {
	j.header = src.header
	return nil
}

func (j *jsonWriter) write(a *answer) error {
	k := model.Argmax(a.probs)
	pred := predictionJSON{Label: j.names[k], Probability: a.probs[k], Probabilities: j.byName(a.probs)}
	for _, s := range a.steps {
		pred.Trace = append(pred.Trace, stepJSON{Token: s.Token, Unknown: s.Unknown, Probabilities: j.byName(s.Probs)})
	}
	// A model whose weights went NaN gives probabilities JSON cannot hold.
	tail, err := jsonValue(pred)
	if err != nil {
		return err
	}
	j.w.WriteByte('{')
	for _, m := range j.members(a.record) {
		if slices.Contains(predictionKeys, m.name) {
			continue
		}
		j.w.Write(jsonString(m.name))
		j.w.WriteByte(':')
		j.w.Write(m.value)
		j.w.WriteByte(',')
	}
	// Past its opening brace, the prediction closes the object.
	j.w.Write(tail[1:])
	return j.w.WriteByte('\n')
}

// members returns the input fields of rec as JSON members: a JSON object's
// own, a CSV row's columns as strings, else the text.
func (j *jsonWriter) members(rec record) []member {
	switch {
	case rec.object != nil:
		return rec.object
	case rec.row != nil:
		ms := make([]member, len(rec.row))
		for i, v := range rec.row {
			ms[i] = member{name: j.header[i], value: jsonString(v)}
		}
		return ms
	}
	return []member{{name: "text", value: jsonString(rec.text)}}
}

// byName maps each class name to its probability.
func (j *jsonWriter) byName(probs []float64) map[string]float64 {
	m := make(map[string]float64, len(probs))
	for k, p := range probs {
		m[j.names[k]] = p
	}
	return m
}

func (j *jsonWriter) flush() error { return j.w.Flush() }

// jsonValue encodes v as writeJSON does, without the line end.
func jsonValue(v any) ([]byte, error) {
	var b bytes.Buffer
	err := writeJSON(&b, v)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), err
}

// jsonString encodes s; a string always encodes (invalid UTF-8 becomes
// U+FFFD).
func jsonString(s string) []byte {
	b, _ := jsonValue(s)
	return b
}

// maxWidth is the length of the longest of names.
func maxWidth(names []string) int {
	w := 0
	for _, n := range names {
		w = max(w, len(n))
	}
	return w
}
