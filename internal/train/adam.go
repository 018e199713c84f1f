package train

import (
	"math"

	"github.com/rnnsent/rnnsent/internal/model"
)

// adam is the Adam optimizer (Kingma & Ba) with PyTorch's defaults
// β₁ = 0.9, β₂ = 0.999, ε = 1e-8; its moments have the shape of the params.
// With a weight decay it is AdamW (Loshchilov & Hutter), as PyTorch's AdamW:
// each step first shrinks the weights other than biases by the share
// lr·decay, apart from the gradient, so that the decay does not pass
// through Adam's per-weight scaling as an L2 term in the loss would.
type adam struct {
	lr, beta1, beta2, eps float64
	decay                 float64
	step                  int
	m, v                  [][]float32

	stepLR, stepEps float32 // of the current step, bias corrections folded in
}

func newAdam(params []*model.Param[float32], lr, decay float64) *adam {
	a := &adam{lr: lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, decay: decay}
	for _, p := range params {
		a.m = append(a.m, make([]float32, len(p.W)))
		a.v = append(a.v, make([]float32, len(p.W)))
	}
	return a
}

// begin starts the next step: apply then updates the weights a part at a time.
func (a *adam) begin() {
	a.step++
	// Bias corrections folded into the step size.
	a.stepLR = float32(a.lr * math.Sqrt(1-math.Pow(a.beta2, float64(a.step))) / (1 - math.Pow(a.beta1, float64(a.step))))
	a.stepEps = float32(a.eps * math.Sqrt(1-math.Pow(a.beta2, float64(a.step))))
}

// apply updates the weights [lo, hi) of p, the i-th parameter tensor, with
// its gradient times scale. Disjoint parts may be applied concurrently.
func (a *adam) apply(i int, p *model.Param[float32], lo, hi int, scale float32) {
	keep := float32(1)
	if !p.IsBias() {
		keep = float32(1 - a.lr*a.decay)
	}
	c := a.consts(scale, keep)
	adamUpdate(p.W[lo:hi], p.G[lo:hi], a.m[i][lo:hi], a.v[i][lo:hi], &c)
}

// consts are the constants of the current step, with the gradient scaled
// by scale and the share keep of each weight kept before the step (1
// without weight decay, which leaves every weight's bits as they are).
func (a *adam) consts(scale, keep float32) adamConsts {
	b1, b2 := float32(a.beta1), float32(a.beta2)
	return adamConsts{scale: scale, b1: b1, oneMinusB1: 1 - b1, b2: b2, oneMinusB2: 1 - b2, lr: a.stepLR, eps: a.stepEps, keep: keep}
}

// adamConsts are one step's constants, in the layout adamAVX2 reads.
type adamConsts struct {
	scale, b1, oneMinusB1, b2, oneMinusB2, lr, eps, keep float32
}

// adamScalar is the update in Go, one weight at a time. adamAVX2 repeats
// each of its float32 operations in the same order, so both give the same
// weights to the bit.
func adamScalar(w, g, m, v []float32, c *adamConsts) {
	m, v, w = m[:len(g)], v[:len(g)], w[:len(g)]
	for j, gj := range g {
		gj *= c.scale
		m[j] = c.b1*m[j] + c.oneMinusB1*gj
		v[j] = c.b2*v[j] + c.oneMinusB2*gj*gj
		w[j] = w[j]*c.keep - c.lr*m[j]/(float32(math.Sqrt(float64(v[j])))+c.eps)
	}
}
