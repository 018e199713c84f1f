package serve

import (
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/rnnsent/rnnsent/internal/human"
	"github.com/rnnsent/rnnsent/internal/job"
	"github.com/rnnsent/rnnsent/internal/predict"
)

// slot is a model name, the model serving under it and the batcher that
// runs it. A request loads cur once and keeps that model to its end.
type slot struct {
	name, path string
	cur        atomic.Pointer[loaded]
	batcher    *batcher
}

// loaded is a model, a copy for each worker of the batcher, and what the
// server says of it.
type loaded struct {
	copies []*predict.Predictor
	names  []string
	record *job.Record // nil for a model file that carries none
	at     time.Time
}

// load reads the model at path and makes a copy of it for each of the
// batcher's workers.
func load(path string, workers int) (*loaded, error) {
	p, err := predict.Load(path)
	if err != nil {
		return nil, err
	}
	if err := checkCopies(p, workers); err != nil {
		return nil, err
	}
	l := &loaded{copies: []*predict.Predictor{p}, names: p.Names(), at: time.Now().UTC()}
	for len(l.copies) < workers {
		q, err := p.Copy()
		if err != nil {
			return nil, err
		}
		l.copies = append(l.copies, q)
	}
	// The workers already keep the cores busy: splitting each product of
	// a pass further only adds goroutines spinning for their parts (5% of
	// the server's CPU with 2 workers on 2 cores).
	share := max(1, runtime.GOMAXPROCS(0)/workers)
	for _, c := range l.copies {
		c.Model.SetThreads(share)
	}
	if r, ok := job.ReadRecord(p.Checkpoint); ok {
		l.record = &r
	}
	return l, nil
}

// ErrTooManyCopies is the error of more workers than there is memory for
// their copies of a model: refused before the copies are made, rather
// than ended partway by the kernel or by Go's out-of-memory crash.
type ErrTooManyCopies struct {
	Model       string
	Workers     int
	Copy, Limit int64 // bytes
	Source      string
}

func (e *ErrTooManyCopies) Error() string {
	return fmt.Sprintf("%s: %d workers would each hold a copy of its %s of weights, more than the %s %s", e.Model, e.Workers, human.Size(e.Copy), human.Size(e.Limit), e.Source)
}

// checkCopies refuses workers copies of p's weights that the machine's
// memory cannot hold. It counts the weights alone, so it refuses only what
// cannot fit.
func checkCopies(p *predict.Predictor, workers int) error {
	var params int64
	for _, m := range p.Model.Members() {
		params += int64(m.Config().NumParams())
	}
	one := 4 * params // float32
	limit, source := job.MemoryLimit()
	if limit > 0 && one > 0 && int64(workers) > limit/one {
		return &ErrTooManyCopies{Model: p.Name, Workers: workers, Copy: one, Limit: limit, Source: source}
	}
	return nil
}

// Reload loads every model from its file again and swaps in each that
// loads completely; a missing or damaged file leaves its model serving,
// and says why in the log. The built-in model has no file to reload.
func (s *Server) Reload() {
	s.reloading.Lock()
	defer s.reloading.Unlock()
	for _, name := range s.order {
		sl := s.models[name]
		if sl.path == "" {
			continue
		}
		l, err := reload(sl.path, s.cfg.Workers)
		if err != nil {
			s.metrics.reloads.WithLabelValues(name, "failed").Inc()
			s.log.Error("reload failed; the model loaded before keeps serving", "model", name, "file", sl.path, "err", err)
			continue
		}
		old := sl.cur.Swap(l)
		s.metrics.setModel(name, old.copies[0], l.copies[0])
		s.metrics.reloads.WithLabelValues(name, "ok").Inc()
		s.log.Info("model reloaded", "model", name, "file", sl.path, "classes", l.names)
	}
}

// reload is load for a file read before. A named pipe no one writes to
// would hold the reload for good, and every reload after it, which take
// turns, without a word in the log; the pipe a model was first read from
// (<(zcat m.gob.gz)) holds nothing to read again anyway.
func reload(path string, workers int) (*loaded, error) {
	if info, err := os.Stat(path); err == nil && info.Mode()&fs.ModeNamedPipe != 0 {
		return nil, fmt.Errorf("%s: a named pipe, not a file a reload can read the model from again", path)
	}
	return load(path, workers)
}

// describe is a model's metadata for GET /v2/models/{name}.
func describe(name string, l *loaded) map[string]any {
	p := l.copies[0]
	c := p.Checkpoint
	params := map[string]any{
		"classes":      l.names,
		"labels":       p.Labels(),
		"file":         p.Name,
		"loaded":       l.at.Format(time.RFC3339),
		"architecture": architecture(c.Config),
		"max_len":      c.MaxLen,
		"vocab_size":   len(c.Vocab),
		"networks":     len(p.Model.Members()),
	}
	if l.record != nil {
		params["training"] = l.record
	}
	return map[string]any{
		"name":     name,
		"versions": []string{},
		"platform": "rnnsent",
		"inputs":   []tensorMeta{{"text", "BYTES", []int{-1}}},
		"outputs": []tensorMeta{
			{"label", "BYTES", []int{-1}},
			{"probabilities", "FP32", []int{-1, len(l.names)}},
		},
		"parameters": params,
	}
}

type tensorMeta struct {
	Name     string `json:"name"`
	Datatype string `json:"datatype"`
	Shape    []int  `json:"shape"`
}

func itoa(n int) string { return strconv.Itoa(n) }
