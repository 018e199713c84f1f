package main

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/rnnsent/rnnsent/internal/writeerr"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// without it the module version from the build information is used.
var version string

func versionString() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

// Env is what the commands take from the process, injected so that a test
// runs them in-process with streams, arguments, environment and signals of
// its own. No command reads os.Args, os.Getenv or the signals itself.
type Env struct {
	IO      *IOStreams
	Command []string // the whole command line, program first; a trained model records it
	Getenv  func(string) string
	// Interrupt returns a context that the first interrupt (Ctrl-C,
	// SIGTERM, or a signal of also) cancels; after it, another one ends
	// the process at once.
	Interrupt func(ctx context.Context, also ...os.Signal) (context.Context, context.CancelFunc)
	// Reload returns a channel that receives once for each SIGHUP until
	// ctx is done; nil where reloading is not asked for.
	Reload func(ctx context.Context) <-chan struct{}
}

// notifyInterrupt is Env.Interrupt for the process's own signals: the
// first cancels the context; the second ends the process at once, from the
// goroutine that receives it, with the status the signal's default action
// gives (130 for Ctrl-C), the files written so far whole.
func notifyInterrupt(ctx context.Context, also ...os.Signal) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, append(also, os.Interrupt, syscall.SIGTERM)...)
	stopped := make(chan struct{})
	go func() {
		select {
		case <-sigs:
			// A closed pipe signals every write that meets it, not a second Ctrl-C: let those just fail.
			signal.Ignore(syscall.SIGPIPE)
			cancel()
		case <-stopped:
			return
		}
		select {
		case sig := <-sigs:
			os.Exit(128 + int(sig.(syscall.Signal)))
		case <-stopped:
		}
	}()
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			signal.Stop(sigs)
			close(stopped)
			cancel()
		})
	}
}

// hangups, a closing terminal's and a closed pipe's: commands that write files stop on them as on Ctrl-C.
var hangups = []os.Signal{syscall.SIGHUP, syscall.SIGPIPE}

// notifyReload is Env.Reload for the process's own SIGHUP.
func notifyReload(ctx context.Context) <-chan struct{} {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGHUP)
	out := make(chan struct{}, 1)
	go func() {
		defer signal.Stop(sig)
		for {
			select {
			case <-sig:
				// Signals that arrive during a reload make one more.
				select {
				case out <- struct{}{}:
				default:
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// run executes the command line args with the process's environment and
// signals and the streams ios; the tests' entry point.
func run(ctx context.Context, args []string, ios *IOStreams) exitCode {
	return runEnv(ctx, &Env{IO: ios, Command: append([]string{"rnnsent"}, args...), Getenv: os.Getenv, Interrupt: notifyInterrupt, Reload: notifyReload})
}

// runEnv executes env's command line and returns the exit status. Errors
// are printed here and nowhere else.
func runEnv(ctx context.Context, env *Env) (code exitCode) {
	ios := env.IO
	defer func() {
		// A bug must still end in one line and a failing status, not a
		// stack trace in the user's terminal.
		if r := recover(); r != nil {
			fmt.Fprintf(ios.ErrOut, "rnnsent: internal error: %v\n", r)
			code = exitError
		}
	}()
	root := newRootCmd(env)
	root.SetArgs(env.Command[1:])
	cmd, err := root.ExecuteContextC(ctx)
	// A failed write to stdout that the command did not check still fails.
	err = writeerr.First(cmp.Or(err, helpArgsError(cmd)), ios.Out)
	if err != nil {
		fmt.Fprintln(ios.ErrOut, errorLine(err))
	}
	return exitCodeOf(err)
}

func newRootCmd(env *Env) *cobra.Command {
	ios := env.IO
	root := &cobra.Command{
		Use:     "rnnsent",
		Short:   "Train recurrent sentiment classifiers and run them",
		Long:    helpLong("rnnsent"),
		Example: helpExample("rnnsent"),
		// rootArgs asks for suggestions itself, where cobra's default of 0
		// is not replaced by its usual 2.
		SuggestionsMinimumDistance: 2,
		SilenceErrors:              true,
		SilenceUsage:               true,
		Args:                       rootArgs,
		PersistentPreRunE:          func(cmd *cobra.Command, args []string) error { return noEmptyFile(cmd.Flags()) },
		RunE: func(cmd *cobra.Command, args []string) error {
			if v, _ := cmd.Flags().GetBool("version"); v {
				_, err := fmt.Fprintf(cmd.OutOrStdout(), "rnnsent version %s\n", versionString())
				return err
			}
			return cmd.Help()
		},
	}
	// A flag of its own, answered here: cobra's answers before the
	// arguments are checked, so "--version extra" passed.
	root.Flags().BoolP("version", "v", false, "version for rnnsent")
	root.SetIn(ios.In)
	root.SetOut(ios.Out)
	root.SetErr(ios.ErrOut)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return flagError(err) })
	root.AddCommand(newTrainCmd(env), newEvalCmd(env), newPredictCmd(env), newTokenizeCmd(env))
	root.AddCommand(newCheckCmd(env), newDataCmd(env), newInspectCmd(env), newServeCmd(env))
	finishHelp(root)
	return root
}

// rootArgs rejects an unknown command, or help's topic, as a usage error:
// cobra's own check returns a plain error that would exit with status 1.
func rootArgs(cmd *cobra.Command, args []string) error {
	if found, _, err := cmd.Root().Find(args); len(args) == 0 || cmd != cmd.Root() && err == nil && found != cmd.Root() {
		return nil
	}
	if cmd.ArgsLenAtDash() == 0 { // cobra looks for no command after --
		return usageErrorf("%q after -- is an argument, not a command, and rnnsent takes none (see rnnsent --help)", args[0])
	}
	msg := fmt.Sprintf("unknown command %q", args[0])
	if s := cmd.Root().SuggestionsFor(args[0]); len(s) > 0 && args[0] != "" {
		msg += fmt.Sprintf("; did you mean %s?", strings.Join(s, " or "))
	}
	return usageErrorf("%s (see rnnsent --help)", msg)
}

// helpArgsError is the usage error of the arguments given with --help,
// which cobra answers before it checks them: "--help extra" showed the help.
func helpArgsError(cmd *cobra.Command) error {
	if !cmd.Flags().Changed("help") {
		return nil
	}
	return cmd.ValidateArgs(cmd.Flags().Args())
}

// noArgs rejects positional arguments for commands that take only flags.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageErrorf("%s takes no arguments, got %q", cmd.CommandPath(), args[0])
	}
	return nil
}

// newGroupCmd is a command that only groups subs, such as data or inspect:
// alone it prints its help, and an unknown subcommand is a usage error.
func newGroupCmd(use, short string, subs ...*cobra.Command) *cobra.Command {
	var names []string
	for _, s := range subs {
		names = append(names, s.Name())
	}
	cmd := &cobra.Command{Use: use, Short: short, Long: helpLong(use), Example: helpExample(use),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageErrorf("unknown command %q for %s; choose %s", args[0], cmd.CommandPath(), strings.Join(names, " or "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(subs...)
	return cmd
}
