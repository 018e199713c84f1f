package csvread

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/rnnsent/rnnsent/internal/fileerr"
)

// readAll reads every example of input, named "in.csv".
func readAll(input string, opt Options) ([]Row, []int, error) {
	rd, err := NewReader(strings.NewReader(input), "in.csv", opt)
	if err != nil {
		return nil, nil, err
	}
	var examples []Row
	for {
		ex, err := rd.Read()
		if err == io.EOF {
			return examples, rd.Skipped(), nil
		}
		if err != nil {
			return examples, rd.Skipped(), err
		}
		examples = append(examples, ex)
	}
}

var (
	labelled = Options{NeedLabel: true}
	skipping = Options{NeedLabel: true, SkipBadRows: true}
)

func TestReader(t *testing.T) {
	tests := []struct {
		name        string
		input       string
		opt         Options
		want        []Row
		wantSkipped []int
		wantErr     string
	}{
		{
			name:  "simple",
			input: "text,label\nGood film,1\nBad film,0\n",
			opt:   labelled,
			want:  []Row{{Text: "Good film", Label: "1", Line: 2}, {Text: "Bad film", Label: "0", Line: 3}},
		},
		{
			name:  "byte-order mark",
			input: "\xef\xbb\xbftext,label\nfine,1\n",
			opt:   labelled,
			want:  []Row{{Text: "fine", Label: "1", Line: 2}},
		},
		{
			name:  "crlf",
			input: "text,label\r\nfine,1\r\n\"two\r\nlines\",0\r\n",
			opt:   labelled,
			want:  []Row{{Text: "fine", Label: "1", Line: 2}, {Text: "two\nlines", Label: "0", Line: 3}},
		},
		{
			name:  "no final newline",
			input: "text,label\nfine,1",
			opt:   labelled,
			want:  []Row{{Text: "fine", Label: "1", Line: 2}},
		},
		{
			name:  "quoted fields",
			input: "text,label\n\"Good, not great\",1\n\"She said \"\"wow\"\"\",1\n\"two\nlines\",0\nlast,1\n",
			opt:   labelled,
			want: []Row{
				{Text: "Good, not great", Label: "1", Line: 2},
				{Text: `She said "wow"`, Label: "1", Line: 3},
				{Text: "two\nlines", Label: "0", Line: 4},
				{Text: "last", Label: "1", Line: 6},
			},
		},
		{
			name:  "labels and header names trimmed",
			input: " text , label \n fine ,  1 \n",
			opt:   labelled,
			want:  []Row{{Text: " fine ", Label: "1", Line: 2}},
		},
		{
			name:  "any column order, with category",
			input: "id,label,text,category\n7,0,Not good.,negated\n8,1,Good., \n",
			opt:   labelled,
			want:  []Row{{Text: "Not good.", Label: "0", Category: "negated", Line: 2}, {Text: "Good.", Label: "1", Line: 3}},
		},
		{
			name:  "named columns",
			input: "review,sentiment\nfine,positive\n",
			opt:   Options{TextCol: "review", LabelCol: "sentiment", NeedLabel: true},
			want:  []Row{{Text: "fine", Label: "positive", Line: 2}},
		},
		{
			name:  "text only",
			input: "text\nhello\n",
			want:  []Row{{Text: "hello", Line: 2}},
		},
		{
			name:  "label not needed may be empty",
			input: "text,label\nhello,\n",
			want:  []Row{{Text: "hello", Line: 2}},
		},
		{
			name:  "unnamed columns",
			input: ",text,,label\n0,fine,,1\n",
			opt:   labelled,
			want:  []Row{{Text: "fine", Label: "1", Line: 2}},
		},
		{
			name:  "blank lines",
			input: "text,label\n\nfine,1\n\n\nbad,0\n\n",
			opt:   labelled,
			want:  []Row{{Text: "fine", Label: "1", Line: 3}, {Text: "bad", Label: "0", Line: 6}},
		},
		{
			name:  "blank lines before the header",
			input: "\xef\xbb\xbf\n \r\n\ttext,label\nfine,1\n",
			opt:   labelled,
			want:  []Row{{Text: "fine", Label: "1", Line: 4}},
		},
		{
			name:  "control characters in text",
			input: "text,label\nbad\x00film\x01\x7f,0\n",
			opt:   labelled,
			want:  []Row{{Text: "bad\x00film\x01\x7f", Label: "0", Line: 2}},
		},
		{
			name:  "invalid utf-8 in text",
			input: "text,label\nna\xefve \xff,1\n",
			opt:   labelled,
			want:  []Row{{Text: "na\xefve \xff", Label: "1", Line: 2}},
		},
		{
			name:  "long header, emoji across the sniffing window",
			input: "text,,,," + strings.Repeat("\U0001F600", 130) + "\nfine,,,,x\n",
			want:  []Row{{Text: "fine", Line: 2}},
		},
		{
			name:  "header only",
			input: "text,label\n",
			opt:   labelled,
		},

		// File errors.
		{
			name:    "empty file",
			input:   "",
			opt:     labelled,
			wantErr: `in.csv: empty file, expected a header line with a "text" column`,
		},
		{
			name:    "only a byte-order mark",
			input:   "\xef\xbb\xbf",
			wantErr: `in.csv: empty file, expected a header line with a "text" column`,
		},
		{
			name:    "only whitespace",
			input:   " \n\r\n\t\n",
			wantErr: `in.csv: empty file, expected a header line with a "text" column`,
		},
		{
			name:    "empty file, named text column",
			input:   "",
			opt:     Options{TextCol: "review"},
			wantErr: `in.csv: empty file, expected a header line with a "review" column`,
		},
		{
			name:    "no text column",
			input:   "a,b\n1,2\n",
			wantErr: `in.csv: no column "text" in the header (columns: a, b)`,
		},
		{
			name:    "no label column",
			input:   "text,b\nfine,1\n",
			opt:     labelled,
			wantErr: `in.csv: no column "label" in the header (columns: text, b)`,
		},
		{
			name:    "no named label column",
			input:   "text,label\nfine,1\n",
			opt:     Options{LabelCol: "stars", NeedLabel: true},
			wantErr: `in.csv: no column "stars" in the header (columns: text, label)`,
		},
		{
			name:    "names are case-sensitive",
			input:   "Text,label\nfine,1\n",
			wantErr: `in.csv: no column "text" in the header (columns: Text, label); names are case-sensitive, did you mean "Text"?`,
		},
		// Said only "no column", of a file whose header names it.
		{
			name:    "columns separated by semicolons",
			input:   "text;label\nfine;1\n",
			wantErr: `in.csv: no column "text" in the header (columns: text;label); its columns are separated by ";", which rnnsent does not read: save it with commas`,
		},
		{
			name:    "columns separated by tabs",
			input:   "text\tlabel\nfine\t1\n",
			wantErr: `in.csv: no column "text" in the header (columns: "text\tlabel"); its columns are separated by "\t", which rnnsent does not read: save it with commas`,
		},
		{
			name:    "duplicate column",
			input:   "text,label,text\nfine,1,again\n",
			wantErr: `in.csv:1: duplicate column "text" in the header`,
		},
		{
			name:    "duplicate after trimming, below blank lines",
			input:   "\n\ntext,label, label\n",
			wantErr: `in.csv:3: duplicate column "label" in the header`,
		},
		{
			name:    "prose, not csv",
			input:   "I loved this film and so will you.\nThe end.\n",
			wantErr: `in.csv: no column "text" in the header (columns: I loved this film and so will you.)`,
		},
		{
			name:    "long header cut short",
			input:   "a,b,c,d,e,f,g,h,i,j,k,l\n",
			wantErr: `in.csv: no column "text" in the header (columns: a, b, c, d, e, f, g, h, i, j, ... 2 more)`,
		},
		{
			name:    "odd column names quoted",
			input:   "\"x\ty\",,abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz\n",
			wantErr: `in.csv: no column "text" in the header (columns: "x\ty", "", abcdefghijklmnopqrstuvwxyzabcdefghijklmn...)`,
		},
		{
			name:    "png",
			input:   "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
			wantErr: `in.csv: not a CSV text file (the first line holds binary data)`,
		},
		// Each was "not a CSV text file (the first line holds binary data)".
		{
			name:    "xz-compressed",
			input:   "\xfd7zXZ\x00\x00\x04\xe6\xd6\xb4F\x02\x00!\x01",
			wantErr: `in.csv: xz-compressed data, which rnnsent does not read; decompress it first (unxz), or compress it with gzip`,
		},
		{
			name:    "bzip2-compressed",
			input:   "BZh91AY&SY\x8a\x9c\x0e\x83\x00",
			wantErr: `in.csv: bzip2-compressed data, which rnnsent does not read; decompress it first (bunzip2), or compress it with gzip`,
		},
		{
			name:    "zstd-compressed",
			input:   "\x28\xb5\x2f\xfd\x04\x58\x99\x00",
			wantErr: `in.csv: zstd-compressed data, which rnnsent does not read; decompress it first (unzstd), or compress it with gzip`,
		},
		{
			name:    "a zip archive",
			input:   "PK\x03\x04\x14\x00\x00\x00\x08\x00",
			wantErr: `in.csv: a zip archive, not a CSV file; unzip it and name the CSV file inside`,
		},
		{
			name:    "nul in the header",
			input:   "text\x00,label\nfine,1\n",
			wantErr: `in.csv: not a CSV text file (the first line holds binary data)`,
		},
		{
			name:    "utf-16",
			input:   "\xff\xfet\x00e\x00x\x00t\x00\n\x00",
			wantErr: `in.csv: the file is UTF-16 text; save it as UTF-8`,
		},
		// Each was named UTF-16, or taken for binary data.
		{
			name:    "utf-32 little-endian",
			input:   "\xff\xfe\x00\x00t\x00\x00\x00e\x00\x00\x00\n\x00\x00\x00",
			wantErr: `in.csv: the file is UTF-32 text; save it as UTF-8`,
		},
		{
			name:    "utf-32 big-endian",
			input:   "\x00\x00\xfe\xff\x00\x00\x00t\x00\x00\x00e\x00\x00\x00\n",
			wantErr: `in.csv: the file is UTF-32 text; save it as UTF-8`,
		},
		{
			name:    "utf-32 without a mark",
			input:   "t\x00\x00\x00e\x00\x00\x00\n\x00\x00\x00",
			wantErr: `in.csv: the file is UTF-32 text; save it as UTF-8`,
		},
		{
			name:    "utf-16 without a mark",
			input:   "t\x00e\x00x\x00t\x00\n\x00",
			wantErr: `in.csv: the file is UTF-16 text; save it as UTF-8`,
		},
		{
			name:    "utf-16 big-endian without a mark",
			input:   "\x00t\x00e\x00x\x00t\x00\n",
			wantErr: `in.csv: the file is UTF-16 text; save it as UTF-8`,
		},
		// Read as one line: "stray \" ... at column 388", or a header of
		// every row.
		{
			name:    "lines ending in a CR alone",
			input:   "text,label\rgood,1\rbad,0\r",
			wantErr: `in.csv: its lines end in a CR alone, as old Mac programs write them; save it with LF or CRLF line ends`,
		},
		{
			name:  "CRLF line ends",
			input: "text,label\r\ngood,1\r\n",
			opt:   labelled,
			want:  []Row{{Text: "good", Label: "1", Line: 2}},
		},
		{
			name:    "bad gzip",
			input:   "\x1f\x8bnot really gzip",
			wantErr: `in.csv: corrupt gzip data: gzip: invalid header`,
		},
		{
			name:    "quote error in the header",
			input:   "te\"xt,label\nfine,1\n",
			wantErr: `in.csv:1: stray " in a field that is not quoted (quote the whole field and double each " inside it) at column 3`,
		},

		// Row errors.
		{
			name:    "too many fields",
			input:   "text,label\nfine,1\nfine,1,extra\n",
			opt:     labelled,
			want:    []Row{{Text: "fine", Label: "1", Line: 2}},
			wantErr: `in.csv:3: row has 3 fields, the header has 2`,
		},
		{
			name:    "too few fields",
			input:   "text,label\nfine\n",
			opt:     labelled,
			wantErr: `in.csv:2: row has 1 field, the header has 2`,
		},
		{
			name:    "empty text",
			input:   "text,label\n  ,1\n",
			opt:     labelled,
			wantErr: `in.csv:2: empty text`,
		},
		{
			name:    "empty text, text only",
			input:   "text\n\"\"\n",
			wantErr: `in.csv:2: empty text`,
		},
		{
			name:    "empty label",
			input:   "text,label\nfine, \n",
			opt:     labelled,
			wantErr: `in.csv:2: empty label`,
		},
		{
			name:    "a control character in a label",
			input:   "text,label\nfine,\"pos\nitive\"\n",
			opt:     labelled,
			wantErr: `in.csv:2: label "pos\nitive" holds a control character; a class's name is printable text on one line`,
		},
		// Trained, and answered in JSON as "n\ufffdgatif", no class of the
		// model.
		{
			name:    "a label that is not UTF-8",
			input:   "text,label\nfine,n\xe9gatif\n",
			opt:     labelled,
			wantErr: `in.csv:2: label "n\xe9gatif" is not UTF-8 text; save the file as UTF-8`,
		},
		// Each made a class of its own that reads as "positive".
		{
			name:    "a zero-width space in a label",
			input:   "text,label\nfine,positive\u200b\n",
			opt:     labelled,
			wantErr: `in.csv:2: label "positive\u200b" holds U+200B, a character that does not show; a class's name is printable text on one line`,
		},
		{
			name:    "a no-break space in a label",
			input:   "text,label\nfine,very\u00a0positive\n",
			opt:     labelled,
			wantErr: `in.csv:2: label "very\u00a0positive" holds U+00A0, a character that does not show; a class's name is printable text on one line`,
		},
		{
			name:  "a label in another script",
			input: "text,label\nfine,ポジティブ\n",
			opt:   labelled,
			want:  []Row{{Text: "fine", Label: "ポジティブ", Line: 2}},
		},
		// Its label made a class of its own, "label".
		{
			name:    "the header again, as in files joined",
			input:   "text,label\nfine,1\ntext,label\ngood,0\n",
			opt:     labelled,
			want:    []Row{{Text: "fine", Label: "1", Line: 2}},
			wantErr: `in.csv:3: row repeats the header, as where two files are joined; remove it`,
		},
		{
			name:    "the header again, with the second file's byte-order mark",
			input:   "\ufefftext,label\nfine,1\n\ufefftext, label\ngood,0\n",
			opt:     labelled,
			want:    []Row{{Text: "fine", Label: "1", Line: 2}},
			wantErr: `in.csv:3: row repeats the header, as where two files are joined; remove it`,
		},
		{
			name:  "a text that is the name of the only column",
			input: "text\nfine\ntext\n",
			want:  []Row{{Text: "fine", Line: 2}, {Text: "text", Line: 3}},
		},
		{
			name:  "a row that repeats only some column names",
			input: "text,label\ntext,1\n",
			opt:   labelled,
			want:  []Row{{Text: "text", Label: "1", Line: 2}},
		},
		{
			name:    "bare quote",
			input:   "text,label\nsay \"hi\",1\n",
			opt:     labelled,
			wantErr: `in.csv:2: stray " in a field that is not quoted (quote the whole field and double each " inside it) at column 5`,
		},
		{
			name:    "text after a closing quote",
			input:   "text,label\n\"hi\" there,1\n",
			opt:     labelled,
			wantErr: `in.csv:2: quoted field is not closed properly (each " inside quotes must be doubled) at column 4`,
		},
		{
			name:    "quote never closed",
			input:   "text,label\n\"hi,1\nfine,0\nbad,0\n",
			opt:     labelled,
			wantErr: `in.csv:2: quoted field is not closed properly (each " inside quotes must be doubled); it runs on to line 4`,
		},

		// SkipBadRows.
		{
			name: "skip bad rows",
			input: "text,label\nfine,1\nfine,1,extra\n,1\nsay \"hi\",1\n\"hi\" there,0\n" +
				"ok,0\nno label,\nshort\nend,1\n",
			opt: skipping,
			want: []Row{
				{Text: "fine", Label: "1", Line: 2},
				{Text: "ok", Label: "0", Line: 7},
				{Text: "end", Label: "1", Line: 10},
			},
			wantSkipped: []int{3, 4, 5, 6, 8, 9},
		},
		{
			name:    "skip keeps file errors",
			input:   "a,b\n1,2\n",
			opt:     skipping,
			wantErr: `in.csv: no column "text" in the header (columns: a, b)`,
		},
		{
			name:    "skip keeps empty file",
			input:   "",
			opt:     skipping,
			wantErr: `in.csv: empty file, expected a header line with a "text" column`,
		},
		{
			name:        "skip stops at a quote that swallows rows",
			input:       "text,label\nbad,\nfine,1\n\"hi,1\nfine,0\n",
			opt:         skipping,
			want:        []Row{{Text: "fine", Label: "1", Line: 3}},
			wantSkipped: []int{2},
			wantErr:     `in.csv:4: quoted field is not closed properly (each " inside quotes must be doubled); it runs on to line 5`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, skipped, err := readAll(tt.input, tt.opt)
			if !slices.Equal(got, tt.want) {
				t.Errorf("examples\n got %+v\nwant %+v", got, tt.want)
			}
			if !slices.Equal(skipped, tt.wantSkipped) {
				t.Errorf("skipped lines = %v, want %v", skipped, tt.wantSkipped)
			}
			checkErr(t, err, tt.wantErr)
		})
	}
}

