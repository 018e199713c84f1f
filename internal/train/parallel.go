package train

import (
	"math"
	"math/rand/v2"
	"runtime"

	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/model"
)

// Data-parallel training.
//
// The matrix products of one time step of a small batch are too small to
// share between cores with profit, so a batch is cut into shards instead:
// each shard runs forward and backward on its own replica of the model (the
// same weights, its own gradients and buffers) on its own goroutine, and the
// shards' gradients are added before the update, which the goroutines also
// share out. The shards are cut by the batch size alone, given their own
// dropout generators, and added in shard order, so the threads only change
// how fast a model trains, never which model comes out.

const (
	// shardSize is how many examples a shard holds at most: a default batch
	// of 32 makes two shards, one per core of a two-core machine. Smaller
	// shards would keep more cores busy but cost more on each, as every
	// product of a time step packs the whole recurrent weight matrix again.
	shardSize = 16
	// maxShards bounds the replicas (each holds a copy of the gradients):
	// a larger batch gets larger shards, not more of them.
	maxShards = 8
	// spanSize is how many parameters one unit of the shared-out update
	// covers: large enough that handing it out costs nothing, small enough
	// that the embedding's update splits between the cores.
	spanSize = 1 << 15
)

// shardCount is how many shards a batch of n examples is cut into.
func shardCount(n int) int {
	return min(maxShards, (n+shardSize-1)/shardSize)
}

// shardOf returns shard s of the S shards of batch: every S-th example from
// the s-th. Batches hold examples of similar lengths in length order, so
// this gives every shard a like share of the tokens.
func shardOf(batch dataset.Set, s, S int) dataset.Set {
	var out dataset.Set
	for i := s; i < batch.Len(); i += S {
		out.Seqs = append(out.Seqs, batch.Seqs[i])
		out.Labels = append(out.Labels, batch.Labels[i])
	}
	return out
}

// span is the parameters [lo, hi) of tensor p.
type span struct{ p, lo, hi int }

// shardResult is what one shard's step reports.
type shardResult struct {
	loss    float64 // summed over the shard
	correct int
	err     error
}

// parallelStep trains on batches with a model's replicas.
type parallelStep struct {
	replicas []*model.Model[float32] // replicas[0] is the trained model itself
	rngs     []*rand.PCG             // each shard's dropout generator, reseeded every batch
	spans    []span
	sqNorms  []float64 // each span's squared gradient norm
	results  []shardResult
	crew     *crew
}

func newParallelStep(m *model.Model[float32]) *parallelStep {
	ps := &parallelStep{replicas: []*model.Model[float32]{m}, crew: newCrew(runtime.GOMAXPROCS(0))}
	for i, p := range m.Params() {
		for lo := 0; lo < len(p.W); lo += spanSize {
			ps.spans = append(ps.spans, span{i, lo, min(lo+spanSize, len(p.W))})
		}
	}
	ps.sqNorms = make([]float64, len(ps.spans))
	ps.results = make([]shardResult, maxShards)
	return ps
}

// close stops the goroutines that helped.
func (ps *parallelStep) close() { ps.crew.close() }

// step computes the gradient of batch's mean loss into the trained model's
// Param.G with dropout drawn from drop, and returns the summed loss, the
// correct predictions and the gradient's global L2 norm.
func (ps *parallelStep) step(batch dataset.Set, drop *rand.Rand) (loss float64, correct int, norm float64, err error) {
	S := shardCount(batch.Len())
	for len(ps.replicas) < S {
		ps.replicas = append(ps.replicas, ps.replicas[0].Replica())
	}
	for len(ps.rngs) < S {
		ps.rngs = append(ps.rngs, new(rand.PCG))
	}
	for s := range S {
		ps.rngs[s].Seed(drop.Uint64(), drop.Uint64())
	}
	// The cores are shared out between the shards first: splitting the
	// products of a step is worth less. The trained model gets them all
	// back for what it does alone, validation above all.
	for _, r := range ps.replicas[:S] {
		r.SetThreads(max(1, ps.crew.size/S))
	}
	defer ps.replicas[0].SetThreads(ps.crew.size)
	ps.crew.run(S, func(s int) {
		sh := shardOf(batch, s, S)
		r := &ps.results[s]
		r.loss, r.correct, r.err = ps.replicas[s].StepShard(sh.Seqs, sh.Labels, batch.Len(), rand.New(ps.rngs[s]))
	})
	for _, r := range ps.results[:S] {
		if r.err != nil {
			return 0, 0, 0, r.err
		}
		loss += r.loss
		correct += r.correct
	}
	params := ps.replicas[0].Params()
	ps.crew.run(len(ps.spans), func(i int) {
		sp := ps.spans[i]
		g := params[sp.p].G[sp.lo:sp.hi]
		for _, rep := range ps.replicas[1:S] {
			for j, v := range rep.Params()[sp.p].G[sp.lo:sp.hi] {
				g[j] += v
			}
		}
		sq := 0.0
		for _, v := range g {
			sq += float64(v) * float64(v)
		}
		ps.sqNorms[i] = sq
	})
	sq := 0.0
	for _, v := range ps.sqNorms {
		sq += v
	}
	return loss, correct, math.Sqrt(sq), nil
}

// update takes one Adam step on the trained model's weights, with the
// gradient scaled down to norm limit (0: no limit) given its norm, and moves
// avg (unless nil) towards the new weights.
func (ps *parallelStep) update(a *adam, avg *average, norm, limit float64) {
	scale := float32(1)
	if limit > 0 && norm > limit {
		scale = float32(limit / norm)
	}
	a.begin()
	if avg != nil {
		avg.begin(a.step)
	}
	params := ps.replicas[0].Params()
	ps.crew.run(len(ps.spans), func(i int) {
		sp := ps.spans[i]
		a.apply(sp.p, params[sp.p], sp.lo, sp.hi, scale)
		if avg != nil {
			avg.apply(sp.p, params[sp.p].W, sp.lo, sp.hi)
		}
	})
}

// Shards is how many replicas of the model a run with batches of
// batchSize keeps, each with gradients of its own: what its memory grows
// with besides the model.
func Shards(batchSize int) int { return shardCount(batchSize) }
