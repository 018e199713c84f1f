package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/job"
	"github.com/rnnsent/rnnsent/internal/metrics"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/tokenize"
)

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
		r.Seed != 1 || r.Epochs != 2 || r.BestEpoch < 1 || r.BestEpoch > 2 || r.BestValAccuracy <= 0 || r.AugmentNegation != 6 || r.AugmentContrast != 10 ||
		!slices.Equal(r.NegationForms, dataset.AllForms) || !slices.Equal(r.ContrastForms, dataset.AllContrasts) {
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
		{"negated twins", []string{"--augment-negation", "5", "--negation-forms", "not", "--augment-contrast", "0"}, `121 training examples \(672 tokens, 60 of them negated twins\), 60 validation`},
		{"one contrast pair", []string{"--augment-negation", "0", "--augment-contrast", "2"},
			`62 training examples \([\d,]+ tokens, 1 of them a contrast pair\), 60 validation`},
		{"contrast pairs", []string{"--augment-negation", "0", "--augment-contrast", "50"},
			`91 training examples \([\d,]+ tokens, 30 of them contrast pairs\), 60 validation`},
		{"both", []string{"--augment-negation", "5", "--negation-forms", "not", "--augment-contrast", "50"},
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
	if len(lines) != 5 || lines[4] != "evaluate it with: rnnsent eval --model model.gob --data FILE" {
		t.Fatalf("stderr %q, want a summary, three epoch lines and how to evaluate the model", got.stderr)
	}
	for i, l := range lines[1:4] {
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
	trainSmall(t, "--model", "a.gob", "--dropout", "0.2", "--word-dropout", "0.1", "--feature-dropout", "0.3")
	trainSmall(t, "--model", "b.gob", "--dropout", "0.2", "--word-dropout", "0.1", "--feature-dropout", "0.3")
	trainSmall(t, "--model", "c.gob", "--dropout", "0.2", "--word-dropout", "0.1", "--feature-dropout", "0.3", "--seed", "2")
	procs := runtime.GOMAXPROCS(0)
	trainSmall(t, "--model", "d.gob", "--dropout", "0.2", "--word-dropout", "0.1", "--feature-dropout", "0.3", "--threads", "1")
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

// matchWriter calls then (cancelling a context, say) each time something
// containing match is written.
type matchWriter struct {
	syncBuffer
	match string
	then  func()
}

func (w *matchWriter) Write(p []byte) (int, error) {
	if strings.Contains(string(p), w.match) {
		w.then()
	}
	return w.syncBuffer.Write(p)
}

func TestInterruptedTrainingKeepsBestModel(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "train.csv", reviews(binary, false))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errOut := &matchWriter{match: "epoch 1/5", then: cancel}
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

// TestInterruptedRunThatCannotWriteItsStateSaysSo interrupts runs whose
// resume file cannot be written (a folder is in its place, as a full disk
// would stop it): the message was the write's alone, with neither the
// interruption nor where the best model so far is.
func TestInterruptedRunThatCannotWriteItsStateSaysSo(t *testing.T) {
	tests := []struct {
		name, match, want string
	}{
		{"before the first epoch ends", "training examples",
			"rnnsent: interrupted at the start of epoch 1, but cannot write model.gob.resume: it is a directory"},
		{"after a best epoch", "epoch 1/5",
			"rnnsent: interrupted at the start of epoch 2, but cannot write model.gob.resume: it is a directory; " +
				"the best model so far (epoch 1) is in model.gob"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			writeFile(t, "train.csv", reviews(binary, false))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			errOut := &matchWriter{match: tt.match, then: func() {
				os.MkdirAll(filepath.Join("model.gob.resume", "in the way"), 0o755)
				cancel()
			}}
			code := run(ctx, []string{"train", "--data", "train.csv", "--epochs", "5", "--hidden", "4", "--embed-dim", "4"},
				&IOStreams{In: strings.NewReader(""), Out: &syncBuffer{}, ErrOut: errOut})
			lines := strings.Split(strings.TrimSuffix(errOut.String(), "\n"), "\n")
			if code != exitError || lines[len(lines)-1] != tt.want {
				t.Errorf("exit status %d, stderr %q; want 1 and %q last", code, errOut.String(), tt.want)
			}
		})
	}
}

func TestTrainingInterruptedBeforeFirstEpochSavesOnlyTheState(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "train.csv", reviews(binary, false))
	// Cancelled as the data summary shows: the job is ready, no batch ran.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errOut := &matchWriter{match: "training examples", then: cancel}
	code := run(ctx, append([]string{"train", "--data", "train.csv"}, small...), &IOStreams{In: strings.NewReader(""), Out: &syncBuffer{}, ErrOut: errOut})
	want := "rnnsent: interrupted at the start of epoch 1; no epoch has finished, so there is no model yet; " +
		"resume with: rnnsent train --resume model.gob.resume\n"
	if code != exitError || !strings.HasSuffix(errOut.String(), want) || !strings.Contains(errOut.String(), job.StoppingLine) {
		t.Errorf("exit status %d, stderr %q; want 1, the acknowledgement and %q", code, errOut.String(), want)
	}
	if _, err := os.Stat("model.gob"); !os.IsNotExist(err) {
		t.Errorf("model.gob exists (%v)", err)
	}
	if f := decodeResume(t, "model.gob.resume"); f.State == nil {
		t.Error("model.gob.resume holds no training state")
	}
}

func TestTrainingInterruptedBeforeItBeganWritesNothing(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "train.csv", reviews(binary, false))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	got := runCLIContext(t, ctx, "", append([]string{"train", "--data", "train.csv"}, small...)...)
	if want := "rnnsent: interrupted before training began; nothing was written\n"; got.code != exitError || !strings.HasSuffix(got.stderr, want) {
		t.Errorf("exit status %d, stderr %q; want 1 and %q", got.code, got.stderr, want)
	}
	for _, name := range []string{"model.gob", "model.gob.resume", "model.gob.lock"} {
		if _, err := os.Stat(name); !os.IsNotExist(err) {
			t.Errorf("%s exists (%v)", name, err)
		}
	}
}

