//go:build !purego

package gemm

import "golang.org/x/sys/cpu"

//go:generate go run gen_kernel.go

// defaultImpl is the impl Sgemm uses: AVX2 with FMA when the CPU has both,
// the portable one otherwise.
var defaultImpl = generic

// avx2 is the impl for AVX2 with FMA.
var avx2 = &impl{
	kernel:     kernelAVX2,
	packTrans:  packTransAVX2,
	packRows:   packRowsAVX2,
	copyPanelA: copyPanel6AVX2,
	copyPanelB: copyPanel16AVX2,
}

func init() {
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		defaultImpl = avx2
	}
}

// packTransAVX2 is the packTransFunc for AVX: packTransAVX does blocks of 8
// values of p, Go the rest.
func packTransAVX2(kc int, src []float32, lds int, dst []float32) {
	_ = src[(nr-1)*lds+kc-1]
	dst = dst[:kc*nr]
	blocks := kc / 8
	if blocks > 0 {
		packTransAVX(blocks, &src[0], lds, &dst[0])
	}
	for j := 0; j < nr; j++ {
		row := src[j*lds : j*lds+kc]
		for p := blocks * 8; p < kc; p++ {
			dst[p*nr+j] = row[p]
		}
	}
}

// copyPanel6AVX2 is the copyPanelFunc of width 6 for AVX.
func copyPanel6AVX2(kc int, src []float32, lds int, dst []float32) {
	_ = src[(kc-1)*lds+6-1]
	_ = dst[kc*6-1]
	copyPanel6AVX(kc, &src[0], lds, &dst[0])
}

// copyPanel16AVX2 is the copyPanelFunc of width 16 for AVX.
func copyPanel16AVX2(kc int, src []float32, lds int, dst []float32) {
	_ = src[(kc-1)*lds+16-1]
	_ = dst[kc*16-1]
	copyPanel16AVX(kc, &src[0], lds, &dst[0])
}

// copyPanel6AVX and copyPanel16AVX, in kernel_amd64.s, are
// copyPanelFuncs.
//
//go:noescape
func copyPanel6AVX(kc int, src *float32, lds int, dst *float32)

//go:noescape
func copyPanel16AVX(kc int, src *float32, lds int, dst *float32)

// packRowsAVX2 is the packRowsFunc for AVX: packRowsAVX does blocks of 8
// values of p, Go the rest.
func packRowsAVX2(kc int, src []float32, lds int, dst []float32) {
	_ = src[(mr-1)*lds+kc-1]
	dst = dst[:kc*mr]
	blocks := kc / 8
	if blocks > 0 {
		packRowsAVX(blocks, &src[0], lds, &dst[0])
	}
	for i := 0; i < mr; i++ {
		row := src[i*lds : i*lds+kc]
		for p := blocks * 8; p < kc; p++ {
			dst[p*mr+i] = row[p]
		}
	}
}

// packRowsAVX, in kernel_amd64.s, packs blocks×8 values of p as
// packRowsFunc describes.
//
//go:noescape
func packRowsAVX(blocks int, src *float32, lds int, dst *float32)

// packTransAVX, in kernel_amd64.s, packs blocks×8 values of p as
// packTransFunc describes.
//
//go:noescape
func packTransAVX(blocks int, src *float32, lds int, dst *float32)

// kernelAVX2 is the kernelFunc for AVX2 with FMA. Each element is one
// accumulator lane updated by a fused multiply-add per step of p; the last
// step is beta·C (rounded) fused with alpha·acc.
func kernelAVX2(mr, kc int, a, b []float32, bs int, c []float32, ldc int, alpha, beta float32) {
	// The assembly does no bounds checks; these do them once per tile.
	_ = a[kc*mr-1]
	_ = b[(kc-1)*bs+nr-1]
	_ = c[(mr-1)*ldc+nr-1]
	switch mr {
	case 6:
		kernelAVX2x6(kc, &a[0], &b[0], bs, &c[0], ldc, alpha, beta)
	case 5:
		kernelAVX2x5(kc, &a[0], &b[0], bs, &c[0], ldc, alpha, beta)
	case 4:
		kernelAVX2x4(kc, &a[0], &b[0], bs, &c[0], ldc, alpha, beta)
	case 3:
		kernelAVX2x3(kc, &a[0], &b[0], bs, &c[0], ldc, alpha, beta)
	case 2:
		kernelAVX2x2(kc, &a[0], &b[0], bs, &c[0], ldc, alpha, beta)
	case 1:
		kernelAVX2x1(kc, &a[0], &b[0], bs, &c[0], ldc, alpha, beta)
	default:
		panic("gemm: bad tile height")
	}
}

// The AVX2+FMA kernels in kernel_amd64.s, one per tile height, each
// computing a rows×16 tile as kernelFunc describes; bs and ldc count floats.

//go:noescape
func kernelAVX2x1(k int, a, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernelAVX2x2(k int, a, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernelAVX2x3(k int, a, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernelAVX2x4(k int, a, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernelAVX2x5(k int, a, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernelAVX2x6(k int, a, b *float32, bs int, c *float32, ldc int, alpha, beta float32)
