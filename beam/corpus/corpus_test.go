package corpus

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/rnnsent/rnnsent/internal/builtin"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/stream"
)

func TestMain(m *testing.M) {
	ptest.MainWithDefault(m, "prism")
}

// options are a job's defaults, as the command's flags have them.
func options(output string, inputs ...string) Options {
	return Options{Inputs: inputs, Format: stream.Auto, TextCol: "text", LabelCol: "label", Output: output,
		OutputFormat: JSONL, Shards: 3, BatchSize: 256}
}

// runJob checks and runs the job o on prism and returns what it counted.
func runJob(t *testing.T, o Options) Counts {
	t.Helper()
	res, err := ptest.RunWithMetrics(buildJob(t, o))
	if err != nil {
		t.Fatal(err)
	}
	return CountsOf(res)
}

// buildJob checks the job o and builds its pipeline.
func buildJob(t *testing.T, o Options) *beam.Pipeline {
	t.Helper()
	p, err := Check(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	pipe, s := beam.NewPipelineWithRoot()
	if err := Build(s, o, p); err != nil {
		t.Fatal(err)
	}
	return pipe
}

var (
	binOnce sync.Once
	bin     string
	binErr  error
)

// rnnsent builds the rnnsent command of the main module, once.
func rnnsent(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "rnnsent-bin")
		if err != nil {
			binErr = err
			return
		}
		bin = filepath.Join(dir, "rnnsent")
		out, err := exec.Command("go", "build", "-C", "../..", "-o", bin, "./cmd/rnnsent").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("building rnnsent: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return bin
}

// run runs rnnsent with args and returns its standard output.
func run(t *testing.T, args ...string) []byte {
	t.Helper()
	out, err := exec.Command(rnnsent(t), args...).Output()
	if err != nil {
		t.Fatalf("rnnsent %s: %v", strings.Join(args, " "), err)
	}
	return out
}

var words = strings.Fields(`the a this film movie plot acting story was is not never very really quite
good bad great awful boring moving dull wonderful fine terrible funny slow and but too long short
I it expected loved hated worth money time at all`)

// texts are n generated reviews of 1 to 30 words.
func texts(seed uint64, n int) []string {
	r := rand.New(rand.NewPCG(seed, 1))
	out := make([]string, n)
	for i := range out {
		ws := make([]string, 1+r.IntN(30))
		for j := range ws {
			ws[j] = words[r.IntN(len(words))]
		}
		out[i] = strings.Join(ws, " ")
	}
	return out
}

func write(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// prediction is what rnnsent predict --json and the job say of a text.
type prediction struct {
	File          string             `json:"file"`
	Line          int                `json:"line"`
	Label         string             `json:"label"`
	Probability   float64            `json:"probability"`
	Probabilities map[string]float64 `json:"probabilities"`
}

// jsonLines decodes the lines of every file matching glob.
func jsonLines[T any](t *testing.T, glob string) []T {
	t.Helper()
	files, err := filepath.Glob(glob)
	if err != nil {
		t.Fatal(err)
	}
	var out []T
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, decodeLines[T](t, data)...)
	}
	return out
}

func decodeLines[T any](t *testing.T, data []byte) []T {
	t.Helper()
	var out []T
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("%q: %v", sc.Text(), err)
		}
		out = append(out, v)
	}
	return out
}

// The acceptance test of the pipeline: 100,000 lines in two files, read
// through a glob and labelled in batches that end both full and at a
// bundle's end, get the answers rnnsent predict --json gives them, to the
// last bit.
func TestLabelsAsRnnsentPredict(t *testing.T) {
	dir := t.TempDir()
	all := texts(1, 100_000)
	parts := map[string][]string{filepath.Join(dir, "a.txt"): all[:60_000], filepath.Join(dir, "b.txt"): all[60_000:]}
	want := map[string]prediction{}
	for file, lines := range parts {
		write(t, file, strings.Join(lines, "\n")+"\n")
		for i, p := range decodeLines[prediction](t, run(t, "predict", "--json", "--input", file)) {
			want[fmt.Sprintf("%s:%d", file, i+1)] = p
		}
	}
	o := options(filepath.Join(dir, "out", "answers"), filepath.Join(dir, "*.txt"))
	o.BatchSize = 100
	runJob(t, o)

	answered := map[string]int{}
	for _, g := range jsonLines[prediction](t, o.Output+"-*-of-00003.jsonl") {
		id := fmt.Sprintf("%s:%d", g.File, g.Line)
		answered[id]++
		w, ok := want[id]
		if !ok {
			t.Fatalf("an answer to %s, which is no input line", id)
		}
		if g.Label != w.Label || g.Probability != w.Probability || !maps.Equal(g.Probabilities, w.Probabilities) {
			t.Errorf("%s: %+v, rnnsent predict: %+v", id, g, w)
		}
	}
	for id := range want {
		if n := answered[id]; n != 1 {
			t.Errorf("%s answered %d times", id, n)
		}
	}
	if dead, _ := filepath.Glob(DeadLetters(o.Output) + "*"); len(dead) > 0 {
		t.Errorf("dead letters %v from good input", dead)
	}
}

