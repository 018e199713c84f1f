package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rnnsent/rnnsent/internal/metrics"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/stream"
	"github.com/rnnsent/rnnsent/internal/tokenize"
)

// Fixture sentences: every template with every subject and adjective of a
// class, so the classes differ only in their adjectives.
var (
	templates  = []string{"The %s was %s.", "What a %[2]s %[1]s!"}
	subjects   = []string{"film", "food", "hotel", "phone", "book"}
	adjectives = map[string][]string{
		"negative": {"dull", "awful", "boring"},
		"neutral":  {"okay", "average", "fine"},
		"positive": {"great", "lovely", "superb"},
	}
)

// reviews returns a CSV fixture with a row for every template, subject and
// adjective of each class, labelled as labels says (class name → label).
// With category, a third column names the template.
func reviews(labels map[string]string, category bool) string {
	var b strings.Builder
	b.WriteString("text,label")
	if category {
		b.WriteString(",category")
	}
	b.WriteString("\n")
	for _, class := range slices.Sorted(maps.Keys(labels)) {
		for ti, tmpl := range templates {
			for _, s := range subjects {
				for _, a := range adjectives[class] {
					fmt.Fprintf(&b, "%s,%s", fmt.Sprintf(tmpl, s, a), labels[class])
					if category {
						fmt.Fprintf(&b, ",template%d", ti+1)
					}
					b.WriteString("\n")
				}
			}
		}
	}
	return b.String()
}

var (
	binary     = map[string]string{"negative": "0", "positive": "1"}
	threeClass = map[string]string{"negative": "negative", "neutral": "neutral", "positive": "positive"}
)

// small are the flags of a model that trains in a blink.
var small = []string{"--epochs", "2", "--hidden", "8", "--embed-dim", "8", "--quiet"}

// trainSmall trains a small model on the binary fixture in the current
// directory and returns the result.
func trainSmall(t *testing.T, args ...string) result {
	t.Helper()
	if _, err := os.Stat("train.csv"); err != nil {
		writeFile(t, "train.csv", reviews(binary, false))
	}
	got := runCLI(t, "", append(append([]string{"train", "--data", "train.csv"}, small...), args...)...)
	if got.code != exitOK {
		t.Fatalf("train: exit status %d, stderr %q", got.code, got.stderr)
	}
	return got
}

func TestTrainWritesCheckpointWithRecord(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "dev.csv", reviews(binary, true))
	got := trainSmall(t, "--dev", "dev.csv")

	if !regexp.MustCompile(`^best val_acc \d+\.\d% at epoch [12]; saved model.gob\n$`).MatchString(got.stdout) {
		t.Errorf("stdout %q, want the best epoch and the model file", got.stdout)
	}
	wantSummary := "60 training examples (300 tokens), 60 validation, 2 classes (negative, positive), vocabulary 19, "
	if !strings.HasPrefix(got.stderr, wantSummary) || strings.Count(got.stderr, "\n") != 1 {
		t.Errorf("stderr %q, want one summary line starting %q", got.stderr, wantSummary)
	}

	c := decodeModel(t, "model.gob")
	data, _ := os.ReadFile("train.csv")
	sum := sha256.Sum256(data)
	r := c.Record
	if r.DataFile != "train.csv" || r.DataSHA256 != hex.EncodeToString(sum[:]) || r.DevFile != "dev.csv" ||
		r.Seed != 1 || r.Epochs != 2 || r.BestEpoch < 1 || r.BestEpoch > 2 || r.BestValAccuracy <= 0 || r.AugmentNegation != 3 || r.AugmentContrast != 3 {
		t.Errorf("record %+v does not describe the run", r)
	}
	if _, err := time.Parse(time.RFC3339, r.Created); err != nil {
		t.Errorf("created %q: %v", r.Created, err)
	}
	if !slices.Equal(c.Labels, []string{"0", "1"}) || c.MaxLen != 200 || c.Config.Hidden != 8 || c.Config.Cell != model.CellLSTM {
		t.Errorf("checkpoint labels %q, max len %d, config %+v", c.Labels, c.MaxLen, c.Config)
	}
	if entries, _ := os.ReadDir("."); len(entries) != 3 {
		t.Errorf("directory holds %d files, want train.csv, dev.csv and model.gob", len(entries))
	}
}