// checkErr checks that err is a *fileerr.Error reading want, or nil when want is
// empty.
func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Errorf("unexpected error: %v", err)
		}
		return
	}
	if err == nil {
		t.Errorf("no error, want %s", want)
		return
	}
	if got := err.Error(); got != want {
		t.Errorf("error\n got %s\nwant %s", got, want)
	}
	if _, ok := errors.AsType[*fileerr.Error](err); !ok {
		t.Errorf("error %v is a %T, want *fileerr.Error", err, err)
	}
}

func TestReaderHeader(t *testing.T) {
	rd, err := NewReader(strings.NewReader(" text ,label,\n"), "in.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rd.Header(), []string{"text", "label", ""}; !slices.Equal(got, want) {
		t.Errorf("Header() = %q, want %q", got, want)
	}
}

func TestReaderErrorSticks(t *testing.T) {
	rd, err := NewReader(strings.NewReader("text,label\nfine\nok,1\n"), "in.csv", labelled)
	if err != nil {
		t.Fatal(err)
	}
	want := "in.csv:2: row has 1 field, the header has 2"
	for i := range 2 {
		if _, err := rd.Read(); err == nil || err.Error() != want {
			t.Errorf("Read %d: error %v, want %s", i+1, err, want)
		}
	}
}

// With ReadPastBadRows each bad row's error comes back once, in its place,
// and reading goes on after it; an error that ends the input sticks.
func TestReaderReadsPastBadRows(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []string // what each Read returns: a row's text or an error
	}{
		{"bad rows between good ones", "text,label\nfine,1\nfine,1,extra\n,1\nok,0\nno label,\nend,1\n", []string{
			"fine", "in.csv:3: row has 3 fields, the header has 2", "in.csv:4: empty text", "ok",
			"in.csv:6: empty label", "end", "EOF", "EOF"}},
		{"a quote that swallows rows ends the input", "text,label\nbad,\n\"hi,1\nfine,0\n", []string{
			"in.csv:2: empty label", swallowed, swallowed}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, err := NewReader(strings.NewReader(tt.input), "in.csv", Options{NeedLabel: true, ReadPastBadRows: true})
			if err != nil {
				t.Fatal(err)
			}
			for i, want := range tt.want {
				row, err := rd.Read()
				got := row.Text
				if err != nil {
					got = err.Error()
				}
				if got != want {
					t.Errorf("Read %d: %q, want %q", i+1, got, want)
				}
			}
		})
	}
}

