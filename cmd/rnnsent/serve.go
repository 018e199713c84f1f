package main

import (
	"context"
	"errors"
	"fmt"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/rnnsent/rnnsent/internal/serve"
)

// ServeOptions are the inputs of the serve command.
type ServeOptions struct {
	IO *IOStreams

	Models    []string // FILE or NAME=FILE
	Addr      string
	LogFormat string
	Config    serve.Config
}

func newServeCmd(env *Env) *cobra.Command {
	opts := &ServeOptions{IO: env.IO}
	d := serve.Defaults
	cmd := &cobra.Command{
		Use:     "serve [flags]",
		Short:   "Serve models over HTTP (Open Inference Protocol v2, TF-Serving v1)",
		Long:    helpLong("serve"),
		Example: helpExample("serve"),
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.validate(); err != nil {
				return err
			}
			// Whatever reads the access log may go first (serve 2>&1 | head):
			// its writes then fail, with EPIPE, where SIGPIPE ended the server.
			signal.Ignore(syscall.SIGPIPE)
			ctx, stop := env.Interrupt(cmd.Context())
			defer stop()
			var reload <-chan struct{}
			if env.Reload != nil {
				reload = env.Reload(ctx)
			}
			return runServe(ctx, opts, reload)
		},
	}
	c := &opts.Config
	f := cmd.Flags()
	f.StringArrayVar(&opts.Models, "model", nil, "model `FILE` or NAME=FILE to serve; may be repeated (default: the built-in model as sst2)")
	f.StringVar(&opts.Addr, "addr", "127.0.0.1:8080", "`address` to listen on; :8080 listens on every interface")
	f.IntVar(&c.MaxBatch, "max-batch", d.MaxBatch, "most texts in one forward pass")
	f.DurationVar(&c.MaxWait, "max-wait", d.MaxWait, "longest a request waits for others to join its batch")
	f.IntVar(&c.Workers, "workers", d.Workers, "goroutines running each model, each with a copy of it: one gathers a batch while another runs one")
	f.IntVar(&c.QueueTexts, "queue", d.QueueTexts, "most texts waiting per model; beyond it requests get 429")
	f.IntVar(&c.MaxConnections, "max-connections", d.MaxConnections, "most connections open at once; beyond it new ones wait, and idle keep-alive ones are closed")
	f.Int64Var(&c.MaxBodyBytes, "max-body", d.MaxBodyBytes, "largest request body in bytes (413 beyond)")
	f.IntVar(&c.MaxTexts, "max-texts", d.MaxTexts, "most texts in one request (413 beyond)")
	f.IntVar(&c.MaxTextBytes, "max-text-bytes", d.MaxTextBytes, "longest text in bytes (413 beyond)")
	f.DurationVar(&c.ReadTimeout, "read-timeout", d.ReadTimeout, "longest time to read a request, headers and body")
	f.DurationVar(&c.WriteTimeout, "write-timeout", d.WriteTimeout, "longest time from the end of the request headers to the end of the answer")
	f.DurationVar(&c.IdleTimeout, "idle-timeout", d.IdleTimeout, "how long an idle keep-alive connection stays open")
	f.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", d.ShutdownTimeout, "longest wait for requests in flight after SIGINT or SIGTERM")
	f.StringVar(&opts.LogFormat, "log-format", "text", "access log `format`: text or json")
	return cmd
}

// validate checks the flags and turns --model into the models to serve.
func (o *ServeOptions) validate() error {
	c := &o.Config
	err := firstBadFlag(
		atLeast("max-batch", c.MaxBatch, 1),
		atLeast("workers", c.Workers, 1),
		flagCheck{"max-texts", c.MaxTexts >= 1 && c.MaxTexts <= serve.MaxQueueTexts, fmt.Sprintf("between 1 and %d, the longest --queue", serve.MaxQueueTexts), c.MaxTexts},
		flagCheck{"queue", c.QueueTexts >= c.MaxTexts && c.QueueTexts <= serve.MaxQueueTexts, fmt.Sprintf("between --max-texts (%d) and %d", c.MaxTexts, serve.MaxQueueTexts), c.QueueTexts},
		atLeast("max-connections", c.MaxConnections, 1),
		flagCheck{"max-body", c.MaxBodyBytes >= 1, "at least 1", c.MaxBodyBytes},
		atLeast("max-text-bytes", c.MaxTextBytes, 1),
		positive("write-timeout", c.WriteTimeout),
		flagCheck{"read-timeout", c.ReadTimeout > 0 && c.ReadTimeout < c.WriteTimeout, fmt.Sprintf("above 0 and below --write-timeout (%v), or a request whose body takes longer than that to arrive is cut off unanswered", c.WriteTimeout), c.ReadTimeout},
		flagCheck{"max-wait", c.MaxWait >= 0 && c.MaxWait < c.WriteTimeout, fmt.Sprintf("0 or more and below --write-timeout (%v), or a request that waits for others is cut off unanswered", c.WriteTimeout), c.MaxWait},
		positive("idle-timeout", c.IdleTimeout),
		positive("shutdown-timeout", c.ShutdownTimeout),
		flagCheck{"log-format", o.LogFormat == "text" || o.LogFormat == "json", "text or json", o.LogFormat},
		// "" listened on every interface, at a port of the kernel's choosing.
		flagCheck{"addr", o.Addr != "", "an address to listen on, as 127.0.0.1:8080", o.Addr},
	)
	if err != nil {
		return err
	}
	if c.Models, err = serve.ParseModels(o.Models); err != nil {
		return &usageError{err}
	}
	return nil
}

// positive checks a duration flag that must be above 0.
func positive(flag string, d time.Duration) flagCheck {
	return flagCheck{flag, d > 0, "above 0", d}
}

func runServe(ctx context.Context, o *ServeOptions, reload <-chan struct{}) error {
	o.Config.Version = versionString()
	s, err := serve.New(ctx, o.Config, serve.NewLogger(o.IO.ErrOut, o.LogFormat))
	if _, ok := errors.AsType[*serve.ErrTooManyCopies](err); ok {
		return usageErrorf("%w; lower --workers", err)
	}
	if err != nil {
		return err
	}
	ln, err := serve.Listen(o.Addr)
	if err != nil {
		s.Close()
		return err
	}
	return s.Serve(ctx, ln, reload)
}