func TestTrainCountsAugmentedExamples(t *testing.T) {
	// The fixture has no "but" or "not"; one longer row brings both into the
	// vocabulary and takes part in neither augmentation.
	data := reviews(binary, false) + "\"The film was not dull, but the book was superb.\",1\n"
	tests := []struct {
		name  string
		flags []string
		want  string // the summary line up to "validation", as a regular expression
	}{
		{"none", []string{"--augment-negation", "0", "--augment-contrast", "0"}, `61 training examples \(312 tokens\), 60 validation`},
		{"negated twins", []string{"--augment-negation", "5", "--augment-contrast", "0"}, `121 training examples \(672 tokens, 60 of them negated twins\), 60 validation`},
		{"one contrast pair", []string{"--augment-negation", "0", "--augment-contrast", "2"},
			`62 training examples \([\d,]+ tokens, 1 of them a contrast pair\), 60 validation`},
		{"contrast pairs", []string{"--augment-negation", "0", "--augment-contrast", "50"},
			`91 training examples \([\d,]+ tokens, 30 of them contrast pairs\), 60 validation`},
		{"both", []string{"--augment-negation", "5", "--augment-contrast", "50"},
			`151 training examples \([\d,]+ tokens, 60 of them negated twins, 30 contrast pairs\), 60 validation`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			writeFile(t, "train.csv", data)
			writeFile(t, "dev.csv", reviews(binary, false))
			got := trainSmall(t, append([]string{"--dev", "dev.csv", "--epochs", "1"}, tt.flags...)...)
			if !regexp.MustCompile(`^` + tt.want + `, `).MatchString(got.stderr) {
				t.Errorf("stderr %q, want it to start %q", got.stderr, tt.want)
			}
		})
	}
}

func TestTrainPrintsOneLinePerEpoch(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "train.csv", reviews(binary, false))
	got := runCLI(t, "", "train", "--data", "train.csv", "--epochs", "3", "--patience", "0", "--hidden", "4", "--embed-dim", "4")
	lines := strings.Split(strings.TrimSuffix(got.stderr, "\n"), "\n")
	epoch := regexp.MustCompile(`^epoch (\d)/3  loss \d\.\d{4}  acc \d+\.\d%  val_loss \d\.\d{4}  val_acc \d+\.\d%  [\d,]+ tok/s  \d+\.\ds( {2}\*)?$`)
	if len(lines) != 4 {
		t.Fatalf("stderr %q, want a summary and three epoch lines", got.stderr)
	}
	for i, l := range lines[1:] {
		m := epoch.FindStringSubmatch(l)
		if m == nil || m[1] != fmt.Sprint(i+1) {
			t.Errorf("line %q does not describe epoch %d", l, i+1)
		}
	}
	if !strings.HasSuffix(lines[1], "  *") {
		t.Errorf("the first epoch %q is not marked as the best so far", lines[1])
	}
}

