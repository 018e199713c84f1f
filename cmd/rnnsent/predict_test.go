package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	le "encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/stream"
	"github.com/rnnsent/rnnsent/internal/tokenize"
)

// writeMeanModel writes a bag-of-words checkpoint whose answers are known
// exactly: "great" has the embedding 1, "awful" -1, every other word 0, and
// the positive logit is 4 times the mean embedding of the tokens read (at
// most the last 4). Every step is exact in float32 whichever matrix kernel
// runs, so "great film" gives σ(2) = 0.8808 wherever the test runs. With
// three classes the logits are (4·max(−mean, 0), 0, 4·max(mean, 0)).
func writeMeanModel(t *testing.T, path string, labels ...string) {
	t.Helper()
	vocab := []string{tokenize.PadToken, tokenize.UnkToken, "great", "awful", "film", "the", "was", "not", "!"}
	embedding := make([]float32, len(vocab))
	embedding[2], embedding[3] = 1, -1
	// Two ReLU units carry the positive and the negative part of the mean.
	dense := []float32{4, -4}
	if len(labels) == 3 {
		dense = []float32{0, 0, 4, 4, 0, 0}
	}
	K := len(dense) / 2
	c := model.Checkpoint{
		Config:           model.Config{Arch: model.ArchBOW, Vocab: len(vocab), Embed: 1, Hidden: 2, Layers: 1, Classes: len(labels)},
		TokenizerVersion: tokenize.Version,
		MaxLen:           4,
		Vocab:            vocab,
		Labels:           labels,
		Tensors: []model.Tensor{
			tensor("embedding", len(vocab), 1, embedding),
			tensor("bow.w", 1, 2, []float32{1, -1}),
			tensor("bow.b", 1, 2, []float32{0, 0}),
			tensor("dense.w", 2, K, dense),
			tensor("dense.b", 1, K, make([]float32, K)),
		},
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := c.Encode(f); err != nil {
		t.Fatal(err)
	}
}

func tensor(name string, rows, cols int, values []float32) model.Tensor {
	b := make([]byte, 4*len(values))
	for i, v := range values {
		le.LittleEndian.PutUint32(b[4*i:], math.Float32bits(v))
	}
	return model.Tensor{Name: name, Rows: rows, Cols: cols, Bytes: b}
}

// The answers of the mean model to the fixture texts, in the formats'
// spellings: σ(2) for "great film" and 1 − σ(−4) for "awful".
const (
	greatFilmJSON = `"label":"positive","probability":0.8807970779778823,"probabilities":{"negative":0.11920292202211769,"positive":0.8807970779778823}}`
	awfulJSON     = `"label":"negative","probability":0.9820137900379085,"probabilities":{"negative":0.9820137900379085,"positive":0.01798620996209156}}`
)

func TestPredictReadsAndWritesEveryFormat(t *testing.T) {
	t.Chdir(t.TempDir())
	writeMeanModel(t, "mean.gob", "0", "1")
	writeFile(t, "reviews.txt", "great film\n\nawful\n")
	writeFile(t, "reviews.csv", "id,text,label\n1,great film,1\n2,\"awful\",0\n")
	writeFile(t, "reviews.jsonl", `{"id":1,"text":"great film","meta":{"stars":[4, 5]}}`+"\n"+`{"text":"awful","label":"x","id":2}`+"\n")

	tests := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"arguments as text", "", []string{"great film", "awful"},
			"positive  0.881  great film\nnegative  0.982  awful\n"},
		{"lines as text", "great film\nawful\n", nil,
			"positive  0.881  great film\nnegative  0.982  awful\n"},
		{"csv as text", "", []string{"-i", "reviews.csv"},
			"positive  0.881  great film\nnegative  0.982  awful\n"},
		{"jsonl as text", "", []string{"-i", "reviews.jsonl"},
			"positive  0.881  great film\nnegative  0.982  awful\n"},
		{"arguments as csv", "", []string{"--format", "csv", "great film", "awful"},
			"text,label,probability\ngreat film,positive,0.8808\nawful,negative,0.9820\n"},
		{"lines as csv", "", []string{"--format", "csv", "-i", "reviews.txt"},
			"text,label,probability\ngreat film,positive,0.8808\nawful,negative,0.9820\n"},
		{"csv as csv keeps the columns and replaces label", "", []string{"--format", "csv", "-i", "reviews.csv"},
			"id,text,label,probability\n1,great film,positive,0.8808\n2,awful,negative,0.9820\n"},
		{"jsonl as csv", "", []string{"--format", "csv", "-i", "reviews.jsonl"},
			"text,label,probability\ngreat film,positive,0.8808\nawful,negative,0.9820\n"},
		{"arguments as jsonl", "", []string{"--format", "jsonl", "great film", "awful"},
			`{"text":"great film",` + greatFilmJSON + "\n" + `{"text":"awful",` + awfulJSON + "\n"},
		{"lines as jsonl", "great film\nawful\n", []string{"--json"},
			`{"text":"great film",` + greatFilmJSON + "\n" + `{"text":"awful",` + awfulJSON + "\n"},
		{"csv as jsonl keeps the columns as strings", "", []string{"--format", "jsonl", "-i", "reviews.csv"},
			`{"id":"1","text":"great film",` + greatFilmJSON + "\n" + `{"id":"2","text":"awful",` + awfulJSON + "\n"},
		{"jsonl as jsonl keeps the fields in order", "", []string{"--json", "-i", "reviews.jsonl"},
			`{"id":1,"text":"great film","meta":{"stars":[4, 5]},` + greatFilmJSON + "\n" + `{"text":"awful","id":2,` + awfulJSON + "\n"},
		{"csv from standard input", "text\ngreat film\n", []string{"--input-format", "csv", "--format", "csv"},
			"text,label,probability\ngreat film,positive,0.8808\n"},
		{"jsonl from standard input with another field", `{"review":"awful"}` + "\n", []string{"--input-format", "jsonl", "--text-col", "review"},
			"negative  0.982  awful\n"},
		{"several files in order under one header", "awful\n", []string{"--format", "csv", "-i", "reviews.txt", "-i", "-", "-i", "reviews.jsonl"},
			"text,label,probability\ngreat film,positive,0.8808\nawful,negative,0.9820\nawful,negative,0.9820\ngreat film,positive,0.8808\nawful,negative,0.9820\n"},
		{"a line break in a text prints as a space", "", []string{"-i", "multiline.csv"},
			"positive  0.881  great  film\n"},
		{"a text longer than the model reads", "", []string{"the awful film was great great"},
			"positive  0.881  the awful film was great great\n"},
		{"gzip-compressed csv", "", []string{"--format", "csv", "-i", "reviews.csv.gz"},
			"id,text,label,probability\n1,great film,positive,0.8808\n2,awful,negative,0.9820\n"},
		// Both were "gzip-compressed data, not lines of text; decompress it first (zcat)".
		{"gzip-compressed jsonl", "", []string{"-i", "reviews.jsonl.gz"},
			"positive  0.881  great film\nnegative  0.982  awful\n"},
		{"gzip-compressed lines", "", []string{"-i", "reviews.txt.gz"},
			"positive  0.881  great film\nnegative  0.982  awful\n"},
		{"gzip-compressed jsonl from standard input", gzipped(`{"text":"awful"}` + "\n"), []string{"--input-format", "jsonl"},
			"negative  0.982  awful\n"},
	}
	writeFile(t, "reviews.jsonl.gz", gzipped(`{"text":"great film"}`+"\n"+`{"text":"awful"}`+"\n"))
	writeFile(t, "reviews.txt.gz", gzipped("great film\nawful\n"))
	writeFile(t, "multiline.csv", "text\n\"great\r\n film\"\n")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("id,text,label\n1,great film,1\n2,\"awful\",0\n"))
	zw.Close()
	writeFile(t, "reviews.csv.gz", gz.String())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, tt.stdin, append([]string{"predict", "--model", "mean.gob"}, tt.args...)...)
			if got.code != exitOK || got.stderr != "" {
				t.Fatalf("exit status %d, stderr %q", got.code, got.stderr)
			}
			if got.stdout != tt.want {
				t.Errorf("stdout\n got %q\nwant %q", got.stdout, tt.want)
			}
		})
	}
}

