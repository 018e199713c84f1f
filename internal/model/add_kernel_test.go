//go:build amd64 && !purego

package model

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"golang.org/x/sys/cpu"
)

// The AVX2 addition gives the scalar loop's sums bit for bit, whatever the
// length (its tail is the scalar loop's) and whatever the values:
// subnormals, infinities, NaN and sums that round.
func TestAddKernelIsTheScalarLoop(t *testing.T) {
	if !cpu.X86.HasAVX2 {
		t.Skip("the CPU has no AVX2, so addTo has no kernel")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	special := []float32{0, float32(math.Copysign(0, -1)), math.SmallestNonzeroFloat32, -math.SmallestNonzeroFloat32,
		math.MaxFloat32, float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), 1e-38, 3}
	draw := func() float32 {
		if rng.IntN(4) == 0 {
			return special[rng.IntN(len(special))]
		}
		return float32(rng.NormFloat64() * math.Pow(10, float64(rng.IntN(20)-10)))
	}
	tests := []struct {
		name string
		n    int
	}{
		{"empty", 0}, {"shorter than a block", 7}, {"one block", 8}, {"a block and one", 9},
		{"an embedding row", 256}, {"a row and a tail", 263},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 200 {
				dst, src := make([]float32, tt.n), make([]float32, tt.n)
				for i := range dst {
					dst[i], src[i] = draw(), draw()
				}
				var want, got []float32
				for _, on := range []bool{false, true} {
					func() {
						defer func(was bool) { addKernel = was }(addKernel)
						addKernel = on
						d := slices.Clone(dst)
						addTo(d, src)
						if on {
							got = d
						} else {
							want = d
						}
					}()
				}
				for i := range want {
					if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
						t.Fatalf("element %d of %d: %g + %g is %g with the kernel, %g without", i, tt.n, dst[i], src[i], got[i], want[i])
					}
				}
			}
		})
	}
}
