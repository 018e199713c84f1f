package job

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/rnnsent/rnnsent/internal/charts"
	"github.com/rnnsent/rnnsent/internal/train"
)

// Result is what a finished run wrote.
type Result struct {
	Record  Record        // as the model file holds it
	History []train.Epoch // the epochs of the last network trained
}

// Plot draws the loss and accuracy of each epoch of the last network
// trained as a PNG image.
func (res Result) Plot(w io.Writer) error {
	epochs := make([]charts.Epoch, len(res.History))
	for i, e := range res.History {
		epochs[i] = charts.Epoch{Epoch: e.Epoch, Loss: e.Loss, Accuracy: e.Accuracy, ValLoss: e.ValLoss, ValAccuracy: e.ValAccuracy}
	}
	return charts.Training(w, epochs)
}

// Interrupted is the error of a run whose context was cancelled: it has
// written the resume file, and the best model so far where there is one.
type Interrupted struct {
	Position   string // "at epoch 2, batch 311", or "in member 2/3 at epoch 2, batch 311"
	Kept       string // which model the model file holds: "epoch 1", "2 of 3 members"; "" when no epoch has finished
	Model      string
	ResumeFile string
}

func (e *Interrupted) Error() string {
	msg := "interrupted " + e.Position
	if e.Kept == "" {
		return msg + "; no epoch has finished, so there is no model yet"
	}
	return fmt.Sprintf("%s; the best model so far (%s) is in %s", msg, e.Kept, e.Model)
}

// Run trains every network of the job still to train, writing the model
// file after each improving epoch. When ctx is cancelled it stops within a
// time step, abandoning the batch under way, and returns an *Interrupted.
func (j *Job) Run(ctx context.Context, h Hooks) (Result, error) {
	defer j.Close()
	// Training's memory is mostly large buffers without pointers, which the
	// collector need not scan, and once they are sized a step allocates
	// little: an IMDB epoch collects twice. The default target, a heap twice
	// the live data, only raises the peak: one IMDB epoch (max length 400,
	// embedding 256) peaked at 576 MB with 50% and 525 MB with 25%, in the
	// same time.
	defer debug.SetGCPercent(debug.SetGCPercent(25))
	if j.opt.Threads > 0 {
		// The matrix products use GOMAXPROCS goroutines. Beyond the cores
		// they only spin for work, and by the thousand the threads under
		// them (each with its stack) run into the process's limits:
		// --threads 10000 aborted in pthread_create with a stack trace.
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(min(j.opt.Threads, runtime.NumCPU())))
	}
	// Reading and encoding the data leaves garbage (the texts, their tokens,
	// the counts) as large as the encoded data; returned to the system now,
	// its pages are not still held when training's buffers are allocated.
	debug.FreeOSMemory()
	s := j.saver
	for {
		res, err := j.trainMember(ctx, h)
		if res.Interrupted != nil {
			return Result{}, s.interrupted(j.m, res.Interrupted)
		}
		if err != nil {
			return Result{}, s.withKept(err)
		}
		if err := s.save(len(res.History)); err != nil {
			return Result{}, s.withKept(err)
		}
		if n := len(res.History); n < j.state.Options.Epochs && h.Stopped != nil {
			h.Stopped(s.member, n)
		}
		if s.member == s.record.Networks()-1 {
			return Result{Record: s.record, History: res.History}, s.finished()
		}
		s.memberDone()
		if err := j.start(s.member + 1); err != nil {
			return Result{}, err
		}
	}
}

// trainMember trains the network j is at until its run ends.
func (j *Job) trainMember(ctx context.Context, h Hooks) (train.Result, error) {
	s, member := j.saver, j.saver.member
	hooks := train.Hooks{
		Best:            func(e train.Epoch) error { return s.best(j.m, e) },
		Checkpoint:      func(st *train.State) error { return s.saveResume(j.m, st) },
		CheckpointEvery: j.opt.CheckpointEvery,
	}
	if h.Epoch != nil {
		hooks.Epoch = func(e train.Epoch) { h.Epoch(member, e) }
	}
	if h.Batch != nil {
		hooks.Batch = func(epoch, done, total int, loss float64) { h.Batch(member, epoch, done, total, loss) }
	}
	return train.Resume(ctx, j.m, j.train, j.val, j.state, hooks)
}
