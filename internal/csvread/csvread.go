package csvread

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rnnsent/rnnsent/internal/fileerr"
	"github.com/rnnsent/rnnsent/internal/human"
)

// Options says which columns of a CSV file to read and how strictly.
type Options struct {
	TextCol     string // header name of the text column ("text" when empty)
	LabelCol    string // header name of the label column ("label" when empty)
	NeedLabel   bool   // the label column must exist (training, eval); predict reads text only
	SkipBadRows bool   // rows with errors are skipped and recorded instead of failing
	// ReadPastBadRows returns a bad row's error as without SkipBadRows,
	// but the next Read goes on after the row, for a caller that reports
	// each bad row and reads on. An error that ends the input still comes
	// back from every later Read.
	ReadPastBadRows bool
}

// categoryCol is the optional column eval groups its accuracy by.
const categoryCol = "category"

// Row is one row of a CSV file.
type Row struct {
	Text     string // as in the file; never blank
	Label    string // trimmed of surrounding spaces; "" when the label column is absent
	Category string // trimmed value of an optional "category" column, else ""
	Line     int    // 1-based line number where the row starts
}

// Reader streams examples from a CSV file with a header row.
type Reader struct {
	name  string
	opt   Options
	csv   *csv.Reader
	limit *rowLimiter // feeds csv
	// lineOffset is the number of lines skipped before the header, which
	// the csv.Reader never saw.
	lineOffset int
	header     []string
	text       int      // column index
	label      int      // column index, -1 when absent
	category   int      // column index, -1 when absent
	lastLine   int      // line of the last row read, for errors that have no line
	row        []string // fields of the last row read; reused by the next Read
	skipped    []int
	source     io.Reader // the bytes as stored, before decompression
	err        error     // sticky: once the input fails, every Read fails
}

// NewReader reads the header of a CSV file from r and returns a reader for its
// rows. name is the file name used in error messages. Input compressed with
// gzip is recognised by its first bytes and decompressed.
func NewReader(r io.Reader, name string, opt Options) (*Reader, error) {
	if opt.TextCol == "" {
		opt.TextCol = "text"
	}
	if opt.LabelCol == "" {
		opt.LabelCol = "label"
	}
	rd := &Reader{name: name, opt: opt, label: -1, category: -1}

	// Peek reports an error once and then forgets it; a sticky source
	// makes sure it comes back when the rows are read.
	br := bufio.NewReader(&stickyReader{r: r})
	rd.source = br
	br, err := Decompress(br)
	if err != nil {
		return nil, rd.ioError(err)
	}
	if err := rd.skipPreamble(br); err != nil {
		return nil, err
	}
	rd.limit = &rowLimiter{r: br}
	rd.csv = csv.NewReader(rd.limit)
	rd.csv.FieldsPerRecord = -1 // checked in Read, with a clearer message
	rd.csv.ReuseRecord = true

	record, err := rd.csv.Read()
	if err == io.EOF {
		return nil, rd.emptyFile()
	}
	if err != nil {
		return nil, rd.readError(err)
	}
	line := rd.fieldLine()
	rd.header = make([]string, len(record))
	seen := make(map[string]bool, len(record))
	for i, h := range record {
		h = strings.TrimSpace(h)
		// Unnamed columns, such as a pandas index, are never looked up,
		// so several of them are harmless.
		if h != "" && seen[h] {
			return nil, &fileerr.Error{File: name, Line: line, Msg: fmt.Sprintf("duplicate column %q in the header", h)}
		}
		seen[h] = true
		rd.header[i] = h
	}
	if rd.text = rd.column(opt.TextCol); rd.text < 0 {
		return nil, rd.missingColumn(opt.TextCol)
	}
	if rd.label = rd.column(opt.LabelCol); rd.label < 0 && opt.NeedLabel {
		return nil, rd.missingColumn(opt.LabelCol)
	}
	rd.category = rd.column(categoryCol)
	return rd, nil
}