const swallowed = `in.csv:3: quoted field is not closed properly (each " inside quotes must be doubled); it runs on to line 4`

func TestReaderEOFSticks(t *testing.T) {
	rd, err := NewReader(strings.NewReader("text\nfine\n"), "in.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rd.Read(); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if _, err := rd.Read(); err != io.EOF {
			t.Errorf("Read after the end, %d: %v, want io.EOF", i+1, err)
		}
	}
}

// TestReaderLongText reads a 10 MB review: encoding/csv has no line limit
// and neither may this package.
// TestReaderStopsAtARowOverMaxRow checks that a row of more than MaxRow
// bytes, most likely a quote left open, fails once the limit is reached
// rather than after the rest of the file is held, and that one under it
// is read.
func TestReaderStopsAtARowOverMaxRow(t *testing.T) {
	long := strings.Repeat("so very long ", MaxRow/13)
	tests := []struct {
		name, input, wantErr string
	}{
		{"a text just under the limit", "text,label\nfine,1\n\"" + long[:MaxRow-100] + "\",0\n", ""},
		{"a quote left open before much more than the limit", "text,label\nfine,1\n\"open,0\n" + strings.Repeat(long+"\n", 3),
			"in.csv: the row after line 2 is longer than 16 MiB; is a quote left open?"},
		{"the first row", "text,label\n\"" + long + long, "in.csv: the first row is longer than 16 MiB; is a quote left open?"},
		{"the header", "text,label" + long + long, "in.csv: the header is longer than 16 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readAll(tt.input, labelled)
			if (err == nil) != (tt.wantErr == "") || (err != nil && err.Error() != tt.wantErr) {
				t.Errorf("error %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestReaderLongText(t *testing.T) {
	const size = 10 << 20
	text := strings.Repeat("so, \"very\" long ", size/16)
	input := "text,label\n\"" + strings.ReplaceAll(text, `"`, `""`) + "\",1\nshort,0\n"
	got, _, err := readAll(input, labelled)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Text != text || got[0].Label != "1" || got[1].Line != 3 {
		t.Fatalf("got %d examples, want the long text and a short one on line 3", len(got))
	}
}

var wantReviews = []Row{
	{Text: "A warm, funny film that earns its ending.", Label: "1", Category: "plain", Line: 2},
	{Text: "The plot wasn't worth the wait.", Label: "0", Category: "plain", Line: 3},
	{Text: "Not bad at all, honestly.", Label: "1", Category: "negated", Line: 4},
	{Text: `It's GREAT<br />really, "trust me"`, Label: "1", Category: "html", Line: 5},
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	gz, err := os.ReadFile("testdata/reviews.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	// gzip is recognised by its content, whatever the name says.
	plainName := filepath.Join(dir, "compressed.csv")
	writeFile(t, plainName, gz)
	// A checksum that does not match shows only once every row is read.
	badSum := bytes.Clone(gz)
	badSum[len(badSum)-8] ^= 0xff
	badSumName := filepath.Join(dir, "badsum.csv.gz")
	writeFile(t, badSumName, badSum)
	// The header of the gzip stream is complete, the compressed data is not.
	cutName := filepath.Join(dir, "cut.csv.gz")
	writeFile(t, cutName, gz[:14])
	missing := filepath.Join(dir, "missing.csv")
	// gzip's own reader took what follows a stream for another's header:
	// zeros, which gzip takes for padding, were "invalid header", and other
	// bytes "truncated gzip data", of rows that were whole; a second stream,
	// as "cat a.gz b.gz" makes, was read, and still is.
	paddedName := filepath.Join(dir, "padded.csv.gz")
	writeFile(t, paddedName, append(bytes.Clone(gz), make([]byte, 512)...))
	appendedName := filepath.Join(dir, "appended.csv.gz")
	writeFile(t, appendedName, append(bytes.Clone(gz), "garbage\n"...))
	var second bytes.Buffer
	w := gzip.NewWriter(&second)
	w.Write([]byte("One more.,0,plain\n"))
	w.Close()
	joinedName := filepath.Join(dir, "joined.csv.gz")
	writeFile(t, joinedName, append(bytes.Clone(gz), second.Bytes()...))
	joined := append(slices.Clone(wantReviews), Row{Text: "One more.", Label: "0", Category: "plain", Line: 6})

	tests := []struct {
		name    string
		path    string
		want    []Row
		wantErr string
	}{
		{"plain", "testdata/reviews.csv", wantReviews, ""},
		{"gzip", "testdata/reviews.csv.gz", wantReviews, ""},
		{"gzip without .gz", plainName, wantReviews, ""},
		{"bad checksum", badSumName, nil, badSumName + ": corrupt gzip data (checksum mismatch) after the row on line 5"},
		{"truncated gzip", cutName, nil, cutName + ": truncated gzip data"},
		{"gzip padded with zeros", paddedName, wantReviews, ""},
		{"gzip and then other bytes", appendedName, nil, appendedName + ": bytes that are not gzip data, as of a damaged file or another appended to it, follow the compressed stream after the row on line 5"},
		{"two gzip streams", joinedName, joined, ""},
		{"missing file", missing, nil, missing + ": no such file or directory"},
		{"directory", dir, nil, dir + ": is a directory, not a CSV file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadFile(tt.path, labelled)
			if !slices.Equal(got.Rows, tt.want) {
				t.Errorf("rows\n got %+v\nwant %+v", got.Rows, tt.want)
			}
			if len(got.Skipped) != 0 {
				t.Errorf("skipped lines = %v, want none", got.Skipped)
			}
			checkErr(t, err, tt.wantErr)
		})
	}
}

func TestReadFileMissingIsNotExist(t *testing.T) {
	_, err := ReadFile(filepath.Join(t.TempDir(), "missing.csv"), Options{})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v does not match fs.ErrNotExist", err)
	}
}

// TestReadFileHashesWhatItReads checks that the checksum ReadFile takes
// while reading is that of the bytes as stored, compressed or not, and that
// a named pipe, which can be read only once, is read and hashed.
func TestReadFileHashesWhatItReads(t *testing.T) {
	dir := t.TempDir()
	trailing := filepath.Join(dir, "trailing.csv")
	writeFile(t, trailing, []byte("text,label\nfine,1\n\n\n"))
	fifo := filepath.Join(dir, "fifo.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	plain, err := os.ReadFile("testdata/reviews.csv")
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		// Opening a FIFO for writing waits for its reader.
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		f.Write(plain)
		f.Close()
	}()
	for _, tt := range []struct{ name, path string }{
		{"plain", "testdata/reviews.csv"},
		{"gzip", "testdata/reviews.csv.gz"},
		{"blank lines after the rows", trailing},
		{"named pipe", fifo},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadFile(tt.path, labelled)
			if err != nil {
				t.Fatal(err)
			}
			data := plain
			if tt.path != fifo {
				if data, err = os.ReadFile(tt.path); err != nil {
					t.Fatal(err)
				}
			}
			sum := sha256.Sum256(data)
			if want := hex.EncodeToString(sum[:]); got.SHA256 != want {
				t.Errorf("SHA256 = %s, want %s", got.SHA256, want)
			}
		})
	}
}

// TestReadFileTruncatedMidway cuts a compressed file in the middle of its
// rows: the rows before the cut are read and the error says where.
func TestReadFileTruncatedMidway(t *testing.T) {
	var csv bytes.Buffer
	csv.WriteString("text,label\n")
	for i := range 5000 {
		csv.WriteString("row number ")
		csv.WriteString(strings.Repeat("x", i%37))
		csv.WriteString(",1\n")
	}
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(csv.Bytes())
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "cut.csv.gz")
	writeFile(t, path, gz.Bytes()[:gz.Len()/2])

	rd, c, err := Open(path, labelled)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	rows := 0
	for {
		_, err = rd.Read()
		if err != nil {
			break
		}
		rows++
	}
	want := regexp.MustCompile(`^` + regexp.QuoteMeta(path) + `: truncated gzip data after the row on line (\d+)$`)
	if !want.MatchString(err.Error()) {
		t.Fatalf("error %q, want one matching %s", err, want)
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("error %v does not match io.ErrUnexpectedEOF", err)
	}
	if rows < 100 || rows >= 5000 {
		t.Errorf("read %d rows before the cut, want some but not all", rows)
	}
	if line := want.FindStringSubmatch(err.Error())[1]; line != strconv.Itoa(rows+1) {
		t.Errorf("error names line %s, want %d (the last row read)", line, rows+1)
	}
}

