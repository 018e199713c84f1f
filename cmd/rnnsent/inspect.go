package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rnnsent/rnnsent/internal/inspect"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/predict"
	"github.com/rnnsent/rnnsent/internal/stream"
)

// InspectOptions are the inputs of inspect gradients and inspect gates.
type InspectOptions struct {
	IO                *IOStreams
	Model, Text, Plot string // Text "" runs the synthetic task, of gradients only
	JSON              bool
	Distance          int // the synthetic task's, as are Seed and Cells
	Seed              uint64
	Cells             []string
}

func newInspectCmd(env *Env) *cobra.Command {
	gradients, o := newInspectSubcommand(env, "gradients [flags] [TEXT]", "Measure how much gradient reaches each hidden state", "relative gradient norms against the distance", inspect.ReadGradients)
	f := gradients.Flags()
	f.IntVar(&o.Distance, "distance", 30, fmt.Sprintf("synthetic task: filler tokens between the deciding token and the end, at most %d", inspect.MaxDistance))
	f.Uint64Var(&o.Seed, "seed", 1, "synthetic task: seed of its texts, the initial weights and the batch order")
	f.StringSliceVar(&o.Cells, "cell", []string{model.CellRNN, model.CellGRU, model.CellLSTM}, "synthetic task: the cells to train, comma-separated")
	gates, _ := newInspectSubcommand(env, "gates [--model FILE] TEXT", "Show how far the gates of an LSTM or GRU open at each token", "mean activation of each gate per token", inspect.ReadGates)
	return newGroupCmd("inspect", "Show how the gradient fades through a network's states and what its gates let through", gradients, gates)
}

// newInspectSubcommand is inspect gradients or inspect gates, as use names
// it, with the flags they share; read measures a model on a text.
func newInspectSubcommand(env *Env, use, short, plotted string, read func(*predict.Predictor, string) (inspect.Report, error)) (*cobra.Command, *InspectOptions) {
	o := &InspectOptions{IO: env.IO}
	name, _, _ := strings.Cut(use, " ")
	cmd := &cobra.Command{Use: use, Short: short, Long: helpLong("inspect-" + name), Example: helpExample("inspect-" + name),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.parse(cmd, args, name == "gates"); err != nil {
				return err
			}
			if o.Text != "" {
				return o.inspectText(read)
			}
			ctx, stop := env.Interrupt(cmd.Context())
			defer stop()
			return o.runTask(ctx)
		},
	}
	cmd.Flags().StringVar(&o.Model, "model", "", "model `file` to read TEXT (default: the built-in SST-2 model)")
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print JSON, one object a line")
	cmd.Flags().StringVar(&o.Plot, "plot", "", fmt.Sprintf(plotUsage, plotted))
	return cmd, o
}

// parse takes the one TEXT of args, which gates needs, and checks the flags.
func (o *InspectOptions) parse(cmd *cobra.Command, args []string, gates bool) error {
	switch {
	case len(args) > 1:
		return usageErrorf("%s takes one TEXT, got %d", cmd.CommandPath(), len(args))
	case len(args) == 0 && gates:
		return usageErrorf("%s needs a TEXT to read", cmd.CommandPath())
	case len(args) == 1 && strings.TrimSpace(args[0]) == "":
		return usageErrorf("the TEXT is empty: give words for the model to read")
	case len(args) == 1:
		o.Text = args[0]
		task := []string{"distance", "seed", "cell"}
		if i := slices.IndexFunc(task, cmd.Flags().Changed); i >= 0 {
			return usageErrorf("--%s sets up the synthetic task, which a TEXT replaces", task[i])
		}
	case o.Model != "":
		return usageErrorf("--model needs a TEXT to measure the model on")
	default:
		if err := firstBadFlag(append([]flagCheck{{"distance", o.Distance >= 1 && o.Distance <= inspect.MaxDistance, fmt.Sprintf("between 1 and %d", inspect.MaxDistance), o.Distance}}, cellsFlag(o.Cells)...)...); err != nil {
			return err
		}
	}
	return checkPlot(o.Plot, o.Model)
}

// runTask trains each cell on the synthetic task and prints what it finds.
func (o *InspectOptions) runTask(ctx context.Context) error {
	var done func(inspect.Result) error
	if o.JSON { // a line as soon as a cell is done, for a pipe to show
		done = func(r inspect.Result) error { return stream.WriteJSON(o.IO.Out, r.JSON()) }
	}
	rs, err := inspect.Default(o.Distance, o.Seed).RunCells(ctx, o.Cells, done)
	if err == nil {
		err = writePlot(o.Plot, rs.Plot)
	}
	if err != nil || o.JSON {
		return err
	}
	return rs.WriteText(o.IO.Out)
}

// inspectText measures the model on o.Text with read and prints its report.
func (o *InspectOptions) inspectText(read func(*predict.Predictor, string) (inspect.Report, error)) error {
	p, err := loadModel(o.IO, o.Model)
	if err != nil {
		return err
	}
	r, err := read(p, o.Text)
	if err == nil {
		err = writePlot(o.Plot, r.Plot)
	}
	switch {
	case err != nil:
		return err
	case o.JSON:
		return stream.WriteJSON(o.IO.Out, r.JSON())
	}
	return r.WriteText(o.IO.Out)
}
