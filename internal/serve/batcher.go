package serve

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rnnsent/rnnsent/internal/predict"
)

// task is one request's texts, waiting for the batcher, with the model the
// request started on: a reload while it waits does not change its answer.
type task struct {
	ctx   context.Context
	l     *loaded
	texts []string
	trace bool
	at    time.Time // when it was queued
	done  chan result
}

type result struct {
	probs [][]float64
	steps [][]predict.Step // with trace: the answer after each token
	err   error
}

// batcher runs a model for its callers. Each of its workers, a goroutine
// with a copy of the model of its own, takes the first waiting task, keeps
// taking tasks until the batch is full or that task has waited maxWait,
// runs one forward pass and answers each task. While one worker runs a
// pass, another gathers the next batch.
type batcher struct {
	queue    chan *task
	queued   atomic.Int64 // texts in queue
	maxBatch int
	maxQueue int
	maxWait  time.Duration
	stop     chan struct{}
	stopped  sync.WaitGroup
	// observe is told the texts of each forward pass and the answers.
	observe func(p *predict.Predictor, texts int, probs [][]float64)
}

// newBatcher starts workers workers; a task's model must have a copy for
// each.
func newBatcher(workers, maxBatch, maxQueue int, maxWait time.Duration, observe func(*predict.Predictor, int, [][]float64)) *batcher {
	b := &batcher{
		// Every task holds a text at least, so a queue bounded in texts
		// never has more tasks than this and a send never blocks.
		queue:    make(chan *task, maxQueue),
		maxBatch: maxBatch,
		maxQueue: maxQueue,
		maxWait:  maxWait,
		stop:     make(chan struct{}),
		observe:  observe,
	}
	for w := range workers {
		b.stopped.Go(func() { b.run(w) })
	}
	return b
}

// submit queues t, or reports false at once when its texts would take the
// queue over its bound.
func (b *batcher) submit(t *task) bool {
	n := int64(len(t.texts))
	if b.queued.Add(n) > int64(b.maxQueue) {
		b.queued.Add(-n)
		return false
	}
	t.at = time.Now()
	t.done = make(chan result, 1)
	b.queue <- t
	return true
}

func (b *batcher) take(t *task) *task {
	b.queued.Add(-int64(len(t.texts)))
	return t
}

// run is worker w: it answers tasks until close, then those still queued.
func (b *batcher) run(w int) {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	var carry *task // taken, but too large for the batch before
	for {
		first := carry
		carry = nil
		if first == nil {
			select {
			case t := <-b.queue:
				first = b.take(t)
			case <-b.stop:
				b.drain(w)
				return
			}
		}
		batch, n := []*task{first}, len(first.texts)
		// The wait counts from when the first task was queued: behind a
		// busy model it has waited already, and takes only what is there.
		timer.Reset(time.Until(first.at.Add(b.maxWait)))
	gather:
		for n < b.maxBatch {
			var t *task
			select {
			case t = <-b.queue:
			default:
				select {
				case t = <-b.queue:
				case <-timer.C:
					break gather
				case <-b.stop:
					// Nothing more will join the batch: its callers
					// are answered now, not --max-wait after the stop.
					break gather
				}
			}
			b.take(t)
			if n+len(t.texts) > b.maxBatch {
				carry = t
				break gather
			}
			batch, n = append(batch, t), n+len(t.texts)
		}
		timer.Stop()
		b.answer(w, batch)
	}
}

// drain answers the tasks queued before close.
func (b *batcher) drain(w int) {
	for {
		select {
		case t := <-b.queue:
			b.answer(w, []*task{b.take(t)})
		default:
			return
		}
	}
}

// close stops the workers after the tasks queued so far and waits for
// them.
func (b *batcher) close() {
	close(b.stop)
	b.stopped.Wait()
}

// answer runs the tasks of one batch on worker w's copies of their models:
// one forward pass per model among them (two only across a reload), and a
// trace text by text.
func (b *batcher) answer(w int, batch []*task) {
	var models []*loaded
	var plain []*task
	for _, t := range batch {
		switch {
		case t.ctx.Err() != nil:
			// Its caller has gone: nobody would read the answer.
			t.done <- result{err: t.ctx.Err()}
		case t.trace:
			t.done <- b.trace(t.l.copies[w], t.texts)
		default:
			plain = append(plain, t)
			if !slices.Contains(models, t.l) {
				models = append(models, t.l)
			}
		}
	}
	for _, l := range models {
		var tasks []*task
		var texts []string
		for _, t := range plain {
			if t.l == l {
				tasks = append(tasks, t)
				texts = append(texts, t.texts...)
			}
		}
		probs, err := b.forward(l.copies[w], texts)
		for _, t := range tasks {
			if err != nil {
				t.done <- result{err: err}
				continue
			}
			t.done <- result{probs: probs[:len(t.texts):len(t.texts)]}
			probs = probs[len(t.texts):]
		}
	}
}

// forward is one pass of texts through p. A panic in the model is turned
// into an error: the batcher serves every other request too.
func (b *batcher) forward(p *predict.Predictor, texts []string) (probs [][]float64, err error) {
	defer func() {
		if r := recover(); r != nil {
			probs, err = nil, fmt.Errorf("internal error in the model: %v", r)
		}
	}()
	probs, err = p.Texts(texts, b.maxBatch)
	if err == nil {
		b.observe(p, len(texts), probs)
	}
	return probs, err
}

// trace answers texts one at a time with the answer after each token.
func (b *batcher) trace(p *predict.Predictor, texts []string) (res result) {
	defer func() {
		if r := recover(); r != nil {
			res = result{err: fmt.Errorf("internal error in the model: %v", r)}
		}
	}()
	for _, t := range texts {
		steps, err := p.Trace(t)
		if err != nil {
			return result{err: err}
		}
		res.steps = append(res.steps, steps)
		res.probs = append(res.probs, steps[len(steps)-1].Probs)
		b.observe(p, 1, res.probs[len(res.probs)-1:])
	}
	return res
}
