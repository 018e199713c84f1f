package model

import "math"

// floatToHalf rounds f to the nearest IEEE 754 half-precision value (ties to
// even), with overflow to infinity and gradual underflow to subnormals.
func floatToHalf(f float32) uint16 {
	b := math.Float32bits(f)
	sign := uint16(b>>16) & 0x8000
	exp := int(b>>23&0xff) - 127 + 15
	mant := b & 0x7fffff
	switch {
	case b&0x7fffffff > 0x7f800000: // NaN
		return sign | 0x7e00
	case exp >= 0x1f: // too large, or infinite
		return sign | 0x7c00
	case exp <= 0:
		if exp < -10 { // below half the smallest subnormal
			return sign
		}
		mant |= 0x800000 // the implicit leading 1
		shift := uint(14 - exp)
		half := uint16(mant >> shift)
		rem, mid := mant&(1<<shift-1), uint32(1)<<(shift-1)
		if rem > mid || rem == mid && half&1 == 1 {
			half++
		}
		return sign | half
	}
	half := uint16(exp)<<10 | uint16(mant>>13)
	if rem := mant & 0x1fff; rem > 0x1000 || rem == 0x1000 && half&1 == 1 {
		half++ // may carry into the exponent, which is still the right rounding
	}
	return sign | half
}

// halfToFloat widens a half-precision value exactly.
func halfToFloat(h uint16) float32 {
	sign := uint32(h&0x8000) << 16
	exp := uint32(h >> 10 & 0x1f)
	mant := uint32(h & 0x3ff)
	switch {
	case exp == 0x1f:
		return math.Float32frombits(sign | 0x7f800000 | mant<<13)
	case exp == 0:
		if mant == 0 {
			return math.Float32frombits(sign)
		}
		// Subnormal: mant·2⁻²⁴.
		f := float32(mant) * (1.0 / (1 << 24))
		if sign != 0 {
			f = -f
		}
		return f
	}
	return math.Float32frombits(sign | (exp+127-15)<<23 | mant<<13)
}
