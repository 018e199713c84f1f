package train

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/model"
)

// outcome is what a run leaves: the final weights, the weights of its best
// epoch (what the command line saves) and its history without timings.
type outcome struct {
	weights, best []model.Tensor
	history       []Epoch
}

// trainInterrupted trains a fresh model with opt, cancelling it after each
// of the batch counts in stops (counted over the whole run) and resuming
// each time the way a new process would: from the state's encoding, with
// the weights copied into a model initialized otherwise.
func trainInterrupted(t *testing.T, cfg model.Config, opt Options, trainSet, val dataset.Set, stops []int) outcome {
	t.Helper()
	m := toyModel(t, cfg, 7)
	st := NewState(opt)
	var out outcome
	batches := 0
	for i := 0; ; i++ {
		ctx, cancel := context.WithCancel(context.Background())
		hooks := Hooks{
			Batch: func(int, int, int, float64) {
				batches++
				if i < len(stops) && batches == stops[i] {
					cancel()
				}
			},
			Best: func(Epoch) error { out.best = m.Tensors(); return nil },
		}
		if i < len(stops) && stops[i] == 0 {
			cancel()
		}
		res, err := Resume(ctx, m, trainSet, val, st, hooks)
		cancel()
		if i == len(stops) {
			if err != nil || res.Interrupted != nil {
				t.Fatalf("final part: error %v, interrupted %v", err, res.Interrupted != nil)
			}
			out.weights, out.history = m.Tensors(), res.History
			return out
		}
		if !errors.Is(err, context.Canceled) || res.Interrupted == nil {
			t.Fatalf("stop %d: got error %v and state %v, want context.Canceled and a state", i, err, res.Interrupted)
		}
		st, m = reload(t, res.Interrupted, m, cfg)
		if out.best == nil {
			out.best = st.BestWeights
		}
	}
}

// reload is a new process taking over: the state through its encoding, the
// weights into a model whose own initial weights differ.
func reload(t *testing.T, st *State, m *model.Model[float32], cfg model.Config) (*State, *model.Model[float32]) {
	t.Helper()
	b, err := st.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back State
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	fresh := toyModel(t, cfg, 99)
	for i, p := range fresh.Params() {
		copy(p.W, m.Params()[i].W)
	}
	return &back, fresh
}

func withoutTimings(h []Epoch) []Epoch {
	out := make([]Epoch, len(h))
	for i, e := range h {
		e.Seconds, e.TokensPerSecond = 0, 0
		out[i] = e
	}
	return out
}

func TestResumedRunEndsBitIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	trainSet, val := negationSet(200, rng), negationSet(50, rng)
	opt := Options{Epochs: 4, BatchSize: 16, LR: 0.01, Clip: 5, Patience: 3, Seed: 3}
	// 200 examples in batches of 16: 13 batches an epoch.
	tests := []struct {
		name    string
		cfg     model.Config
		average float64
		decay   float64
		stops   []int
	}{
		{"mid-epoch, GRU with dropout", model.Config{Arch: model.ArchRecurrent, Cell: model.CellGRU, Layers: 2, Dropout: 0.3}, 0, 0, []int{20}},
		{"in the first epoch, before any best", model.Config{Arch: model.ArchRecurrent, Cell: model.CellLSTM, Layers: 1, Dropout: 0.2}, 0, 0, []int{5}},
		{"before the first batch", model.Config{Arch: model.ArchRecurrent, Cell: model.CellLSTM, Layers: 1}, 0, 0, []int{0}},
		{"after an epoch's last batch", model.Config{Arch: model.ArchBOW, Dropout: 0.5}, 0, 0, []int{13}},
		{"again and again", model.Config{Arch: model.ArchRecurrent, Cell: model.CellRNN, Layers: 1, Bidirectional: true, Dropout: 0.1},
			0, 0, []int{3, 4, 17, 26, 40}},
		{"with a moving average of the weights", model.Config{Arch: model.ArchRecurrent, Cell: model.CellLSTM, Layers: 1, Dropout: 0.2},
			0.95, 0, []int{0, 9, 13, 30}},
		{"with weight decay", model.Config{Arch: model.ArchRecurrent, Cell: model.CellLSTM, Layers: 1, Dropout: 0.2},
			0, 1, []int{7, 26}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := opt
			opt.Average, opt.WeightDecay = tt.average, tt.decay
			want := trainInterrupted(t, tt.cfg, opt, trainSet, val, nil)
			got := trainInterrupted(t, tt.cfg, opt, trainSet, val, tt.stops)
			if !reflect.DeepEqual(got.weights, want.weights) {
				t.Error("final weights differ from an uninterrupted run's")
			}
			if !reflect.DeepEqual(got.best, want.best) {
				t.Error("best weights differ from an uninterrupted run's")
			}
			if g, w := withoutTimings(got.history), withoutTimings(want.history); !reflect.DeepEqual(g, w) {
				t.Errorf("history\n got %+v\nwant %+v", g, w)
			}
		})
	}
}

