package train

import (
	"context"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/rnnsent/rnnsent/internal/model"
)

// The moving average changes what is validated and kept, never how the
// network trains: a run with it ends with the same weights as a run
// without, and keeps the average of the weights after each step.
func TestAverageIsValidatedAndKeptWhileTrainingGoesOnUnchanged(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	trainSet, val := negationSet(120, rng), negationSet(40, rng)
	cfg := model.Config{Arch: model.ArchRecurrent, Cell: model.CellLSTM, Layers: 1, Dropout: 0.2}
	opt := toyOptions
	opt.Epochs = 3

	plain := toyModel(t, cfg, 5)
	if _, err := Run(context.Background(), plain, trainSet, val, opt, Hooks{}); err != nil {
		t.Fatal(err)
	}

	opt.Average = 0.9
	m := toyModel(t, cfg, 5)
	// The average the way the doc comment defines it, from the weights
	// after each step.
	want := make([][]float32, len(m.Params()))
	for i, p := range m.Params() {
		want[i] = slices.Clone(p.W)
	}
	step := 0
	var validated, kept [][]model.Tensor
	hooks := Hooks{
		Batch: func(int, int, int, float64) {
			step++
			keep := float32(min(0.9, float64(1+step)/float64(10+step)))
			for i, p := range m.Params() {
				for j, w := range p.W {
					want[i][j] += (1 - keep) * (w - want[i][j])
				}
			}
		},
		Best: func(Epoch) error { kept = append(kept, m.Tensors()); return nil },
		Epoch: func(Epoch) {
			avg := toyModel(t, cfg, 5)
			for i, p := range avg.Params() {
				copy(p.W, want[i])
			}
			validated = append(validated, avg.Tensors())
		},
	}
	res, err := Run(context.Background(), m, trainSet, val, opt, hooks)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m.Tensors(), plain.Tensors()) {
		t.Error("the average changed the trained weights")
	}
	if len(kept) == 0 {
		t.Fatal("no epoch was kept")
	}
	best := res.Best.Epoch - 1
	if !reflect.DeepEqual(kept[len(kept)-1], validated[best]) {
		t.Error("the kept weights are not the average after the best epoch")
	}
	if reflect.DeepEqual(kept[len(kept)-1], m.Tensors()) {
		t.Error("the kept weights are the trained ones")
	}
}

// Early steps follow the weights closely: after a short run the average
// is mostly that of its last fifth, whatever the decay.
func TestAverageOfAShortRunIsMostlyItsLastFifth(t *testing.T) {
	p := &model.Param[float32]{W: []float32{0}}
	a := newAverage([]*model.Param[float32]{p}, 0.999, nil)
	for step := 1; step <= 100; step++ {
		if step > 80 {
			p.W[0] = 1
		}
		a.begin(step)
		a.apply(0, p.W, 0, 1)
	}
	// Steps 81 to 100 keep (1+t)/(10+t) each, whose product is 0.152.
	if got := a.w[0][0]; got < 0.84 || got > 0.86 {
		t.Errorf("the last 20 of 100 steps have %v of the average, want 0.848", got)
	}
}

// One step of the average over the weights of the default LSTM(200) with a
// 128-wide embedding, as BenchmarkAdamUpdate: what --average adds to a step.
func BenchmarkAverageUpdate(b *testing.B) {
	const n = 584201
	p := &model.Param[float32]{W: make([]float32, n)}
	a := newAverage([]*model.Param[float32]{p}, 0.999, nil)
	for j := range p.W {
		p.W[j] = float32(j%7-3) * 0.01
	}
	b.ReportAllocs()
	step := 0
	for b.Loop() {
		step++
		a.begin(step)
		a.apply(0, p.W, 0, n)
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds()/1e6, "Mweights/s")
}