func TestTrainJSONPrintsEpochsAndSummary(t *testing.T) {
	t.Chdir(t.TempDir())
	got := trainSmall(t, "--json", "--patience", "0")
	lines := strings.Split(strings.TrimSuffix(got.stdout, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("stdout %q, want two epoch lines and a summary", got.stdout)
	}
	var epoch struct {
		Epoch       int     `json:"epoch"`
		ValAccuracy float64 `json:"val_accuracy"`
	}
	if err := json.Unmarshal([]byte(lines[1]), &epoch); err != nil || epoch.Epoch != 2 {
		t.Errorf("second line %q: %v", lines[1], err)
	}
	var sum struct {
		Summary         bool    `json:"summary"`
		Params          int     `json:"params"`
		Epochs          int     `json:"epochs"`
		BestEpoch       int     `json:"best_epoch"`
		ValAccuracy     float64 `json:"val_accuracy"`
		TokensPerSecond float64 `json:"tokens_per_second"`
	}
	if err := json.Unmarshal([]byte(lines[2]), &sum); err != nil {
		t.Fatal(err)
	}
	c := decodeModel(t, "model.gob")
	if !sum.Summary || sum.Params != c.Config.NumParams() || sum.Epochs != 2 || sum.BestEpoch != c.Record.BestEpoch ||
		sum.ValAccuracy != c.Record.BestValAccuracy || !(sum.TokensPerSecond > 0) {
		t.Errorf("summary %+v does not match the checkpoint %+v", sum, c.Record)
	}
}

func TestVocabularyExcludesHeldOutRows(t *testing.T) {
	t.Chdir(t.TempDir())
	// Each row gets a word of its own: 17 shared tokens, 60 unique words.
	lines := strings.Split(strings.TrimSuffix(reviews(binary, false), "\n"), "\n")
	for i := 1; i < len(lines); i++ {
		lines[i] = fmt.Sprintf("word%d %s", i, lines[i])
	}
	writeFile(t, "train.csv", strings.Join(lines, "\n")+"\n")
	got := trainSmall(t, "--val-split", "0.1")
	// 54 training rows: <pad>, <unk>, 17 shared tokens and 54 unique words.
	if want := "54 training examples (324 tokens), 6 validation, 2 classes (negative, positive), vocabulary 73, "; !strings.HasPrefix(got.stderr, want) {
		t.Errorf("stderr %q, want it to start %q", got.stderr, want)
	}
}

func TestEvalReportsMetrics(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "dev.csv", reviews(binary, true))
	trainSmall(t)

	got := runCLI(t, "", "eval", "--model", "model.gob", "--data", "dev.csv", "--json")
	if got.code != exitOK || got.stderr != "" {
		t.Fatalf("exit status %d, stderr %q", got.code, got.stderr)
	}
	var out struct {
		Model, Data string
		N           int
		Accuracy    *float64
		Loss        *float64
		MacroF1     *float64 `json:"macro_f1"`
		PerClass    map[string]struct {
			Precision, Recall, F1 *float64
			Support               int
		} `json:"per_class"`
		Confusion struct {
			Labels []string
			Matrix [][]int
		}
		PerCategory map[string]struct {
			N        int
			Accuracy *float64
		} `json:"per_category"`
	}
	if err := json.Unmarshal([]byte(got.stdout), &out); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, got.stdout)
	}
	if out.Model != "model.gob" || out.Data != "dev.csv" || out.N != 60 || out.Accuracy == nil || out.Loss == nil || out.MacroF1 == nil {
		t.Errorf("JSON %s lacks model, data, n, accuracy, loss or macro_f1", got.stdout)
	}
	for _, name := range []string{"negative", "positive"} {
		c, ok := out.PerClass[name]
		if !ok || c.Precision == nil || c.Recall == nil || c.F1 == nil || c.Support != 30 {
			t.Errorf("per_class[%q] = %+v, want precision, recall, f1 and support 30", name, c)
		}
	}
	if !slices.Equal(out.Confusion.Labels, []string{"negative", "positive"}) || len(out.Confusion.Matrix) != 2 ||
		out.Confusion.Matrix[0][0]+out.Confusion.Matrix[0][1] != 30 {
		t.Errorf("confusion %+v, want a 2×2 matrix over negative, positive", out.Confusion)
	}
	if len(out.PerCategory) != 2 || out.PerCategory["template1"].N != 30 || out.PerCategory["template2"].Accuracy == nil {
		t.Errorf("per_category %+v, want template1 and template2 with 30 rows each", out.PerCategory)
	}

	text := runCLI(t, "", "eval", "--model", "model.gob", "--data", "dev.csv")
	for _, want := range []string{"accuracy  ", "class     precision  recall  F1", "true \\ predicted  negative  positive\n",
		"category   texts  accuracy\ntemplate1  30     "} {
		if !strings.Contains(text.stdout, want) {
			t.Errorf("eval output lacks %q:\n%s", want, text.stdout)
		}
	}
}

