package train

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync/atomic"
	"time"

	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/model"
)

// Options are the training settings.
type Options struct {
	Epochs      int
	BatchSize   int
	LR          float64 // Adam's step size in the first epoch
	LRDecay     float64 // factor on the step size after each epoch that did not improve validation accuracy; 0 means 1, a constant rate
	Clip        float64 // largest global gradient norm; 0 turns clipping off
	Patience    int     // stop after this many epochs without a better validation accuracy; 0 never stops early
	Average     float64 // decay of the moving average of the weights that is validated and kept; 0 keeps the weights as trained
	WeightDecay float64 // each step shrinks the weights other than biases by the share LR·WeightDecay (AdamW's decoupled decay); 0 turns it off
	Seed        uint64  // batch order and dropout; the same seed gives the same model
}

// Validate reports the first bad setting, named by its field: the
// command line checks its flags first, in their own words, so these
// messages reach a caller of the package or a damaged resume file.
func (o Options) Validate() error {
	switch {
	case o.Epochs < 1:
		return fmt.Errorf("Epochs must be at least 1, got %d", o.Epochs)
	case o.BatchSize < 1:
		return fmt.Errorf("BatchSize must be at least 1, got %d", o.BatchSize)
	case !(o.LR > 0) || math.IsInf(o.LR, 0):
		return fmt.Errorf("LR must be a positive number, got %g", o.LR)
	case !(o.LRDecay >= 0 && o.LRDecay <= 1):
		return fmt.Errorf("LRDecay must be between 0 and 1, got %g", o.LRDecay)
	case !(o.Clip >= 0) || math.IsInf(o.Clip, 0):
		return fmt.Errorf("Clip must be 0 or positive, got %g", o.Clip)
	case o.Patience < 0:
		return fmt.Errorf("Patience must be 0 or positive, got %d", o.Patience)
	case !(o.Average >= 0 && o.Average < 1):
		return fmt.Errorf("Average must be at least 0 and below 1, got %g", o.Average)
	case !(o.WeightDecay >= 0) || math.IsInf(o.WeightDecay, 0):
		return fmt.Errorf("WeightDecay must be 0 or positive, got %g", o.WeightDecay)
	case o.LR*o.WeightDecay >= 1:
		return fmt.Errorf("WeightDecay %g times LR %g must be below 1, or every step would wipe out the weights", o.WeightDecay, o.LR)
	}
	return nil
}

// ValidationBatch is how many examples a validation pass predicts at once:
// more than a training step, as prediction keeps no gradients. A batch
// size past an eighth of the largest int saturates rather than overflows.
func (o Options) ValidationBatch() int { return 8 * min(o.BatchSize, math.MaxInt/8) }

// lrAfter is the step size for the epoch after history: decayed once for
// every epoch that did not improve validation accuracy. A rate decayed on a
// fixed timetable suits one size of data set only: halved every epoch, it
// let the SST-2 phrases and IMDB settle but stopped a 2,000-review set from
// learning before it had seen each review ten times. Decayed on the
// plateaus, it stays up while validation still improves.
func (o Options) lrAfter(history []Epoch) float64 {
	lr := o.LR
	if o.LRDecay == 0 {
		return lr
	}
	for _, e := range history {
		if !e.Improved {
			lr *= o.LRDecay
		}
	}
	return lr
}

// Epoch describes one finished epoch.
type Epoch struct {
	Epoch           int
	Loss            float64 // mean training loss
	Accuracy        float64 // training accuracy, measured while the weights changed
	ValLoss         float64
	ValAccuracy     float64
	Seconds         float64 // training time, validation excluded
	TokensPerSecond float64
	Improved        bool // best validation accuracy so far
}

// Hooks let the caller watch and act on training. Any of them may be nil.
type Hooks struct {
	Batch func(epoch, done, total int, loss float64) // after every batch, with the running mean loss
	Best  func(Epoch) error                          // after an epoch that improved validation accuracy: save the model now (it holds the validated weights during the call)
	Epoch func(Epoch)                                // after every epoch, after Best
	// Checkpoint is called after every CheckpointEvery-th batch of the run
	// with the state to resume from, so that a crash loses little. The
	// state shares memory with the run: it is valid only during the call.
	Checkpoint      func(*State) error
	CheckpointEvery int
}

// Result is the outcome of Run and Resume.
type Result struct {
	History []Epoch
	Best    Epoch // the epoch with the highest validation accuracy
	// Interrupted is where the run stopped when its context was cancelled,
	// to Resume from; nil otherwise.
	Interrupted *State
}

