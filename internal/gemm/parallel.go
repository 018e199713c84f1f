package gemm

import (
	"sync"
	"sync/atomic"
	"time"
)

// Sharing a product between goroutines.
//
// A job is one Sgemm call cut into parts, blocks of whole tiles of C. The
// calling goroutine posts the job to the workers, then claims parts itself
// until none are left, and waits for the parts the workers claimed. So a
// call never waits for a worker that has not started: a slow worker only
// finds nothing left to do.
//
// Waking a sleeping goroutine on an idle CPU takes tens of microseconds in
// a virtual machine, as long as a whole per-step product of an LSTM. So a
// worker that has finished a part looks for the next job for a while
// (spin) before it sleeps, and so does a caller waiting for its parts;
// during training the products come back to back and the workers never
// sleep.
//
// Jobs and workspaces are recycled, to keep calls from allocating. A worker
// may take a job from the queue after it has been recycled; the generation
// number in the job's state then makes its claim fail.

const (
	spin     = 100 * time.Microsecond
	maxParts = 1<<partBits - 1

	partBits = 12
	partMask = 1<<partBits - 1
	genShift = 2 * partBits
	genMask  = 1<<(64-genShift) - 1
)

// A job is one Sgemm call shared between goroutines.
type job struct {
	pr     problem
	byRows bool // parts are blocks of rows rather than of columns
	tiles  int  // tiles of mr rows or nr columns

	// state is generation<<genShift | parts<<partBits | next part to claim.
	state    atomic.Uint64
	finished atomic.Int64
	done     chan struct{} // receives once all parts are finished
}

// A jobRef is a job as posted to the workers, with its generation.
type jobRef struct {
	j   *job
	gen uint64
}

var (
	// Free lists of jobs and of the callers' workspaces. Unlike a
	// sync.Pool, they keep their contents across garbage collections, so a
	// training loop does not reallocate its buffers after each one.
	freeJobs       = make(chan *job, 16)
	freeWorkspaces = make(chan *workspace, 16)

	jobGen atomic.Uint64

	// The workers, started as calls need them and never stopped. Each has
	// its own workspace.
	workersMu sync.Mutex
	workers   atomic.Int64
	jobQueue  = make(chan jobRef, 64)
)

// runJob computes pr in parts blocks of tiles, by rows or by columns.
func runJob(pr *problem, byRows bool, tiles, parts int) {
	var j *job
	select {
	case j = <-freeJobs:
	default:
		j = &job{done: make(chan struct{}, 1)}
	}
	j.pr = *pr
	j.byRows, j.tiles = byRows, tiles
	j.finished.Store(0)
	gen := jobGen.Add(1) & genMask
	j.state.Store(gen<<genShift | uint64(parts)<<partBits)

	startWorkers(parts - 1)
	for range parts - 1 {
		select {
		case jobQueue <- jobRef{j, gen}:
		default: // the workers are busy: the caller does the parts
		}
	}
	w := getWorkspace()
	j.run(gen, w)
	putWorkspace(w)
	wait(j.done)
	j.pr = problem{}
	select {
	case freeJobs <- j:
	default:
	}
}

// getWorkspace returns a free workspace, new if there is none.
func getWorkspace() *workspace {
	select {
	case w := <-freeWorkspaces:
		return w
	default:
		return new(workspace)
	}
}

// putWorkspace returns w to the free list, or drops it if the list is full.
func putWorkspace(w *workspace) {
	select {
	case freeWorkspaces <- w:
	default:
	}
}

// run claims and computes parts of generation gen of j until none are left.
func (j *job) run(gen uint64, w *workspace) {
	for {
		s := j.state.Load()
		next, parts := int(s&partMask), int(s>>partBits&partMask)
		if s>>genShift != gen || next >= parts {
			return
		}
		if !j.state.CompareAndSwap(s, s+1) {
			continue
		}
		// The claim succeeded, so j holds generation gen until this part
		// is finished, and no longer.
		lo, hi := next*j.tiles/parts, (next+1)*j.tiles/parts
		pr := &j.pr
		if j.byRows {
			w.compute(pr, lo*mr, min(hi*mr, pr.m), 0, pr.n)
		} else {
			w.compute(pr, 0, pr.m, lo*nr, min(hi*nr, pr.n))
		}
		if j.finished.Add(1) == int64(parts) {
			j.done <- struct{}{}
		}
	}
}

// wait receives from done, spinning for a while before it sleeps.
func wait(done chan struct{}) {
	start := time.Now()
	for i := 0; ; i++ {
		select {
		case <-done:
			return
		default:
		}
		if i%16 == 15 && time.Since(start) > spin {
			break
		}
	}
	<-done
}

// startWorkers makes sure at least n workers exist.
func startWorkers(n int) {
	if int(workers.Load()) >= n {
		return
	}
	workersMu.Lock()
	defer workersMu.Unlock()
	for int(workers.Load()) < n {
		go worker()
		workers.Add(1)
	}
}

func worker() {
	w := new(workspace)
	for {
		ref, ok := poll()
		if !ok {
			ref = <-jobQueue
		}
		ref.j.run(ref.gen, w)
	}
}

// poll looks for a job for a while.
func poll() (jobRef, bool) {
	start := time.Now()
	for i := 0; ; i++ {
		select {
		case ref := <-jobQueue:
			return ref, true
		default:
		}
		if i%16 == 15 && time.Since(start) > spin {
			return jobRef{}, false
		}
	}
}
