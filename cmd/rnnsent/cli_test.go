package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/spf13/cobra"

	"github.com/rnnsent/rnnsent/internal/writeerr"
)

// syncBuffer is a bytes.Buffer that a command and a test may use at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type result struct {
	stdout, stderr string
	code           exitCode
}

// runCLI runs the command line args with stdin as standard input, as from a
// pipe rather than a terminal.
func runCLI(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	return runCLIContext(t, context.Background(), stdin, args...)
}

func runCLIContext(t *testing.T, ctx context.Context, stdin string, args ...string) result {
	t.Helper()
	var out, errOut syncBuffer
	code := run(ctx, args, &IOStreams{In: strings.NewReader(stdin), Out: &out, ErrOut: &errOut})
	return result{out.String(), withoutFewValidation(errOut.String()), code}
}

// fewValidation matches the warning that a run holds out too few rows to
// validate on, which the fixtures, 60 rows with 10% held out, always get;
// TestFewValidationRowsWarn checks it where it matters.
var fewValidation = regexp.MustCompile(`(?m)^warning: --val-split holds out \d+ rows?, .*\n`)

func withoutFewValidation(stderr string) string { return fewValidation.ReplaceAllString(stderr, "") }

// writeFile writes a fixture file into the current directory.
func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestUsageErrorsExitWithStatus2(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // stderr
	}{
		{"zero hidden units", []string{"train", "--hidden", "0"}, "--hidden must be at least 1, got 0"},
		// Answered at 0.505, the model's answer to nothing, where an empty
		// row of a file is refused and a blank line skipped.
		{"an empty text argument", []string{"predict", "good", " "}, "a TEXT argument is empty; give a text to label (blank lines of an input are skipped)"},
		// Both were labelled as the text "-", where "-" alone reads stdin.
		{"standard input twice", []string{"predict", "-", "-"}, "- reads standard input and must be the only TEXT argument, got 2 arguments"},
		{"standard input among texts", []string{"predict", "good", "-"}, "- reads standard input and must be the only TEXT argument, got 2 arguments"},
		{"tokenize, standard input twice", []string{"tokenize", "-", "-"}, "- reads standard input and must be the only TEXT argument, got 2 arguments"},
		// Each read as the flag left out: the built-in model answered, --dev
		// held out --val-split, tokenize read standard input.
		{"predict with an empty --model", []string{"predict", "--model", "", "good"}, `--model must be a file name, got ""`},
		{"eval with an empty --model", []string{"eval", "--model", "", "--data", "x.csv"}, `--model must be a file name, got ""`},
		{"train with an empty --dev", []string{"train", "--dev", ""}, `--dev must be a file name, got ""`},
		{"train with an empty --plot", []string{"train", "--plot", ""}, `--plot must be a file name, got ""`},
		{"tokenize with an empty --data", []string{"tokenize", "--data", ""}, `--data must be a file name, got ""`},
		{"predict with an empty --input", []string{"predict", "-i", "a.txt", "-i", ""}, `--input must be a file name, got ""`},
		{"serve with an empty --model", []string{"serve", "--model", ""}, `--model must be a file name, got ""`},
		{"unknown cell", []string{"train", "--cell", "foo"}, `--cell must be lstm, gru or rnn, got "foo"`},
		{"unknown architecture", []string{"train", "--arch", "cnn"}, `--arch must be recurrent or bow, got "cnn"`},
		{"bag of words with two layers", []string{"train", "--arch", "bow", "--layers", "2"},
			"--layers does not apply to --arch bow, which has no recurrent layers"},
		{"bidirectional bag of words", []string{"train", "--arch", "bow", "--bidirectional"},
			"--bidirectional does not apply to --arch bow, which reads no order"},
		// Trained a bag of words, the cell named nowhere used.
		{"bag of words of GRU cells", []string{"train", "--arch", "bow", "--cell", "gru"},
			"--cell does not apply to --arch bow, which has no recurrent cells"},
		{"pooled bag of words", []string{"train", "--arch", "bow", "--pool", "max"},
			"--pool does not apply to --arch bow, which averages its embeddings"},
		{"empty pooling", []string{"train", "--pool", ""}, `--pool: no pooling named (want last, max or mean, joined with +)`},
		// Told in the model's words, naming no flag: "layers must be between 1 and 16", "hidden size must be ...".
		{"more layers than a model holds", []string{"train", "--layers", "100000"}, "--layers must be between 1 and 16, got 100000"},
		{"an embedding width beyond a model's", []string{"train", "--embed-dim", "70000"}, "--embed-dim must be between 1 and 16384, got 70000"},
		{"empty negation forms", []string{"train", "--negation-forms", ""},
			`--negation-forms must be not, aux, think, never, it-isnt, far-from, nothing, hardly, nobody, distance, double, question, answer, as or all, separated by commas, got ""`},
		{"empty contrast forms", []string{"train", "--contrast-forms", ""},
			`--contrast-forms must be but, although, though, however or all, separated by commas, got ""`},
		{"unknown pooling", []string{"train", "--pool", "last+min"},
			`--pool: unknown pooling "min" in "last+min" (want last, max or mean, joined with +)`},
		{"validation split of one", []string{"train", "--val-split", "1"}, "--val-split must be above 0 and below 1, got 1"},
		{"validation split of zero", []string{"train", "--val-split", "0"}, "--val-split must be above 0 and below 1, got 0"},
		{"negative negation augmentation", []string{"train", "--augment-negation", "-1"}, "--augment-negation must be at least 0, got -1"},
		{"negative contrast augmentation", []string{"train", "--augment-contrast", "-1"}, "--augment-contrast must be between 0 and 100, got -1"},
		{"unknown negation form", []string{"train", "--negation-forms", "not,nope"},
			`--negation-forms must be not, aux, think, never, it-isnt, far-from, nothing, hardly, nobody, distance, double, question, answer, as or all, separated by commas, got "not,nope"`},
		{"contrast augmentation above 100", []string{"train", "--augment-contrast", "101"}, "--augment-contrast must be between 0 and 100, got 101"},
		{"negation scope wider than the embedding", []string{"train", "--negation-scope", "300"}, "--negation-scope must be between 0 (off) and --embed-dim, got 300"},
		{"negative scope loss", []string{"train", "--scope-loss", "-1"}, "--scope-loss must be between 0 (off) and 100, and 0 with --arch bow, got -1"},
		{"scope loss for a bag of words", []string{"train", "--arch", "bow", "--scope-loss", "1"}, "--scope-loss must be between 0 (off) and 100, and 0 with --arch bow, got 1"},
		{"negative threads", []string{"train", "--threads", "-1"}, "--threads must be at least 0, got -1"},
		{"an ensemble of none", []string{"train", "--ensemble", "0"}, "--ensemble must be at least 1, got 0"},
		{"an empty --init", []string{"train", "--init", ""}, "--init must be a model file, builtin, auto or none, got \"\""},
		// It read the whole data file first, and exited 1.
		{"--init builtin with another shape", []string{"train", "--init", "builtin", "--hidden", "50"},
			"built-in SST-2 model: cannot start this run: its hidden size is 200, this network's 50"},
		{"zero learning-rate decay", []string{"train", "--lr-decay", "0"}, "--lr-decay must be above 0 and at most 1 (1 keeps the rate constant), got 0"},
		{"growing learning rate", []string{"train", "--lr-decay", "1.5"}, "--lr-decay must be above 0 and at most 1 (1 keeps the rate constant), got 1.5"},
		{"average without decay", []string{"train", "--average", "1"}, "--average must be at least 0 and below 1, got 1"},
		{"negative weight decay", []string{"train", "--weight-decay", "-1"}, "--weight-decay must be 0 or positive, got -1"},
		{"dropout of one", []string{"train", "--dropout", "1"}, "--dropout must be at least 0 and below 1, got 1"},
		{"negative word dropout", []string{"train", "--word-dropout", "-0.1"}, "--word-dropout must be at least 0 and below 1, got -0.1"},
		{"feature dropout of one", []string{"train", "--feature-dropout", "1"}, "--feature-dropout must be at least 0 and below 1, got 1"},
		{"word n-grams without a table", []string{"train", "--subword-words", "--subword-buckets", "0"}, "--subword-words must be off with --subword-buckets 0, got true"},
		// Each was ignored, status 0: --dev validated the run, and no twin
		// or contrast example was added in the forms named.
		{"a validation share with --dev", []string{"train", "--dev", "dev.csv", "--val-split", "0.3"},
			"--val-split does not apply with --dev, whose rows validate the run"},
		{"negation forms without negated twins", []string{"train", "--augment-negation", "0", "--negation-forms", "aux"},
			"--negation-forms does not apply with --augment-negation 0, which adds no negated twins"},
		{"twins a text without negated twins", []string{"train", "--augment-negation", "0", "--negation-twins", "3"},
			"--negation-twins does not apply with --augment-negation 0, which adds no negated twins"},
		{"contrast forms without contrast examples", []string{"train", "--augment-contrast", "0", "--contrast-forms", "but"},
			"--contrast-forms does not apply with --augment-contrast 0, which adds no contrast examples"},
		{"tiny vocabulary", []string{"train", "--vocab-size", "2"}, "--vocab-size must be between 3 and 4194304, got 2"},
		// Told in the model's words, naming no flag: "vocabulary size must be
		// between 3 and 4194304", "subword buckets must be ...".
		{"a vocabulary beyond a model's", []string{"train", "--vocab-size", "5000000"}, "--vocab-size must be between 3 and 4194304, got 5000000"},
		{"more subword buckets than a model holds", []string{"train", "--subword-buckets", "5000000"},
			"--subword-buckets must be between 0 and 4194304, got 5000000"},
		{"whole vocabulary informative", []string{"train", "--vocab-informative", "1"}, "--vocab-informative must be at least 0 and below 1, got 1"},
		{"zero max length", []string{"train", "--max-len", "0"}, "--max-len must be at least 1, got 0"},
		{"zero epochs", []string{"train", "--epochs", "0"}, "--epochs must be at least 1, got 0"},
		{"negative learning rate", []string{"train", "--lr", "-1"}, "--lr must be a positive number, got -1"},
		{"too many hidden units", []string{"train", "--hidden", "100000"}, "--hidden must be between 1 and 16384, got 100000"},
		{"flags are checked before files are read", []string{"train", "--data", "missing.csv", "--hidden", "0"},
			"--hidden must be at least 1, got 0"},
		{"hidden units not a number", []string{"train", "--hidden", "many"}, `invalid argument "many" for "--hidden" flag: want an integer in decimal digits`},
		// Read as Go's literals, 16 epochs and seed 1.
		{"epochs in hexadecimal", []string{"train", "--epochs", "0x10"}, `invalid argument "0x10" for "--epochs" flag: want an integer in decimal digits`},
		{"a seed in binary", []string{"train", "--seed", "0b1"}, `invalid argument "0b1" for "--seed" flag: want a whole number, 0 or more, in decimal digits`},
		{"a batch size with an underscore", []string{"eval", "--data", "x.csv", "--batch-size", "1_000"}, `invalid argument "1_000" for "--batch-size" flag: want an integer in decimal digits`},
		{"learning rate not a number", []string{"train", "--lr", "fast"}, `invalid argument "fast" for "--lr" flag: want a number`},
		{"negative seed", []string{"train", "--seed", "-3"}, `invalid argument "-3" for "--seed" flag: want a whole number, 0 or more, in decimal digits`},
		{"huge epochs", []string{"train", "--epochs", "99999999999999999999"},
			`invalid argument "99999999999999999999" for "--epochs" flag: out of range`},
		{"quiet given a word", []string{"train", "--quiet=sometimes"}, `invalid argument "sometimes" for "--quiet" flag: want true or false`},
		{"unknown flag", []string{"train", "--colour"}, "unknown flag: --colour"},
		{"flag without value", []string{"predict", "--model"}, "flag needs an argument: --model"},
		{"argument to train", []string{"train", "data.csv"}, `rnnsent train takes no arguments, got "data.csv"`},
		{"argument to eval", []string{"eval", "--data", "x.csv", "model.gob"}, `rnnsent eval takes no arguments, got "model.gob"`},
		{"eval without data", []string{"eval"}, "--data is required: the labelled CSV file to score the model on"},
		{"eval with zero batch", []string{"eval", "--data", "x.csv", "--batch-size", "0"}, "--batch-size must be at least 1, got 0"},
		{"train with an empty text column", []string{"train", "--text-col", ""}, `--text-col must be a column name, got ""`},
		{"eval with an empty label column", []string{"eval", "--data", "x.csv", "--label-col", ""}, `--label-col must be a column name other than --text-col's, got ""`},
		{"tokenize with an empty text column", []string{"tokenize", "--data", "x.csv", "--text-col", ""}, `--text-col must be a column name, got ""`},
		{"eval reading the label as the text", []string{"eval", "--data", "x.csv", "--text-col", "label"},
			`--label-col must be a column name other than --text-col's, got "label"`},
		{"tokenize with texts and data", []string{"tokenize", "--data", "x.csv", "hello"}, "give texts or --data, not both"},
		{"tokenize with tiny vocabulary", []string{"tokenize", "--data", "x.csv", "--vocab-size", "1"},
			"--vocab-size must be between 3 and 4194304, got 1"},
		// Status 0, "vocabulary: ... (as train builds it with --vocab-size
		// 5000000)", a size train refuses.
		{"tokenize, a vocabulary beyond a model's", []string{"tokenize", "--data", "x.csv", "--vocab-size", "5000000"},
			"--vocab-size must be between 3 and 4194304, got 5000000"},
		// Each was ignored, status 0: the model's vocabulary, or none, gave
		// the tokens, and TEXT arguments were labelled as ever.
		{"tokenize, a vocabulary size with a model", []string{"tokenize", "--model", "m.gob", "--vocab-size", "100", "a text"},
			"--vocab-size does not apply to --model, which has its own vocabulary"},
		{"tokenize, a seed with a model on --data", []string{"tokenize", "--model", "m.gob", "--data", "x.csv", "--seed", "2"},
			"--seed does not apply to --model, which has its own vocabulary"},
		{"tokenize, a text column without --data", []string{"tokenize", "--text-col", "body", "a text"},
			"--text-col does not apply without --data: texts given as arguments or on standard input are only split into tokens"},
		{"predict, a text column for TEXT arguments", []string{"predict", "--text-col", "body", "a text"},
			"--text-col does not apply to TEXT arguments, which have no columns or fields"},
		{"predict, a text column for lines", []string{"predict", "--input-format", "lines", "--text-col", "body"},
			"--text-col does not apply to --input-format lines, which has no columns or fields"},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate" (see rnnsent --help)`},
		// "did you mean check or completion or data or eval or inspect or
		// predict or serve or tokenize or train?": "" begins every name.
		{"an empty command", []string{""}, `unknown command "" (see rnnsent --help)`},
		{"help on an empty command", []string{"help", ""}, `unknown command "" (see rnnsent --help)`},
		{"misspelt command", []string{"trian"}, `unknown command "trian"; did you mean train? (see rnnsent --help)`},
		// The root's help, status 0.
		{"help on a misspelt command", []string{"help", "preditc"}, `unknown command "preditc"; did you mean predict? (see rnnsent --help)`},
		{"unknown root flag", []string{"--verbose"}, "unknown flag: --verbose"},
		// Status 0 and the version, as cobra answers --version first.
		{"an argument after --version", []string{"--version", "extra"}, `unknown command "extra" (see rnnsent --help)`},
		// Status 0 and the help, as cobra answers --help before it looks at
		// the arguments, and finds no command after --.
		{"an argument after --help", []string{"--help", "extra"}, `unknown command "extra" (see rnnsent --help)`},
		{"an argument to train after --help", []string{"train", "--help", "data.csv"}, `rnnsent train takes no arguments, got "data.csv"`},
		{"a command after --", []string{"--", "predict", "x"}, `"predict" after -- is an argument, not a command, and rnnsent takes none (see rnnsent --help)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, "", tt.args...)
			if got.code != exitUsage {
				t.Errorf("exit status %d, want %d", got.code, exitUsage)
			}
			if want := "rnnsent: " + tt.want + "\n"; got.stderr != want {
				t.Errorf("stderr\n got %q\nwant %q", got.stderr, want)
			}
			if got.stdout != "" {
				t.Errorf("stdout %q, want nothing", got.stdout)
			}
		})
	}
}

// pflag read integers as Go's literals, a leading zero making them octal:
// "--vocab-size 010" built a vocabulary of 8 words, and said so.
func TestIntegerFlagsAreReadInDecimal(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "train.csv", reviews(binary, false))
	for _, args := range [][]string{
		{"tokenize", "--data", "train.csv", "--vocab-size", "010"},
		{"tokenize", "--data", "train.csv", "--vocab-size", "+0010"},
	} {
		got := runCLI(t, "", args...)
		if want := "(as train builds it with --vocab-size 10)"; got.code != exitOK || !strings.Contains(got.stdout, want) {
			t.Errorf("%q: exit status %d, stdout %q, stderr %q; want 0 and %q", args, got.code, got.stdout, got.stderr, want)
		}
	}
}

// everyCommand is every command of a new command tree, the root first.
func everyCommand() []*cobra.Command {
	var all []*cobra.Command
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		all = append(all, c)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(newRootCmd(&Env{IO: &IOStreams{}, Command: []string{"rnnsent"}}))
	return all
}

// TestHelpOfEveryCommandHasExamples reads the help of every command, the
// completion command's included, as a user would.
func TestHelpOfEveryCommandHasExamples(t *testing.T) {
	var paths []string
	for _, c := range everyCommand() {
		if c.Name() != "help" {
			paths = append(paths, c.CommandPath())
		}
	}
	for _, want := range []string{"rnnsent train", "rnnsent eval", "rnnsent predict", "rnnsent tokenize",
		"rnnsent completion bash", "rnnsent completion zsh", "rnnsent completion fish", "rnnsent completion powershell"} {
		if !slices.Contains(paths, want) {
			t.Errorf("commands %q lack %q", paths, want)
		}
	}
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			args := append(strings.Fields(path)[1:], "--help")
			got := runCLI(t, "", args...)
			if got.code != exitOK || got.stderr != "" {
				t.Fatalf("exit status %d, stderr %q; want 0 and nothing", got.code, got.stderr)
			}
			for _, want := range []string{"Usage:\n", "Examples:\n  rnnsent ", "Exit status:\n  0  success\n"} {
				if !strings.Contains(got.stdout, want) {
					t.Errorf("help lacks %q:\n%s", want, got.stdout)
				}
			}
		})
	}
}

func TestCompletion(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // in stdout
	}{
		{"bash script", []string{"completion", "bash"}, "# bash completion V2 for rnnsent"},
		{"zsh script", []string{"completion", "zsh"}, "#compdef rnnsent"},
		{"fish script", []string{"completion", "fish"}, "# fish completion for rnnsent"},
		{"powershell script", []string{"completion", "powershell"}, "# powershell completion for rnnsent"},
		{"commands", []string{"__complete", ""}, "predict\tLabel texts with a trained model\n"},
		{"output formats", []string{"__complete", "predict", "--format", ""}, "text\ncsv\njsonl\n:4\n"},
		{"cells", []string{"__complete", "train", "--cell", ""}, "lstm\ngru\nrnn\n:4\n"},
		{"model files", []string{"__complete", "eval", "--model", ""}, "gob\n:8\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, "", tt.args...)
			if got.code != exitOK || !strings.Contains(got.stdout, tt.want) {
				t.Errorf("exit status %d, stdout %q; want 0 and %q in it", got.code, got.stdout, tt.want)
			}
		})
	}
}

func TestRootWithoutArgumentsPrintsHelp(t *testing.T) {
	got := runCLI(t, "")
	if got.code != exitOK || !strings.Contains(got.stdout, "Available Commands:") {
		t.Errorf("exit status %d, stdout %q; want 0 and the help", got.code, got.stdout)
	}
}

func TestVersionFlagPrintsVersion(t *testing.T) {
	got := runCLI(t, "", "--version")
	if want := "rnnsent version " + versionString() + "\n"; got.code != exitOK || got.stdout != want {
		t.Errorf("exit status %d, stdout %q; want 0 and %q", got.code, got.stdout, want)
	}
}

type panicWriter struct{}

func (panicWriter) Write([]byte) (int, error) { panic("the writer broke") }

func TestPanicBecomesOneLineInternalError(t *testing.T) {
	var errOut bytes.Buffer
	code := run(context.Background(), []string{"--version"}, &IOStreams{In: strings.NewReader(""), Out: panicWriter{}, ErrOut: &errOut})
	if want := "rnnsent: internal error: the writer broke\n"; code != exitError || errOut.String() != want {
		t.Errorf("exit status %d, stderr %q; want 1 and %q", code, errOut.String(), want)
	}
}

// fullWriter fails every write as /dev/full does.
type fullWriter struct{}

func (fullWriter) Write([]byte) (int, error) {
	return 0, &fs.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.ENOSPC}
}

// TestAFailedWriteToStdoutFailsTheCommand runs, with stdout on a full disk,
// the commands whose output no code of rnnsent's writes: cobra's help
// dropped the error and the process exited 0.
func TestAFailedWriteToStdoutFailsTheCommand(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"--help", []string{"--help"}},
		{"a command's --help", []string{"train", "--help"}},
		{"no command", nil},
		{"a group of commands alone", []string{"data"}},
		{"--version", []string{"--version"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errOut bytes.Buffer
			code := run(context.Background(), tt.args, &IOStreams{In: strings.NewReader(""), Out: writeerr.New(fullWriter{}), ErrOut: &errOut})
			if want := "rnnsent: write /dev/stdout: no space left on device\n"; code != exitError || errOut.String() != want {
				t.Errorf("exit status %d, stderr %q; want 1 and %q", code, errOut.String(), want)
			}
		})
	}
}

func TestErrorsMapToExitStatusAndOneLine(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		wantCode exitCode
		wantLine string
	}{
		{"usage error", usageErrorf("--x must be 1"), exitUsage, "rnnsent: --x must be 1"},
		{"wrapped usage error", fmt.Errorf("context: %w", usageErrorf("bad")), exitUsage, "rnnsent: context: bad"},
		{"runtime error", errors.New("disk full"), exitError, "rnnsent: disk full"},
		{"several lines become one", errors.New("first\nsecond\n"), exitError, "rnnsent: first; second"},
		// A file's name reached the terminal raw, to retitle or clear it.
		{"control characters escaped", errors.New("\x1b]0;pwned\x07\x1b[2J.gob: no such file"), exitError, `rnnsent: \x1b]0;pwned\x07\x1b[2J.gob: no such file`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := exitCodeOf(tt.err); got != tt.wantCode {
				t.Errorf("exitCodeOf = %d, want %d", got, tt.wantCode)
			}
			if got := errorLine(tt.err); got != tt.wantLine {
				t.Errorf("errorLine = %q, want %q", got, tt.wantLine)
			}
		})
	}
	if got := exitCodeOf(nil); got != exitOK {
		t.Errorf("exitCodeOf(nil) = %d, want 0", got)
	}
}

// TestEveryHelpFileBelongsToACommand keeps help/ in step with the commands: a
// file no command shows would be documentation nobody reads.
func TestEveryHelpFileBelongsToACommand(t *testing.T) {
	var paths []string
	for _, c := range everyCommand() {
		paths = append(paths, c.CommandPath())
	}
	files, err := fs.Glob(helpFiles, "help/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("help files %v: %v", files, err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "help/"), ".txt")
		path := "rnnsent " + strings.ReplaceAll(name, "-", " ")
		if name == "rnnsent" {
			path = "rnnsent"
		}
		if !slices.Contains(paths, path) {
			t.Errorf("%s is the help of %q, which is not a command", f, path)
		}
	}
	if long := helpLong("data-get"); !strings.Contains(long, mirrorEnv) {
		t.Errorf("data get's help does not name %s", mirrorEnv)
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
		{"missing data file", []string{"train", "--data", "nope.csv"}, "nope.csv: no such file or directory; --data names the training file"},
		{"no text column", []string{"train", "--data", "review.csv"},
			`review.csv: no column "text" in the header (columns: review, label)`},
		{"empty file", []string{"train", "--data", "empty.csv"}, `empty.csv: empty file, expected a header line with a "text" column`},
		{"header only", []string{"train", "--data", "header.csv"}, "header.csv: no rows after the header"},
		{"single class", []string{"train", "--data", "oneclass.csv"},
			`oneclass.csv: every row has the label "1"; training needs at least two classes`},
		{"empty label", []string{"train", "--data", "emptylabel.csv"}, "emptylabel.csv:3: empty label"},
		{"unknown label in the dev file", []string{"train", "--data", "train.csv", "--dev", "neutral.csv"},
			`neutral.csv:3: label "2" is not one the model knows (0, 1; shown as negative, positive)`},
		{"model directory missing", []string{"train", "--data", "train.csv", "--model", "out/model.gob"},
			`cannot write out/model.gob: directory "out" does not exist`},
		{"model not a checkpoint", []string{"eval", "--model", "notes.gob", "--data", "train.csv"},
			"notes.gob: not an rnnsent checkpoint"},
		{"truncated checkpoint", []string{"predict", "--model", "truncated.gob", "fine"}, "truncated.gob: checkpoint is truncated"},
		{"missing model", []string{"predict", "--model", "none.gob", "fine"},
			`none.gob: no such file; train a model with "rnnsent train" or name one with --model`},
		{"model is a directory", []string{"tokenize", "--model", ".", "fine"}, ".: is a directory"},
		{"unknown label in eval data", []string{"eval", "--data", "neutral.csv"},
			`neutral.csv:3: label "2" is not one the model knows (0, 1; shown as negative, positive)`},
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
			// The built-in model's note may come first: the error is the line.
			if want := "rnnsent: " + tt.want + "\n"; strings.TrimPrefix(got.stderr, builtinNote+"\n") != want {
				t.Errorf("stderr\n got %q\nwant %q", got.stderr, want)
			}
		})
	}
	if after, _ := os.ReadFile("model.gob"); string(after) != string(good) {
		t.Error("a failed run changed model.gob")
	}
}

func TestCompletionOfAnUnknownShellIsAUsageError(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"a shell it lacks", []string{"completion", "tcsh"}, `rnnsent completes bash, zsh, fish and powershell, not "tcsh"`},
		// Cobra's own check: status 1, `unknown command "extra" for "rnnsent completion bash"`.
		{"an argument after the shell", []string{"completion", "bash", "extra"}, `rnnsent completion bash takes no arguments, got "extra"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, "", tt.args...)
			if want := "rnnsent: " + tt.want + "\n"; got.code != exitUsage || got.stderr != want {
				t.Errorf("exit status %d, stderr %q; want 2 and %q", got.code, got.stderr, want)
			}
		})
	}
}
