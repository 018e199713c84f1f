package gemm

import (
	"math/rand/v2"
	"os"
	"testing"
	"time"
)

// Temporary tuning harness; deleted before handing over.
func TestTune(t *testing.T) {
	if os.Getenv("TUNE") == "" {
		t.Skip()
	}
	rnd := rand.New(rand.NewPCG(1, 1))
	for _, tc := range benchShapes {
		tc.alpha = 1
		o := newOperands(&tc, rnd)
		clear(o.c)
		flops := 2 * float64(tc.m) * float64(tc.n) * float64(tc.k)
		line := tc.name
		for _, threads := range []int{1, 2} {
			best := 0.0
			for rep := 0; rep < 15; rep++ {
				n := 0
				start := time.Now()
				for time.Since(start) < 20*time.Millisecond {
					callImpl(defaultImpl, threads, &tc, o)
					n++
				}
				g := flops * float64(n) / time.Since(start).Seconds() / 1e9
				best = max(best, g)
			}
			line += "  " + ftoa(best)
		}
		t.Log(line)
	}
}

func ftoa(f float64) string {
	b := []byte{}
	v := int(f*10 + 0.5)
	s := ""
	for v >= 10 || len(b) == 0 {
		b = append(b, byte('0'+v%10))
		v /= 10
		if len(b) == 1 {
			b = append(b, '.')
		}
	}
	if v > 0 {
		b = append(b, byte('0'+v))
	}
	for i := len(b) - 1; i >= 0; i-- {
		s += string(b[i])
	}
	return s
}
