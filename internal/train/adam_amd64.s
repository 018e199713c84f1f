//go:build !purego && !amd64.v3

#include "textflag.h"

// func adamAVX2(w, grad, m, v *float32, n int, c *adamConsts)
//
// Eight weights at a time, each operation of adamScalar in its order and
// with its rounding: no fused multiply-adds, and VSQRTPS, which rounds the
// square root of a float32 as float32(math.Sqrt(float64(x))) does.
TEXT ·adamAVX2(SB), NOSPLIT, $0-48
	MOVQ w+0(FP), DI
	MOVQ grad+8(FP), SI
	MOVQ m+16(FP), R8
	MOVQ v+24(FP), R9
	MOVQ n+32(FP), CX
	MOVQ c+40(FP), AX
	VBROADCASTSS 0(AX), Y9   // scale
	VBROADCASTSS 4(AX), Y10  // b1
	VBROADCASTSS 8(AX), Y11  // 1-b1
	VBROADCASTSS 12(AX), Y12 // b2
	VBROADCASTSS 16(AX), Y13 // 1-b2
	VBROADCASTSS 20(AX), Y14 // lr
	VBROADCASTSS 24(AX), Y15 // eps
	VBROADCASTSS 28(AX), Y8  // keep
	XORQ BX, BX

loop:
	CMPQ BX, CX
	JGE  done
	VMULPS (SI)(BX*4), Y9, Y0 // g·scale

	VMULPS (R8)(BX*4), Y10, Y1 // b1·m
	VMULPS Y0, Y11, Y2         // (1-b1)·g
	VADDPS Y2, Y1, Y1          // m
	VMOVUPS Y1, (R8)(BX*4)

	VMULPS (R9)(BX*4), Y12, Y3 // b2·v
	VMULPS Y0, Y13, Y4         // (1-b2)·g
	VMULPS Y0, Y4, Y4          // (1-b2)·g·g
	VADDPS Y4, Y3, Y3          // v
	VMOVUPS Y3, (R9)(BX*4)

	VMULPS  Y1, Y14, Y5 // lr·m
	VSQRTPS Y3, Y6
	VADDPS  Y15, Y6, Y6 // √v + eps
	VDIVPS  Y6, Y5, Y5  // lr·m / (√v + eps)
	VMULPS  (DI)(BX*4), Y8, Y7 // keep·w
	VSUBPS  Y5, Y7, Y7
	VMOVUPS Y7, (DI)(BX*4)

	ADDQ $8, BX
	JMP  loop

done:
	VZEROUPPER
	RET
