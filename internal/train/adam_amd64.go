//go:build !purego && !amd64.v3

package train

import "golang.org/x/sys/cpu"

// The update is a few float32 operations per weight over every weight of
// the model each step; in Go, one weight at a time, it took 6% of a
// training step, and it is the part of a step that two cores share worst.
// From GOAMD64=v3 on, the compiler fuses adamScalar's multiply-adds, which
// the kernel rounds one by one, so such builds use adamScalar alone.

var adamHasAVX2 = cpu.X86.HasAVX2

// adamAVX2 updates n weights, n a multiple of 8, eight at a time.
//
//go:noescape
func adamAVX2(w, grad, m, v *float32, n int, c *adamConsts)

// adamUpdate is adamScalar, with AVX2 for all but the last n%8 weights
// where the CPU has it.
func adamUpdate(w, g, m, v []float32, c *adamConsts) {
	n := 0
	if adamHasAVX2 {
		n = len(g) / 8 * 8
	}
	if n > 0 {
		w, m, v = w[:len(g)], m[:len(g)], v[:len(g)]
		adamAVX2(&w[0], &g[0], &m[0], &v[0], n, c)
	}
	adamScalar(w[n:], g[n:], m[n:], v[n:], c)
}
