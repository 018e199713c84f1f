package serve

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// Model is one model to serve: its name in URLs, and its file ("" for the
// built-in model).
type Model struct {
	Name string
	Path string
}

// modelName is what a model may be called in a URL path.
var modelName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// ParseModels reads the --model values of rnnsent serve, each FILE or
// NAME=FILE, a model without a name taking its file's base name; each name
// must be one a URL can hold, and its own.
func ParseModels(specs []string) ([]Model, error) {
	var models []Model
	seen := map[string]bool{}
	for _, m := range specs {
		name, path, named := strings.Cut(m, "=")
		if !named {
			path = m
			name = strings.TrimSuffix(filepath.Base(m), filepath.Ext(m))
		}
		switch {
		case path == "":
			return nil, fmt.Errorf("--model %q names no file", m)
		case !modelName.MatchString(name):
			return nil, fmt.Errorf("--model %q: the name %q must be an ASCII letter or digit, then ASCII letters, digits, '.', '_' or '-', as it goes in URLs; give NAME=FILE", m, name)
		case seen[name]:
			return nil, fmt.Errorf("--model: two models are named %q; give NAME=FILE", name)
		}
		seen[name] = true
		models = append(models, Model{Name: name, Path: path})
	}
	return models, nil
}

// Config is what a Server is built from. Zero fields but MaxWait take the
// value of Defaults.
type Config struct {
	Models []Model
	// Version is what GET /v2 says of the server.
	Version string

	// MaxBatch is the most texts of one forward pass; MaxWait the longest
	// the first request of a batch waits for others to join it, 0 for
	// taking only those already waiting.
	MaxBatch int
	MaxWait  time.Duration
	// Workers is how many goroutines run each model, each with a copy of
	// it: while one runs a forward pass, another gathers the next batch.
	Workers int
	// QueueTexts bounds the texts waiting for a forward pass, per model:
	// a request that would go over it is answered 429. At most
	// MaxQueueTexts.
	QueueTexts int

	// MaxConnections bounds the connections open at once; past it, new
	// ones wait for one to close. With MaxBodyBytes it bounds the memory
	// of the requests being read.
	MaxConnections int
	MaxBodyBytes   int64 // request body
	MaxTexts       int   // texts in one request
	MaxTextBytes   int   // bytes of one text

	ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	// ShutdownTimeout bounds the wait for requests in flight once the
	// server is told to stop.
	ShutdownTimeout time.Duration
}

// MaxQueueTexts is the largest QueueTexts. A batcher's queue is a channel
// with room for a task per text, allocated whole when the server starts:
// 8 MB at this bound, 8 GB for a queue of 10^9.
const MaxQueueTexts = 1 << 20

// Defaults are the values of the zero fields of a Config. A batch of 32
// short sentences runs within a few percent of the speed per text of 64 or
// 256, and a worker keeps the workspace of its largest batch: 13 MB for 32
// SST-2 sentences, 22 MB for 64. 2 ms is short beside a forward pass, long
// beside the gap between requests under load.
var Defaults = Config{
	Models:          []Model{{Name: "sst2"}},
	MaxBatch:        32,
	MaxWait:         2 * time.Millisecond,
	Workers:         2,
	QueueTexts:      1024,
	MaxConnections:  1024,
	MaxBodyBytes:    1 << 20,
	MaxTexts:        256,
	MaxTextBytes:    16 << 10,
	ReadTimeout:     10 * time.Second,
	WriteTimeout:    30 * time.Second,
	IdleTimeout:     2 * time.Minute,
	ShutdownTimeout: 10 * time.Second,
}

// withDefaults fills the zero fields of c from Defaults.
func (c Config) withDefaults() Config {
	d := Defaults
	if len(c.Models) == 0 {
		c.Models = d.Models
	}
	set(&c.MaxBatch, d.MaxBatch)
	set(&c.Workers, d.Workers)
	set(&c.QueueTexts, d.QueueTexts)
	set(&c.MaxConnections, d.MaxConnections)
	set(&c.MaxBodyBytes, d.MaxBodyBytes)
	set(&c.MaxTexts, d.MaxTexts)
	set(&c.MaxTextBytes, d.MaxTextBytes)
	set(&c.ReadTimeout, d.ReadTimeout)
	set(&c.WriteTimeout, d.WriteTimeout)
	set(&c.IdleTimeout, d.IdleTimeout)
	set(&c.ShutdownTimeout, d.ShutdownTimeout)
	return c
}

func set[T comparable](v *T, d T) {
	var zero T
	if *v == zero {
		*v = d
	}
}
