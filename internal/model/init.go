package model

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
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
	a := mat.NewDense(tall, short, nil)
	for i := range tall {
		for j := range short {
			a.Set(i, j, rng.NormFloat64())
		}
	}
	var qr mat.QR
	qr.Factorize(a)
	var q, r mat.Dense
	qr.QTo(&q)
	qr.RTo(&r)
	for j := range short {
		sign := 1.0
		if r.At(j, j) < 0 {
			sign = -1
		}
		for i := range tall {
			v := T(sign * q.At(i, j))
			if rows >= cols {
				w[i*cols+j] = v
			} else {
				w[j*cols+i] = v
			}
		}
	}
}
