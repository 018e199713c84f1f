//go:build !purego

package model

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// addKernel says whether addTo hands float32 rows to the AVX2 kernel; a
// variable so that tests can compare the kernel with the scalar loop.
var addKernel = cpu.X86.HasAVX2

// addKernelTo adds the first len(src)/8·8 elements of src into dst with
// the AVX2 kernel and returns how many it added: none for float64 or where
// there is no kernel. Each element is one float32 addition either way, so
// the kernel's sums are the scalar loop's, bit for bit.
func addKernelTo[T Float](dst, src []T) int {
	n := len(src) &^ 7
	if !addKernel || unsafe.Sizeof(T(0)) != 4 || n == 0 {
		return 0
	}
	_ = dst[n-1] // the assembly does no bounds checks
	addAVX2(n, (*float32)(unsafe.Pointer(&dst[0])), (*float32)(unsafe.Pointer(&src[0])))
	return n
}

// addAVX2, in add_amd64.s, adds n float32s (a positive multiple of 8) at
// src into those at dst.
//
//go:noescape
func addAVX2(n int, dst, src *float32)