// labelledCSV is n generated labelled reviews, some with a category.
func labelledCSV(seed uint64, n int) string {
	var b strings.Builder
	b.WriteString("id,text,label,category\n")
	r := rand.New(rand.NewPCG(seed, 2))
	for i, text := range texts(seed, n) {
		fmt.Fprintf(&b, "%d,%s,%d,%s\n", i, text, r.IntN(2), []string{"", "negated", "plain"}[r.IntN(3)])
	}
	return b.String()
}

// --eval prints what rnnsent eval --json prints, byte for byte: the same
// counts and the same loss, summed across workers.
func TestEvalEqualsRnnsentEval(t *testing.T) {
	tests := []struct {
		name string
		rows int
		cats bool
	}{
		{"ten thousand rows with categories", 10_000, true},
		{"one row", 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			data := write(t, filepath.Join(dir, "dev.csv"), labelledCSV(uint64(tt.rows), tt.rows))
			o := options(filepath.Join(dir, "dev"), data)
			o.Eval = true
			runJob(t, o)
			got, err := os.ReadFile(ReportFile(o.Output))
			if err != nil {
				t.Fatal(err)
			}
			if want := run(t, "eval", "--json", "--data", data); string(got) != string(want) {
				t.Errorf("report\n%s\nrnnsent eval --json\n%s", got, want)
			}
		})
	}
}

// Rows that cannot be read or labelled go to the dead letters with their
// place and the reason; the rest of the input is labelled and the job
// finishes.
func TestBadRowsGoToTheDeadLetters(t *testing.T) {
	tests := []struct {
		name, file, content string
		eval                bool
		wantAnswered        []int // lines
		wantDead            []deadLetter
		wantLabelled        int64 // texts labelled, or with eval scored
	}{
		{"CSV", "in.csv", "id,text\n1,fine\n2,\n3,good,extra\n4,\"two\nlines\"\n", false, []int{2, 5},
			[]deadLetter{{Line: 3, Reason: "empty text"}, {Line: 4, Reason: "row has 3 fields, the header has 2"}}, 2},
		{"CSV with a quote left open", "in.csv", "text\nfine\n\"open\nrest\n", false, []int{2},
			[]deadLetter{{Line: 3, Reason: `quoted field is not closed properly (each " inside quotes must be doubled); it runs on to line 4`}}, 1},
		{"JSON lines", "in.jsonl", "{\"text\": \"fine\"}\nnot json\n{\"body\": \"x\"}\n{\"text\": \"good\"}\n", false, []int{1, 4},
			[]deadLetter{
				{Line: 2, Reason: "invalid JSON at column 2: invalid character 'o' in literal null (expecting 'u')"},
				{Line: 3, Reason: `no "text" field in the object (fields: "body")`},
			}, 2},
		// Read by Beam's gzip reader, for its name, and then as lines, as
		// rnnsent predict read them: every object was labelled as a text.
		{"JSON lines compressed with gzip", "in.jsonl.gz", gzipped("{\"text\": \"fine\"}\nnot json\n{\"text\": \"good\"}\n"), false, []int{1, 3},
			[]deadLetter{{Line: 2, Reason: "invalid JSON at column 2: invalid character 'o' in literal null (expecting 'u')"}}, 2},
		// By its first bytes, as rnnsent predict reads it: "gzip-compressed
		// data, not lines of text; decompress it first (zcat)".
		// "unexpected EOF", from Beam's gzip reader.
		{"JSON lines compressed with gzip, cut short", "in.jsonl.gz", cut(gzipped("{\"text\": \"fine\"}\nnot json\n{\"text\": \"good\"}\n"), 4), false, []int{1, 3},
			[]deadLetter{
				{Reason: "truncated gzip data after line 3"},
				{Line: 2, Reason: "invalid JSON at column 2: invalid character 'o' in literal null (expecting 'u')"},
			}, 2},
		{"JSON lines compressed with gzip under a plain name", "in.jsonl", gzipped("{\"text\": \"fine\"}\n"), false, []int{1}, nil, 1},
		{"eval: a label the model does not know, an empty label", "dev.csv", "text,label\nfine,1\nbad,neutral\nok,\nawful,0\n", true, nil,
			[]deadLetter{{Line: 3, Reason: `label "neutral" is not one the model knows (0, 1; shown as negative, positive)`}, {Line: 4, Reason: "empty label"}}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			in := write(t, filepath.Join(dir, tt.file), tt.content)
			o := options(filepath.Join(dir, "out"), in)
			o.Eval = tt.eval
			counts := runJob(t, o)
			var answered []int
			for _, p := range jsonLines[prediction](t, o.Output+"-*") {
				answered = append(answered, p.Line)
			}
			slices.Sort(answered)
			if !slices.Equal(answered, tt.wantAnswered) {
				t.Errorf("answered lines %v, want %v", answered, tt.wantAnswered)
			}
			dead := jsonLines[deadLetter](t, DeadLetters(o.Output)+"-*")
			slices.SortFunc(dead, func(a, b deadLetter) int { return a.Line - b.Line })
			for i := range tt.wantDead {
				tt.wantDead[i].File = in
			}
			if !slices.Equal(dead, tt.wantDead) {
				t.Errorf("dead letters\n%+v\nwant\n%+v", dead, tt.wantDead)
			}
			if want := (Counts{Labelled: tt.wantLabelled, DeadLetters: int64(len(tt.wantDead))}); counts != want {
				t.Errorf("counted %+v, want %+v", counts, want)
			}
			if tt.eval {
				var report struct{ N int }
				if err := json.Unmarshal([]byte(strings.Join(readLines(t, ReportFile(o.Output)), "")), &report); err != nil || report.N != 2 {
					t.Errorf("report of %d rows (%v), want 2", report.N, err)
				}
			}
		})
	}
}

