package stream

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/rnnsent/rnnsent/internal/csvread"
	"github.com/rnnsent/rnnsent/internal/fileerr"
	"github.com/rnnsent/rnnsent/internal/human"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/predict"
)

// MaxLine is the longest input line accepted; a review of a few thousand
// words is far below it, a binary file piped in by mistake is not.
const MaxLine = 16 << 20

// ChunkSize is how many input texts are predicted together: enough for the
// batched matrix products to pay off, few enough that answers keep flowing
// and memory stays flat however long the input.
const ChunkSize = 256

// Chunks calls fn with what next returns, up to ChunkSize items at a time,
// in order, until next returns io.EOF. A chunk goes to fn as soon as the
// input pauses, so that someone typing, or a slow producer upstream, gets
// each Answer at once rather than after ChunkSize lines. When next fails,
// the items read before are still passed to fn, so that output goes as far
// as the input is good. next runs on a goroutine of its own, at most
// ChunkSize items ahead, which keeps memory bounded.
func Chunks[T any](next func() (T, error), fn func([]T) error) error {
	type read struct {
		item T
		err  error
	}
	reads := make(chan read, ChunkSize)
	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			item, err := next()
			select {
			case reads <- read{item, err}:
			case <-done:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	chunk := make([]T, 0, ChunkSize)
	for {
		r := <-reads
		for r.err == nil {
			chunk = append(chunk, r.item)
			if len(chunk) == ChunkSize || len(reads) == 0 {
				break
			}
			r = <-reads
		}
		if len(chunk) > 0 {
			if err := fn(chunk); err != nil {
				return err
			}
			chunk = chunk[:0]
		}
		if r.err == io.EOF {
			return nil
		}
		if r.err != nil {
			return r.err
		}
	}
}

// LineChunks calls fn with the non-blank lines of standard input r,
// ChunkSize at a time, in order.
func LineChunks(r io.Reader, fn func(lines []string) error) error {
	return Chunks(newLineScanner(r, Stdin, MaxLine).next, fn)
}

// Stdin stands for standard input in messages.
const Stdin = "stdin"

// lineScanner returns the non-blank lines of a text input, gzip-compressed
// or not, as the CSV reader reads it, and knows the number of the line it
// returned last.
type lineScanner struct {
	name    string
	r       io.Reader
	sc      *bufio.Scanner // from the first call, when the input has begun
	line    int
	limit   int   // the longest line accepted, in bytes
	err     error // sticky: an input that is not text fails every call
	readErr error // the input's read error, once it has failed
}

func newLineScanner(r io.Reader, name string, limit int) *lineScanner {
	return &lineScanner{name: name, r: r, limit: limit}
}

// start begins reading: the first bytes tell gzip data, which a reader
// that waited for them at its creation would have made a caller wait for.
func (s *lineScanner) start() error {
	r, err := csvread.Decompress(bufio.NewReader(s.r))
	if err != nil {
		return s.readError(err)
	}
	s.sc = bufio.NewScanner(failing{r, &s.readErr})
	s.sc.Buffer(make([]byte, min(64<<10, s.limit)), s.limit)
	s.sc.Split(s.lines)
	return nil
}

// failing reads r and keeps its first error other than io.EOF in err.
type failing struct {
	r   io.Reader
	err *error
}

func (f failing) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err != nil && err != io.EOF && *f.err == nil {
		*f.err = err
	}
	return n, err
}

// lines is bufio.ScanLines, but for the end of an input that failed: the
// line it was cut inside of is not a text, and was answered as one.
func (s *lineScanner) lines(data []byte, atEOF bool) (int, []byte, error) {
	if atEOF && s.readErr != nil && bytes.IndexByte(data, '\n') < 0 {
		return 0, nil, s.readErr
	}
	return bufio.ScanLines(data, atEOF)
}