// skipPreamble consumes a UTF-8 byte-order mark and the blank lines before the
// header, and rejects input that is plainly not CSV text.
func (rd *Reader) skipPreamble(br *bufio.Reader) error {
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte{0xef, 0xbb, 0xbf}) {
		br.Discard(3)
	}
	for {
		c, err := br.ReadByte()
		if err == io.EOF {
			return rd.emptyFile()
		}
		if err != nil {
			return rd.ioError(err)
		}
		if c == '\n' {
			rd.lineOffset++
		}
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			br.UnreadByte()
			break
		}
	}
	// A window of the header is enough to tell text from binary data, and
	// looking further could reach a text column, which may hold anything.
	const window = 512
	start, _ := br.Peek(window)
	if msg := Compressed(start); msg != "" {
		return &fileerr.Error{File: rd.name, Msg: msg}
	}
	if msg := NotUTF8(start); msg != "" {
		return &fileerr.Error{File: rd.name, Msg: msg}
	}
	if i := bytes.IndexByte(start, '\n'); i >= 0 {
		start = start[:i]
	} else if len(start) == window {
		start = dropPartialRune(start)
	}
	// Excel for Mac wrote CSV with a CR alone between lines, which reads as
	// one line: a header of every row, or a stray quote far along it.
	if i := bytes.IndexByte(start, '\r'); i >= 0 && i < len(start)-1 {
		return &fileerr.Error{File: rd.name, Msg: CRAlone}
	}
	if !utf8.Valid(start) || bytes.ContainsFunc(start, func(r rune) bool { return r < ' ' && r != '\t' && r != '\r' }) {
		return &fileerr.Error{File: rd.name, Msg: "not a CSV text file (the first line holds binary data)"}
	}
	return nil
}

// CRAlone is the complaint about a text file whose lines end in a CR
// alone, which a reader of lines reads as one line.
const CRAlone = "its lines end in a CR alone, as old Mac programs write them; save it with LF or CRLF line ends"

// dropPartialRune cuts off the character that b ends inside of, if any.
func dropPartialRune(b []byte) []byte {
	for j := len(b) - 1; j >= 0 && j >= len(b)-utf8.UTFMax; j-- {
		if utf8.RuneStart(b[j]) {
			if !utf8.FullRune(b[j:]) {
				return b[:j]
			}
			break
		}
	}
	return b
}

// Read returns the next example, or io.EOF after the last one. With
// SkipBadRows a bad row is recorded in Skipped and the next one is read;
// otherwise it is a *fileerr.Error.
func (rd *Reader) Read() (Row, error) {
	for rd.err == nil {
		ex, skippable, err := rd.readRow()
		if err == nil {
			rd.lastLine = ex.Line
			return ex, nil
		}
		switch {
		case skippable && rd.opt.SkipBadRows:
			rd.skipped = append(rd.skipped, err.(*fileerr.Error).Line)
			continue
		case skippable && rd.opt.ReadPastBadRows:
			return Row{}, err
		}
		rd.err = err
	}
	return Row{}, rd.err
}

// readRow reads one record and checks it. skippable reports an error confined
// to one row, after which reading can go on.
func (rd *Reader) readRow() (ex Row, skippable bool, err error) {
	rd.limit.start = rd.csv.InputOffset()
	record, err := rd.csv.Read()
	if err == io.EOF {
		return Row{}, false, io.EOF
	}
	if err != nil {
		// A quoting error that spans lines is most likely a quote left
		// open, which swallowed the rows after it; skipping it would lose
		// them without a word.
		pe, ok := errors.AsType[*csv.ParseError](err)
		return Row{}, ok && pe.StartLine == pe.Line, rd.readError(err)
	}
	line := rd.fieldLine()
	if len(record) != len(rd.header) {
		return Row{}, true, rd.rowError(line, fmt.Sprintf("row has %d %s, the header has %d", len(record), human.Plural(len(record), "field", "fields"), len(rd.header)))
	}
	// Files joined one after another (cat a.csv b.csv) put the second's
	// header among the rows, where its label made a class of its own.
	if rd.repeatsHeader(record) {
		return Row{}, true, rd.rowError(line, "row repeats the header, as where two files are joined; remove it")
	}
	rd.row = record
	ex = Row{Text: record[rd.text], Line: line}
	if strings.TrimSpace(ex.Text) == "" {
		return Row{}, true, rd.rowError(line, "empty text")
	}
	if rd.label >= 0 {
		ex.Label = strings.TrimSpace(record[rd.label])
		if ex.Label == "" && rd.opt.NeedLabel {
			return Row{}, true, rd.rowError(line, "empty label")
		}
		// A label names a class in every answer and report: a newline in
		// it split predict's answers in two, an escape sequence reached
		// the terminal.
		if strings.ContainsFunc(ex.Label, unicode.IsControl) {
			return Row{}, true, rd.rowError(line, fmt.Sprintf("label %q holds a control character; a class's name is printable text on one line", ex.Label))
		}
		// A name that is not UTF-8 (a Latin-1 file's "n\xe9gatif") answered
		// as "n\ufffdgatif" in JSON, which names no class of the model.
		if !utf8.ValidString(ex.Label) {
			return Row{}, true, rd.rowError(line, fmt.Sprintf("label %q is not UTF-8 text; save the file as UTF-8", ex.Label))
		}
		// A character that does not show (a zero-width space from a web
		// page, a space other than ASCII's) made a class of its own that
		// reads as another: "positive" and "positive\u200b".
		if i := strings.IndexFunc(ex.Label, func(r rune) bool { return !strconv.IsPrint(r) }); i >= 0 {
			r, _ := utf8.DecodeRuneInString(ex.Label[i:])
			return Row{}, true, rd.rowError(line, fmt.Sprintf("label %q holds %U, a character that does not show; a class's name is printable text on one line", ex.Label, r))
		}
	}
	if rd.category >= 0 {
		ex.Category = strings.TrimSpace(record[rd.category])
	}
	return ex, false, nil
}

