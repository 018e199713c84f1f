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
}

func newAdam(params []*model.Param[float32], lr float64) *adam {
	a := &adam{lr: lr, beta1: 0.9, beta2: 0.999, eps: 1e-8}
	for _, p := range params {
		a.m = append(a.m, make([]float32, len(p.W)))
		a.v = append(a.v, make([]float32, len(p.W)))
	}
	return a
}

func (a *adam) update(params []*model.Param[float32]) {
	a.step++
	b1, b2 := float32(a.beta1), float32(a.beta2)
	// Bias corrections folded into the step size.
	lr := float32(a.lr * math.Sqrt(1-math.Pow(a.beta2, float64(a.step))) / (1 - math.Pow(a.beta1, float64(a.step))))
	eps := float32(a.eps * math.Sqrt(1-math.Pow(a.beta2, float64(a.step))))
	for i, p := range params {
		m, v := a.m[i], a.v[i]
		for j, g := range p.G {
			m[j] = b1*m[j] + (1-b1)*g
			v[j] = b2*v[j] + (1-b2)*g*g
			p.W[j] -= lr * m[j] / (float32(math.Sqrt(float64(v[j]))) + eps)
		}
	}
}

// clipGlobalNorm scales every gradient down so that their joint L2 norm is
// at most limit, and returns the norm before scaling.
func clipGlobalNorm(params []*model.Param[float32], limit float64) float64 {
	sum := 0.0
	for _, p := range params {
		for _, g := range p.G {
			sum += float64(g) * float64(g)
		}
	}
	norm := math.Sqrt(sum)
	if limit > 0 && norm > limit {
		scale := float32(limit / norm)
		for _, p := range params {
			for j := range p.G {
				p.G[j] *= scale
			}
		}
	}
	return norm
}
