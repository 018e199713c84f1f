package train

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/rng"
)

func TestShardCount(t *testing.T) {
	for _, c := range []struct{ batch, want int }{
		{1, 1},
		{shardSize, 1},
		{shardSize + 1, 2},
		{2 * shardSize, 2},
		{maxShards * shardSize, maxShards},
		{10 * maxShards * shardSize, maxShards},
	} {
		if got := shardCount(c.batch); got != c.want {
			t.Errorf("shardCount(%d) = %d, want %d", c.batch, got, c.want)
		}
	}
}

// The shards' gradients, added up, must be the whole batch's mean gradient,
// and their losses its summed loss, for every way a batch is cut.
func TestShardedStepIsTheWholeBatchStep(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for _, n := range []int{1, shardSize, 2*shardSize + 5, maxShards*shardSize + 3} {
		t.Run(fmt.Sprintf("batch_of_%d", n), func(t *testing.T) {
			batch := negationSet(n, rng)
			cfg := model.Config{Arch: model.ArchRecurrent, Cell: model.CellLSTM, Layers: 1}
			sharded, whole := toyModel(t, cfg, 5), toyModel(t, cfg, 5)
			ps := newParallelStep(sharded)
			defer ps.close()
			lossSum, correct, norm, err := ps.step(batch, rand.New(rand.NewPCG(1, 1)))
			if err != nil {
				t.Fatal(err)
			}
			loss, wantCorrect, err := whole.Step(batch.Seqs, batch.Labels, nil)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(lossSum/float64(n)-loss) > 1e-6 || correct != wantCorrect {
				t.Errorf("loss %v, %d correct; the whole batch gives %v, %d", lossSum/float64(n), correct, loss, wantCorrect)
			}
			sq := 0.0
			for k, p := range sharded.Params() {
				for j, g := range p.G {
					want := whole.Params()[k].G[j]
					sq += float64(want) * float64(want)
					if math.Abs(float64(g-want)) > 1e-6+1e-4*math.Abs(float64(want)) {
						t.Fatalf("%s[%d]: sharded gradient %v, whole batch %v", p.Name, j, g, want)
					}
				}
			}
			if math.Abs(norm-math.Sqrt(sq)) > 1e-5*math.Sqrt(sq) {
				t.Errorf("norm %v, want %v", norm, math.Sqrt(sq))
			}
		})
	}
}

func TestUpdateClipsTheGradientToTheLimit(t *testing.T) {
	m := toyModel(t, model.Config{Arch: model.ArchBOW}, 1)
	ps := newParallelStep(m)
	defer ps.close()
	for _, p := range m.Params() {
		p.G = make([]float32, len(p.W))
	}
	g := m.Params()[0].G
	g[0], g[1] = 3, 4
	a := newAdam(m.Params(), 0.1, 0)
	ps.update(a, nil, 5, 1)
	// Adam's first moment after one step is (1-β₁)·g, of the clipped g.
	for j, want := range []float64{0.1 * 0.6, 0.1 * 0.8} {
		if got := float64(a.m[0][j]); math.Abs(got-want) > 1e-7 {
			t.Errorf("first moment[%d] = %v, want %v", j, got, want)
		}
	}
	ps.update(a, nil, 0.5, 1)
	if got, want := float64(a.m[0][0]), 0.9*0.06+0.1*3; math.Abs(got-want) > 1e-6 {
		t.Errorf("a norm under the limit was clipped: first moment %v, want %v", got, want)
	}
}

// One whole training step (the shards, the gradient sum and the update) of
// the default model on a batch of 32 texts of 20 tokens, the SST-2 shape,
// on one core and on two: their ratio is what --threads buys.
func BenchmarkParallelStep(b *testing.B) {
	for _, threads := range []int{1, 2} {
		b.Run(fmt.Sprintf("threads_%d", threads), func(b *testing.B) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(threads))
			cfg := model.Config{Arch: model.ArchRecurrent, Cell: model.CellLSTM, Layers: 1, Pool: "last+max",
				Classes: 2, Vocab: 2500, Embed: 128, Hidden: 200, Dropout: 0.5}
			m, err := model.New[float32](cfg, nil, rng.New(1, rng.Init))
			if err != nil {
				b.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(2, 2))
			var batch dataset.Set
			for i := range 32 {
				seq := make([]int, 20)
				for t := range seq {
					seq[t] = 2 + rng.IntN(2498)
				}
				batch.Seqs, batch.Labels = append(batch.Seqs, seq), append(batch.Labels, i%2)
			}
			ps := newParallelStep(m)
			defer ps.close()
			a := newAdam(m.Params(), 0.001, 0)
			b.ReportAllocs()
			for b.Loop() {
				_, _, norm, err := ps.step(batch, rng)
				if err != nil {
					b.Fatal(err)
				}
				ps.update(a, nil, norm, 5)
			}
			b.ReportMetric(float64(32*20*b.N)/b.Elapsed().Seconds(), "tokens/s")
		})
	}
}
