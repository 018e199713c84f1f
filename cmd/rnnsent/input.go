package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/rnnsent/rnnsent/internal/csvread"
	"github.com/rnnsent/rnnsent/internal/fileerr"
)

// maxLine is the longest input line accepted; a review of a few thousand
// words is far below it, a binary file piped in by mistake is not.
const maxLine = 16 << 20

// chunkSize is how many input texts are predicted together: enough for the
// batched matrix products to pay off, few enough that answers keep flowing
// and memory stays flat however long the input.
const chunkSize = 256

// inChunks calls fn with what next returns, up to chunkSize items at a time,
// in order, until next returns io.EOF. A chunk goes to fn as soon as the
// input pauses, so that someone typing, or a slow producer upstream, gets
// each answer at once rather than after chunkSize lines. When next fails,
// the items read before are still passed to fn, so that output goes as far
// as the input is good. next runs on a goroutine of its own, at most
// chunkSize items ahead, which keeps memory bounded.
func inChunks[T any](next func() (T, error), fn func([]T) error) error {
	type read struct {
		item T
		err  error
	}
	reads := make(chan read, chunkSize)
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
	chunk := make([]T, 0, chunkSize)
	for {
		r := <-reads
		for r.err == nil {
			chunk = append(chunk, r.item)
			if len(chunk) == chunkSize || len(reads) == 0 {
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

// readChunks calls fn with the non-blank lines of standard input r,
// chunkSize at a time, in order.
func readChunks(r io.Reader, fn func(lines []string) error) error {
	return inChunks(newLineScanner(r, stdinName, maxLine).next, fn)
}

// stdinName stands for standard input in messages.
const stdinName = "stdin"

// stdinHint is shown when texts are to be typed, so that a silent wait is
// not mistaken for a hang.
const stdinHint = "reading texts from the terminal, one per line; Ctrl-D to finish"

// textsFromArgs reports whether args hold the texts, as opposed to asking for
// standard input (no args, or a single "-").
func textsFromArgs(args []string) bool {
	return len(args) > 0 && !(len(args) == 1 && args[0] == "-")
}

// lineScanner returns the non-blank lines of a text input and knows the
// number of the line it returned last.
type lineScanner struct {
	name  string
	sc    *bufio.Scanner
	line  int
	limit int // the longest line accepted, in bytes
}

func newLineScanner(r io.Reader, name string, limit int) *lineScanner {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, min(64<<10, limit)), limit)
	return &lineScanner{name: name, sc: sc, limit: limit}
}

// next returns the next non-blank line without its line end, or io.EOF.
func (s *lineScanner) next() (string, error) {
	for s.sc.Scan() {
		s.line++
		text := strings.TrimSuffix(s.sc.Text(), "\r")
		if s.line == 1 {
			// Windows editors start UTF-8 files with a byte-order mark,
			// which is no part of the first text.
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if strings.TrimSpace(text) != "" {
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
		return "", s.lineError(s.line+1, "line is longer than "+size)
	}
	return "", fileerr.Wrap(s.name, err)
}

func (s *lineScanner) lineError(line int, msg string) error {
	return &fileerr.Error{File: s.name, Line: line, Msg: msg}
}

// Input formats of predict. Auto picks one by the file's name.
const (
	inputAuto  = "auto"
	inputLines = "lines"
	inputCSV   = "csv"
	inputJSONL = "jsonl"
)

// inputFormatOf resolves --input-format for the input called name ("-" for
// standard input): by the extension under auto, plain lines when the name
// says nothing. The name, never the content, decides, so that a file is
// read the same way whatever its first line holds.
func inputFormatOf(name, format string) string {
	if format != inputAuto {
		return format
	}
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".csv"), strings.HasSuffix(lower, ".csv.gz"):
		return inputCSV
	case strings.HasSuffix(lower, ".jsonl"), strings.HasSuffix(lower, ".ndjson"):
		return inputJSONL
	}
	return inputLines
}

// record is one text to label, with the input fields an output format may
// carry through.
type record struct {
	text   string
	row    []string // CSV input: every field of the row, in header order
	object []member // JSON-lines input: the object's members, in order
}

// member is one name and value of a JSON object, the value as written.
type member struct {
	name  string
	value json.RawMessage
}

// source is one input of predict, read a record at a time.
type source struct {
	name   string   // for messages: the file, "stdin" or "arguments"
	header []string // CSV input's column names; nil for other formats
	next   func() (record, error)
}

// textSource serves texts given on the command line.
func textSource(texts []string) *source {
	i := 0
	return &source{name: "arguments", next: func() (record, error) {
		if i == len(texts) {
			return record{}, io.EOF
		}
		i++
		return record{text: texts[i-1]}, nil
	}}
}

// lineSource reads one text per non-blank line.
func lineSource(r io.Reader, name string) *source {
	ls := newLineScanner(r, name, maxLine)
	return &source{name: name, next: func() (record, error) {
		text, err := ls.next()
		return record{text: text}, err
	}}
}

// csvSource reads the column textCol of a CSV file with a header row.
func csvSource(r io.Reader, name, textCol string) (*source, error) {
	rd, err := csvread.NewReader(r, name, csvread.Options{TextCol: textCol})
	if err != nil {
		return nil, err
	}
	return &source{name: name, header: rd.Header(), next: func() (record, error) {
		ex, err := rd.Read()
		if err != nil {
			return record{}, err
		}
		// The reader reuses its row; the record outlives the next Read.
		return record{text: ex.Text, row: slices.Clone(rd.Row())}, nil
	}}, nil
}

// jsonlSource reads one JSON object per non-blank line and its string field
// textField.
func jsonlSource(r io.Reader, name, textField string) *source {
	ls := newLineScanner(r, name, maxLine)
	return &source{name: name, next: func() (record, error) {
		line, err := ls.next()
		if err != nil {
			return record{}, err
		}
		rec, msg := parseJSONRecord(line, textField)
		if msg != "" {
			return record{}, ls.lineError(ls.line, msg)
		}
		return rec, nil
	}}
}

// parseJSONRecord reads a line of JSON lines input. A problem comes back as
// a message for the caller to place at its line.
func parseJSONRecord(line, textField string) (rec record, problem string) {
	members, err := parseObject(line)
	if err != nil {
		return record{}, err.Error()
	}
	i := slices.IndexFunc(members, func(m member) bool { return m.name == textField })
	if i < 0 {
		return record{}, fmt.Sprintf("no %q field in the object (fields: %s)", textField, memberNames(members))
	}
	var text string
	if err := json.Unmarshal(members[i].value, &text); err != nil {
		return record{}, fmt.Sprintf("%q is %s, want a string", textField, jsonKind(members[i].value[0]))
	}
	if strings.TrimSpace(text) == "" {
		return record{}, "empty text"
	}
	return record{text: text, object: members}, ""
}

// parseObject reads one JSON object, keeping its members in their order so
// that an output can keep them as the input had them.
func parseObject(line string) ([]member, error) {
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
	var members []member
	for obj.More() {
		name, _ := obj.Token()
		var value json.RawMessage
		obj.Decode(&value)
		members = append(members, member{name: name.(string), value: value})
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
func memberNames(members []member) string {
	const most = 10
	names := make([]string, 0, min(len(members), most)+1)
	for i, m := range members {
		if i == most {
			names = append(names, fmt.Sprintf("... %d more", len(members)-most))
			break
		}
		names = append(names, fmt.Sprintf("%q", m.name))
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// openSource reads r, the input called name, in format, which is not
// inputAuto.
func openSource(r io.Reader, name, format, textCol string) (*source, error) {
	switch format {
	case inputCSV:
		return csvSource(r, name, textCol)
	case inputJSONL:
		return jsonlSource(r, name, textCol), nil
	}
	return lineSource(r, name), nil
}