// next returns the next non-blank line without its line end, or io.EOF.
func (s *lineScanner) next() (string, error) {
	if s.err == nil && s.sc == nil {
		s.err = s.start()
	}
	if s.err != nil {
		return "", s.err
	}
	for s.sc.Scan() {
		s.line++
		text := strings.TrimSuffix(s.sc.Text(), "\r")
		if s.line == 1 {
			if msg := notText(text); msg != "" {
				s.err = &fileerr.Error{File: s.name, Msg: msg}
				return "", s.err
			}
			// Windows editors start UTF-8 files with a byte-order mark,
			// which is no part of the first text.
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if !Blank(text) {
			return text, nil
		}
	}
	err := s.sc.Err()
	switch {
	case err == nil:
		return "", io.EOF
	case errors.Is(err, bufio.ErrTooLong):
		size := fmt.Sprintf("%d bytes", s.limit)
		if s.limit%(1<<20) == 0 {
			size = fmt.Sprintf("%d MiB", s.limit>>20)
		}
		s.err = s.lineError(s.line+1, "line is longer than "+size)
		return "", s.err
	}
	s.err = s.readError(err)
	return "", s.err
}

// readError names the input that failed and, for a compressed stream, the
// last line read whole.
func (s *lineScanner) readError(err error) error {
	msg := csvread.GzipMessage(err)
	if msg == "" {
		return fileerr.Wrap(s.name, err)
	}
	if s.line > 0 {
		msg += fmt.Sprintf(" after line %d", s.line)
	}
	return &fileerr.Error{File: s.name, Msg: msg, Err: err}
}

// notText says what a first line shows its input to be when that is not
// lines of text, "" when it may be: read as lines, a compressed or binary
// file (reviews.txt.xz, a model) would be answered line by line as texts.
// Gzip is undone before the first line is read, so gzip here is gzip twice.
func notText(first string) string {
	if csvread.Gzipped([]byte(first)) {
		return csvread.Compressed([]byte(first))
	}
	if what, undo := csvread.Compression([]byte(first)); what != "" {
		// Gzip is read: the other formats have a way out that keeps the
		// file compressed, as the CSV reader's message says.
		return fmt.Sprintf("%s, not lines of text; decompress it first (%s), or compress it with gzip", what, undo)
	}
	if msg := csvread.NotUTF8([]byte(first)); msg != "" {
		return msg
	}
	switch {
	// A PNG file's signature makes a first line of its own, before any
	// NUL: the plots rnnsent draws were answered line by line.
	case strings.ContainsRune(first, 0), first == "\x89PNG":
		return "not a text file (the first line holds binary data)"
	// The file was one line, and its texts were answered as one.
	case strings.Contains(strings.TrimRight(first, "\r"), "\r"):
		return csvread.CRAlone
	}
	return ""
}

func (s *lineScanner) lineError(line int, msg string) error {
	return &fileerr.Error{File: s.name, Line: line, Msg: msg}
}

// Input formats. Auto picks one by the file's name.
const (
	Auto  = "auto"
	Lines = "lines"
	CSV   = "csv"
	JSONL = "jsonl"
)

// FormatOf resolves format for the input called name ("-" for
// standard input): by the extension under auto, plain lines when the name
// says nothing. The name, never the content, decides, so that a file is
// read the same way whatever its first line holds.
func FormatOf(name, format string) string {
	if format != Auto {
		return format
	}
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".csv"), strings.HasSuffix(lower, ".csv.gz"):
		return CSV
	case strings.HasSuffix(lower, ".jsonl"), strings.HasSuffix(lower, ".ndjson"),
		strings.HasSuffix(lower, ".jsonl.gz"), strings.HasSuffix(lower, ".ndjson.gz"):
		return JSONL
	}
	return Lines
}

// Record is one text to label, with the input fields an output format may
// carry through.
type Record struct {
	Text   string
	Line   int      // where the record starts in its input; 0 for arguments
	Row    []string // CSV input: every field of the row, in header order
	Object []Member // JSON-lines input: the object's members, in order
}

// Member is one name and value of a JSON object, the value as written.
type Member struct {
	Name  string
	Value json.RawMessage
}

