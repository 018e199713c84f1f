//go:build amd64 && !purego && !amd64.v3

package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"golang.org/x/sys/cpu"
)

func needKernel(tb testing.TB) {
	tb.Helper()
	if !cpu.X86.HasAVX2 {
		tb.Skip("the CPU has no AVX2, so lstmForward has no kernel")
	}
}

// withKernel runs f with lstmKernel set to on.
func withKernel(on bool, f func()) {
	defer func(was bool) { lstmKernel = was }(lstmKernel)
	lstmKernel = on
	f()
}

// lstmStep is a direction with rows 0..n-1 of a previous step, whose c is
// the next step's c', and rows n..2n-1 of the step lstmForward computes.
func lstmStep(H, n int) *direction[float32] {
	return &direction[float32]{
		H:   H,
		pre: make([]float32, 2*n*4*H), hpre: make([]float32, 2*n*4*H), act: make([]float32, 2*n*4*H),
		c: make([]float32, 2*n*H), tc: make([]float32, 2*n*H), h: make([]float32, 2*n*H),
	}
}

// branchPoints are the arguments of sigmoid and tanh near which their
// float32 code changes course: exp32's cut-offs at 88 and -87 (reached by
// sigmoid's -x and tanh's 2x), the x where exp32's y = x·log2e + ½ is an
// integer k, so that truncation and the fix-up decide ki, tanh's Taylor
// branch at ±0.05, zero and the infinities.
func branchPoints() []float32 {
	pts := []float32{0, 0.05, 88, 87, 44, 43.5, float32(math.Inf(1)), math.MaxFloat32}
	for k := -130; k <= 130; k++ {
		x := (float64(k) - 0.5) * math.Ln2
		pts = append(pts, float32(x), float32(x/2))
	}
	for _, x := range pts {
		pts = append(pts, -x)
	}
	return pts
}

// tricky draws an argument for sigmoid or tanh: a quarter anywhere in
// [-100, 100], a quarter of every magnitude down to the subnormals, the
// rest at most 4 units in the last place from a branch point.
func tricky(rng *rand.Rand, pts []float32) float32 {
	switch rng.IntN(4) {
	case 0:
		return float32(rng.Float64()*200 - 100)
	case 1:
		x := float32(math.Ldexp(1+rng.Float64(), rng.IntN(160)-150))
		if rng.IntN(2) == 0 {
			x = -x
		}
		return x
	}
	// An offset past an infinity gives a NaN, past zero a subnormal.
	return math.Float32frombits(math.Float32bits(pts[rng.IntN(len(pts))]) + uint32(rng.IntN(9)-4))
}

// fill draws a step's inputs: p+q of every gate and the previous c. Half
// the q are 0, so that p+q is the tricky value itself; a quarter of the
// units have i = 0 and f = 1 exactly, so that c = c' and tanh(c) sees
// tricky values too.
func fill(d *direction[float32], n int, rng *rand.Rand, pts []float32) {
	H, GH := d.H, 4*d.H
	for r := range 2 * n {
		for j := range GH {
			d.pre[r*GH+j] = tricky(rng, pts)
			d.hpre[r*GH+j] = 0
			if rng.IntN(2) == 0 {
				d.hpre[r*GH+j] = tricky(rng, pts)
			}
		}
		for j := range H {
			d.c[r*H+j] = tricky(rng, pts)
			if rng.IntN(4) == 0 {
				d.pre[r*GH+j], d.hpre[r*GH+j] = -100, 0
				d.pre[r*GH+H+j], d.hpre[r*GH+H+j] = 100, 0
			}
		}
	}
}

// poison sets the outputs of rows n..2n-1 to v.
func poison(d *direction[float32], n int, v float32) {
	for _, s := range [][]float32{d.act[n*4*d.H:], d.c[n*d.H:], d.tc[n*d.H:], d.h[n*d.H:]} {
		for j := range s {
			s[j] = v
		}
	}
}

// sameBits is whether the kernel's a is the scalar code's b: the same
// bits, or both NaN.
func sameBits(a, b float32) bool {
	return math.Float32bits(a) == math.Float32bits(b) || a != a && b != b
}

