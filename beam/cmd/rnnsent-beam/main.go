// Command rnnsent-beam labels a corpus too large for one machine with
// rnnsent's model, as an Apache Beam pipeline: in-process on prism by
// default, or on Flink, Spark or Dataflow with --runner. See docs/scale.md.
//
//	rnnsent-beam --input 'reviews/*.jsonl' --output out/answers
//	rnnsent-beam --eval --input dev.csv --output out/dev
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"github.com/rnnsent/rnnsent/beam/corpus"
	"github.com/rnnsent/rnnsent/internal/human"
	"github.com/rnnsent/rnnsent/internal/stream"
)

// inputs collects every --input.
type inputs []string

func (in *inputs) String() string { return strings.Join(*in, ",") }

func (in *inputs) Set(v string) error {
	*in = append(*in, v)
	return nil
}

// defineFlags defines rnnsent-beam's flags on fs, to set o.
func defineFlags(fs *flag.FlagSet, o *corpus.Options) {
	fs.Var((*inputs)(&o.Inputs), "input", "a file or glob to read, on any file system Beam knows (local, gs://, s3://); repeat for more")
	fs.StringVar(&o.Format, "format", stream.Auto, "input format: auto (by the file's name), lines, csv or jsonl, each plain or gzip-compressed")
	fs.StringVar(&o.TextCol, "text-col", "text", "CSV column or JSON field of the text")
	fs.StringVar(&o.LabelCol, "label-col", "label", "CSV column of the true label, with --eval")
	fs.StringVar(&o.Model, "model", "", "model file, local or on a file system Beam knows (default: the built-in model)")
	fs.StringVar(&o.Output, "output", "", "prefix of the files written: PREFIX-SSSSS-of-NNNNN.jsonl (or .csv), the dead letters PREFIX.dead-SSSSS-of-NNNNN.jsonl, the eval report PREFIX.eval.json")
	fs.StringVar(&o.OutputFormat, "output-format", corpus.JSONL, "answers as jsonl or csv")
	fs.IntVar(&o.Shards, "shards", 4, "`N` files the answers, and the dead letters, are each spread over")
	fs.IntVar(&o.BatchSize, "batch-size", 256, "`N` texts a worker labels together")
	fs.BoolVar(&o.Eval, "eval", false, "score labelled CSV into the report rnnsent eval --json prints")
	// As rnnsent's: the flag package read "--shards 010" as 8, in octal.
	for _, name := range []string{"shards", "batch-size"} {
		f := fs.Lookup(name)
		f.Value = human.DecimalFlag(intFlag{f.Value})
	}
}

// intFlag is an integer flag of the flag package, with the type pflag
// names, for human.DecimalFlag.
type intFlag struct{ flag.Value }

func (intFlag) Type() string { return "int" }

func main() {
	var o corpus.Options
	defineFlags(flag.CommandLine, &o)
	flag.Parse()
	// On a remote worker this runs the worker and never returns.
	beam.Init()
	if err := run(context.Background(), o, flag.CommandLine); err != nil {
		fmt.Fprintln(os.Stderr, "rnnsent-beam:", cause(err))
		os.Exit(status(err))
	}
}

// cause is the line of err that says what went wrong: a job that fails on
// a worker comes back as the runner's plan of the failed stage, a dozen
// lines and more, with the DoFn's own error last.
func cause(err error) string {
	msg := strings.TrimSpace(err.Error())
	if i := strings.LastIndexByte(msg, '\n'); i >= 0 {
		return strings.TrimSpace(msg[i+1:])
	}
	return msg
}

// usageError is a command line that is wrong: nothing was run.
type usageError struct{ error }

// status is the exit status of err: 2 for wrong usage, as the flag
// package gives a flag it cannot parse, 1 for a job that failed.
func status(err error) int {
	if _, ok := errors.AsType[usageError](err); ok {
		return 2
	}
	return 1
}

// checkUsage checks the command line on its own, before anything is read.
func checkUsage(o corpus.Options, flags *flag.FlagSet) error {
	if flags.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q: name inputs with --input", flags.Arg(0))}
	}
	// "--model $MODEL" with MODEL unset read as no --model at all: the
	// built-in model answered.
	set := map[string]bool{}
	flags.Visit(func(f *flag.Flag) { set[f.Name] = true })
	switch {
	case set["model"] && o.Model == "":
		return usageError{errors.New(`--model must be a file name, got ""`)}
	// Each was ignored without a word, as if it had taken effect.
	case set["output-format"] && o.Eval:
		return usageError{errors.New("--output-format does not apply to --eval, which writes its report as JSON")}
	case set["label-col"] && !o.Eval:
		return usageError{errors.New("--label-col does not apply without --eval, which alone reads labels")}
	}
	if err := o.Validate(); err != nil {
		return usageError{err}
	}
	return nil
}

func run(ctx context.Context, o corpus.Options, flags *flag.FlagSet) error {
	if err := checkUsage(o, flags); err != nil {
		return err
	}
	model, err := corpus.Check(ctx, o)
	if err != nil {
		return err
	}
	p, s := beam.NewPipelineWithRoot()
	if err := corpus.Build(s, o, model); err != nil {
		return err
	}
	res, err := beamx.RunWithMetrics(ctx, p)
	if err != nil {
		return err
	}
	c := corpus.CountsOf(res)
	if o.Eval && c.Labelled == 0 {
		// The report is written from the tally of the rows scored; with
		// none there is no file, which printReport failed to open.
		return errors.New(summary(o, c))
	}
	fmt.Fprintln(os.Stderr, "rnnsent-beam:", summary(o, c))
	if o.Eval {
		return printReport(ctx, corpus.ReportFile(o.Output))
	}
	return nil
}

// summary says what a finished job did and where it put it.
func summary(o corpus.Options, c corpus.Counts) string {
	out := fmt.Sprintf("%s labelled into %s", human.Count(int(c.Labelled), "text", "texts"), corpus.ShardPattern(o.Output, o.Shards, "."+o.OutputFormat))
	switch {
	case o.Eval && c.Labelled == 0:
		out = "no text scored, so no report"
	case o.Eval:
		out = fmt.Sprintf("%s scored into %s", human.Count(int(c.Labelled), "text", "texts"), corpus.ReportFile(o.Output))
	}
	if c.DeadLetters == 0 {
		return out + "; no row set aside"
	}
	return fmt.Sprintf("%s; %d %s set aside in %s", out, c.DeadLetters, human.Plural(int(c.DeadLetters), "row", "rows"), corpus.ShardPattern(corpus.DeadLetters(o.Output), o.Shards, ".jsonl"))
}

// printReport prints the report an eval job wrote, as rnnsent eval --json
// prints it.
func printReport(ctx context.Context, name string) error {
	fs, err := filesystem.New(ctx, name)
	if err != nil {
		return err
	}
	defer fs.Close()
	report, err := filesystem.Read(ctx, fs, name)
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(report)
	return err
}
