package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/rnnsent/rnnsent/internal/charts"
	"github.com/rnnsent/rnnsent/internal/csvread"
	"github.com/rnnsent/rnnsent/internal/stream"
)

// EvalOptions are the inputs of the eval command.
type EvalOptions struct {
	IO *IOStreams

	Model, Data       string
	TextCol, LabelCol string
	BatchSize         int
	JSON              bool
	SkipBadRows       bool
	Plot              string // a PNG file to draw the confusion matrix in; "" for none
}

func newEvalCmd(env *Env) *cobra.Command {
	opts := &EvalOptions{IO: env.IO}
	cmd := &cobra.Command{
		Use:     "eval --data FILE [flags]",
		Short:   "Score a model on a labelled CSV file",
		Long:    helpLong("eval"),
		Example: helpExample("eval"),
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.validate(); err != nil {
				return err
			}
			return runEval(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Model, "model", "", "model `file` (default: the built-in SST-2 model)")
	f.StringVar(&opts.Data, "data", "", "labelled CSV `file` to score the model on (required)")
	f.StringVar(&opts.TextCol, "text-col", "text", "`name` of the text column")
	f.StringVar(&opts.LabelCol, "label-col", "label", "`name` of the label column")
	f.IntVar(&opts.BatchSize, "batch-size", 256, "texts scored together")
	f.BoolVar(&opts.JSON, "json", false, "print one JSON object")
	f.BoolVar(&opts.SkipBadRows, "skip-bad-rows", false, skipBadRowsUsage)
	f.StringVar(&opts.Plot, "plot", "", fmt.Sprintf(plotUsage, "confusion matrix"))
	return cmd
}

func (o *EvalOptions) validate() error {
	if o.Data == "" {
		return usageErrorf("--data is required: the labelled CSV file to score the model on")
	}
	return firstBadFlag(textColumn(o.TextCol), labelColumn(o.TextCol, o.LabelCol), atLeast("batch-size", o.BatchSize, 1))
}

func runEval(o *EvalOptions) error {
	if err := checkPlot(o.Plot, o.Data, o.Model); err != nil {
		return err
	}
	p, err := loadModel(o.IO, o.Model)
	if err == nil {
		err = charts.CheckConfusion(o.Plot, p.Names())
	}
	if err != nil {
		return err
	}
	read := csvread.Options{TextCol: o.TextCol, LabelCol: o.LabelCol, NeedLabel: true, SkipBadRows: o.SkipBadRows}
	report, skipped, err := p.EvaluateFile(o.Data, read, o.BatchSize)
	if err != nil {
		return err
	}
	if len(skipped) > 0 {
		fmt.Fprintln(o.IO.ErrOut, csvread.SkippedLine(o.Data, skipped))
	}
	if err := writePlot(o.Plot, func(w io.Writer) error { return charts.Confusion(w, report.Confusion.Matrix, p.Names()) }); err != nil {
		return err
	}
	if o.JSON {
		return stream.WriteJSON(o.IO.Out, report)
	}
	return report.WriteText(o.IO.Out)
}
