//go:build !purego && !amd64.v3

// From GOAMD64=v3 on, the compiler fuses some of the scalar code's
// multiply-adds (x·log2e + ½, the polynomial, c += f⊙c'); the kernel,
// which rounds every product, would not give its bits there.

package model

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

//go:generate go run gen_lstm.go

// lstmKernel says whether lstmForward hands float32 rows to the AVX2
// kernel. It is a variable so that tests can compare the kernel with the
// scalar code in the same process.
var lstmKernel = cpu.X86.HasAVX2

// lstmForwardKernel does the first H/8·8 units of one row of a float32
// LSTM step, the slices being lstmForward's, and returns how many it did:
// none for float64 or where there is no kernel.
func lstmForwardKernel[T Float](P, Q, A, cp, c, tc, h []T) int {
	H := len(c)
	blocks := H / 8
	if !lstmKernel || unsafe.Sizeof(T(0)) != 4 || blocks == 0 {
		return 0
	}
	// The assembly does no bounds checks; these do them once per row.
	_, _, _ = P[4*H-1], Q[4*H-1], A[4*H-1]
	_, _ = tc[H-1], h[H-1]
	var cp0 *float32
	if cp != nil {
		_ = cp[H-1]
		cp0 = f32(&cp[0])
	}
	lstmForwardAVX2(blocks, H, f32(&P[0]), f32(&Q[0]), f32(&A[0]), cp0, f32(&c[0]), f32(&tc[0]), f32(&h[0]))
	return blocks * 8
}

// f32 is p seen as the float32 it is, once T is known to be 4 bytes wide.
func f32[T Float](p *T) *float32 { return (*float32)(unsafe.Pointer(p)) }

// lstmForwardAVX2, in lstm_amd64.s, does lstmForward's loop body for units
// [0, 8·blocks) of one row: p, q and a point at the row's 4H gate values
// (blocks i, f, g, o, H apart), cp at the previous step's c or nil.
//
//go:noescape
func lstmForwardAVX2(blocks, H int, p, q, a, cp, c, tc, h *float32)