func TestEvalWithoutCategoryColumnHasNoCategories(t *testing.T) {
	t.Chdir(t.TempDir())
	trainSmall(t)
	got := runCLI(t, "", "eval", "--model", "model.gob", "--data", "train.csv", "--json")
	if strings.Contains(got.stdout, "per_category") || got.code != exitOK {
		t.Errorf("exit status %d, stdout %s; want no per_category", got.code, got.stdout)
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
			if got.code != exitOK || got.stderr != "" {
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
	if want := stdinHint + "\n"; errOut.String() != want {
		t.Errorf("stderr %q, want %q", errOut.String(), want)
	}
}

func TestTokenizeShowsTokensIDsAndCoverage(t *testing.T) {
	t.Chdir(t.TempDir())
	trainSmall(t)
	c := decodeModel(t, "model.gob")
	id := func(w string) int { return slices.Index(c.Vocab, w) }

	tests := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"tokens only", "", []string{"I wasn't impressed.", "Not bad!"}, "i was n't impressed .\nnot bad !\n"},
		{"tokens from standard input", "It's GREAT\n", nil, "it 's great\n"},
		{"ids from the model", "", []string{"--model", "model.gob", "The film was zzyzx!"},
			fmt.Sprintf("the:%d film:%d was:%d zzyzx:<unk> !:%d\n", id("the"), id("film"), id("was"), id("!"))},
		{"coverage of a file", "", []string{"--data", "train.csv", "--vocab-size", "5"},
			"train.csv: 60 texts, 300 tokens, 17 distinct\n" +
				"vocabulary: 5 words (built with --vocab-size 5), with <pad> and <unk>\n" +
				"coverage: 30.0% of tokens; OOV rate 70.0%\n" +
				"top 17 tokens:\n" +
				"    30  !\n    30  .\n    30  a\n    30  the\n    30  was\n    30  what\n" +
				"    12  book\n    12  film\n    12  food\n    12  hotel\n    12  phone\n" +
				"    10  awful\n    10  boring\n    10  dull\n    10  great\n    10  lovely\n    10  superb\n"},
		{"coverage of a model's vocabulary", "", []string{"--data", "train.csv", "--model", "model.gob"},
			"train.csv: 60 texts, 300 tokens, 17 distinct\n" +
				"vocabulary: 19 words (of model.gob), with <pad> and <unk>\n" +
				"coverage: 100.0% of tokens; OOV rate 0.0%\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, tt.stdin, append([]string{"tokenize"}, tt.args...)...)
			if got.code != exitOK || got.stderr != "" {
				t.Fatalf("exit status %d, stderr %q", got.code, got.stderr)
			}
			if !strings.HasPrefix(got.stdout, tt.want) {
				t.Errorf("stdout\n%s\nwant it to start\n%s", got.stdout, tt.want)
			}
		})
	}
}

func TestThreeClassModelKeepsLabelNames(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "train.csv", reviews(threeClass, false))
	trainSmall(t)

	got := runCLI(t, "", "eval", "--model", "model.gob", "--data", "train.csv", "--json")
	var out metrics.Report
	if err := json.Unmarshal([]byte(got.stdout), &out); err != nil {
		t.Fatalf("eval: %v; stderr %q", err, got.stderr)
	}
	names := []string{"negative", "neutral", "positive"}
	if !slices.Equal(out.Confusion.Labels, names) || len(out.PerClass) != 3 || len(out.Confusion.Matrix) != 3 || out.N != 90 {
		t.Errorf("eval %+v, want 90 texts in three classes %q", out, names)
	}

	pred := runCLI(t, "", "predict", "--model", "model.gob", "The hotel was okay.")
	if !regexp.MustCompile(`^(negative|neutral |positive)  \d\.\d{3}  The hotel was okay\.\n$`).MatchString(pred.stdout) {
		t.Errorf("predict stdout %q, want a padded label, a probability and the text", pred.stdout)
	}
}