// Source is one input, read a Record at a time.
type Source struct {
	Name   string   // for messages: the file, "stdin" or "arguments"
	Header []string // CSV input's column names; nil for other formats
	// TextCol is the CSV column or JSON field that holds the texts; "" for
	// lines and arguments.
	TextCol string
	// Next returns the next record, or io.EOF after the last. After a bad
	// record's error the next call reads on, so that a caller may set bad
	// records aside; an error that ends the input comes back from every
	// later call.
	Next func() (Record, error)
}

// Blank reports whether text has nothing but white space: a line of input
// that is skipped, a text argument that is refused.
func Blank(text string) bool { return strings.TrimSpace(text) == "" }

// FromTexts serves texts given on the command line.
func FromTexts(texts []string) *Source {
	i := 0
	return &Source{Name: "arguments", Next: func() (Record, error) {
		if i == len(texts) {
			return Record{}, io.EOF
		}
		i++
		return Record{Text: texts[i-1]}, nil
	}}
}

// FromLines reads one text per non-blank line.
func FromLines(r io.Reader, name string) *Source {
	ls := newLineScanner(r, name, MaxLine)
	return &Source{Name: name, Next: func() (Record, error) {
		text, err := ls.next()
		return Record{Text: text, Line: ls.line}, err
	}}
}

// FromCSV reads the column textCol of a CSV file with a header row.
func FromCSV(r io.Reader, name, textCol string) (*Source, error) {
	rd, err := csvread.NewReader(r, name, csvread.Options{TextCol: textCol, ReadPastBadRows: true})
	if err != nil {
		return nil, err
	}
	return &Source{Name: name, Header: rd.Header(), TextCol: textCol, Next: func() (Record, error) {
		ex, err := rd.Read()
		if err != nil {
			return Record{}, err
		}
		// The reader reuses its row; the Record outlives the next Read.
		return Record{Text: ex.Text, Line: ex.Line, Row: slices.Clone(rd.Row())}, nil
	}}, nil
}

// FromJSONLines reads one JSON object per non-blank line and its string field
// textField.
func FromJSONLines(r io.Reader, name, textField string) *Source {
	ls := newLineScanner(r, name, MaxLine)
	return &Source{Name: name, TextCol: textField, Next: func() (Record, error) {
		line, err := ls.next()
		if err != nil {
			return Record{}, err
		}
		rec, msg := parseJSONRecord(line, textField)
		if msg != "" {
			return Record{}, ls.lineError(ls.line, msg)
		}
		rec.Line = ls.line
		return rec, nil
	}}
}

// parseJSONRecord reads a line of JSON lines input. A problem comes back as
// a message for the caller to place at its line.
func parseJSONRecord(line, textField string) (rec Record, problem string) {
	members, err := parseObject(line)
	if err != nil {
		return Record{}, err.Error()
	}
	named := func(m Member) bool { return m.Name == textField }
	i := slices.IndexFunc(members, named)
	if i < 0 {
		return Record{}, fmt.Sprintf("no %q field in the object (fields: %s)", textField, memberNames(members))
	}
	// JSON leaves the meaning of a name given twice open: serve's decoder,
	// as most, takes the last, and this one took the first.
	if slices.ContainsFunc(members[i+1:], named) {
		return Record{}, fmt.Sprintf("the object has two %q fields; which is the text?", textField)
	}
	var text string
	// Unmarshal reads null as "", which would be told as an empty text.
	if v := members[i].Value; v[0] != '"' || json.Unmarshal(v, &text) != nil {
		return Record{}, fmt.Sprintf("%q is %s, want a string", textField, jsonKind(members[i].Value[0]))
	}
	if strings.TrimSpace(text) == "" {
		return Record{}, "empty text"
	}
	return Record{Text: text, Object: members}, ""
}