func TestPredictTrace(t *testing.T) {
	t.Chdir(t.TempDir())
	writeMeanModel(t, "mean.gob", "0", "1")
	writeMeanModel(t, "three.gob", "negative", "neutral", "positive")
	writeFile(t, "reviews.jsonl", `{"id":7,"text":"great zzyzx"}`+"\n")
	// σ(4) after "great"; σ(2) after "zzyzx", which counts as 0.
	greatStep := `{"token":"great","probabilities":{"negative":0.01798620996209155,"positive":0.9820137900379085}}`
	zzyzxStep := `{"token":"zzyzx","unknown":true,"probabilities":{"negative":0.11920292202211769,"positive":0.8807970779778823}}`
	tail := strings.TrimSuffix(greatFilmJSON, "}")

	tests := []struct {
		name string
		ios  IOStreams // terminal settings
		args []string
		want string
	}{
		{"table when not a terminal", IOStreams{}, []string{"great zzyzx"},
			"positive  0.881  great zzyzx\n" +
				"  token  negative  positive\n" +
				"  great  0.018     0.982\n" +
				"  zzyzx  0.119     0.881  unknown\n\n"},
		{"json lines", IOStreams{}, []string{"--json", "great zzyzx"},
			`{"text":"great zzyzx",` + tail + `,"trace":[` + greatStep + "," + zzyzxStep + "]}\n"},
		{"json lines input keeps its fields", IOStreams{}, []string{"--format", "jsonl", "-i", "reviews.jsonl"},
			`{"id":7,"text":"great zzyzx",` + tail + `,"trace":[` + greatStep + "," + zzyzxStep + "]}\n"},
		{"only the tokens the model reads", IOStreams{}, []string{"the awful film was great great"},
			"positive  0.881  the awful film was great great\n" +
				"  token  negative  positive\n" +
				"  film   0.500     0.500\n" +
				"  was    0.500     0.500\n" +
				"  great  0.209     0.791\n" +
				"  great  0.119     0.881\n\n"},
		{"a text without tokens reads <unk>", IOStreams{}, []string{"<br />"},
			"negative  0.500  <br />\n" +
				"  token  negative  positive\n" +
				"  <unk>  0.500     0.500  unknown\n\n"},
		{"coloured columns in a terminal", IOStreams{OutTTY: true, Color: true, Width: 80}, []string{"great zzyzx"},
			"trace: under each token, P(positive) had the text ended there: \x1b[38;5;196m0 negative\x1b[0m … \x1b[38;5;46m1 positive\x1b[0m\n" +
				"       underlined: a word the model has not learnt\n\n" +
				"positive  0.881  great zzyzx\n" +
				"  \x1b[38;5;46mgreat\x1b[0m  \x1b[4;38;5;82mzzyzx\x1b[0m\n" +
				"  \x1b[38;5;46m0.98\x1b[0m   \x1b[38;5;82m0.88\x1b[0m\n\n"},
		{"columns wrap at the terminal's width", IOStreams{OutTTY: true, Width: 16}, []string{"not great film zzyzx"},
			"trace: under each token, P(positive) had the text ended there: 0 negative … 1 positive\n" +
				"       (in parentheses): a word the model has not learnt\n\n" +
				"positive  0.731  not great film zzyzx\n" +
				"  not   great\n  0.50  0.88\n" +
				"  film  (zzyzx)\n  0.79  0.73\n\n"},
		{"three classes take the leading class's colour", IOStreams{OutTTY: true, Color: true}, []string{"--model", "three.gob", "awful film"},
			"trace: each token in the colour of the class leading had the text ended there: " +
				"\x1b[38;5;196mnegative\x1b[0m \x1b[38;5;226mneutral\x1b[0m \x1b[38;5;46mpositive\x1b[0m\n" +
				"       under it, that class's probability; underlined: a word the model has not learnt\n\n" +
				"negative  0.787  awful film\n" +
				"  \x1b[38;5;196mawful\x1b[0m  \x1b[38;5;196mfilm\x1b[0m\n" +
				"  \x1b[38;5;196m0.96\x1b[0m   \x1b[38;5;196m0.79\x1b[0m\n\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut syncBuffer
			ios := tt.ios
			ios.In, ios.Out, ios.ErrOut = strings.NewReader(""), &out, &errOut
			args := append([]string{"predict", "--model", "mean.gob", "--trace"}, tt.args...)
			if code := run(context.Background(), args, &ios); code != exitOK || errOut.String() != "" {
				t.Fatalf("exit status %d, stderr %q", code, errOut.String())
			}
			if out.String() != tt.want {
				t.Errorf("stdout\n got %q\nwant %q", out.String(), tt.want)
			}
		})
	}
}

