package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rnnsent/rnnsent/internal/atomicfile"
	"github.com/rnnsent/rnnsent/internal/charts"
	"github.com/rnnsent/rnnsent/internal/inspect"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/predict"
	"github.com/rnnsent/rnnsent/internal/stream"
)

// InspectOptions are the inputs of the inspect gradients and inspect gates
// commands.
type InspectOptions struct {
	IO *IOStreams

	Model string
	Text  string // "" for the synthetic experiment (gradients only)
	JSON  bool
	Plot  string

	// The synthetic experiment's.
	Distance int
	Seed     uint64
	Cells    []string
}

func newInspectCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "inspect",
		Short:   "Show how the gradient fades through a network's states and what its gates let through",
		Long:    helpLong("inspect"),
		Example: helpExample("inspect"),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageErrorf("unknown command %q for %s; choose gradients or gates", args[0], cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newInspectGradientsCmd(env), newInspectGatesCmd(env))
	return cmd
}

func newInspectGradientsCmd(env *Env) *cobra.Command {
	opts := &InspectOptions{IO: env.IO}
	cmd := &cobra.Command{
		Use:     "gradients [flags] [TEXT]",
		Short:   "Measure how much gradient reaches each hidden state",
		Long:    helpLong("inspect-gradients"),
		Example: helpExample("inspect-gradients"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.parseGradients(cmd, args); err != nil {
				return err
			}
			ctx, stop := env.Interrupt(cmd.Context())
			defer stop()
			return runInspectGradients(ctx, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Model, "model", "", "model `file` to measure on TEXT (default: the built-in SST-2 model)")
	f.IntVar(&opts.Distance, "distance", 30, "synthetic task: filler tokens between the deciding token and the end")
	f.Uint64Var(&opts.Seed, "seed", 1, "synthetic task: seed of its texts, the initial weights and the batch order")
	f.StringSliceVar(&opts.Cells, "cell", []string{model.CellRNN, model.CellGRU, model.CellLSTM}, "synthetic task: the cells to train, comma-separated")
	f.BoolVar(&opts.JSON, "json", false, "print one JSON object a line")
	f.StringVar(&opts.Plot, "plot", "", fmt.Sprintf(plotUsage, "relative gradient norms against the distance"))
	return cmd
}

func newInspectGatesCmd(env *Env) *cobra.Command {
	opts := &InspectOptions{IO: env.IO}
	cmd := &cobra.Command{
		Use:     "gates [--model FILE] TEXT",
		Short:   "Show how far the gates of an LSTM or GRU open at each token",
		Long:    helpLong("inspect-gates"),
		Example: helpExample("inspect-gates"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.parseText(cmd, args, true); err != nil {
				return err
			}
			return runInspectGates(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Model, "model", "", "model `file` (default: the built-in SST-2 model)")
	f.BoolVar(&opts.JSON, "json", false, "print one JSON object")
	f.StringVar(&opts.Plot, "plot", "", fmt.Sprintf(plotUsage, "mean activation of each gate per token"))
	return cmd
}

// parseText takes the one TEXT of args; need says whether there must be one.
func (o *InspectOptions) parseText(cmd *cobra.Command, args []string, need bool) error {
	switch {
	case len(args) > 1:
		return usageErrorf("%s takes one TEXT, got %d", cmd.CommandPath(), len(args))
	case len(args) == 0 && need:
		return usageErrorf("%s needs a TEXT to read", cmd.CommandPath())
	case len(args) == 1 && strings.TrimSpace(args[0]) == "":
		return usageErrorf("the TEXT is empty: give words for the model to read")
	case len(args) == 1:
		o.Text = args[0]
	}
	return nil
}

func (o *InspectOptions) parseGradients(cmd *cobra.Command, args []string) error {
	if err := o.parseText(cmd, args, false); err != nil {
		return err
	}
	if o.Text != "" {
		for _, name := range []string{"distance", "seed", "cell"} {
			if cmd.Flags().Changed(name) {
				return usageErrorf("--%s sets up the synthetic task, which a TEXT replaces", name)
			}
		}
		return nil
	}
	if o.Model != "" {
		return usageErrorf("--model needs a TEXT to measure the model on")
	}
	checks := []flagCheck{atLeast("distance", o.Distance, 1), {"cell", len(o.Cells) > 0, "at least one of lstm, gru or rnn", ""}}
	for i, c := range o.Cells {
		checks = append(checks, flagCheck{"cell", slices.Contains([]string{model.CellLSTM, model.CellGRU, model.CellRNN}, c), "lstm, gru or rnn", c},
			flagCheck{"cell", !slices.Contains(o.Cells[:i], c), "each cell once", strings.Join(o.Cells, ",")})
	}
	return firstBadFlag(checks...)
}

// loadText loads the model and reads o.Text with it.
func (o *InspectOptions) loadText() (p *predict.Predictor, tokens []string, ids []int, err error) {
	p, err = loadModel(o.IO, o.Model)
	if err != nil {
		return nil, nil, nil, err
	}
	tokens, ids = p.Read(o.Text)
	return p, tokens, ids, nil
}

func runInspectGradients(ctx context.Context, o *InspectOptions) error {
	if err := checkPlot(o.Plot, o.Model); err != nil {
		return err
	}
	if o.Text != "" {
		return inspectTextGradients(o)
	}
	var results []inspect.Result
	for _, cell := range o.Cells {
		r, err := inspect.Default(o.Distance, o.Seed).Run(ctx, cell)
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("interrupted while training the %s", cell)
		}
		if err != nil {
			return err
		}
		results = append(results, r)
		if o.JSON {
			// A line as soon as the cell is done, for a pipe to show.
			err := stream.WriteJSON(o.IO.Out, r.JSON())
			if err != nil {
				return err
			}
		}
	}
	if err := writeExperimentPlot(o.Plot, results); err != nil {
		return err
	}
	if o.JSON {
		return nil
	}
	return inspect.Default(o.Distance, o.Seed).WriteText(o.IO.Out, results)
}

func inspectTextGradients(o *InspectOptions) error {
	p, tokens, ids, err := o.loadText()
	if err != nil {
		return err
	}
	n, err := inspect.TextGradients(p.Model, ids)
	if err != nil {
		return fmt.Errorf("%s: %w", p.Name, err)
	}
	cell := p.Model.Config().Cell
	if o.Plot != "" {
		heading := fmt.Sprintf("Gradient reaching each state of the %s reading %s", p.Name, quoteShort(o.Text))
		panel := charts.Panel{Series: normSeries(cell, n)}
		err := atomicfile.Write(o.Plot, func(w io.Writer) error { return charts.Gradients(w, heading, []charts.Panel{panel}) })
		if err != nil {
			return err
		}
	}
	if o.JSON {
		return stream.WriteJSON(o.IO.Out, n.TextJSON(p.Name, cell, tokens))
	}
	return n.WriteText(o.IO.Out, p.Name, cell, tokens)
}

// normSeries are the lines of one cell's norms: the LSTM's h dashed.
func normSeries(cell string, n inspect.Norms) []charts.Norms {
	s := []charts.Norms{{Name: fmt.Sprintf("%s (%s)", cell, n.State), Norms: n.Memory}}
	if n.Hidden != nil {
		s = append(s, charts.Norms{Name: cell + " (h)", Norms: n.Hidden, Dashed: true})
	}
	return s
}

func writeExperimentPlot(path string, results []inspect.Result) error {
	if path == "" {
		return nil
	}
	before, after := charts.Panel{Title: "Before training"}, charts.Panel{Title: "After training"}
	for _, r := range results {
		before.Series = append(before.Series, normSeries(r.Cell, r.Initial)...)
		after.Series = append(after.Series, normSeries(r.Cell, r.Norms)...)
	}
	heading := fmt.Sprintf("Gradient reaching each state of the synthetic task (%d fillers), relative to the last state", results[0].Distance)
	return atomicfile.Write(path, func(w io.Writer) error { return charts.Gradients(w, heading, []charts.Panel{before, after}) })
}

// quoteShort quotes text for a chart's heading, cut short so that the
// heading fits the image.
func quoteShort(text string) string {
	const most = 50
	if r := []rune(text); len(r) > most {
		text = string(r[:most-1]) + "…"
	}
	return strconv.Quote(text)
}

func runInspectGates(o *InspectOptions) error {
	if err := checkPlot(o.Plot, o.Model); err != nil {
		return err
	}
	p, tokens, ids, err := o.loadText()
	if err != nil {
		return err
	}
	g, err := inspect.TextGates(p.Model, ids)
	if err != nil {
		return fmt.Errorf("%s: %w", p.Name, err)
	}
	cell := p.Model.Config().Cell
	if o.Plot != "" {
		heading := fmt.Sprintf("Gates of the %s reading %s", p.Name, quoteShort(o.Text))
		err := atomicfile.Write(o.Plot, func(w io.Writer) error { return charts.Gates(w, heading, tokens, g.Names, g.Means) })
		if err != nil {
			return err
		}
	}
	if o.JSON {
		return stream.WriteJSON(o.IO.Out, g.JSON(p.Name, cell, tokens))
	}
	return g.WriteText(o.IO.Out, p.Name, cell, tokens)
}