// parseObject reads one JSON object, keeping its members in their order so
// that an output can keep them as the input had them.
func parseObject(line string) ([]Member, error) {
	dec := json.NewDecoder(strings.NewReader(line))
	var v json.RawMessage
	if err := dec.Decode(&v); err != nil {
		return nil, jsonError(err)
	}
	if rest := strings.TrimLeft(line[dec.InputOffset():], " \t\r\n"); rest != "" {
		return nil, fmt.Errorf("more after the JSON value at column %d", len(line)-len(rest)+1)
	}
	if v[0] != '{' {
		return nil, fmt.Errorf("want a JSON object, got %s", jsonKind(v[0]))
	}
	// v is valid JSON now, so tokens cannot fail.
	obj := json.NewDecoder(strings.NewReader(string(v)))
	obj.Token() // {
	var members []Member
	for obj.More() {
		name, _ := obj.Token()
		var value json.RawMessage
		obj.Decode(&value)
		members = append(members, Member{Name: name.(string), Value: value})
	}
	return members, nil
}

// jsonError says what is wrong with a line that is not JSON.
func jsonError(err error) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("invalid JSON at column %d: %s", se.Offset, se.Error())
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("invalid JSON: the line ends inside a value")
	}
	return fmt.Errorf("invalid JSON: %w", err)
}