func TestTrainingIsDeterministic(t *testing.T) {
	t.Chdir(t.TempDir())
	trainSmall(t, "--model", "a.gob", "--dropout", "0.2", "--word-dropout", "0.1")
	trainSmall(t, "--model", "b.gob", "--dropout", "0.2", "--word-dropout", "0.1")
	trainSmall(t, "--model", "c.gob", "--dropout", "0.2", "--word-dropout", "0.1", "--seed", "2")
	procs := runtime.GOMAXPROCS(0)
	trainSmall(t, "--model", "d.gob", "--dropout", "0.2", "--word-dropout", "0.1", "--threads", "1")
	if got := runtime.GOMAXPROCS(0); got != procs {
		t.Errorf("GOMAXPROCS is %d after --threads 1, want it restored to %d", got, procs)
	}
	a, b, c, d := decodeModel(t, "a.gob"), decodeModel(t, "b.gob"), decodeModel(t, "c.gob"), decodeModel(t, "d.gob")

	if !reflect.DeepEqual(a.Tensors, b.Tensors) {
		t.Error("the same seed gave different weights")
	}
	if !reflect.DeepEqual(a.Tensors, d.Tensors) {
		t.Error("--threads 1 gave different weights")
	}
	a.Record.Created, b.Record.Created, a.Record.Args, b.Record.Args = "", "", nil, nil
	if !reflect.DeepEqual(a.Record, b.Record) || !reflect.DeepEqual(a.Config, b.Config) || !slices.Equal(a.Vocab, b.Vocab) {
		t.Errorf("the same seed gave different checkpoints:\n%+v\n%+v", a.Record, b.Record)
	}
	if reflect.DeepEqual(a.Tensors, c.Tensors) {
		t.Error("another seed gave the same weights")
	}
}

// cancelWriter cancels a context once something containing match is written.
type cancelWriter struct {
	syncBuffer
	match  string
	cancel context.CancelFunc
}

func (w *cancelWriter) Write(p []byte) (int, error) {
	if strings.Contains(string(p), w.match) {
		w.cancel()
	}
	return w.syncBuffer.Write(p)
}

func TestInterruptedTrainingKeepsBestModel(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "train.csv", reviews(binary, false))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errOut := &cancelWriter{match: "epoch 1/5", cancel: cancel}
	var out syncBuffer
	code := run(ctx, []string{"train", "--data", "train.csv", "--epochs", "5", "--hidden", "4", "--embed-dim", "4"},
		&IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: errOut})

	lines := strings.Split(errOut.String(), "\n")
	want := "rnnsent: interrupted at the start of epoch 2; the best model so far (epoch 1) is in model.gob; " +
		"resume with: rnnsent train --resume model.gob.resume"
	if code != exitError || lines[len(lines)-2] != want {
		t.Errorf("exit status %d, stderr %q; want 1 and %q last", code, errOut.String(), want)
	}
	if r := decodeModel(t, "model.gob").Record; r.Epochs != 1 || r.BestEpoch != 1 {
		t.Errorf("record says %d epochs, best %d; want 1 and 1", r.Epochs, r.BestEpoch)
	}
	if f := decodeResume(t, "model.gob.resume"); f.State == nil {
		t.Error("model.gob.resume holds no training state")
	}
}

func TestTrainingInterruptedBeforeFirstEpochSavesOnlyTheState(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "train.csv", reviews(binary, false))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	got := runCLIContext(t, ctx, "", append([]string{"train", "--data", "train.csv"}, small...)...)
	want := "rnnsent: interrupted at the start of epoch 1; no epoch has finished, so there is no model yet; " +
		"resume with: rnnsent train --resume model.gob.resume\n"
	if got.code != exitError || !strings.HasSuffix(got.stderr, want) {
		t.Errorf("exit status %d, stderr %q; want 1 and %q", got.code, got.stderr, want)
	}
	if _, err := os.Stat("model.gob"); !os.IsNotExist(err) {
		t.Errorf("model.gob exists (%v)", err)
	}
	if f := decodeResume(t, "model.gob.resume"); f.State == nil {
		t.Error("model.gob.resume holds no training state")
	}
}

