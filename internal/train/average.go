package train

import (
	"slices"

	"github.com/rnnsent/rnnsent/internal/model"
)

// average is an exponential moving average of the weights (Polyak
// averaging), which validation reads and the saved model holds instead of
// the weights of the last step. On GLUE SST-2 the networks peak within an
// epoch or two, and the weights after any one step carry that step's noise.
//
// Early on the average follows the weights closely: step t keeps the
// fraction min(decay, (1+t)/(10+t)) of the average, so it holds next to
// nothing of the random initial weights, and a short run of a small data
// set is averaged mostly over its own last fifth (85% of the weight) rather
// than over a fixed number of steps.
type average struct {
	decay float64
	w     [][]float32 // in model.Params order
	keep  float32     // of the current step
}

// newAverage goes on with the average resumed, or starts from the weights
// of params when resumed is nil.
func newAverage(params []*model.Param[float32], decay float64, resumed [][]float32) *average {
	a := &average{decay: decay, w: resumed}
	if a.w == nil {
		for _, p := range params {
			a.w = append(a.w, slices.Clone(p.W))
		}
	}
	return a
}

// begin starts the average's step t (from 1).
func (a *average) begin(t int) {
	a.keep = float32(min(a.decay, float64(1+t)/float64(10+t)))
}

// apply moves the average of weights [lo, hi) of the i-th parameter
// tensor towards w. Disjoint parts may be applied concurrently.
func (a *average) apply(i int, w []float32, lo, hi int) {
	avg, take := a.w[i][lo:hi], 1-a.keep
	for j, v := range w[lo:hi] {
		avg[j] += take * (v - avg[j])
	}
}

// swap exchanges the weights of params with the average.
func (a *average) swap(params []*model.Param[float32]) {
	for i, p := range params {
		for j, v := range p.W {
			p.W[j], a.w[i][j] = a.w[i][j], v
		}
	}
}
