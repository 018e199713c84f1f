package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/rnnsent/rnnsent/internal/fetch"
	"github.com/rnnsent/rnnsent/internal/human"
)

// mirrorEnv names the environment variable that points downloads at a
// mirror: a base address serving the archives under their own file names.
const mirrorEnv = "RNNSENT_DATA_MIRROR"

// DataGetOptions are the inputs of the data get command.
type DataGetOptions struct {
	IO       *IOStreams
	Datasets []fetch.Dataset // what NAME may be
	Mirror   string          // base address to download from instead of the official one

	Name string
	Dir  string
}

func newDataCmd(env *Env) *cobra.Command {
	return newGroupCmd("data", "Download standard public sentiment data sets", newDataGetCmd(env), newDataListCmd(env))
}

func newDataGetCmd(env *Env) *cobra.Command {
	opts := &DataGetOptions{IO: env.IO, Datasets: fetch.All()}
	cmd := &cobra.Command{
		Use:     "get NAME [--dir DIR]",
		Short:   "Download a data set and convert it to CSV",
		Long:    helpLong("data-get"),
		Example: helpExample("data-get"),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return fetch.Completions(opts.Datasets), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Mirror = env.Getenv(mirrorEnv)
			if err := opts.parse(cmd, args); err != nil {
				return err
			}
			// Ctrl-C cancels the download so that its temporary file is
			// removed.
			ctx, stop := env.Interrupt(cmd.Context(), hangups...)
			defer stop()
			return runDataGet(ctx, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Dir, "dir", "data", "`folder` to write NAME/train.csv, dev.csv and test.csv into")
	return cmd
}

// parse checks the arguments and flags before anything is downloaded.
func (o *DataGetOptions) parse(cmd *cobra.Command, args []string) error {
	if len(args) != 1 {
		return usageErrorf("%s needs one data set name (%s), got %d arguments", cmd.CommandPath(), fetch.Names(o.Datasets), len(args))
	}
	o.Name = args[0]
	if _, ok := fetch.Find(o.Datasets, o.Name); !ok {
		return usageErrorf("unknown data set %q; choose %s (see rnnsent data list)", o.Name, fetch.Names(o.Datasets))
	}
	if err := fetch.CheckMirror(o.Mirror); o.Mirror != "" && err != nil {
		return usageErrorf("%s %w", mirrorEnv, err)
	}
	return firstBadFlag(flagCheck{"dir", o.Dir != "", "a folder name", o.Dir})
}

func runDataGet(ctx context.Context, o *DataGetOptions) error {
	d, _ := fetch.Find(o.Datasets, o.Name)
	if o.Mirror != "" {
		d = d.FromMirror(o.Mirror)
	}
	opt := fetch.Options{Started: func() { fmt.Fprintf(o.IO.ErrOut, "downloading %s (%s)\n", d.Address(), human.DownloadSize(d.Size)) }}
	bar := &progress{w: o.IO.ErrOut, bytes: true}
	if o.IO.ErrTTY {
		opt.Progress = func(done, total int64) { bar.show(d.Name, done, total) }
	}
	files, err := fetch.Get(ctx, d, filepath.Join(o.Dir, d.Name), opt)
	bar.clear()
	if err != nil {
		return err
	}
	return fetch.WriteFiles(o.IO.Out, files)
}

func newDataListCmd(env *Env) *cobra.Command {
	ios := env.IO
	return &cobra.Command{
		Use:     "list",
		Short:   "List the data sets that data get knows",
		Long:    helpLong("data-list"),
		Example: helpExample("data-list"),
		Args:    noArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return fetch.WriteList(ios.Out, fetch.All()) },
	}
}