// repeatsHeader reports whether record, of the header's length, names
// its columns again, a second file's byte-order mark and all. A file of
// one column is left alone: its row "text" may well be a text.
func (rd *Reader) repeatsHeader(record []string) bool {
	if len(record) < 2 {
		return false
	}
	for i, f := range record {
		if strings.TrimSpace(strings.TrimPrefix(f, "\ufeff")) != rd.header[i] {
			return false
		}
	}
	return true
}

// Skipped returns the line numbers of the rows skipped so far, in order.
func (rd *Reader) Skipped() []int { return rd.skipped }

// Row returns every field of the row the last Read returned, in header
// order, for callers that pass the other columns through. The slice is
// reused by the next Read.
func (rd *Reader) Row() []string { return rd.row }

// Header returns the trimmed column names. The caller must not modify the
// slice.
func (rd *Reader) Header() []string { return rd.header }

// Open opens a CSV file, plain or gzip-compressed, and reads its header. The
// caller must close the returned Closer when done with the Reader.
func Open(path string, opt Options) (*Reader, io.Closer, error) {
	return open(path, opt, nil)
}

func open(path string, opt Options, tee io.Writer) (*Reader, io.Closer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fileerr.Wrap(path, err)
	}
	if info, err := f.Stat(); err == nil && info.IsDir() {
		f.Close()
		return nil, nil, &fileerr.Error{File: path, Msg: "is a directory, not a CSV file"}
	}
	var r io.Reader = f
	if tee != nil {
		r = io.TeeReader(f, tee)
	}
	rd, err := NewReader(r, path, opt)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return rd, f, nil
}

// File is what ReadFile read of a CSV file.
type File struct {
	Rows    []Row
	Skipped []int  // the lines of the rows Options.SkipBadRows skipped
	SHA256  string // hex, of the file's bytes as stored
}

// ReadFile reads every row of a CSV file, plain or gzip-compressed, and
// hashes its bytes as they are read: the file is opened once, so that a
// named pipe or a process substitution works as well as a file.
func ReadFile(path string, opt Options) (File, error) {
	var rows []Row
	f, err := Each(path, opt, 4096, func(chunk []Row) error {
		rows = append(rows, chunk...)
		return nil
	})
	f.Rows = rows
	return f, err
}