func TestPredictBadInput(t *testing.T) {
	t.Chdir(t.TempDir())
	writeMeanModel(t, "mean.gob", "0", "1")
	writeFile(t, "reviews.csv", "id,review\n1,great\n")
	writeFile(t, "other.csv", "text,id\ngreat,1\n")
	writeFile(t, "first.csv", "id,text\n1,great\n")
	writeFile(t, "empty.csv", "id,text\n1,great\n2, \n")
	os.Mkdir("dir.txt", 0o755)

	tests := []struct {
		name       string
		stdin      string
		args       []string
		wantOut    string // the answers before the bad input
		wantStderr string
	}{
		{"csv without the text column", "", []string{"-i", "reviews.csv"}, "",
			`reviews.csv: no column "text" in the header (columns: id, review)`},
		{"csv with an empty text", "", []string{"-i", "empty.csv"}, "positive  0.982  great\n",
			"empty.csv:3: empty text"},
		{"json line that is an array", "{\"text\":\"great\"}\n\n[1, 2]\n", []string{"--input-format", "jsonl"}, "positive  0.982  great\n",
			"stdin:3: want a JSON object, got an array"},
		{"json line without text", "", []string{"-i", "bad.jsonl"}, "",
			`bad.jsonl:1: no "text" field in the object (fields: "id", "review")`},
		{"json text that is a number", `{"text":5}`, []string{"--input-format", "jsonl"}, "",
			`stdin:1: "text" is a number, want a string`},
		{"json line that is not json", `{"text":great}`, []string{"--input-format", "jsonl"}, "",
			"stdin:1: invalid JSON at column 9: invalid character 'g' looking for beginning of value"},
		{"json line cut short", `{"text":"great`, []string{"--input-format", "jsonl"}, "",
			"stdin:1: invalid JSON: the line ends inside a value"},
		{"two json values on a line", `{"text":"great"} {}`, []string{"--input-format", "jsonl"}, "",
			"stdin:1: more after the JSON value at column 18"},
		{"json text that is empty", `{"text":" "}`, []string{"--input-format", "jsonl"}, "",
			"stdin:1: empty text"},
		{"csv files with different columns", "", []string{"--format", "csv", "-i", "first.csv", "-i", "other.csv"},
			"id,text,label,probability\n1,great,positive,0.9820\n",
			"other.csv: columns (text, id) differ from the first input's (id, text); --format csv writes one header"},
		{"missing input file", "", []string{"-i", "nope.txt"}, "", "nope.txt: no such file or directory"},
		{"input is a directory", "", []string{"-i", "dir.txt"}, "", "dir.txt: is a directory"},
	}
	writeFile(t, "bad.jsonl", `{"id":1,"review":"great"}`+"\n")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, tt.stdin, append([]string{"predict", "--model", "mean.gob"}, tt.args...)...)
			if got.code != exitError {
				t.Errorf("exit status %d, want %d", got.code, exitError)
			}
			if want := "rnnsent: " + tt.wantStderr + "\n"; got.stderr != want {
				t.Errorf("stderr\n got %q\nwant %q", got.stderr, want)
			}
			if got.stdout != tt.wantOut {
				t.Errorf("stdout\n got %q\nwant %q", got.stdout, tt.wantOut)
			}
		})
	}
}

func TestPredictUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown output format", []string{"--format", "xml"}, `--format must be text, csv or jsonl, got "xml"`},
		{"unknown input format", []string{"--input-format", "tsv"}, `--input-format must be auto, lines, csv or jsonl, got "tsv"`},
		{"json with another format", []string{"--json", "--format", "csv"}, "--json is short for --format jsonl; it cannot go with --format csv"},
		{"trace as csv", []string{"--trace", "--format", "csv"}, "--trace writes text or JSON lines, not CSV"},
		{"texts and files", []string{"-i", "a.txt", "great"}, "give TEXT arguments or --input files, not both"},
		{"csv arguments", []string{"--input-format", "csv", "great"}, "--input-format csv is for --input files and standard input, not TEXT arguments"},
		{"standard input twice", []string{"-i", "-", "-i", "-"}, "--input - (standard input) can be given only once"},
		// Worded unlike every other flag's, "--text-col must name a column or field".
		{"empty text column", []string{"--text-col", ""}, `--text-col must be a column name, got ""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, "", append([]string{"predict"}, tt.args...)...)
			if want := "rnnsent: " + tt.want + "\n"; got.code != exitUsage || got.stderr != want {
				t.Errorf("exit status %d, stderr %q; want %d and %q", got.code, got.stderr, exitUsage, want)
			}
		})
	}
}

// TestPredictStreamsEveryFormat checks that the answers to a full chunk
// come out while the input is still open, as they must for predict to work
// in a pipe.
func TestPredictStreamsEveryFormat(t *testing.T) {
	t.Chdir(t.TempDir())
	writeMeanModel(t, "mean.gob", "0", "1")
	tests := []struct {
		name   string
		args   []string
		header string
		line   func(i int) string
	}{
		{"lines to text", nil, "", func(i int) string { return fmt.Sprintf("great film %d\n", i) }},
		{"lines to csv", []string{"--format", "csv"}, "", func(i int) string { return fmt.Sprintf("great film %d\n", i) }},
		{"csv to csv", []string{"--input-format", "csv", "--format", "csv"}, "text\n",
			func(i int) string { return fmt.Sprintf("great film %d\n", i) }},
		{"jsonl to jsonl", []string{"--input-format", "jsonl", "--format", "jsonl"}, "",
			func(i int) string { return fmt.Sprintf(`{"text":"great film %d"}`+"\n", i) }},
		{"lines to traces", []string{"--trace", "--json"}, "", func(i int) string { return fmt.Sprintf("great film %d\n", i) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pr, pw := io.Pipe()
			var out, errOut syncBuffer
			done := make(chan exitCode)
			go func() {
				args := append([]string{"predict", "--model", "mean.gob"}, tt.args...)
				done <- run(context.Background(), args, &IOStreams{In: pr, Out: &out, ErrOut: &errOut})
			}()
			io.WriteString(pw, tt.header)
			for i := range stream.ChunkSize {
				io.WriteString(pw, tt.line(i))
			}
			deadline := time.Now().Add(10 * time.Second)
			for !strings.Contains(out.String(), fmt.Sprintf("great film %d", stream.ChunkSize-1)) && time.Now().Before(deadline) {
				time.Sleep(5 * time.Millisecond)
			}
			if !strings.Contains(out.String(), fmt.Sprintf("great film %d", stream.ChunkSize-1)) {
				t.Errorf("no answer to text %d while the input is open; stdout %q", stream.ChunkSize-1, out.String())
			}
			pw.Close()
			if code := <-done; code != exitOK {
				t.Fatalf("exit status %d, stderr %q", code, errOut.String())
			}
		})
	}
}

// countingWriter counts the lines written through it, and at the counts of
// probe measures the live heap, after a collection.
type countingWriter struct {
	lines int
	probe map[int]*uint64
}

func (w *countingWriter) Write(p []byte) (int, error) {
	for _, c := range p {
		if c != '\n' {
			continue
		}
		w.lines++
		if heap, ok := w.probe[w.lines]; ok {
			*heap = liveHeap()
		}
	}
	return len(p), nil
}

func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestPredictMemoryStaysFlat pipes 200,000 texts through predict and checks
// that the live heap after the last answer is no larger than after the
// first few thousand, give or take a megabyte.
func TestPredictMemoryStaysFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("pipes 200,000 texts")
	}
	t.Chdir(t.TempDir())
	writeMeanModel(t, "mean.gob", "0", "1")
	const n = 200_000
	var early, late uint64
	out := &countingWriter{probe: map[int]*uint64{20 * stream.ChunkSize: &early, n: &late}}
	pr, pw := io.Pipe()
	go func() {
		bw := bufio.NewWriter(pw)
		for i := range n {
			fmt.Fprintf(bw, "review %d: the film was great, not awful\n", i)
		}
		bw.Flush()
		pw.Close()
	}()
	var errOut syncBuffer
	code := run(context.Background(), []string{"predict", "--model", "mean.gob", "--format", "csv"},
		&IOStreams{In: pr, Out: out, ErrOut: &errOut})
	if code != exitOK {
		t.Fatalf("exit status %d, stderr %q", code, errOut.String())
	}
	if out.lines != n+1 {
		t.Fatalf("%d lines out, want %d", out.lines, n+1)
	}
	t.Logf("live heap after %d texts: %d KiB; after %d: %d KiB", 20*stream.ChunkSize, early>>10, n, late>>10)
	if late > early+1<<20 {
		t.Errorf("live heap grew from %d KiB to %d KiB", early>>10, late>>10)
	}
}

func TestPredictLabelsTexts(t *testing.T) {
	t.Chdir(t.TempDir())
	trainSmall(t)
	line := regexp.MustCompile(`^(negative|positive)  (0\.\d{3}|1\.000)  (.*)$`)

	tests := []struct {
		name  string
		stdin string
		args  []string
		want  []string // texts, in output order
	}{
		{"arguments", "", []string{"Not bad!", "The food was awful."}, []string{"Not bad!", "The food was awful."}},
		{"standard input", "great film\n\n   \nawful food\r\n", nil, []string{"great film", "awful food"}},
		{"dash reads standard input", "lovely book\n", []string{"-"}, []string{"lovely book"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, tt.stdin, append([]string{"predict"}, tt.args...)...)
			if got.code != exitOK || got.stderr != builtinNote+"\n" {
				t.Fatalf("exit status %d, stderr %q", got.code, got.stderr)
			}
			lines := strings.Split(strings.TrimSuffix(got.stdout, "\n"), "\n")
			if len(lines) != len(tt.want) {
				t.Fatalf("stdout %q, want %d lines", got.stdout, len(tt.want))
			}
			for i, l := range lines {
				if m := line.FindStringSubmatch(l); m == nil || m[3] != tt.want[i] {
					t.Errorf("line %q, want a label, a probability and %q", l, tt.want[i])
				}
			}
		})
	}
}

func TestPredictJSON(t *testing.T) {
	t.Chdir(t.TempDir())
	trainSmall(t)
	got := runCLI(t, "", "predict", "--model", "model.gob", "--json", "Not bad! <3", "The food was awful.")
	lines := strings.Split(strings.TrimSuffix(got.stdout, "\n"), "\n")
	if got.code != exitOK || len(lines) != 2 {
		t.Fatalf("exit status %d, stdout %q; want two lines", got.code, got.stdout)
	}
	if !strings.HasPrefix(lines[0], `{"text":"Not bad! <3","label":"`) {
		t.Errorf("line %q does not start with the text, unescaped, and the label", lines[0])
	}
	for _, l := range lines {
		var p stream.Prediction
		if err := json.Unmarshal([]byte(l), &p); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		neg, pos := p.Probabilities["negative"], p.Probabilities["positive"]
		if len(p.Probabilities) != 2 || math.Abs(neg+pos-1) > 1e-9 || p.Probability != p.Probabilities[p.Label] ||
			p.Probability < 0.5 {
			t.Errorf("prediction %+v: probabilities do not fit the label", p)
		}
	}
}

