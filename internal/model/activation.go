package model

import (
	"math"
	"unsafe"
)

// The gate nonlinearities run once per gate per token, which makes them the
// largest cost after the matrix products. In float32 they use exp32, accurate
// to about one float32 rounding, instead of converting to float64 for
// math.Exp; float64 networks (gradient checks, parity tests) use package math.

func sigmoid[T Float](x T) T {
	if unsafe.Sizeof(x) == 4 {
		return T(1 / (1 + exp32(-float32(x))))
	}
	return T(1 / (1 + math.Exp(-float64(x))))
}

func tanh[T Float](x T) T {
	if unsafe.Sizeof(x) == 4 {
		// tanh(x) = 1 − 2/(e^{2x}+1) loses relative precision near 0, where
		// the Taylor series is exact to float32 rounding.
		f := float32(x)
		if f > -0.05 && f < 0.05 {
			f2 := f * f
			return T(f * (1 - f2*(1.0/3-f2*(2.0/15))))
		}
		return T(1 - 2/(exp32(2*f)+1))
	}
	return T(math.Tanh(float64(x)))
}

// exp32 is e^x in float32: x = k·ln2 + r with |r| ≤ ln2/2, e^r by a degree-6
// polynomial, 2^k put straight into the exponent bits.
func exp32(x float32) float32 {
	const (
		log2e = 1.44269504088896341
		ln2hi = 0.693359375
		ln2lo = -2.12194440e-4
	)
	if x > 88 {
		return float32(math.Inf(1))
	}
	if x < -87 {
		return 0
	}
	// floor(x·log2e + ½) by integer conversion, which truncates toward zero:
	// math.Floor's float64 round trip cost as much as the polynomial.
	y := x*log2e + 0.5
	ki := int32(y)
	if float32(ki) > y {
		ki--
	}
	k := float32(ki)
	r := x - k*ln2hi - k*ln2lo
	p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720))))))
	return p * math.Float32frombits(uint32(ki+127)<<23)
}