// Each reads a CSV file as ReadFile does, but hands its rows to fn chunk at
// a time, in order, rather than holding them all, so that a file of any
// length is read in flat memory. fn may keep no reference to the slice it
// is given, which the next chunk reuses; an error from fn ends the reading.
// The File returned has no Rows.
func Each(path string, opt Options, chunk int, fn func([]Row) error) (File, error) {
	h := sha256.New()
	rd, c, err := open(path, opt, h)
	if err != nil {
		return File{}, err
	}
	defer c.Close()
	rows := make([]Row, 0, chunk)
	read := 0
	for {
		row, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return File{}, err
		}
		read++
		if rows = append(rows, row); len(rows) == chunk {
			if err := fn(rows); err != nil {
				return File{}, err
			}
			rows = rows[:0]
		}
	}
	if len(rows) > 0 {
		if err := fn(rows); err != nil {
			return File{}, err
		}
	}
	// The CSV ends before the file can: trailing bytes after a gzip stream
	// count too.
	if _, err := io.Copy(io.Discard, rd.source); err != nil {
		return File{}, rd.ioError(err)
	}
	// Its callers would tell a file of bad rows alone as one of none, "no
	// rows after the header", and not say what they skipped.
	if read == 0 && len(rd.Skipped()) > 0 {
		return File{}, &fileerr.Error{File: rd.name, Msg: skippedRows(rd.Skipped()) + "; no row is left"}
	}
	return File{Skipped: rd.Skipped(), SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

func (rd *Reader) rowError(line int, msg string) error {
	return &fileerr.Error{File: rd.name, Line: line, Msg: msg}
}

func (rd *Reader) emptyFile() error {
	return &fileerr.Error{File: rd.name, Msg: fmt.Sprintf("empty file, expected a header line with a %q column", rd.opt.TextCol)}
}

// readError turns an error from csv.Reader into a *fileerr.Error.
func (rd *Reader) readError(err error) error {
	pe, ok := errors.AsType[*csv.ParseError](err)
	if !ok {
		return rd.ioError(err)
	}
	var msg string
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		msg = `stray " in a field that is not quoted (quote the whole field and double each " inside it)`
	case errors.Is(pe.Err, csv.ErrQuote) && pe.StartLine != pe.Line:
		// The opening quote is what needs fixing; where the parser gave
		// up only shows how much it swallowed.
		msg = fmt.Sprintf(`quoted field is not closed properly (each " inside quotes must be doubled); it runs on to line %d`, pe.Line+rd.lineOffset)
		return &fileerr.Error{File: rd.name, Line: pe.StartLine + rd.lineOffset, Msg: msg, Err: err}
	case errors.Is(pe.Err, csv.ErrQuote):
		msg = `quoted field is not closed properly (each " inside quotes must be doubled)`
	default:
		msg = pe.Err.Error()
	}
	msg += fmt.Sprintf(" at column %d", pe.Column)
	return &fileerr.Error{File: rd.name, Line: pe.Line + rd.lineOffset, Msg: msg, Err: err}
}

// ioError reports an error that ends the input. Its line is unknown, so the
// message names the last good row instead.
func (rd *Reader) ioError(err error) error {
	switch {
	case !errors.Is(err, errRowTooLong):
	case rd.header == nil:
		return &fileerr.Error{File: rd.name, Msg: "the header is longer than 16 MiB", Err: err}
	case rd.lastLine == 0:
		return &fileerr.Error{File: rd.name, Msg: "the first row is longer than 16 MiB; is a quote left open?", Err: err}
	default:
		return &fileerr.Error{File: rd.name, Msg: fmt.Sprintf("the row after line %d is longer than 16 MiB; is a quote left open?", rd.lastLine), Err: err}
	}
	msg := GzipMessage(err)
	if msg == "" {
		msg = "read error: " + err.Error()
	}
	if rd.lastLine > 0 {
		msg += fmt.Sprintf(" after the row on line %d", rd.lastLine)
	}
	return &fileerr.Error{File: rd.name, Msg: msg, Err: err}
}

// fieldLine returns the file line where the record just read starts.
func (rd *Reader) fieldLine() int {
	line, _ := rd.csv.FieldPos(0)
	return line + rd.lineOffset
}

// column returns the index of the header column called name, or -1.
func (rd *Reader) column(name string) int {
	for i, h := range rd.header {
		if h == name {
			return i
		}
	}
	return -1
}