// --stem-unknown is recorded in the checkpoint as its tokenizer version,
// and the model's tokens show what each unknown word is read as.
func TestStemUnknownIsRecordedAndShown(t *testing.T) {
	t.Chdir(t.TempDir())
	trainSmall(t, "--model", "stem.gob", "--stem-unknown")
	trainSmall(t, "--model", "plain.gob", "--stem-unknown=false", "--subword-buckets", "0")
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

func TestFewValidationRowsWarn(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "train.csv", reviews(binary, false))
	tests := []struct {
		name string
		args []string
		warn bool
	}{
		{"6 of 60 rows held out", nil, true},
		{"20 of 60 rows held out", []string{"--val-split", "0.34"}, false},
		{"a dev file", []string{"--dev", "train2.csv"}, false},
	}
	writeFile(t, "train2.csv", reviews(binary, true)) // not a copy of train.csv, which is refused
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut syncBuffer
			args := append(append([]string{"train", "--data", "train.csv"}, small...), tt.args...)
			if code := run(t.Context(), args, &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut}); code != exitOK {
				t.Fatalf("exit status %d, stderr %q", code, errOut.String())
			}
			want := "warning: --val-split holds out 6 rows, too few to choose the best epoch by; raise it, or give --dev a file of 20 rows or more\n"
			if got := strings.HasPrefix(errOut.String(), want); got != tt.warn {
				t.Errorf("stderr %q; want the warning: %v", errOut.String(), tt.warn)
			}
		})
	}
}

func TestTrainRefusesWhatCannotFitInMemory(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "train.csv", reviews(binary, false))
	tests := []struct {
		name string
		args []string
		code exitCode
		want string
	}{
		{"a limit below the estimate", []string{"--max-memory", "10M"}, exitUsage,
			`^rnnsent: training needs about \d+ MiB of memory, more than the 10 MiB allowed; train a smaller model \(--hidden, --embed-dim, --batch-size, --max-len\) or set --max-memory to try anyway$`},
		{"a network far too wide", []string{"--hidden", "16384", "--max-memory", "8G"}, exitUsage,
			`^rnnsent: training needs about \d+\.\d GiB of memory, more than the 8\.0 GiB allowed; `},
		{"an ensemble of a million networks", []string{"--ensemble", "1000000", "--max-memory", "8G"}, exitUsage,
			`^rnnsent: training needs about \d+\.\d GiB of memory, more than the 8\.0 GiB allowed; train a smaller model \(--ensemble, --hidden, --embed-dim, --batch-size, --max-len\) or set --max-memory to try anyway$`},
		{"a limit above the estimate", []string{"--max-memory", "1.5G"}, exitOK, ""},
		{"a batch larger than the data is a batch of every example", []string{"--batch-size", "100000000"}, exitOK, ""},
		{"a batch size of the largest int", []string{"--batch-size", "9223372036854775807"}, exitOK, ""},
		{"not a size", []string{"--max-memory", "lots"}, exitUsage, `^rnnsent: invalid argument "lots" for "--max-memory" flag: want a size such as 512M or 8G, got "lots"$`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, "", append(append([]string{"train", "--data", "train.csv"}, small...), tt.args...)...)
			if got.code != tt.code || (tt.want != "" && !regexp.MustCompile(tt.want).MatchString(strings.TrimSuffix(got.stderr, "\n"))) {
				t.Errorf("exit status %d, stderr %q; want %d and %s", got.code, got.stderr, tt.code, tt.want)
			}
			if tt.code != exitOK {
				if _, err := os.Stat("model.gob"); err == nil {
					t.Error("a refused run wrote model.gob")
				}
			}
			os.Remove("model.gob")
		})
	}
}

// --subword-words is on by default, and follows the subword table when the
// table is turned off without it being named; named, it is refused there
// (see the usage errors).
func TestSubwordWordsFollowTheTable(t *testing.T) {
	t.Chdir(t.TempDir())
	tests := []struct {
		name      string
		args      []string
		wordGrams bool
	}{
		{"the defaults", nil, true},
		{"no subword table", []string{"--subword-buckets", "0"}, false},
		{"turned off", []string{"--subword-words=false"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			trainSmall(t, append([]string{"--model", "m.gob"}, tt.args...)...)
			m := decodeModel(t, "m.gob")
			if m.Config.WordGrams != tt.wordGrams || m.Record.SubwordWords != tt.wordGrams {
				t.Errorf("WordGrams %v, recorded %v; want %v", m.Config.WordGrams, m.Record.SubwordWords, tt.wordGrams)
			}
		})
	}
}