// chunkReader hands out its lines and then blocks until release is closed,
// the way a slow pipe does.
type chunkReader struct {
	r       io.Reader
	release chan struct{}
}

func (c *chunkReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err == io.EOF {
		<-c.release
	}
	return n, err
}

func TestPredictStreamsAnswersBeforeInputEnds(t *testing.T) {
	t.Chdir(t.TempDir())
	trainSmall(t)
	var input strings.Builder
	for i := range stream.ChunkSize + 10 {
		fmt.Fprintf(&input, "review %d was great\n", i)
	}
	in := &chunkReader{r: strings.NewReader(input.String()), release: make(chan struct{})}
	var out, errOut syncBuffer
	done := make(chan exitCode)
	go func() {
		done <- run(context.Background(), []string{"predict"}, &IOStreams{In: in, Out: &out, ErrOut: &errOut})
	}()
	// Every line read so far must be answered while the input is still open.
	deadline := time.Now().Add(10 * time.Second)
	for strings.Count(out.String(), "\n") < stream.ChunkSize+10 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := strings.Count(out.String(), "\n"); got != stream.ChunkSize+10 {
		t.Errorf("%d answers before the input ended, want %d", got, stream.ChunkSize+10)
	}
	close(in.release)
	if code := <-done; code != exitOK {
		t.Fatalf("exit status %d, stderr %q", code, errOut.String())
	}
	sc := bufio.NewScanner(strings.NewReader(out.String()))
	i := 0
	for ; sc.Scan(); i++ {
		if want := fmt.Sprintf("  review %d was great", i); !strings.HasSuffix(sc.Text(), want) {
			t.Fatalf("answer %d is %q, want it to end %q", i, sc.Text(), want)
		}
	}
	if i != stream.ChunkSize+10 {
		t.Errorf("%d answers, want %d", i, stream.ChunkSize+10)
	}
}