func TestRuntimeErrorsExitWithStatus1(t *testing.T) {
	t.Chdir(t.TempDir())
	trainSmall(t)
	good, err := os.ReadFile("model.gob")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, "truncated.gob", string(good[:len(good)/2]))
	writeFile(t, "notes.gob", "text,label\nfine,1\n")
	writeFile(t, "review.csv", "review,label\ngreat,1\nawful,0\n")
	writeFile(t, "empty.csv", "")
	writeFile(t, "header.csv", "text,label\n")
	writeFile(t, "oneclass.csv", "text,label\ngreat,1\nsuperb,1\n")
	writeFile(t, "neutral.csv", "text,label\ngreat,1\nokay,2\n")
	writeFile(t, "emptylabel.csv", "text,label\ngreat,1\nokay,\n")

	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing data file", []string{"train", "--data", "nope.csv"}, "nope.csv: no such file or directory"},
		{"no text column", []string{"train", "--data", "review.csv"},
			`review.csv: no column "text" in the header (columns: review, label)`},
		{"empty file", []string{"train", "--data", "empty.csv"}, `empty.csv: empty file, expected a header line with a "text" column`},
		{"header only", []string{"train", "--data", "header.csv"}, "header.csv: no rows after the header"},
		{"single class", []string{"train", "--data", "oneclass.csv"},
			`oneclass.csv: every row has the label "1"; training needs at least two classes`},
		{"empty label", []string{"train", "--data", "emptylabel.csv"}, "emptylabel.csv:3: empty label"},
		{"unknown label in the dev file", []string{"train", "--data", "train.csv", "--dev", "neutral.csv"},
			`neutral.csv:3: label "2" is not one the model knows (0, 1)`},
		{"model directory missing", []string{"train", "--data", "train.csv", "--model", "out/model.gob"},
			`cannot write out/model.gob: directory "out" does not exist`},
		{"model not a checkpoint", []string{"eval", "--model", "notes.gob", "--data", "train.csv"},
			"notes.gob: not an rnnsent checkpoint"},
		{"truncated checkpoint", []string{"predict", "--model", "truncated.gob", "fine"}, "truncated.gob: checkpoint is truncated"},
		{"missing model", []string{"predict", "--model", "none.gob", "fine"},
			`none.gob: no such file; train a model with "rnnsent train" or name one with --model`},
		{"model is a directory", []string{"tokenize", "--model", ".", "fine"}, ".: is a directory"},
		{"unknown label in eval data", []string{"eval", "--data", "neutral.csv"},
			`neutral.csv:3: label "2" is not one the model knows (0, 1)`},
		{"eval data without labels", []string{"eval", "--data", "review.csv", "--text-col", "review", "--label-col", "stars"},
			`review.csv: no column "stars" in the header (columns: review, label)`},
		{"tokenize a missing file", []string{"tokenize", "--data", "nope.csv"}, "nope.csv: no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, "", tt.args...)
			if got.code != exitError {
				t.Errorf("exit status %d, want %d", got.code, exitError)
			}
			if want := "rnnsent: " + tt.want + "\n"; got.stderr != want {
				t.Errorf("stderr\n got %q\nwant %q", got.stderr, want)
			}
		})
	}
	if after, _ := os.ReadFile("model.gob"); string(after) != string(good) {
		t.Error("a failed run changed model.gob")
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

// --stem-unknown is recorded in the checkpoint as its tokenizer version,
// and the model's tokens show what each unknown word is read as.
func TestStemUnknownIsRecordedAndShown(t *testing.T) {
	t.Chdir(t.TempDir())
	trainSmall(t, "--model", "stem.gob", "--stem-unknown")
	trainSmall(t, "--model", "plain.gob")
	if s, p := decodeModel(t, "stem.gob").TokenizerVersion, decodeModel(t, "plain.gob").TokenizerVersion; s != tokenize.StemmingVersion || p != tokenize.Version {
		t.Fatalf("tokenizer versions %d with --stem-unknown and %d without, want %d and %d", s, p, tokenize.StemmingVersion, tokenize.Version)
	}
	for _, c := range []struct{ model, want string }{
		{"stem.gob", `^the:\d+ hotel:\d+ was:\d+ greatest:\d+\(great\) \.:\d+\n$`},
		{"plain.gob", `^the:\d+ hotel:\d+ was:\d+ greatest:<unk> \.:\d+\n$`},
	} {
		got := runCLI(t, "", "tokenize", "--model", c.model, "The hotel was greatest.")
		if !regexp.MustCompile(c.want).MatchString(got.stdout) {
			t.Errorf("tokenize --model %s: %q, want %s", c.model, got.stdout, c.want)
		}
	}
}