// Run trains m on train, validating on val after every epoch, until the
// epochs run out, validation stops improving for Patience epochs, or ctx is
// cancelled: then it returns ctx's error within a time step (the batch
// under way is abandoned, and redone on resuming), with the epochs finished
// so far and the state to resume from.
func Run(ctx context.Context, m *model.Model[float32], train, val dataset.Set, opt Options, hooks Hooks) (Result, error) {
	return Resume(ctx, m, train, val, NewState(opt), hooks)
}

// Resume goes on with the run st describes, with st's options. m must hold
// the weights it had when st was taken, and train and val must be the run's
// sets; then the run ends exactly as it would have without the pause.
func Resume(ctx context.Context, m *model.Model[float32], train, val dataset.Set, st *State, hooks Hooks) (Result, error) {
	r, err := newRun(m, train, val, st)
	if err != nil {
		return Result{}, err
	}
	defer r.parallel.close()
	// A cancelled run stops within a time step, not at the end of a batch
	// that a wide network takes minutes over.
	var stop atomic.Bool
	m.SetStop(&stop)
	defer m.SetStop(nil)
	defer context.AfterFunc(ctx, func() { stop.Store(true) })()
	for ; r.st.Epoch <= r.st.Options.Epochs; r.nextEpoch() {
		stop, err := r.epoch(ctx, hooks)
		if err != nil || stop {
			return r.result(), err
		}
	}
	return r.result(), nil
}

// run is a training run under way.
type run struct {
	m          *model.Model[float32]
	params     []*model.Param[float32]
	train, val dataset.Set
	st         State // position, totals, history and best; the generators and moments live below
	shuffle    *rand.PCG
	dropout    *rand.PCG
	drop       *rand.Rand // draws from dropout
	adam       *adam
	avg        *average // nil unless Options.Average
	parallel   *parallelStep
	stopped    *State // set when ctx ends the run
}

func newRun(m *model.Model[float32], train, val dataset.Set, st *State) (*run, error) {
	if err := st.Options.Validate(); err != nil {
		return nil, err
	}
	if train.Len() == 0 || val.Len() == 0 {
		return nil, fmt.Errorf("need training and validation examples, got %d and %d", train.Len(), val.Len())
	}
	if err := st.Check(m); err != nil {
		return nil, err
	}
	r := &run{m: m, params: m.Params(), train: train, val: val, st: *st,
		shuffle: new(rand.PCG), dropout: new(rand.PCG), parallel: newParallelStep(m)}
	r.restore()
	return r, nil
}

// restore sets the generators and the optimizer from the checked state.
func (r *run) restore() {
	st := &r.st
	// Check has made sure that both decode.
	r.shuffle.UnmarshalBinary(st.Shuffle)
	r.dropout.UnmarshalBinary(st.Dropout)
	r.drop = rand.New(r.dropout)
	r.adam = newAdam(r.params, st.Options.LR, st.Options.WeightDecay)
	r.adam.step = st.AdamStep
	if st.AdamM != nil {
		r.adam.m, r.adam.v = st.AdamM, st.AdamV
	}
	if st.Options.Average > 0 {
		r.avg = newAverage(r.params, st.Options.Average, st.Average)
	}
	// Appending to the history must not write into the caller's.
	st.History = slices.Clip(st.History)
}

