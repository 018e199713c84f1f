package main

import (
	"slices"

	"github.com/spf13/cobra"

	"github.com/rnnsent/rnnsent/internal/checklist"
	"github.com/rnnsent/rnnsent/internal/stream"
)

// CheckOptions are the inputs of the check command.
type CheckOptions struct {
	IO *IOStreams

	Model    string
	Half     string
	JSON     bool
	Failures int
}

func newCheckCmd(env *Env) *cobra.Command {
	opts := &CheckOptions{IO: env.IO}
	cmd := &cobra.Command{
		Use:     "check [--model FILE] [--half tune|report|all] [--json]",
		Short:   "Test whether a model reads word order",
		Long:    helpLong("check"),
		Example: helpExample("check"),
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.validate(); err != nil {
				return err
			}
			return runCheck(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Model, "model", "", "model `file` (default: the built-in SST-2 model)")
	f.StringVar(&opts.Half, "half", checklist.HalfReport, "the suite's `half`: tune, report or all")
	f.BoolVar(&opts.JSON, "json", false, "print one JSON object")
	f.IntVar(&opts.Failures, "failures", 10, "failures to list, most confident first")
	return cmd
}

func (o *CheckOptions) validate() error {
	return firstBadFlag(atLeast("failures", o.Failures, 0),
		flagCheck{"half", slices.Contains(checklist.Halves, o.Half), "tune, report or all", o.Half})
}

func runCheck(o *CheckOptions) error {
	p, err := loadModel(o.IO, o.Model)
	if err != nil {
		return err
	}
	r, err := checklist.Run(p, o.Half)
	if err != nil {
		return err
	}
	r.Failures = r.Failures[:min(o.Failures, len(r.Failures))]
	if o.JSON {
		return stream.WriteJSON(o.IO.Out, r.JSON(p.Name))
	}
	return r.WriteText(o.IO.Out, p.Name)
}
