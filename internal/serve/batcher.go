package serve

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"github.com/rnnsent/rnnsent/internal/predict"
)

// task is one request's texts, waiting for the batcher, with the model the
// request started on: a reload while it waits does not change its answer.
type task struct {
	ctx   context.Context
	p     *predict.Predictor
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

// batcher is the one goroutine that runs a model: it takes the first
// waiting task, keeps taking tasks until the batch is full or that task has
// waited maxWait, runs one forward pass and answers each task.
type batcher struct {
	queue    chan *task
	queued   atomic.Int64 // texts in queue
	maxBatch int
	maxQueue int
	maxWait  time.Duration
	stop     chan struct{}
	stopped  chan struct{}
	// observe is told the texts of each forward pass and the answers.
	observe func(p *predict.Predictor, texts int, probs [][]float64)
}

func newBatcher(maxBatch, maxQueue int, maxWait time.Duration, observe func(*predict.Predictor, int, [][]float64)) *batcher {
	return &batcher{
		// Every task holds a text at least, so a queue bounded in texts
		// never has more tasks than this and a send never blocks.
		queue:    make(chan *task, maxQueue),
		maxBatch: maxBatch,
		maxQueue: maxQueue,
		maxWait:  maxWait,
		stop:     make(chan struct{}),
		stopped:  make(chan struct{}),
		observe:  observe,
	}
}

// submit queues j, or reports false at once when its texts would take the
// queue over its bound.
func (b *batcher) submit(j *task) bool {
	n := int64(len(j.texts))
	if b.queued.Add(n) > int64(b.maxQueue) {
		b.queued.Add(-n)
		return false
	}
	j.at = time.Now()
	j.done = make(chan result, 1)
	b.queue <- j
	return true
}

func (b *batcher) take(j *task) *task {
	b.queued.Add(-int64(len(j.texts)))
	return j
}

// run answers tasks until close; then it answers those still queued.
func (b *batcher) run() {
	defer close(b.stopped)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	var carry *task // taken, but too large for the batch before
	for {
		first := carry
		carry = nil
		if first == nil {
			select {
			case j := <-b.queue:
				first = b.take(j)
			case <-b.stop:
				b.drain()
				return
			}
		}
		batch, n := []*task{first}, len(first.texts)
		// The wait counts from when the first task was queued: behind a
		// busy model it has waited already, and takes only what is there.
		timer.Reset(time.Until(first.at.Add(b.maxWait)))
	gather:
		for n < b.maxBatch {
			var j *task
			select {
			case j = <-b.queue:
			default:
				select {
				case j = <-b.queue:
				case <-timer.C:
					break gather
				}
			}
			b.take(j)
			if n+len(j.texts) > b.maxBatch {
				carry = j
				break gather
			}
			batch, n = append(batch, j), n+len(j.texts)
		}
		timer.Stop()
		b.answer(batch)
	}
}

// drain answers the tasks queued before close.
func (b *batcher) drain() {
	for {
		select {
		case j := <-b.queue:
			b.answer([]*task{b.take(j)})
		default:
			return
		}
	}
}

// close stops run after the tasks queued so far and waits for it.
func (b *batcher) close() {
	close(b.stop)
	<-b.stopped
}

// answer runs the tasks of one batch, one forward pass per model among
// them (two only across a reload), and a trace text by text.
func (b *batcher) answer(batch []*task) {
	var models []*predict.Predictor
	for _, j := range batch {
		if j.ctx.Err() != nil {
			// Its caller has gone: nobody would read the answer.
			j.done <- result{err: j.ctx.Err()}
			continue
		}
		if j.trace {
			j.done <- b.trace(j)
			continue
		}
		if !slices.Contains(models, j.p) {
			models = append(models, j.p)
		}
	}
	for _, p := range models {
		var tasks []*task
		var texts []string
		for _, j := range batch {
			if j.p == p && !j.trace && j.ctx.Err() == nil {
				tasks = append(tasks, j)
				texts = append(texts, j.texts...)
			}
		}
		probs, err := b.forward(p, texts)
		for _, j := range tasks {
			if err != nil {
				j.done <- result{err: err}
				continue
			}
			j.done <- result{probs: probs[:len(j.texts):len(j.texts)]}
			probs = probs[len(j.texts):]
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

func (b *batcher) trace(j *task) (res result) {
	defer func() {
		if r := recover(); r != nil {
			res = result{err: fmt.Errorf("internal error in the model: %v", r)}
		}
	}()
	for _, t := range j.texts {
		steps, err := j.p.Trace(t)
		if err != nil {
			return result{err: err}
		}
		res.steps = append(res.steps, steps)
		res.probs = append(res.probs, steps[len(steps)-1].Probs)
		b.observe(j.p, 1, res.probs[len(res.probs)-1:])
	}
	return res
}
