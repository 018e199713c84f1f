package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/rnnsent/rnnsent/beam/corpus"
	"github.com/rnnsent/rnnsent/internal/stream"
)

func TestMain(m *testing.M) {
	ptest.MainWithDefault(m, "prism")
}

// TestEvalOfNoScoredRowSaysSo: with every row set aside, the job said it
// had scored 0 texts into a report, then failed to open it: "open
// out.eval.json: no such file or directory".
func TestEvalOfNoScoredRowSaysSo(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "dev.csv")
	if err := os.WriteFile(input, []byte("text,label\ngreat,neutral\nbad,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	o := corpus.Options{Inputs: []string{input}, Format: stream.Auto, TextCol: "text", LabelCol: "label", Output: out,
		OutputFormat: corpus.JSONL, Shards: 2, BatchSize: 256, Eval: true}
	err := run(context.Background(), o, flag.NewFlagSet("rnnsent-beam", flag.ContinueOnError))
	want := "no text scored, so no report; 2 rows set aside in " + out + ".dead-*-of-00002.jsonl"
	if err == nil || err.Error() != want {
		t.Errorf("run = %v, want %q", err, want)
	}
}

// The flag package read integers as Go's literals: "--shards 010" wrote
// eight shards, in octal.
func TestIntegerFlagsAreReadInDecimal(t *testing.T) {
	fs := flag.NewFlagSet("rnnsent-beam", flag.ContinueOnError)
	var o corpus.Options
	defineFlags(fs, &o)
	if err := fs.Parse([]string{"--shards", "010", "--batch-size", "0256"}); err != nil || o.Shards != 10 || o.BatchSize != 256 {
		t.Errorf("--shards 010 --batch-size 0256: %d shards, batches of %d, %v; want 10 and 256", o.Shards, o.BatchSize, err)
	}
	fs.SetOutput(io.Discard)
	want := `invalid value "0x10" for flag -shards: "0x10" is not a number in decimal digits`
	if err := fs.Parse([]string{"--shards", "0x10"}); err == nil || err.Error() != want {
		t.Errorf("--shards 0x10: %v, want %q", err, want)
	}
	var help strings.Builder
	fs.SetOutput(&help)
	fs.PrintDefaults()
	if !strings.Contains(help.String(), "(default 4)") || strings.Contains(help.String(), "panic") {
		t.Errorf("the help of the flags:\n%s\nwant --shards' default, 4, and no panic", help.String())
	}
}

// TestUsageErrorsExitWith2: a wrong command line exited 1, as a job that
// failed, where a flag the flag package cannot parse exits 2.
func TestUsageErrorsExitWith2(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"an argument", []string{"--input", "a.txt", "--output", "o", "b.txt"}, `unexpected argument "b.txt": name inputs with --input`},
		{"no output", []string{"--input", "a.txt"}, "name the output prefix with --output"},
		{"no shards", []string{"--input", "a.txt", "--output", "o", "--shards", "0"}, "--shards is 0, want at least 1"},
		// Its files were named out/-00000-of-00004.jsonl.
		{"an output that is a folder", []string{"--input", "a.txt", "--output", "out/"}, `--output is the prefix of the files' names, as out/answers, not a folder; got "out/"`},
		{"an output that is the current folder", []string{"--input", "a.txt", "--output", "."}, `--output is the prefix of the files' names, as out/answers, not a folder; got "."`},
		// The built-in model answered; a file of no name was looked for.
		{"an empty model", []string{"--input", "a.txt", "--output", "o", "--model", ""}, `--model must be a file name, got ""`},
		{"an empty input", []string{"--input", "a.txt", "--input", "", "--output", "o"}, `--input must be a file or glob, got ""`},
		// Each was ignored: the report was JSON, the answers had no labels.
		{"an output format for --eval", []string{"--eval", "--input", "a.csv", "--output", "o", "--output-format", "csv"},
			"--output-format does not apply to --eval, which writes its report as JSON"},
		{"a label column without --eval", []string{"--input", "a.csv", "--output", "o", "--label-col", "stars"},
			"--label-col does not apply without --eval, which alone reads labels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("rnnsent-beam", flag.ContinueOnError)
			var o corpus.Options
			defineFlags(fs, &o)
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			err := checkUsage(o, fs)
			if err == nil || err.Error() != tt.want || status(err) != 2 {
				t.Errorf("error %v, status %d; want %q, 2", err, status(err), tt.want)
			}
		})
	}
}

// TestAFailureOnAWorkerIsOneLine: prism gives a DoFn's error in the plan of
// the stage it failed in; the line printed is the DoFn's.
func TestAFailureOnAWorkerIsOneLine(t *testing.T) {
	runner := errors.New(`job job-001 failed:
bundle inst002 stage-002 failed:process bundle failed for instruction inst002 using plan stage-002 : while executing Up for Plan[stage-002]:
1: DataSource[S[stage-002_source@localhost:37645], i0] Out:12 Coder:W;cwv_n5<LP;c2_lp<R[corpus.row]>>!GWC
12: ParDo[corpus.labelFn] Out:[9 10] Sig: func(context.Context, corpus.row, func(corpus.answer), func(corpus.deadLetter)) error, SideInputs: []
	caused by:
DoFn[UID:12, PID:e7, Name: github.com/rnnsent/rnnsent/beam/corpus.labelFn] failed:
m.gob: the model has changed since the job began, and its rows would be answered by two models; run the job again on a copy of the model that stays put
`)
	const want = "m.gob: the model has changed since the job began, and its rows would be answered by two models; run the job again on a copy of the model that stays put"
	if got := cause(runner); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := cause(errors.New("in.jsonl: no such file")); got != "in.jsonl: no such file" {
		t.Errorf("a one-line error became %q", got)
	}
}