func TestOpen(t *testing.T) {
	rd, c, err := Open("testdata/reviews.csv.gz", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rd.Header(), []string{"text", "label", "category"}; !slices.Equal(got, want) {
		t.Errorf("Header() = %q, want %q", got, want)
	}
	ex, err := rd.Read()
	if err != nil {
		t.Fatal(err)
	}
	if ex != wantReviews[0] {
		t.Errorf("first example %+v, want %+v", ex, wantReviews[0])
	}
	if err := c.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}

func TestDataError(t *testing.T) {
	inner := errors.New("inner")
	tests := []struct {
		name string
		err  *fileerr.Error
		want string
	}{
		{"with line", &fileerr.Error{File: "a.csv", Line: 7, Msg: "empty text"}, "a.csv:7: empty text"},
		{"without line", &fileerr.Error{File: "a.csv", Msg: "empty file", Err: inner}, "a.csv: empty file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
			if got := errors.Unwrap(tt.err); got != tt.err.Err {
				t.Errorf("Unwrap() = %v, want %v", got, tt.err.Err)
			}
		})
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestEachHandsRowsInChunks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rows.csv")
	writeFile(t, path, []byte("text,label\na,1\nb,0\nc,1\nd,0\ne,1\n"))
	stop := errors.New("stop")
	for _, tt := range []struct {
		name       string
		chunk      int
		stopAfter  int // chunks fn takes before it fails; 0 never
		wantChunks [][]string
		wantErr    error
	}{
		{"chunks of two and the rest", 2, 0, [][]string{{"a", "b"}, {"c", "d"}, {"e"}}, nil},
		{"one chunk of all", 10, 0, [][]string{{"a", "b", "c", "d", "e"}}, nil},
		{"the rows a chunk, each", 1, 0, [][]string{{"a"}, {"b"}, {"c"}, {"d"}, {"e"}}, nil},
		{"an error from fn ends the reading", 2, 1, [][]string{{"a", "b"}}, stop},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got [][]string
			f, err := Each(path, Options{}, tt.chunk, func(rows []Row) error {
				var texts []string
				for _, r := range rows {
					texts = append(texts, r.Text)
				}
				got = append(got, texts)
				if len(got) == tt.stopAfter {
					return stop
				}
				return nil
			})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if !slices.EqualFunc(got, tt.wantChunks, slices.Equal) {
				t.Errorf("chunks %q, want %q", got, tt.wantChunks)
			}
			if err == nil && (f.Rows != nil || f.SHA256 == "") {
				t.Errorf("file %+v: want no rows and the file's hash", f)
			}
		})
	}
}

// TestGzippedTwice: a file gzip-compressed twice (gzip run on a .csv.gz)
// was "not a CSV text file (the first line holds binary data)" once the
// first layer was undone.
func TestGzippedTwice(t *testing.T) {
	data := []byte("text,label\nfine,1\n")
	for range 2 {
		var gz bytes.Buffer
		w := gzip.NewWriter(&gz)
		w.Write(data)
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		data = gz.Bytes()
	}
	_, err := NewReader(bytes.NewReader(data), "in.csv.gz", labelled)
	if want := "in.csv.gz: gzip-compressed twice; decompress it once (gunzip) and read it again"; err == nil || err.Error() != want {
		t.Fatalf("error %v, want %q", err, want)
	}
}