// epoch trains on the batches of the current epoch not yet done, then
// validates. It reports whether early stopping ends the run.
func (r *run) epoch(ctx context.Context, hooks Hooks) (stop bool, err error) {
	st, opt := &r.st, r.st.Options
	r.adam.lr = opt.lrAfter(st.History)
	st.Shuffle = marshalPCG(r.shuffle)
	plan := batches(r.train, opt.BatchSize, rand.New(r.shuffle))
	if st.Batch > len(plan) {
		return false, fmt.Errorf("cannot resume at batch %d of an epoch of %d batches: the training data is not the run's", st.Batch, len(plan))
	}
	start := time.Now()
	elapsed := func() float64 { return time.Since(start).Seconds() }
	for st.Batch < len(plan) {
		if err := ctx.Err(); err != nil {
			r.stopped = r.snapshot(elapsed())
			return false, err
		}
		if err := r.step(plan[st.Batch]); err != nil {
			if errors.Is(err, model.ErrStopped) {
				r.stopped = r.snapshot(elapsed())
				return false, ctx.Err()
			}
			return false, err
		}
		st.Batch++
		if hooks.Batch != nil {
			hooks.Batch(st.Epoch, st.Batch, len(plan), st.LossSum/float64(st.Seen))
		}
		// Counted over the run, so that the interval may exceed an epoch.
		if hooks.Checkpoint != nil && hooks.CheckpointEvery > 0 && r.adam.step%hooks.CheckpointEvery == 0 {
			if err := hooks.Checkpoint(r.snapshot(elapsed())); err != nil {
				return false, err
			}
		}
	}
	st.Seconds += elapsed()
	swapped := r.avg != nil
	if swapped {
		// The average is validated and kept; training goes on from the
		// weights themselves.
		r.avg.swap(r.params)
		defer func() {
			if swapped {
				r.avg.swap(r.params)
			}
		}()
	}
	vm, err := Evaluate(r.m, r.val, r.m.Config().Classes, opt.ValidationBatch())
	if errors.Is(err, model.ErrStopped) {
		// Paused with every batch done: resumed, the epoch validates.
		if swapped {
			r.avg.swap(r.params)
			swapped = false
		}
		r.stopped = r.snapshot(0)
		return false, ctx.Err()
	}
	if err != nil {
		return false, err
	}
	// The last update can overflow weights that no training loss has seen
	// yet; such a model must not become the best one.
	if math.IsNaN(vm.Loss) || math.IsInf(vm.Loss, 0) {
		return false, fmt.Errorf("epoch %d: the validation loss is not finite; try a lower learning rate", st.Epoch)
	}
	e := Epoch{Epoch: st.Epoch, Loss: st.LossSum / float64(st.Seen), Accuracy: float64(st.Correct) / float64(st.Seen),
		ValLoss: vm.Loss, ValAccuracy: vm.Accuracy, Seconds: st.Seconds, TokensPerSecond: float64(st.Tokens) / st.Seconds}
	if len(st.History) == 0 || e.ValAccuracy > st.Best.ValAccuracy {
		e.Improved = true
		st.Best, st.BestWeights, st.SinceBest = e, r.m.Tensors(), 0
		if hooks.Best != nil {
			if err := hooks.Best(e); err != nil {
				return false, err
			}
		}
	} else {
		st.SinceBest++
	}
	st.History = append(st.History, e)
	if hooks.Epoch != nil {
		hooks.Epoch(e)
	}
	return opt.Patience > 0 && st.SinceBest >= opt.Patience, nil
}

// step trains on one batch, the examples idx, and adds it to the totals.
func (r *run) step(idx []int) error {
	st := &r.st
	batch := r.train.Subset(idx)
	// A stopped step has drawn dropout masks it will never use; the run
	// resumes from the generator as the step found it.
	dropout := marshalPCG(r.dropout)
	lossSum, ok, norm, err := r.parallel.step(batch, r.drop)
	if errors.Is(err, model.ErrStopped) {
		r.dropout.UnmarshalBinary(dropout)
	}
	if err != nil {
		return err
	}
	if math.IsNaN(lossSum) || math.IsInf(lossSum, 0) {
		return fmt.Errorf("epoch %d, batch %d: the loss is not finite; try a lower learning rate", st.Epoch, st.Batch+1)
	}
	if math.IsNaN(norm) || math.IsInf(norm, 0) {
		return fmt.Errorf("epoch %d, batch %d: the gradient is not finite; try a lower learning rate", st.Epoch, st.Batch+1)
	}
	r.parallel.update(r.adam, r.avg, norm, st.Options.Clip)
	st.LossSum += lossSum
	st.Correct += ok
	st.Seen += len(idx)
	st.Tokens += batch.Tokens()
	return nil
}

// snapshot is the state to resume from now, elapsed seconds into the
// current part of the epoch.
func (r *run) snapshot(elapsed float64) *State {
	s := r.st
	s.Dropout = marshalPCG(r.dropout)
	s.AdamStep, s.AdamM, s.AdamV = r.adam.step, r.adam.m, r.adam.v
	if r.avg != nil {
		s.Average = r.avg.w
	}
	s.Seconds += elapsed
	return &s
}

// nextEpoch moves to the start of the next epoch.
func (r *run) nextEpoch() {
	st := &r.st
	st.Epoch++
	st.Batch, st.LossSum, st.Correct, st.Seen, st.Tokens, st.Seconds = 0, 0, 0, 0, 0, 0
}

func (r *run) result() Result {
	return Result{History: r.st.History, Best: r.st.Best, Interrupted: r.stopped}
}
