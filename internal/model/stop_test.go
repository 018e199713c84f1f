package model

import (
	"math/rand/v2"
	"slices"
	"sync/atomic"
	"testing"
)

// TestStopAbandonsAStepAndChangesNoWeight sets the stop flag of each kind
// of network before a training step: the step says it was stopped, no
// weight changed, and once the flag is clear the same step gives what it
// gives on a network that was never stopped.
func TestStopAbandonsAStepAndChangesNoWeight(t *testing.T) {
	seqs := [][]int{{2, 3, 4, 5, 6, 7}, {8, 9}, {10, 11, 3}}
	labels := []int{0, 1, 0}
	for _, cfg := range []Config{
		{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 2, Classes: 2, Vocab: 12, Embed: 5, Hidden: 6},
		{Arch: ArchRecurrent, Cell: CellGRU, Layers: 1, Bidirectional: true, Classes: 3, Vocab: 12, Embed: 5, Hidden: 6},
		{Arch: ArchRecurrent, Cell: CellRNN, Layers: 1, Classes: 2, Vocab: 12, Embed: 5, Hidden: 6},
	} {
		t.Run(caseName(cfg), func(t *testing.T) {
			m, err := New[float32](cfg, nil, rand.New(rand.NewPCG(1, 1)))
			if err != nil {
				t.Fatal(err)
			}
			var weights [][]float32
			for _, p := range m.Params() {
				weights = append(weights, slices.Clone(p.W))
			}
			var stop atomic.Bool
			m.SetStop(&stop)
			r := m.Replica()
			stop.Store(true)
			if _, _, err := r.StepShard(seqs, labels, 3, nil); err != ErrStopped {
				t.Fatalf("StepShard with the flag set: %v, want ErrStopped", err)
			}
			for i, p := range m.Params() {
				if !slices.Equal(p.W, weights[i]) {
					t.Fatalf("%s changed", p.Name)
				}
			}
			stop.Store(false)
			loss, _, err := r.StepShard(seqs, labels, 3, nil)
			if err != nil {
				t.Fatal(err)
			}
			fresh, _ := New[float32](cfg, nil, rand.New(rand.NewPCG(1, 1)))
			want, _, _ := fresh.StepShard(seqs, labels, 3, nil)
			if loss != want {
				t.Errorf("loss %v after a stopped step, %v on a fresh network", loss, want)
			}
		})
	}
}