func (rd *Reader) missingColumn(name string) error {
	msg := fmt.Sprintf("no column %q in the header (columns: %s)", name, listColumns(rd.header))
	for _, h := range rd.header {
		if strings.EqualFold(h, name) {
			msg += fmt.Sprintf("; names are case-sensitive, did you mean %q?", h)
			break
		}
	}
	// Excel saves "CSV" with semicolons where the comma is the decimal
	// mark, and a TSV file is often named .csv: one column that holds the
	// name between separators says so.
	for _, sep := range []string{";", "\t"} {
		if len(rd.header) == 1 && slices.Contains(strings.Split(rd.header[0], sep), name) {
			msg += fmt.Sprintf("; its columns are separated by %q, which rnnsent does not read: save it with commas", sep)
		}
	}
	return &fileerr.Error{File: rd.name, Msg: msg}
}

// listColumns formats header names for a message. A header that is not
// really a header, such as the first line of a text file, can be long and
// hold anything, so the list is cut short and odd names are quoted.
func listColumns(header []string) string {
	const maxCols, maxLen = 10, 40
	names := make([]string, 0, min(len(header), maxCols)+1)
	for i, h := range header {
		if i == maxCols {
			names = append(names, fmt.Sprintf("... %d more", len(header)-maxCols))
			break
		}
		if utf8.RuneCountInString(h) > maxLen {
			h = string([]rune(h)[:maxLen]) + "..."
		}
		if h == "" || !utf8.ValidString(h) || strings.ContainsFunc(h, func(r rune) bool { return !strconv.IsPrint(r) }) {
			h = strconv.Quote(h)
		}
		names = append(names, h)
	}
	return strings.Join(names, ", ")
}

// Decompress returns the bytes br holds, decompressed when they begin as
// gzip data does: by its first bytes, not its name, so that a pipe or a
// file named otherwise reads as a file named .gz. An error of the
// compressed stream, then or later, says so in words GzipMessage finds.
func Decompress(br *bufio.Reader) (*bufio.Reader, error) {
	if magic, _ := br.Peek(2); !Gzipped(magic) {
		return br, nil
	}
	gz, err := gzip.NewReader(br)
	if err != nil {
		return nil, &gzipError{err}
	}
	gz.Multistream(false)
	return bufio.NewReader(gzipReader{gz, br}), nil
}

// GzipMessage is what err says of a compressed stream that fails, for a
// reader to place after the last line it read; "" when err is no such
// failure.
func GzipMessage(err error) string {
	if ge, ok := errors.AsType[*gzipError](err); ok {
		return ge.Error()
	}
	return ""
}

// gzipError is a failure of the compressed stream, given a message a user can
// act on.
type gzipError struct{ err error }

// errTrailing is what follows the last gzip stream of a file that is
// neither another stream nor the zeros that pad some files.
var errTrailing = errors.New("trailing data")

func (e *gzipError) Error() string {
	switch {
	case errors.Is(e.err, errTrailing):
		return "bytes that are not gzip data, as of a damaged file or another appended to it, follow the compressed stream"
	case errors.Is(e.err, io.ErrUnexpectedEOF):
		return "truncated gzip data"
	case errors.Is(e.err, gzip.ErrChecksum):
		return "corrupt gzip data (checksum mismatch)"
	}
	return "corrupt gzip data: " + e.err.Error()
}

func (e *gzipError) Unwrap() error { return e.err }

// gzipReader marks the errors of a gzip stream so that messages can say the
// compressed data is at fault. It reads the streams of src one at a time,
// as files joined with cat hold several: gzip's own reader took bytes
// after the last for another stream's header, and called any that are not
// one "truncated", or "invalid header", of a file whose rows were whole.
type gzipReader struct {
	gz  *gzip.Reader
	src *bufio.Reader
}

func (g gzipReader) Read(p []byte) (int, error) {
	n, err := g.gz.Read(p)
	for err == io.EOF {
		if err = g.next(); err != nil || n > 0 {
			break
		}
		n, err = g.gz.Read(p)
	}
	if err != nil && err != io.EOF {
		err = &gzipError{err}
	}
	return n, err
}

// next starts the stream after the one that ended, or returns io.EOF at
// the end of src, past the zeros gzip takes for padding, or errTrailing.
func (g gzipReader) next() error {
	magic, err := g.src.Peek(2)
	switch {
	case len(magic) == 0:
		return err
	case Gzipped(magic):
		if err := g.gz.Reset(g.src); err != nil {
			return err
		}
		g.gz.Multistream(false)
		return nil
	}
	for {
		b, err := g.src.ReadByte()
		if err != nil {
			return err
		}
		if b != 0 {
			return errTrailing
		}
	}
}

