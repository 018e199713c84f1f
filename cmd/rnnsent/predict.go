package main

import (
	"fmt"
	"io"
	"slices"

	"github.com/spf13/cobra"

	"github.com/rnnsent/rnnsent/internal/predict"
	"github.com/rnnsent/rnnsent/internal/stream"
)

// PredictOptions are the inputs of the predict command.
type PredictOptions struct {
	IO *IOStreams

	Model       string
	Inputs      []string // --input files; "-" is standard input
	InputFormat string   // stream.Auto, Lines, CSV or JSONL
	TextCol     string   // the CSV column or JSON field holding the text
	Format      string   // stream.Text, CSV or JSONL
	JSON        bool     // --json, the first spelling of --format jsonl
	Trace       bool
	Texts       []string // none, or just "-": read standard input
}

func newPredictCmd(env *Env) *cobra.Command {
	opts := &PredictOptions{IO: env.IO}
	cmd := &cobra.Command{
		Use:     "predict [flags] [TEXT...]",
		Short:   "Label texts with a trained model",
		Long:    helpLong("predict"),
		Example: helpExample("predict"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Texts = args
			if opts.JSON {
				if cmd.Flags().Changed("format") && opts.Format != stream.JSONL {
					return usageErrorf("--json is short for --format jsonl; it cannot go with --format %s", opts.Format)
				}
				opts.Format = stream.JSONL
			}
			if err := opts.validate(cmd.Flags().Changed); err != nil {
				return err
			}
			return runPredict(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Model, "model", "", "model `file` (default: the built-in SST-2 model)")
	f.StringArrayVarP(&opts.Inputs, "input", "i", nil, "read texts from `file`, - for standard input; may be repeated")
	f.StringVar(&opts.InputFormat, "input-format", stream.Auto, "`format` of the input: auto, lines, csv or jsonl")
	f.StringVar(&opts.TextCol, "text-col", "text", "`name` of the text column (csv) or field (jsonl)")
	f.StringVar(&opts.Format, "format", stream.Text, "output `format`: text, csv or jsonl")
	f.BoolVar(&opts.JSON, "json", false, "same as --format jsonl")
	f.BoolVar(&opts.Trace, "trace", false, "show the probabilities after every token")
	return cmd
}

var (
	outputFormats = []string{stream.Text, stream.CSV, stream.JSONL}
	inputFormats  = []string{stream.Auto, stream.Lines, stream.CSV, stream.JSONL}
)

// validate checks the flags on their own, before any file is read;
// changed tells those the command line names.
func (o *PredictOptions) validate(changed func(string) bool) error {
	if err := firstBadFlag(
		flagCheck{"format", slices.Contains(outputFormats, o.Format), "text, csv or jsonl", o.Format},
		flagCheck{"input-format", slices.Contains(inputFormats, o.InputFormat), "auto, lines, csv or jsonl", o.InputFormat}, textColumn(o.TextCol),
	); err != nil {
		return err
	}
	stdin := slices.Index(o.Inputs, "-")
	switch {
	case o.Trace && o.Format == stream.CSV:
		return usageErrorf("--trace writes text or JSON lines, not CSV")
	case changed("text-col") && textsFromArgs(o.Texts):
		return usageErrorf("--text-col does not apply to TEXT arguments, which have no columns or fields")
	case changed("text-col") && o.InputFormat == stream.Lines:
		return usageErrorf("--text-col does not apply to --input-format lines, which has no columns or fields")
	case len(o.Inputs) > 0 && len(o.Texts) > 0:
		return usageErrorf("give TEXT arguments or --input files, not both")
	case textsFromArgs(o.Texts) && (o.InputFormat == stream.CSV || o.InputFormat == stream.JSONL):
		return usageErrorf("--input-format %s is for --input files and standard input, not TEXT arguments", o.InputFormat)
	case stdin >= 0 && slices.Contains(o.Inputs[stdin+1:], "-"):
		return usageErrorf("--input - (standard input) can be given only once")
	case stdinAlone(o.Texts) != nil:
		return stdinAlone(o.Texts)
	case slices.ContainsFunc(o.Texts, stream.Blank):
		return usageErrorf("a TEXT argument is empty; give a text to label (blank lines of an input are skipped)")
	}
	return nil
}

func runPredict(o *PredictOptions) error {
	p, err := loadModel(o.IO, o.Model)
	if err != nil {
		return err
	}
	out := stream.NewWriter(o.Format, o.IO.Out, p.Names(), stream.Terminal{TTY: o.IO.OutTTY, Color: o.IO.Color, Width: o.IO.Width})
	if textsFromArgs(o.Texts) {
		return stream.Label(p, stream.FromTexts(o.Texts), o.Trace, out)
	}
	inputs := o.Inputs
	if len(inputs) == 0 {
		inputs = []string{"-"}
	}
	for _, name := range inputs {
		if err := o.predictInput(p, out, name); err != nil {
			return err
		}
	}
	return nil
}

// predictInput answers the texts of the input called name, "-" for
// standard input.
func (o *PredictOptions) predictInput(p *predict.Predictor, out stream.Writer, name string) error {
	var r io.Reader = o.IO.In
	display := stream.Stdin
	if name != "-" {
		f, err := stream.OpenFile(name)
		if err != nil {
			return err
		}
		defer f.Close()
		r, display = f, name
	} else if o.IO.InTTY {
		fmt.Fprintln(o.IO.ErrOut, stdinHint)
	}
	format := stream.FormatOf(name, o.InputFormat)
	src, err := stream.Open(r, display, format, o.TextCol)
	if err != nil {
		return err
	}
	if o.InputFormat == stream.Auto && format == stream.Lines {
		// Nothing named the format: a CSV header or a JSON object would be
		// labelled as text, every line of it.
		src.OnFirst(func(rec stream.Record) {
			if w := stream.FormatWarning(src.Name, rec.Text, o.TextCol); w != "" {
				fmt.Fprintln(o.IO.ErrOut, w)
			}
		})
	}
	return stream.Label(p, src, o.Trace, out)
}
