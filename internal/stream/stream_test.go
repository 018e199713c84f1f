package stream

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
)

func TestLineScanner(t *testing.T) {
	// Stored, not deflated, so that a cut falls inside a line: "thr" of
	// "three" was answered as a text.
	stored := gzLevel("one\ntwo\nthree\n", gzip.NoCompression)
	truncated := stored[:strings.Index(stored, "three")+3]
	whole := gz("one\n")
	badSum := whole[:len(whole)-8] + "\x00\x00\x00\x00" + whole[len(whole)-4:]
	tests := []struct {
		name  string
		input string
		limit int
		want  []string // the lines, then the error, if any
	}{
		{"blank lines, line ends and a byte-order mark", "\ufeffone\r\n\n  \ntwo", 100, []string{"one", "two"}},
		{"a line too long, counted from 1", "one\n\n0123456789\n", 8, []string{"one", "x:3: line is longer than 8 bytes"}},
		{"the limit in MiB", strings.Repeat("a", 1<<20+1), 1 << 20, []string{"x:1: line is longer than 1 MiB"}},
		// Read as the CSV reader reads them; each was "gzip-compressed
		// data, not lines of text; decompress it first (zcat)".
		{"gzip-compressed lines", gz("good film\n\nbad\n"), 100, []string{"good film", "bad"}},
		{"two gzip streams, as of files joined", gz("one\n") + gz("two\n"), 100, []string{"one", "two"}},
		{"gzip padded with zeros", gz("one\n") + "\x00\x00\x00", 100, []string{"one"}},
		{"truncated gzip lines", truncated, 100, []string{"one", "two", "x: truncated gzip data after line 2"}},
		{"gzip and then other bytes", gz("one\ntwo\n") + "garbage\n", 100, []string{"one", "two",
			"x: bytes that are not gzip data, as of a damaged file or another appended to it, follow the compressed stream after line 2"}},
		{"gzip whose checksum is wrong", badSum, 100, []string{"one", "x: corrupt gzip data (checksum mismatch) after line 1"}},
		{"a damaged gzip header", "\x1f\x8b\x09\x00\x00\x00\x00\x00\x00\x03rest of it", 100, []string{"x: corrupt gzip data: gzip: invalid header"}},
		{"gzip-compressed twice", gz(gz("one\n")), 100, []string{"x: gzip-compressed twice; decompress it once (gunzip) and read it again"}},
		// Each was "binary data", as the CSV reader had named them.
		{"xz-compressed lines", "\xfd7zXZ\x00\x00\x04\xe6\xd6\xb4F", 100,
			[]string{"x: xz-compressed data, not lines of text; decompress it first (unxz), or compress it with gzip"}},
		{"bzip2-compressed lines", "BZh91AY&SY\x00\x01", 100, []string{"x: bzip2-compressed data, not lines of text; decompress it first (bunzip2), or compress it with gzip"}},
		{"a zip archive", "PK\x03\x04\x14\x00\x00\x00", 100, []string{"x: a zip archive, not lines of text; decompress it first (unzip), or compress it with gzip"}},
		{"UTF-16 text", "\xff\xfeg\x00o\x00o\x00d\x00\n\x00", 100, []string{"x: the file is UTF-16 text; save it as UTF-8"}},
		// Named UTF-16, and taken for binary data.
		{"UTF-32 text", "\xff\xfe\x00\x00g\x00\x00\x00o\x00\x00\x00\n\x00\x00\x00", 100, []string{"x: the file is UTF-32 text; save it as UTF-8"}},
		{"UTF-16 text without a mark", "g\x00o\x00o\x00d\x00\n\x00", 100, []string{"x: the file is UTF-16 text; save it as UTF-8"}},
		{"binary data, a model file", "RNNSENT\x00\x00\x00\x00\x03\nCheckpoint\n", 100, []string{"x: not a text file (the first line holds binary data)"}},
		{"a PNG image", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", 100, []string{"x: not a text file (the first line holds binary data)"}},
		// Answered as one text, "great film awful", status 0.
		{"lines that end in a CR alone", "great film\rawful\r", 100,
			[]string{"x: its lines end in a CR alone, as old Mac programs write them; save it with LF or CRLF line ends"}},
		{"a CR before a line's CRLF end is text", "great\r\r\nawful\r\n", 100, []string{"great", "awful"}},
		{"control characters in a later line are text", "good\nno\x00t \x1b[2J bad\n", 100, []string{"good", "no\x00t \x1b[2J bad"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ls := newLineScanner(strings.NewReader(tt.input), "x", tt.limit)
			var got []string
			for {
				line, err := ls.next()
				if err == io.EOF {
					break
				}
				if err != nil {
					got = append(got, err.Error())
					break
				}
				got = append(got, line)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// gz is s gzip-compressed.
func gz(s string) string { return gzLevel(s, gzip.DefaultCompression) }

func gzLevel(s string, level int) string {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, level)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

// A line too long ends the input, as Source.Next says: the next call
// returned the line's first bytes as a text, which rnnsent-beam, reading
// on past errors, answered, and then the error again under another line.
func TestALineTooLongEndsTheInput(t *testing.T) {
	ls := newLineScanner(strings.NewReader("one\n"+strings.Repeat("a", 20)+"\ntwo\n"), "x", 8)
	var got []string
	for range 4 {
		line, err := ls.next()
		if err != nil {
			line = err.Error()
		}
		got = append(got, line)
	}
	want := []string{"one", "x:2: line is longer than 8 bytes", "x:2: line is longer than 8 bytes", "x:2: line is longer than 8 bytes"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestParseJSONRecord(t *testing.T) {
	tests := []struct {
		name, line, want, problem string
	}{
		{"text field", `{"id": 7, "text": "Not bad!"}`, "Not bad!", ""},
		{"escapes", `{"text": "caf\u00e9 \"ok\""}`, `café "ok"`, ""},
		{"no text field", `{"body": "x"}`, "", `no "text" field in the object (fields: "body")`},
		{"text not a string", `{"text": 3}`, "", `"text" is a number, want a string`},
		// Told as "empty text".
		{"text null", `{"text": null}`, "", `"text" is null, want a string`},
		// Answered as "good", where JSON.parse, Python and serve read "awful".
		{"text twice", `{"text": "good", "id": 1, "text": "awful"}`, "", `the object has two "text" fields; which is the text?`},
		{"empty text", `{"text": "  "}`, "", "empty text"},
		{"an array", `[1, 2]`, "", "want a JSON object, got an array"},
		{"trailing data", `{"text": "a"} x`, "", "more after the JSON value at column 15"},
		{"cut short", `{"text": "a`, "", "invalid JSON: the line ends inside a value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, problem := parseJSONRecord(tt.line, "text")
			if problem != tt.problem || rec.Text != tt.want {
				t.Errorf("got %q, problem %q; want %q, problem %q", rec.Text, problem, tt.want, tt.problem)
			}
		})
	}
}

// FuzzJSONRecord feeds the JSON lines parser arbitrary lines: it must
// answer with a text or a one-line problem, never panic, and keep every
// member of an object it accepts.
func FuzzJSONRecord(f *testing.F) {
	for _, seed := range []string{`{"text": "Not bad!"}`, `{"id": 1, "text": "x", "text": "y"}`, `[]`, `{"text": 1}`, `{`, `"text"`, `{"a":{"b":[1,{"c":null}]},"text":"z"}`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		rec, problem := parseJSONRecord(line, "text")
		if problem != "" {
			if strings.Contains(problem, "\n") || rec.Text != "" {
				t.Fatalf("problem %q spans lines or comes with text %q", problem, rec.Text)
			}
			return
		}
		if strings.TrimSpace(rec.Text) == "" {
			t.Fatal("accepted an empty text")
		}
		for _, m := range rec.Object {
			if !json.Valid(m.Value) {
				t.Fatalf("member %q holds invalid JSON %q", m.Name, m.Value)
			}
		}
	})
}

// Every format numbers its records by the line they start on, and reads on
// past a bad record, so that a caller can set it aside with its place; an
// error that ends the input keeps coming back.
func TestSourcesNumberRecordsAndReadPastBadOnes(t *testing.T) {
	tests := []struct {
		name, format, input string
		want                []string // "LINE:TEXT" of each record, or the error
	}{
		{"lines", Lines, "one\n\n  \ntwo\n", []string{"1:one", "4:two"}},
		{"CSV", CSV, "id,text\n1,\"two\nlines\"\n2,\n3,ok\n4,ok,extra\n5,end\n", []string{
			"2:two\nlines", "in:4: empty text", "5:ok", "in:6: row has 3 fields, the header has 2", "7:end"}},
		{"CSV with a quote left open", CSV, "text\nfine\n\"open\nrest\n", []string{
			"2:fine", `in:3: quoted field is not closed properly (each " inside quotes must be doubled); it runs on to line 4`,
			`in:3: quoted field is not closed properly (each " inside quotes must be doubled); it runs on to line 4`}},
		{"JSON lines", JSONL, "{\"text\": \"a\"}\n\n[1]\n{\"text\": \"b\"}\n", []string{
			"1:a", "in:3: want a JSON object, got an array", "4:b"}},
		{"gzip-compressed JSON lines", JSONL, gz("{\"text\": \"a\"}\n\n[1]\n{\"text\": \"b\"}\n"), []string{
			"1:a", "in:3: want a JSON object, got an array", "4:b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := Open(strings.NewReader(tt.input), "in", tt.format, "text")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for len(got) < len(tt.want) {
				rec, err := src.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					got = append(got, err.Error())
					continue
				}
				got = append(got, fmt.Sprintf("%d:%s", rec.Line, rec.Text))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// JSON lines compressed with gzip are JSON lines by their name, as
// reviews.csv.gz is CSV; they were read as lines, each object a text.
func TestFormatOf(t *testing.T) {
	for name, want := range map[string]string{
		"a.csv": CSV, "a.CSV.GZ": CSV, "a.jsonl": JSONL, "a.jsonl.gz": JSONL, "a.ndjson.gz": JSONL,
		"a.txt": Lines, "a.txt.gz": Lines, "a.gz": Lines, "-": Lines,
	} {
		if got := FormatOf(name, Auto); got != want {
			t.Errorf("FormatOf(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestSniff(t *testing.T) {
	tests := []struct{ name, line, want string }{
		{"a text", "Not bad!", ""},
		{"a text with commas", "Good, not bad, text included", ""},
		{"a CSV header", "id,text,label", CSV},
		{"a CSV header with a byte-order mark", "\ufefftext,label", CSV},
		{"a CSV header without the text column", "id,review", ""},
		// Each row was answered as a text, its label and all.
		{"a header of columns separated by tabs", "id\ttext\tlabel", TSV},
		{"a text with a tab", "great\tfilm", ""},
		{"a JSON object", `{"text": "Not bad!"}`, JSONL},
		{"a text in braces", "{great film}", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sniff(tt.line, "text"); got != tt.want {
				t.Errorf("Sniff(%q) = %q, want %q", tt.line, got, tt.want)
			}
		})
	}
}

func TestFormatWarning(t *testing.T) {
	for line, want := range map[string]string{
		"Not bad!":             "",
		"id,body":              `warning: in\x1b[2J.txt:1 looks like a CSV header with a "body" column; --input-format csv reads it as CSV`,
		`{"body": "Not bad!"}`: `warning: in\x1b[2J.txt:1 is a JSON object; --input-format jsonl reads its "body" field`,
		"body\tlabel":          `warning: in\x1b[2J.txt:1 looks like a header of columns separated by tabs, with a "body" column, which rnnsent does not read: save it with commas, and --input-format csv reads it`,
	} {
		if got := FormatWarning("in\x1b[2J.txt", line, "body"); got != want {
			t.Errorf("FormatWarning(%q) = %q, want %q", line, got, want)
		}
	}
}

// TestWritersNeverReplaceTheTexts: an input whose texts were in a column
// or field the answers take came out with each text's label in its place.
func TestWritersNeverReplaceTheTexts(t *testing.T) {
	tests := []struct {
		name, format, input, textCol, wantErr string
	}{
		{"CSV out, texts in label", CSV, "label,id\nNot bad!,1\n", "label", `in: the texts are in "label", which --format csv fills with the answers; rename it in the input`},
		{"CSV out, texts in probability", CSV, "probability\nNot bad!\n", "probability", `in: the texts are in "probability", which --format csv fills with the answers; rename it in the input`},
		{"JSON lines out, texts in label", JSONL, "label,id\nNot bad!,1\n", "label", `in: the texts are in "label", which --format jsonl fills with the answers; rename it in the input`},
		{"JSON lines out, texts in probabilities", JSONL, "probabilities\nNot bad!\n", "probabilities", `in: the texts are in "probabilities", which --format jsonl fills with the answers; rename it in the input`},
		// A true label beside the texts is replaced, as designed.
		{"CSV out, a label column beside the texts", CSV, "text,label\nNot bad!,1\n", "text", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := FromCSV(strings.NewReader(tt.input), "in", tt.textCol)
			if err != nil {
				t.Fatal(err)
			}
			var out strings.Builder
			err = NewWriter(tt.format, &out, []string{"negative", "positive"}, Terminal{}).Begin(src)
			if got := fmt.Sprint(err); err == nil && tt.wantErr != "" || err != nil && got != tt.wantErr {
				t.Errorf("Begin = %v, want %q", err, tt.wantErr)
			}
		})
	}
}