func TestPredictHintsWhenStdinIsTerminal(t *testing.T) {
	t.Chdir(t.TempDir())
	trainSmall(t)
	var out, errOut syncBuffer
	ios := &IOStreams{In: strings.NewReader("great film\n"), Out: &out, ErrOut: &errOut, InTTY: true}
	if code := run(context.Background(), []string{"predict"}, ios); code != exitOK {
		t.Fatalf("exit status %d, stderr %q", code, errOut.String())
	}
	if want := builtinNote + "\n" + stdinHint + "\n"; errOut.String() != want {
		t.Errorf("stderr %q, want %q", errOut.String(), want)
	}
}

func TestWithoutModelFlagTheBuiltInModelAnswers(t *testing.T) {
	t.Chdir(t.TempDir()) // no model.gob anywhere near
	got := runCLI(t, "", "predict", "Not bad!", "Not as good as I expected.")
	if got.code != exitOK {
		t.Fatalf("exit status %d, stderr %q", got.code, got.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(got.stdout, "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "positive") || !strings.HasPrefix(lines[1], "negative") {
		t.Errorf("stdout %q, want positive then negative", got.stdout)
	}
	check := runCLI(t, "", "check", "--json")
	if check.code != exitOK || !strings.Contains(check.stdout, `"model":"built-in SST-2 model"`) {
		t.Errorf("check: exit status %d, stdout %.200q", check.code, check.stdout)
	}
}

// Someone typing one review at a time gets each answer at once, not after
// a chunk of them.
func TestPredictAnswersEachLineWhenTheInputPauses(t *testing.T) {
	t.Chdir(t.TempDir())
	trainSmall(t)
	in, feed := io.Pipe()
	var out, errOut syncBuffer
	done := make(chan exitCode)
	go func() {
		done <- run(context.Background(), []string{"predict", "--model", "model.gob"}, &IOStreams{In: in, Out: &out, ErrOut: &errOut})
	}()
	for i, text := range []string{"the food was great", "the service was slow"} {
		fmt.Fprintln(feed, text)
		deadline := time.Now().Add(5 * time.Second)
		for strings.Count(out.String(), "\n") <= i && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if got := strings.Count(out.String(), "\n"); got != i+1 {
			t.Fatalf("%d answers after %d lines with the input still open, want %d", got, i+1, i+1)
		}
	}
	feed.Close()
	if code := <-done; code != exitOK {
		t.Fatalf("exit status %d, stderr %q", code, errOut.String())
	}
}

// TestPredictNeverPrintsControlCharacters labels a review that would
// retitle the terminal: the text output shows it escaped.
func TestPredictNeverPrintsControlCharacters(t *testing.T) {
	got := runCLI(t, "\x1b]0;pwned\x07Great film\x1b[2J\n", "predict")
	if got.code != exitOK || strings.ContainsAny(got.stdout, "\x1b\x07") || !strings.Contains(got.stdout, `\x1b]0;pwned\x07Great film\x1b[2J`) {
		t.Errorf("exit status %d, stdout %q; want the text escaped", got.code, got.stdout)
	}
}

func TestPredictWarnsOfCSVAndJSONReadAsLines(t *testing.T) {
	tests := []struct {
		name, stdin string
		args        []string
		warning     string
	}{
		{"a CSV header", "id,text\n1,Not bad!\n", nil, `warning: stdin:1 looks like a CSV header with a "text" column; --input-format csv reads it as CSV`},
		{"a JSON object", "{\"text\": \"Not bad!\"}\n", nil, `warning: stdin:1 is a JSON object; --input-format jsonl reads its "text" field`},
		{"texts", "Not bad!\nDull.\n", nil, ""},
		{"the format given", "id,text\n1,Not bad!\n", []string{"--input-format", "lines"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, tt.stdin, append([]string{"predict"}, tt.args...)...)
			stderr := strings.TrimPrefix(got.stderr, builtinNote+"\n")
			want := ""
			if tt.warning != "" {
				want = tt.warning + "\n"
			}
			if got.code != exitOK || stderr != want {
				t.Errorf("exit status %d, stderr %q; want 0 and %q", got.code, got.stderr, want)
			}
		})
	}
}
