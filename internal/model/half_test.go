package model

import (
	"encoding/binary"
	"math"
	"testing"
)

func TestHalfRoundTrip(t *testing.T) {
	cases := []struct {
		name string
		in   float32
		want float32
	}{
		{"zero", 0, 0},
		{"one", 1, 1},
		{"minus two and a half", -2.5, -2.5},
		{"largest half", 65504, 65504},
		{"overflow", 70000, float32(math.Inf(1))},
		{"smallest normal", 6.103515625e-05, 6.103515625e-05},
		{"smallest subnormal", 5.960464477539063e-08, 5.960464477539063e-08},
		{"below half the smallest subnormal", 2e-8, 0},
		{"rounds to nearest", 1.0009765625 + 0.0003, 1.0009765625},
		{"tie to even down", 1 + 0.00048828125, 1},
		{"tie to even up", 1.0009765625 + 0.00048828125, 1.001953125},
		{"minus infinity", float32(math.Inf(-1)), float32(math.Inf(-1))},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := halfToFloat(floatToHalf(tc.in)); got != tc.want {
				t.Errorf("half(%v) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
	if !math.IsNaN(float64(halfToFloat(floatToHalf(float32(math.NaN()))))) {
		t.Error("NaN did not survive")
	}
	// Every half value converts back to itself.
	for h := range 1 << 16 {
		f := halfToFloat(uint16(h))
		if math.IsNaN(float64(f)) {
			continue
		}
		if back := floatToHalf(f); back != uint16(h) {
			t.Fatalf("half %#04x → %v → %#04x", h, f, back)
		}
	}
	// Relative error of half precision is at most 2^-11 in the normal range.
	for x := float32(1e-3); x < 6e4; x *= 1.01 {
		if got := halfToFloat(floatToHalf(x)); math.Abs(float64(got-x))/float64(x) > 1.0/2048 {
			t.Fatalf("%v → %v", x, got)
		}
	}
}

// Loading decodes half-precision tensors through a table; it must give
// halfToFloat's value, to the bit, for every one of the 65,536 patterns.
func TestHalfTensorDecodesAsHalfToFloat(t *testing.T) {
	tensor := Tensor{Name: "all", Rows: 1 << 8, Cols: 1 << 8, Half: true, Bytes: make([]byte, 2<<16)}
	for h := range 1 << 16 {
		binary.LittleEndian.PutUint16(tensor.Bytes[2*h:], uint16(h))
	}
	got := make([]float32, 1<<16)
	tensor.decode(got)
	for h, v := range got {
		if want := halfToFloat(uint16(h)); math.Float32bits(v) != math.Float32bits(want) {
			t.Fatalf("half %#04x decodes as %v, halfToFloat gives %v", h, v, want)
		}
	}
}