// MaxRow is the most bytes a row may take. It is far above any review
// (TestReaderLongText reads one of 10 MB) and bounds what a quote left
// open swallows before the parser can say so: a row costs some eight
// times its size to read, and a stray quote near the top of a 100 MB
// file took 490 MB before its error.
const MaxRow = 16 << 20

var errRowTooLong = errors.New("row longer than 16 MiB")

// rowLimiter feeds a csv.Reader and fails once the row it is reading has
// taken more than MaxRow bytes, the csv.Reader's read-ahead aside.
type rowLimiter struct {
	r     io.Reader
	read  int64 // bytes passed on
	start int64 // where the row being read starts, as the csv.Reader's input offset
}

func (l *rowLimiter) Read(p []byte) (int, error) {
	if l.read-l.start > MaxRow {
		return 0, errRowTooLong
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	return n, err
}

// NotUTF8 is the complaint about a text file whose start shows it to be
// UTF-16 or UTF-32, "" when it shows neither: its byte-order mark tells,
// or without one the NULs beside its first characters (a header's are
// ASCII), which read as UTF-8 look like binary data. UTF-32's
// little-endian mark begins with UTF-16's, so it is looked for first.
func NotUTF8(start []byte) string {
	nul := func(i int) bool { return i < len(start) && start[i] == 0 }
	char := func(i int) bool { return i < len(start) && start[i] != 0 }
	switch {
	case bytes.HasPrefix(start, []byte{0xff, 0xfe, 0, 0}), bytes.HasPrefix(start, []byte{0, 0, 0xfe, 0xff}),
		char(0) && nul(1) && nul(2) && nul(3), nul(0) && nul(1) && nul(2) && char(3):
		return "the file is UTF-32 text; save it as UTF-8"
	case bytes.HasPrefix(start, []byte{0xff, 0xfe}), bytes.HasPrefix(start, []byte{0xfe, 0xff}),
		char(0) && nul(1) && char(2) && nul(3), nul(0) && char(1) && nul(2) && char(3):
		return "the file is UTF-16 text; save it as UTF-8"
	}
	return ""
}

// Gzipped reports whether data starting with prefix is gzip-compressed, by
// the format's magic bytes.
func Gzipped(prefix []byte) bool { return bytes.HasPrefix(prefix, []byte(gzipMagic)) }

// gzipMagic begins every gzip file.
const gzipMagic = "\x1f\x8b"

// compressions are the compressed formats, by the first bytes of their
// files, with the command that undoes each: read as text, they were
// "binary data", which says nothing of the cause.
var compressions = []struct{ magic, what, undo string }{
	{gzipMagic, "gzip-compressed data", "zcat"},
	{"BZh", "bzip2-compressed data", "bunzip2"},
	{"\xfd7zXZ\x00", "xz-compressed data", "unxz"},
	{"\x28\xb5\x2f\xfd", "zstd-compressed data", "unzstd"},
	{"PK\x03\x04", "a zip archive", "unzip"},
}

// Compression names the compressed format data starting with prefix is
// in, and the command that undoes it; "" when it shows none.
func Compression(prefix []byte) (what, undo string) {
	for _, c := range compressions {
		if bytes.HasPrefix(prefix, []byte(c.magic)) {
			return c.what, c.undo
		}
	}
	return "", ""
}

// Compressed says what a CSV file's first bytes, once a gzip file is
// decompressed, show it to be when that is compressed data the reader
// does not read, "" when not: gzip there means compressed twice.
func Compressed(prefix []byte) string {
	switch what, undo := Compression(prefix); {
	case what == "":
		return ""
	case Gzipped(prefix):
		return "gzip-compressed twice; decompress it once (gunzip) and read it again"
	case undo == "unzip":
		return "a zip archive, not a CSV file; unzip it and name the CSV file inside"
	default:
		return fmt.Sprintf("%s, which rnnsent does not read; decompress it first (%s), or compress it with gzip", what, undo)
	}
}

// stickyReader returns the first error of r, io.EOF included, on every later
// Read.
type stickyReader struct {
	r   io.Reader
	err error
}

func (s *stickyReader) Read(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.r.Read(p)
	s.err = err
	return n, err
}