func gzipped(s string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

// cut is s without its last n bytes.
func cut(s string, n int) string { return s[:len(s)-n] }

func readLines(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}

// CSV answers carry the input id and the model's answer under one header
// in every shard.
func TestCSVAnswersHaveAHeaderInEveryShard(t *testing.T) {
	dir := t.TempDir()
	in := write(t, filepath.Join(dir, "in.txt"), strings.Join(texts(3, 50), "\n")+"\n")
	o := options(filepath.Join(dir, "out"), in)
	o.OutputFormat = CSV
	runJob(t, o)
	shards, _ := filepath.Glob(o.Output + "-*-of-00003.csv")
	if len(shards) != 3 {
		t.Fatalf("shards %v, want 3", shards)
	}
	rows := 0
	for _, s := range shards {
		lines := readLines(t, s)
		if lines[0] != "file,line,label,probability" {
			t.Errorf("%s: header %q", s, lines[0])
		}
		rows += len(lines) - 1
	}
	if rows != 50 {
		t.Errorf("%d rows, want 50", rows)
	}
}

// TestValidateRefusesColumnsThatMisread: with --text-col label, --eval
// scored the built-in model at 100%, each label read as its own text; an
// empty name read the default column.
func TestValidateRefusesColumnsThatMisread(t *testing.T) {
	tests := []struct {
		name        string
		text, label string
		eval        bool
		wantErr     string
	}{
		{"eval, the label read as the text", "label", "label", true, `--label-col must be a column name other than --text-col's, got "label"`},
		{"eval, an empty label column", "text", "", true, `--label-col must be a column name other than --text-col's, got ""`},
		{"an empty text column", "", "label", false, `--text-col must be a column name, got ""`},
		{"labelling, the label column unread", "label", "label", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := options("out", "in.csv")
			o.TextCol, o.LabelCol, o.Eval = tt.text, tt.label, tt.eval
			err := o.Validate()
			if got := fmt.Sprint(err); err == nil && tt.wantErr != "" || err != nil && got != tt.wantErr {
				t.Errorf("Validate = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

// A job that cannot succeed stops before it starts, with one line that
// names what is wrong.
func TestCheckStopsABadJobBeforeItStarts(t *testing.T) {
	dir := t.TempDir()
	good := write(t, filepath.Join(dir, "good.txt"), "fine\n")
	noText := write(t, filepath.Join(dir, "reviews.csv"), "review,label\nfine,1\n")
	again := filepath.Join(dir, "again")
	if err := os.Mkdir(again, 0o755); err != nil {
		t.Fatal(err)
	}
	answers := write(t, filepath.Join(again, "out-00001-of-00003.jsonl"), "fine\n")
	report := write(t, filepath.Join(again, "out.eval.json"), "text,label\nfine,1\n")
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink(good, link); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		edit    func(o *Options)
		wantErr string
	}{
		{"missing model", func(o *Options) { o.Model = filepath.Join(dir, "model.gob") },
			filepath.Join(dir, "model.gob") + `: no such file; train a model with "rnnsent train" or name one with --model`},
		{"a glob that matches nothing", func(o *Options) { o.Inputs = []string{filepath.Join(dir, "*.jsonl")} },
			filepath.Join(dir, "*.jsonl") + ": no such file (a glob must match at least one)"},
		{"a directory", func(o *Options) { o.Inputs = []string{dir} }, dir + ": is a directory"},
		{"a CSV file without the text column", func(o *Options) { o.Inputs = []string{good, noText} },
			noText + `: no column "text" in the header (columns: review, label)`},
		// Its rows were answered twice, and counted twice by --eval.
		{"a file two globs match", func(o *Options) { o.Inputs = []string{good, filepath.Join(dir, "*.txt")} },
			good + ": matched by --input " + good + " and by --input " + filepath.Join(dir, "*.txt") + "; its rows would be read twice"},
		// Read twice, as a.txt and ./a.txt, or through a link.
		{"a file named two ways", func(o *Options) { o.Inputs = []string{good, dir + "/./good.txt"} },
			dir + "/./good.txt: matched by --input " + good + " and by --input " + dir + "/./good.txt; its rows would be read twice"},
		{"a file and a link to it", func(o *Options) { o.Inputs = []string{good, link} },
			link + ": matched by --input " + good + " and by --input " + link + "; its rows would be read twice"},
		// Each was read as it was replaced by the job's output.
		{"an input the answers replace", func(o *Options) { o.Inputs, o.Output = []string{answers}, filepath.Join(again, "out") },
			answers + ": the job would write over this input (--output " + filepath.Join(again, "out") + "); give another --output"},
		{"an input the report replaces", func(o *Options) { o.Inputs, o.Output, o.Eval = []string{report}, filepath.Join(again, "out"), true },
			report + ": the job would write over this input (--output " + filepath.Join(again, "out") + "); give another --output"},
		// It failed once every row was labelled, in 26 lines.
		{"an output under a file", func(o *Options) { o.Output = filepath.Join(good, "out") },
			"--output " + filepath.Join(good, "out") + " cannot be written: not a directory"},
		{"an output on a file system Beam does not know", func(o *Options) { o.Output = "foo://bucket/out" },
			`file system scheme "foo" not registered for "foo://bucket/out"`},
		{"eval without the label column", func(o *Options) {
			o.Inputs, o.TextCol, o.LabelCol, o.Eval = []string{noText}, "review", "sentiment", true
		},
			noText + `: no column "sentiment" in the header (columns: review, label)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := options(filepath.Join(dir, "out"), good)
			tt.edit(&o)
			_, err := Check(context.Background(), o)
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("error %v, want %s", err, tt.wantErr)
			}
		})
	}
}

// TestAModelReplacedAfterTheCheckStopsTheJob: a worker loads the model
// when it starts, which on a cluster can be long after Check read it; a
// training run writing a better epoch to the file meanwhile must stop the
// job, not answer its rows with two models.
func TestAModelReplacedAfterTheCheckStopsTheJob(t *testing.T) {
	dir := t.TempDir()
	modelFile := write(t, filepath.Join(dir, "m.gob"), string(builtin.Checkpoint))
	in := write(t, filepath.Join(dir, "in.txt"), "good film\nbad film\n")
	o := options(filepath.Join(dir, "out"), in)
	o.Model = modelFile
	pipe := buildJob(t, o)
	// The next epoch: the same network, other weights.
	c, err := model.DecodeBytes(bytes.Clone(builtin.Checkpoint))
	if err != nil {
		t.Fatal(err)
	}
	c.Tensors[0].Bytes[0] ^= 1 // the lowest bit of the first weight
	var next bytes.Buffer
	if err := c.Encode(&next); err != nil {
		t.Fatal(err)
	}
	write(t, modelFile, next.String())
	_, err = ptest.RunWithMetrics(pipe)
	const want = "m.gob: the model has changed since the job began, and its rows would be answered by two models; run the job again on a copy of the model that stays put"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("got %v, want an error saying %q", err, want)
	}
}
