package model

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	gemm32 "github.com/rnnsent/rnnsent/internal/gemm"
)

// Float is the element type of a network: float32 for training and
// prediction, float64 for gradient checks and parity tests.
type Float interface{ ~float32 | ~float64 }

// Param is one parameter tensor, row-major, with its gradient of the same
// shape beside it.
type Param[T Float] struct {
	Name       string
	Rows, Cols int
	W          []T // (Rows, Cols)
	G          []T // (Rows, Cols); nil until the first training step, so a model that only predicts needs half the memory
}

// IsBias reports whether p is a bias, a row added to a layer's output
// rather than a matrix its input is multiplied by: biases start at zero
// instead of at random, and weight decay leaves them alone.
func (p *Param[T]) IsBias() bool { return p.Rows == 1 }

var blasImpl gonum.Implementation

func trans(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

// gemm computes C = alpha·op(A)·op(B) + beta·C on row-major matrices; op(A) is
// m×k, op(B) k×n. It dispatches on T so the same layer code runs in either
// precision: float32 goes to the assembly kernels of package gemm, on up to
// threads goroutines (see Model.SetThreads), where the CPU has them,
// everything else to gonum.
func gemm[T Float](threads int, tA, tB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	switch a := any(a).(type) {
	case []float32:
		if gemm32.Accelerated() {
			gemm32.Sgemm(threads, tA, tB, m, n, k, float32(alpha), a, lda, any(b).([]float32), ldb, float32(beta), any(c).([]float32), ldc)
			return
		}
		blasImpl.Sgemm(trans(tA), trans(tB), m, n, k, float32(alpha), a, lda, any(b).([]float32), ldb, float32(beta), any(c).([]float32), ldc)
	case []float64:
		blasImpl.Dgemm(trans(tA), trans(tB), m, n, k, float64(alpha), a, lda, any(b).([]float64), ldb, float64(beta), any(c).([]float64), ldc)
	}
}

// grow returns a slice of length n reusing buf's storage when it is large
// enough, so buffers sized by the batch shape are allocated once.
func grow[T any](buf []T, n int) []T {
	if cap(buf) >= n {
		return buf[:n]
	}
	return make([]T, n, n+n/4)
}

func zero[T Float](s []T) {
	for i := range s {
		s[i] = 0
	}
}

// addTo adds src into dst element by element: every row addition of the
// network, in AVX2 where there is a kernel (see addKernelTo).
func addTo[T Float](dst, src []T) {
	for j := addKernelTo(dst, src); j < len(src); j++ {
		dst[j] += src[j]
	}
}

// addRows adds the bias row b (1, C) to each of the rows of x (rows, C).
func addRows[T Float](x []T, b []T) {
	C := len(b)
	for r := 0; r+C <= len(x); r += C {
		addTo(x[r:r+C], b)
	}
}

// sumRows adds the column sums of x (rows, C) into db (1, C): the bias gradient.
func sumRows[T Float](db []T, x []T) {
	C := len(db)
	for r := 0; r+C <= len(x); r += C {
		addTo(db, x[r:r+C])
	}
}

// setRows sets each row of x (rows, C) to b (1, C).
func setRows[T Float](x []T, b []T) {
	C := len(b)
	for r := 0; r+C <= len(x); r += C {
		copy(x[r:r+C], b)
	}
}
