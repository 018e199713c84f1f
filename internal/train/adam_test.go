package train

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/rnnsent/rnnsent/internal/model"
)

// adamUpdate may use AVX2; it must give adamScalar's weights and moments to
// the bit, for every length (the vector part and the tail), gradient scale,
// weight decay and step.
func TestAdamUpdateIsTheScalarUpdate(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	value := func() float32 {
		switch rng.IntN(10) {
		case 0:
			return 0
		case 1:
			return float32(rng.NormFloat64() * 1e-30) // tiny, some of its squares subnormal or zero
		case 2:
			return float32(rng.NormFloat64() * 1e10)
		}
		return float32(rng.NormFloat64())
	}
	for _, n := range []int{1, 7, 8, 9, 64, 1001} {
		for _, c := range []struct{ scale, keep float32 }{{1, 1}, {0.37, 1}, {1, 0.9995}, {0.37, 0.9}} {
			t.Run(fmt.Sprintf("%d_weights_scale_%g_keep_%g", n, c.scale, c.keep), func(t *testing.T) {
				w, m, v := make([]float32, n), make([]float32, n), make([]float32, n)
				for j := range w {
					w[j], m[j], v[j] = value(), value(), float32(math.Abs(float64(value())))
				}
				wantW, wantM, wantV := slices.Clone(w), slices.Clone(m), slices.Clone(v)
				a := &adam{lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8}
				for range 3 {
					g := make([]float32, n)
					for j := range g {
						g[j] = value()
					}
					a.begin()
					k := a.consts(c.scale, c.keep)
					adamUpdate(w, g, m, v, &k)
					adamScalar(wantW, g, wantM, wantV, &k)
				}
				for _, x := range []struct {
					name      string
					got, want []float32
				}{{"weights", w, wantW}, {"first moments", m, wantM}, {"second moments", v, wantV}} {
					for j := range x.got {
						if math.Float32bits(x.got[j]) != math.Float32bits(x.want[j]) {
							t.Fatalf("%s[%d] = %v, the scalar update gives %v", x.name, j, x.got[j], x.want[j])
						}
					}
				}
			})
		}
	}
}

// The update of the default model's 584,201 parameters, which every
// training step takes, with and without weight decay.
func BenchmarkAdamUpdate(b *testing.B) {
	const n = 584201
	for _, decay := range []float64{0, 0.5} {
		b.Run(fmt.Sprintf("weight_decay_%g", decay), func(b *testing.B) {
			p := &model.Param[float32]{Rows: n, Cols: 1, W: make([]float32, n), G: make([]float32, n)}
			for j := range p.G {
				p.G[j] = float32(j%7-3) * 0.01
			}
			a := newAdam([]*model.Param[float32]{p}, 0.001, decay)
			b.ReportAllocs()
			for b.Loop() {
				a.begin()
				a.apply(0, p, 0, n, 0.5)
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds()/1e6, "Mweights/s")
		})
	}
}
