package train

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/rnnsent/rnnsent/internal/model"
)

// Options are the training settings.
type Options struct {
	Epochs    int
	BatchSize int
	LR        float64 // Adam's step size
	Clip      float64 // largest global gradient norm; 0 turns clipping off
	Patience  int     // stop after this many epochs without a better validation accuracy; 0 never stops early
	Seed      uint64  // batch order and dropout; the same seed gives the same model
}

// Validate reports the first bad setting, named by its flag.
func (o Options) Validate() error {
	switch {
	case o.Epochs < 1:
		return fmt.Errorf("--epochs must be at least 1, got %d", o.Epochs)
	case o.BatchSize < 1:
		return fmt.Errorf("--batch-size must be at least 1, got %d", o.BatchSize)
	case !(o.LR > 0) || math.IsInf(o.LR, 0):
		return fmt.Errorf("--lr must be a positive number, got %g", o.LR)
	case !(o.Clip >= 0) || math.IsInf(o.Clip, 0):
		return fmt.Errorf("--clip must be 0 or positive, got %g", o.Clip)
	case o.Patience < 0:
		return fmt.Errorf("--patience must be 0 or positive, got %d", o.Patience)
	}
	return nil
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
	Batch func(done, total int, loss float64) // after every batch, with the running mean loss
	Best  func(Epoch) error                   // after an epoch that improved validation accuracy: save the model now
	Epoch func(Epoch)                         // after every epoch, after Best
}

// Result is the outcome of Run.
type Result struct {
	History []Epoch
	Best    Epoch // the epoch with the highest validation accuracy
}

// Run trains m on train, validating on val after every epoch, until the
// epochs run out, validation stops improving for Patience epochs, or ctx is
// cancelled (then it returns ctx's error after the current batch, with the
// epochs finished so far).
func Run(ctx context.Context, m *model.Model[float32], train, val Set, opt Options, hooks Hooks) (Result, error) {
	var res Result
	if err := opt.Validate(); err != nil {
		return res, err
	}
	if train.Len() == 0 || val.Len() == 0 {
		return res, fmt.Errorf("need training and validation examples, got %d and %d", train.Len(), val.Len())
	}
	shuffle := rand.New(rand.NewPCG(opt.Seed, shuffleStream))
	dropout := rand.New(rand.NewPCG(opt.Seed, dropoutStream))
	params := m.Params()
	opt2 := newAdam(params, opt.LR)
	sinceBest := 0
	for epoch := 1; epoch <= opt.Epochs; epoch++ {
		start := time.Now()
		plan := batches(train, opt.BatchSize, shuffle)
		lossSum, correct, seen, tokens := 0.0, 0, 0, 0
		for b, idx := range plan {
			if err := ctx.Err(); err != nil {
				return res, err
			}
			batch := train.subset(idx)
			loss, ok, err := m.Step(batch.Seqs, batch.Labels, dropout)
			if err != nil {
				return res, err
			}
			if math.IsNaN(loss) || math.IsInf(loss, 0) {
				return res, fmt.Errorf("epoch %d, batch %d: the loss is not finite; try a lower --lr", epoch, b+1)
			}
			if norm := clipGlobalNorm(params, opt.Clip); math.IsNaN(norm) || math.IsInf(norm, 0) {
				return res, fmt.Errorf("epoch %d, batch %d: the gradient is not finite; try a lower --lr", epoch, b+1)
			}
			opt2.update(params)
			lossSum += loss * float64(len(idx))
			correct += ok
			seen += len(idx)
			tokens += batch.Tokens()
			if hooks.Batch != nil {
				hooks.Batch(b+1, len(plan), lossSum/float64(seen))
			}
		}
		secs := time.Since(start).Seconds()
		vm, err := Evaluate(m, val, opt.BatchSize*8)
		if err != nil {
			return res, err
		}
		e := Epoch{Epoch: epoch, Loss: lossSum / float64(seen), Accuracy: float64(correct) / float64(seen),
			ValLoss: vm.Loss, ValAccuracy: vm.Accuracy, Seconds: secs, TokensPerSecond: float64(tokens) / secs}
		if len(res.History) == 0 || e.ValAccuracy > res.Best.ValAccuracy {
			e.Improved = true
			res.Best = e
			sinceBest = 0
			if hooks.Best != nil {
				if err := hooks.Best(e); err != nil {
					return res, err
				}
			}
		} else {
			sinceBest++
		}
		res.History = append(res.History, e)
		if hooks.Epoch != nil {
			hooks.Epoch(e)
		}
		if opt.Patience > 0 && sinceBest >= opt.Patience {
			break
		}
	}
	return res, nil
}
