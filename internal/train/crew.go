package train

import (
	"runtime"
	"sync/atomic"
	"time"
)

// A crew runs the parts of one job at a time on the calling goroutine and a
// few helper goroutines that outlive the job.
//
// A training step is three such jobs (the shards, adding their gradients,
// the update) of a few milliseconds each. Goroutines started per job, or
// helpers that sleep between jobs, must be woken each time, and waking a
// goroutine on an idle CPU of a virtual machine was measured here to cost
// up to a millisecond: two threads then trained only 1.4 times as fast as
// one. So helpers, and a caller waiting for them, look for work for a
// while (spin) before they sleep; during training the jobs come back to back
// and nobody sleeps.
type crew struct {
	size    int // the caller and size-1 helpers
	tasks   chan crewTask
	pending atomic.Int64  // helpers' tasks of the current job not yet finished
	wake    chan struct{} // a helper finished the job's last task; may be stale
}

type crewTask struct {
	f                func(i int)
	first, n, stride int
}

// crewSpin is how long an idle goroutine of the crew keeps looking for work.
const crewSpin = 200 * time.Microsecond

// newCrew starts size-1 helpers; close stops them.
func newCrew(size int) *crew {
	c := &crew{size: max(1, size), tasks: make(chan crewTask, size), wake: make(chan struct{}, 1)}
	for range c.size - 1 {
		go c.help()
	}
	return c
}

// close stops the helpers once they finish; the crew must be idle.
func (c *crew) close() { close(c.tasks) }

// run calls f(i) for every i in [0, n), spread over the crew, and returns
// when all calls have.
func (c *crew) run(n int, f func(i int)) {
	w := min(c.size, n)
	c.pending.Store(int64(w - 1))
	for g := 1; g < w; g++ {
		c.tasks <- crewTask{f: f, first: g, n: n, stride: w}
	}
	for i := 0; i < n; i += w {
		f(i)
	}
	for deadline := time.Now().Add(crewSpin); c.pending.Load() != 0; {
		if time.Now().After(deadline) {
			<-c.wake // a token left from an earlier job only brings the check round again
		} else {
			runtime.Gosched()
		}
	}
}

func (c *crew) help() {
	for {
		t, ok := c.next()
		if !ok {
			return
		}
		for i := t.first; i < t.n; i += t.stride {
			t.f(i)
		}
		if c.pending.Add(-1) == 0 {
			select {
			case c.wake <- struct{}{}:
			default:
			}
		}
	}
}

// next waits for a task, spinning first; ok is false once the crew closes.
func (c *crew) next() (t crewTask, ok bool) {
	for deadline := time.Now().Add(crewSpin); time.Now().Before(deadline); {
		select {
		case t, ok = <-c.tasks:
			return t, ok
		default:
			runtime.Gosched()
		}
	}
	t, ok = <-c.tasks
	return t, ok
}
