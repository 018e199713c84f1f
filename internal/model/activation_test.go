package model

import (
	"math"
	"testing"
)

func TestFloat32ActivationsAreAccurate(t *testing.T) {
	worst := map[string]float64{}
	for x := -30.0; x <= 30; x += 0.0007 {
		f := float32(x)
		for name, pair := range map[string][2]float64{
			"sigmoid": {float64(sigmoid(f)), 1 / (1 + math.Exp(-float64(f)))},
			"tanh":    {float64(tanh(f)), math.Tanh(float64(f))},
			"exp":     {float64(exp32(f)), math.Exp(float64(f))},
		} {
			got, want := pair[0], pair[1]
			err := math.Abs(got - want)
			if name == "exp" {
				err /= want
			}
			worst[name] = math.Max(worst[name], err)
		}
	}
	for name, err := range worst {
		// A few float32 roundings (2^-24 ≈ 6e-8) at most.
		if err > 4e-7 {
			t.Errorf("%s: worst error %.3g", name, err)
		}
	}
	for _, x := range []float32{-200, -88, 89, 200} {
		if s := sigmoid(x); s < 0 || s > 1 || math.IsNaN(float64(s)) {
			t.Errorf("sigmoid(%v) = %v", x, s)
		}
		if th := tanh(x); th < -1 || th > 1 || math.IsNaN(float64(th)) {
			t.Errorf("tanh(%v) = %v", x, th)
		}
	}
}

func BenchmarkSigmoid32(b *testing.B) {
	x := float32(0)
	for b.Loop() {
		x += sigmoid(x*1e-9 - 0.3)
	}
}
