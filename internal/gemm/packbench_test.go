package gemm

import (
	"math/rand/v2"
	"testing"
)

func BenchmarkPackA(b *testing.B) {
	rnd := rand.New(rand.NewPCG(1, 1))
	for _, tr := range []bool{false, true} {
		pr := &problem{transA: tr, m: 144, k: 256, a: randSlice(rnd, 800*800), lda: 800, im: defaultImpl}
		dst := make([]float32, 144*256)
		b.Run(transName(tr), func(b *testing.B) {
			for b.Loop() {
				packA(dst, pr, 0, 144, 0, 256)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(144*256), "ns/float")
		})
	}
}

func BenchmarkPackB(b *testing.B) {
	rnd := rand.New(rand.NewPCG(1, 1))
	for _, tr := range []bool{false, true} {
		pr := &problem{transB: tr, n: 800, k: 256, b: randSlice(rnd, 800*800), ldb: 800, im: defaultImpl}
		dst := make([]float32, 800*256)
		b.Run(transName(tr), func(b *testing.B) {
			for b.Loop() {
				packB(dst, pr, 0, 256, 0, 800)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(800*256), "ns/float")
		})
	}
}