func TestInterruptedStateSaysWhereItStopped(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	trainSet, val := negationSet(100, rng), negationSet(20, rng)
	ctx, cancel := context.WithCancel(context.Background())
	done := 0
	hooks := Hooks{Batch: func(int, int, int, float64) {
		if done++; done == 9 { // the second epoch's third batch: 7 batches an epoch
			cancel()
		}
	}}
	opt := Options{Epochs: 3, BatchSize: 16, LR: 0.01, Seed: 1}
	res, _ := Run(ctx, toyModel(t, model.Config{Arch: model.ArchBOW}, 1), trainSet, val, opt, hooks)
	st := res.Interrupted
	if st == nil {
		t.Fatal("no state after a cancellation")
	}
	if st.Epoch != 2 || st.Batch != 2 || st.AdamStep != 9 || len(st.History) != 1 || st.Best.Epoch != 1 ||
		st.BestWeights == nil || st.Seen != 32 || st.Options != opt {
		t.Errorf("state at epoch %d, batch %d, step %d, %d epochs done, best %d, %d seen; want 2, 2, 9, 1, 1, 32",
			st.Epoch, st.Batch, st.AdamStep, len(st.History), st.Best.Epoch, st.Seen)
	}
}

func TestCheckpointHookGetsAStateToResumeFrom(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	trainSet, val := negationSet(100, rng), negationSet(20, rng)
	cfg := model.Config{Arch: model.ArchRecurrent, Cell: model.CellLSTM, Layers: 1, Dropout: 0.2}
	opt := Options{Epochs: 2, BatchSize: 16, LR: 0.01, Seed: 1}
	want := trainInterrupted(t, cfg, opt, trainSet, val, nil)

	m := toyModel(t, cfg, 7)
	var saved []int
	var at10 *State
	var weightsAt10 *model.Model[float32]
	hooks := Hooks{CheckpointEvery: 5, Checkpoint: func(st *State) error {
		saved = append(saved, st.AdamStep)
		if st.AdamStep == 10 {
			at10, weightsAt10 = reload(t, st, m, cfg)
		}
		return nil
	}}
	if _, err := Run(context.Background(), m, trainSet, val, opt, hooks); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(saved, []int{5, 10}) {
		t.Errorf("checkpoints after steps %v, want 5 and 10 of 14", saved)
	}
	if _, err := Resume(context.Background(), weightsAt10, trainSet, val, at10, Hooks{}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(weightsAt10.Tensors(), want.weights) {
		t.Error("a run resumed from its step-10 checkpoint ends with other weights")
	}
}

func TestResumeRejectsAStateThatDoesNotFit(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	trainSet, val := negationSet(100, rng), negationSet(20, rng)
	cfg := model.Config{Arch: model.ArchBOW}
	ctx, cancel := context.WithCancel(context.Background())
	done := 0
	hooks := Hooks{Batch: func(int, int, int, float64) {
		if done++; done == 10 { // the second epoch's third batch, so that there are best weights
			cancel()
		}
	}}
	opt := Options{Epochs: 3, BatchSize: 16, LR: 0.01, Seed: 1}
	m := toyModel(t, cfg, 1)
	res, _ := Run(ctx, m, trainSet, val, opt, hooks)
	good := res.Interrupted
	if good == nil || good.BestWeights == nil {
		t.Fatal("no state with best weights")
	}
	other := toyModel(t, model.Config{Arch: model.ArchRecurrent, Cell: model.CellGRU, Layers: 1}, 1)

	tests := []struct {
		name  string
		edit  func(*State)
		model *model.Model[float32]
		set   dataset.Set
		want  string
	}{
		{"epoch past the end", func(s *State) { s.Epoch = 4 }, m, trainSet,
			"cannot resume from this state: it stopped at epoch 4, batch 3, outside a run of 3 epochs"},
		{"history too short", func(s *State) { s.History = nil }, m, trainSet,
			"cannot resume from this state: it holds 0 finished epochs at epoch 2"},
		{"moments of another model", func(s *State) { s.AdamM = s.AdamM[:2] }, m, trainSet,
			"cannot resume from this state: Adam's first moment: 2 tensors for 5 parameters"},
		{"moment cut short", func(s *State) { s.AdamV = append([][]float32{s.AdamV[0][:1]}, s.AdamV[1:]...) }, m, trainSet,
			"cannot resume from this state: Adam's second moment: 1 values for embedding, which has 88"},
		{"another architecture", func(s *State) {}, other, trainSet,
			"cannot resume from this state: Adam's first moment: 5 tensors for 7 parameters"},
		{"damaged generator", func(s *State) { s.Dropout = []byte("pcg:") }, m, trainSet,
			"cannot resume from this state: dropout generator: invalid PCG encoding"},
		{"an average of another model", func(s *State) { s.Options.Average, s.Average = 0.9, [][]float32{{1}} }, m, trainSet,
			"cannot resume from this state: the weights' average: 1 tensors for 5 parameters"},
		{"best weights of another shape", func(s *State) { s.BestWeights = s.BestWeights[1:] }, m, trainSet,
			"cannot resume from this state: best weights: checkpoint has 4 tensors, a bow model has 5"},
		{"fewer training examples", func(s *State) { s.Batch = 7 }, m, dataset.Set{Seqs: trainSet.Seqs[:20], Labels: trainSet.Labels[:20]},
			"cannot resume at batch 7 of an epoch of 2 batches: the training data is not the run's"},
		{"bad options", func(s *State) { s.Options.LR = 0 }, m, trainSet, "LR must be a positive number, got 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, _ := reload(t, good, m, cfg)
			tt.edit(st)
			_, err := Resume(context.Background(), tt.model, tt.set, val, st, Hooks{})
			if err == nil || err.Error() != tt.want {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// TestStoppedMidStepResumesBitIdentical cancels runs at moments that fall,
// mostly, inside a training step or a validation pass, which the stop flag
// abandons part way: whatever the moment, the resumed run ends with the
// weights of an uninterrupted one.
func TestStoppedMidStepResumesBitIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	trainSet, val := negationSet(300, rng), negationSet(300, rng)
	cfg := model.Config{Arch: model.ArchRecurrent, Cell: model.CellLSTM, Layers: 2, Dropout: 0.2}
	opt := Options{Epochs: 3, BatchSize: 16, LR: 0.01, Clip: 5, Average: 0.9, Seed: 4}
	start := time.Now()
	want := trainInterrupted(t, cfg, opt, trainSet, val, nil)
	whole := time.Since(start)
	parts := 0
	for _, share := range []int{50, 17, 7} {
		after := whole / time.Duration(share)
		t.Run(fmt.Sprintf("every 1/%d of a run", share), func(t *testing.T) {
			m := toyModel(t, cfg, 7)
			st := NewState(opt)
			// Each part runs longer than the one before, so that a stop
			// that abandons the step under way cannot stall the run.
			for ; ; after *= 2 {
				parts++
				ctx, cancel := context.WithCancel(context.Background())
				timer := time.AfterFunc(after, cancel)
				res, err := Resume(ctx, m, trainSet, val, st, Hooks{})
				timer.Stop()
				cancel()
				if res.Interrupted == nil {
					if err != nil {
						t.Fatal(err)
					}
					break
				}
				st, m = reload(t, res.Interrupted, m, cfg)
			}
			if !reflect.DeepEqual(m.Tensors(), want.weights) {
				t.Error("final weights differ from an uninterrupted run's")
			}
		})
	}
	// A machine busy enough to run all three before their first stop
	// would leave nothing tested.
	if parts == 3 {
		t.Error("no run was stopped")
	}
}
