// Package gemm provides Sgemm, a float32 general matrix product for row-major
// matrices, C = alpha·op(A)·op(B) + beta·C, with the arguments of gonum's
// blas32 Sgemm but plain bools for the transposes.
//
// It exists because training rnnsent's recurrent networks is dominated by
// float32 matrix products and gonum's pure-Go Sgemm is not fast enough for
// them. Sgemm packs panels of A and B into contiguous buffers, blocks them
// for the caches, and runs a register-blocked micro-kernel written in Go
// assembly for AVX2 with FMA. Other CPUs and architectures, and builds with
// the purego tag, use a portable Go kernel. No cgo is involved.
//
// The shapes it is tuned for are those of an LSTM step and its backward pass:
// large products such as (640×128)·(128×800) and many small ones with 1 to 32
// rows, which run without allocating and without starting goroutines when the
// work is too small to share.
//
// Every element of C is computed by the same sequence of floating-point
// operations whatever the number of threads, the number of
// rows or columns in the call, and the position of the element, so results
// are deterministic and a row of C does not depend on the other rows of A.
// They may differ from gonum's in the last bits, and between the AVX2 kernel
// and the portable one.
package gemm
