package train

import (
	"math"

	"github.com/rnnsent/rnnsent/internal/model"
)

// adam is the Adam optimizer (Kingma & Ba) with PyTorch's defaults
// β₁ = 0.9, β₂ = 0.999, ε = 1e-8; its moments have the shape of the params.
type adam struct {
	lr, beta1, beta2, eps float64
	step                  int
	m, v                  [][]float32

	stepLR, stepEps float32 // of the current step, bias corrections folded in
}

func newAdam(params []*model.Param[float32], lr float64) *adam {
	a := &adam{lr: lr, beta1: 0.9, beta2: 0.999, eps: 1e-8}
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
	b1, b2, lr, eps := float32(a.beta1), float32(a.beta2), a.stepLR, a.stepEps
	m, v, w := a.m[i][lo:hi], a.v[i][lo:hi], p.W[lo:hi]
	for j, g := range p.G[lo:hi] {
		g *= scale
		m[j] = b1*m[j] + (1-b1)*g
		v[j] = b2*v[j] + (1-b2)*g*g
		w[j] -= lr * m[j] / (float32(math.Sqrt(float64(v[j]))) + eps)
	}
}