// The kernel must give exactly the scalar code's bits on every output, on
// any input, so that switching it on changes no trained model.
func TestLSTMKernelGivesTheScalarBits(t *testing.T) {
	needKernel(t)
	pts := branchPoints()
	units := 1 << 19 // per case; each reads 5 inputs
	if testing.Short() {
		units = 1 << 16
	}
	for _, H := range []int{8, 16, 200, 203} {
		for _, first := range []bool{true, false} {
			t.Run(fmt.Sprintf("H=%d/first=%v", H, first), func(t *testing.T) {
				const n = 16
				rng := rand.New(rand.NewPCG(uint64(H), 1))
				d := lstmStep(H, n)
				q0 := 0
				if first {
					q0 = -1
				}
				bad := 0
				for range units / (n * H) {
					fill(d, n, rng, pts)
					// Different stale outputs show a unit that no one computed.
					poison(d, n, 1e30)
					withKernel(false, func() { d.lstmForward(n, q0, n) })
					want := [][]float32{slices.Clone(d.act), slices.Clone(d.c), slices.Clone(d.tc), slices.Clone(d.h)}
					poison(d, n, -1e30)
					withKernel(true, func() { d.lstmForward(n, q0, n) })
					for k, got := range [][]float32{d.act, d.c, d.tc, d.h} {
						for j := range got {
							if !sameBits(got[j], want[k][j]) {
								if bad++; bad <= 10 {
									t.Error(describe(d, n, k, j, got[j], want[k][j]))
								}
							}
						}
					}
				}
				if bad > 0 {
					t.Errorf("%d outputs differ", bad)
				}
			})
		}
	}
}

// describe says which output of lstmStep(H, n) differs, the k-th of act,
// c, tc and h at index j, and what it was computed from.
func describe(d *direction[float32], n, k, j int, got, want float32) string {
	H, GH := d.H, 4*d.H
	name := [...]string{"act", "c", "tc", "h"}[k]
	r, u := j/H, j%H
	if k == 0 {
		r, u = j/GH, j%GH%H
		name = fmt.Sprintf("%s gate %c", name, "ifgo"[j%GH/H])
	}
	var x [4]float32
	for g := range x {
		x[g] = d.pre[r*GH+g*H+u] + d.hpre[r*GH+g*H+u]
	}
	return fmt.Sprintf("row %d unit %d %s: kernel %v (%#08x), scalar %v (%#08x); p+q %v, c' %v",
		r, u, name, got, math.Float32bits(got), want, math.Float32bits(want), x, d.c[(r-n)*H+u])
}

// A float32 network must train and predict the same with and without the
// kernel: the same loss, gradients and probabilities, to the bit. H = 20
// leaves the scalar loop 4 units of every row.
func TestLSTMKernelLeavesTheNetworkUnchanged(t *testing.T) {
	needKernel(t)
	cfg := Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 2, Bidirectional: true, Pool: "last+max",
		Classes: 3, Vocab: 40, Embed: 9, Hidden: 20}
	rng := rand.New(rand.NewPCG(3, 3))
	seqs := make([][]int, 12)
	labels := make([]int, len(seqs))
	for i := range seqs {
		seqs[i] = make([]int, 1+rng.IntN(15))
		for j := range seqs[i] {
			seqs[i][j] = 2 + rng.IntN(cfg.Vocab-2)
		}
		labels[i] = rng.IntN(cfg.Classes)
	}
	type result struct {
		loss  float64
		names []string
		grads [][]float32
		probs [][]float64
	}
	run := func(on bool) (res result) {
		m, err := New[float32](cfg, nil, rand.New(rand.NewPCG(1, 1)))
		if err != nil {
			t.Fatal(err)
		}
		withKernel(on, func() {
			if res.loss, _, err = m.Step(seqs, labels, nil); err != nil {
				t.Fatal(err)
			}
			for _, p := range m.Params() {
				res.names = append(res.names, p.Name)
				res.grads = append(res.grads, slices.Clone(p.G))
			}
			if res.probs, err = m.Predict(seqs); err != nil {
				t.Fatal(err)
			}
		})
		return res
	}
	got, want := run(true), run(false)
	if got.loss != want.loss {
		t.Errorf("loss %v with the kernel, %v without", got.loss, want.loss)
	}
	for i, name := range got.names {
		for j := range got.grads[i] {
			if !sameBits(got.grads[i][j], want.grads[i][j]) {
				t.Errorf("%s gradient [%d]: %v with the kernel, %v without", name, j, got.grads[i][j], want.grads[i][j])
				break
			}
		}
	}
	for i := range got.probs {
		if !slices.Equal(got.probs[i], want.probs[i]) {
			t.Errorf("probabilities of sequence %d: %v with the kernel, %v without", i, got.probs[i], want.probs[i])
		}
	}
}

// The reference shape of BenchmarkLSTMTrainStep, H = 200, at a step of 16
// sequences.
func BenchmarkLSTMForwardPointwise(b *testing.B) {
	const H, n = 200, 16
	for _, on := range []bool{false, true} {
		name := "scalar"
		if on {
			name = "kernel"
		}
		b.Run(name, func(b *testing.B) {
			if on {
				needKernel(b)
			}
			d := lstmStep(H, n)
			rng := rand.New(rand.NewPCG(1, 1))
			for _, s := range [][]float32{d.pre, d.hpre, d.c} {
				for j := range s {
					s[j] = float32(rng.NormFloat64())
				}
			}
			b.ReportAllocs()
			withKernel(on, func() {
				for b.Loop() {
					d.lstmForward(n, 0, n)
				}
			})
			b.ReportMetric(float64(n*H*b.N)/b.Elapsed().Seconds(), "units/s")
		})
	}
}
