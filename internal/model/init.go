package model

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// glorot fills w (rows, cols) uniformly in ±√(6/(rows+cols)), Keras's
// glorot_uniform for a kernel of that shape.
func glorot[T Float](w []T, rows, cols int, rng *rand.Rand) {
	limit := math.Sqrt(6 / float64(rows+cols))
	for i := range w {
		w[i] = T((2*rng.Float64() - 1) * limit)
	}
}

// orthogonal fills w (rows, cols) with a matrix whose rows (or columns, when
// taller than wide) are orthonormal, as Keras's Orthogonal initializer does:
// the Q of a Gaussian matrix's QR decomposition, signs fixed by R's diagonal.
func orthogonal[T Float](w []T, rows, cols int, rng *rand.Rand) {
	tall, short := max(rows, cols), min(rows, cols)
	a := make([]float64, tall*short)
	for i := range a {
		a[i] = rng.NormFloat64()
	}
	g := blas64.General{Rows: tall, Cols: short, Stride: short, Data: a}
	tau := make([]float64, short)
	withWorkspace(func(work []float64, n int) { lapack64.Geqrf(g, tau, work, n) })
	sign := make([]float64, short)
	for j := range short {
		sign[j] = 1
		if a[j*short+j] < 0 { // R's diagonal, which Geqrf leaves on a's
			sign[j] = -1
		}
	}
	// Only the first short columns of Q: the full tall×tall Q that
	// mat.QR.QTo builds took minutes and half a gigabyte for a 2000-unit
	// LSTM, and its first columns are the same numbers, bit for bit.
	withWorkspace(func(work []float64, n int) { lapack64.Orgqr(g, tau, work, n) })
	for i := range tall {
		for j := range short {
			v := T(sign[j] * a[i*short+j])
			if rows >= cols {
				w[i*cols+j] = v
			} else {
				w[j*cols+i] = v
			}
		}
	}
}

// withWorkspace runs a LAPACK routine, given as call, with the workspace it
// asks for when queried with n = -1.
func withWorkspace(call func(work []float64, n int)) {
	query := []float64{0}
	call(query, -1)
	work := make([]float64, int(query[0]))
	call(work, len(work))
}