// jsonKind names the kind of JSON value that starts with the byte c.
func jsonKind(c byte) string {
	switch c {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// memberNames lists the names of an object's members for a message; an
// object with hundreds of them gets the first few.
func memberNames(members []Member) string {
	const most = 10
	names := make([]string, 0, min(len(members), most)+1)
	for i, m := range members {
		if i == most {
			names = append(names, fmt.Sprintf("... %d more", len(members)-most))
			break
		}
		names = append(names, fmt.Sprintf("%q", m.Name))
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// Open reads r, the input called name, in format, which is not
// Auto.
func Open(r io.Reader, name, format, textCol string) (*Source, error) {
	switch format {
	case CSV:
		return FromCSV(r, name, textCol)
	case JSONL:
		return FromJSONLines(r, name, textCol), nil
	}
	return FromLines(r, name), nil
}

// OpenFile opens the input file called name, refusing a directory by name
// rather than with the read error it would give later.
func OpenFile(name string) (*os.File, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fileerr.Wrap(name, err)
	}
	if info, err := f.Stat(); err == nil && info.IsDir() {
		f.Close()
		return nil, &fileerr.Error{File: name, Msg: "is a directory"}
	}
	return f, nil
}

// Answer is a Record with the model's answer to it.
type Answer struct {
	Record
	Probs []float64      // one per class
	Steps []predict.Step // with a trace: the answer after each token
}

// Writer writes answers in one output format, whatever the input.
type Writer interface {
	Begin(src *Source) error // before the answers to each input
	Write(a *Answer) error
	Flush() error // after each chunk, so that answers flow through a pipe
}

// NewCSVWriter writes answers as CSV: the input's columns (text, for lines)
// followed by label and probability; names are the class names.
func NewCSVWriter(w io.Writer, names []string) Writer {
	return &csvWriter{w: csv.NewWriter(w), names: names}
}

// NewJSONWriter writes answers as JSON lines: the input object's fields
// (text, for lines; the columns, for CSV) followed by label, probability,
// probabilities, and with a trace the answer after every token.
func NewJSONWriter(w io.Writer, names []string) Writer {
	return &jsonWriter{w: bufio.NewWriter(w), names: names}
}

// csvWriter writes the input's columns followed by label and probability.
type csvWriter struct {
	w       *csv.Writer
	names   []string
	columns []string // of the first input; every input must have the same
	label   int      // index of the label column in the output
	prob    int      // index of the probability column
	row     []string // reused for each row written
}

func (c *csvWriter) Begin(src *Source) error {
	if src.TextCol == "label" || src.TextCol == "probability" {
		return answersReplaceTexts(src, CSV)
	}
	cols := src.Header
	if cols == nil {
		cols = []string{"text"}
	}
	if c.columns != nil {
		if !slices.Equal(cols, c.columns) {
			return fmt.Errorf("%s: columns (%s) differ from the first input's (%s); --format csv writes one header",
				src.Name, strings.Join(cols, ", "), strings.Join(c.columns, ", "))
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

// answersReplaceTexts refuses an input whose texts are in a column or field
// the answers take: the output held each text's label where the text was.
func answersReplaceTexts(src *Source, format string) error {
	return fmt.Errorf("%s: the texts are in %q, which --format %s fills with the answers; rename it in the input", src.Name, src.TextCol, format)
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

func (c *csvWriter) Write(a *Answer) error {
	fields := a.Row
	if fields == nil {
		fields = []string{a.Text}
	}
	copy(c.row, fields)
	k := model.Argmax(a.Probs)
	c.row[c.label] = c.names[k]
	c.row[c.prob] = strconv.FormatFloat(a.Probs[k], 'f', 4, 64)
	return c.w.Write(c.row)
}

func (c *csvWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

// jsonWriter writes one JSON object per Text: the input's fields, then the
// fields of Prediction.
type jsonWriter struct {
	w      *bufio.Writer
	names  []string
	header []string // the columns of the CSV input being read
}

// Prediction is what the JSON lines output adds to each input object. A
// field of the input with one of these names is replaced.
type Prediction struct {
	Label         string             `json:"label"`
	Probability   float64            `json:"probability"`
	Probabilities map[string]float64 `json:"probabilities"`
	Trace         []TraceStep        `json:"trace,omitempty"`
}

// TraceStep is the answer after one token of a text.
type TraceStep struct {
	Token         string             `json:"token"`
	Unknown       bool               `json:"unknown,omitempty"`
	Probabilities map[string]float64 `json:"probabilities"`
}

// predictionKeys are the JSON names of Prediction's fields.
var predictionKeys = []string{"label", "probability", "probabilities", "trace"}

func (j *jsonWriter) Begin(src *Source) error {
	if slices.Contains(predictionKeys, src.TextCol) {
		return answersReplaceTexts(src, JSONL)
	}
	j.header = src.Header
	return nil
}

func (j *jsonWriter) Write(a *Answer) error {
	pred := NewPrediction(j.names, a.Probs, a.Steps)
	// A model whose weights went NaN gives probabilities JSON cannot hold.
	tail, err := jsonValue(pred)
	if err != nil {
		return err
	}
	j.w.WriteByte('{')
	for _, m := range j.members(a.Record) {
		if slices.Contains(predictionKeys, m.Name) {
			continue
		}
		j.w.Write(jsonString(m.Name))
		j.w.WriteByte(':')
		j.w.Write(m.Value)
		j.w.WriteByte(',')
	}
	// Past its opening brace, the prediction closes the object.
	j.w.Write(tail[1:])
	return j.w.WriteByte('\n')
}

// members returns the input fields of rec as JSON members: a JSON object's
// own, a CSV row's columns as strings, else the text.
func (j *jsonWriter) members(rec Record) []Member {
	switch {
	case rec.Object != nil:
		return rec.Object
	case rec.Row != nil:
		ms := make([]Member, len(rec.Row))
		for i, v := range rec.Row {
			ms[i] = Member{Name: j.header[i], Value: jsonString(v)}
		}
		return ms
	}
	return []Member{{Name: "text", Value: jsonString(rec.Text)}}
}

func (j *jsonWriter) Flush() error { return j.w.Flush() }

// jsonString encodes s; a string always encodes (invalid UTF-8 becomes
// U+FFFD).
func jsonString(s string) []byte {
	b, _ := jsonValue(s)
	return b
}

// Label answers the records of src with p, in order, a chunk at a time,
// and hands the answers to out as each chunk is done; with trace, each
// answer has the model's answer after every token.
func Label(p *predict.Predictor, src *Source, trace bool, out Writer) error {
	pl := &labeller{p: p, trace: trace, out: out}
	if err := out.Begin(src); err != nil {
		return err
	}
	return Chunks(src.Next, pl.answerChunk)
}

type labeller struct {
	p     *predict.Predictor
	trace bool
	out   Writer
}

func (pl *labeller) answerChunk(recs []Record) error {
	if pl.trace {
		// A text at a time, each written before the next is traced: a trace
		// holds every class's probability after every token, and a chunk's
		// traces held together took 670 MB for a model of 1,000 classes.
		for _, r := range recs {
			steps, err := pl.p.Trace(r.Text)
			if err != nil {
				return err
			}
			if err := pl.out.Write(&Answer{Record: r, Probs: steps[len(steps)-1].Probs, Steps: steps}); err != nil {
				return err
			}
		}
		return pl.out.Flush()
	}
	answers, err := pl.answer(recs)
	if err != nil {
		return err
	}
	for i := range answers {
		if err := pl.out.Write(&answers[i]); err != nil {
			return err
		}
	}
	return pl.out.Flush()
}

// answer runs the model on the texts of recs, in batches.
func (pl *labeller) answer(recs []Record) ([]Answer, error) {
	answers := make([]Answer, len(recs))
	texts := make([]string, len(recs))
	for i, r := range recs {
		texts[i] = r.Text
	}
	probs, err := pl.p.Texts(texts, ChunkSize)
	if err != nil {
		return nil, err
	}
	for i, r := range recs {
		answers[i] = Answer{Record: r, Probs: probs[i]}
	}
	return answers, nil
}

// TSV is what Sniff calls a header of columns separated by tabs, which no
// input format reads.
const TSV = "tsv"

// Sniff names the format a first line of plain-lines input looks like it
// is really in: CSV, for a header with a textCol column; TSV, for one
// whose columns are separated by tabs; JSONL, for a JSON object; "" when
// it looks like a text. Lines input would label such a header, or a whole
// object, as a text, and a TSV file's rows with their labels.
func Sniff(line, textCol string) string {
	trimmed := strings.TrimSpace(strings.TrimPrefix(line, "\ufeff"))
	if strings.HasPrefix(trimmed, "{") && json.Valid([]byte(trimmed)) {
		return JSONL
	}
	header := func(fields []string) bool {
		return len(fields) > 1 && slices.ContainsFunc(fields, func(f string) bool { return strings.TrimSpace(f) == textCol })
	}
	if fields, err := csv.NewReader(strings.NewReader(trimmed)).Read(); err == nil && header(fields) {
		return CSV
	}
	if header(strings.Split(trimmed, "\t")) {
		return TSV
	}
	return ""
}

// FormatWarning is the warning for a first line of plain-lines input from
// the input called name that Sniff finds in another format, naming the
// flag that reads it so; "" when it looks like a text.
func FormatWarning(name, line, textCol string) string {
	switch Sniff(line, textCol) {
	case CSV:
		return fmt.Sprintf("warning: %s:1 looks like a CSV header with a %q column; --input-format csv reads it as CSV", human.Printable(name), textCol)
	case TSV:
		return fmt.Sprintf("warning: %s:1 looks like a header of columns separated by tabs, with a %q column, which rnnsent does not read: save it with commas, and --input-format csv reads it", human.Printable(name), textCol)
	case JSONL:
		return fmt.Sprintf("warning: %s:1 is a JSON object; --input-format jsonl reads its %q field", human.Printable(name), textCol)
	}
	return ""
}

// OnFirst calls look with the first record read from s, before it goes on.
func (s *Source) OnFirst(look func(Record)) {
	next, first := s.Next, true
	s.Next = func() (Record, error) {
		rec, err := next()
		if first && err == nil {
			first = false
			look(rec)
		}
		return rec, err
	}
}

// NewPrediction is the answer probs (with its trace steps, if any) as JSON
// gives it, for a model whose classes are names: what predict --json and
// rnnsent serve's plain-JSON API both answer.
func NewPrediction(names []string, probs []float64, steps []predict.Step) Prediction {
	k := model.Argmax(probs)
	return Prediction{Label: names[k], Probability: probs[k], Probabilities: ByName(names, probs), Trace: Trace(names, steps)}
}

// Trace is steps as JSON gives them; nil for none.
func Trace(names []string, steps []predict.Step) []TraceStep {
	var out []TraceStep
	for _, s := range steps {
		out = append(out, TraceStep{Token: s.Token, Unknown: s.Unknown, Probabilities: ByName(names, s.Probs)})
	}
	return out
}

// ByName maps each class name to its probability.
func ByName(names []string, probs []float64) map[string]float64 {
	m := make(map[string]float64, len(probs))
	for k, p := range probs {
		m[names[k]] = p
	}
	return m
}
