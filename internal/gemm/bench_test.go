package gemm

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// benchShapes are the products of an LSTM layer with batch B = 32,
// embedding E = 128, hidden H = 200 (4H = 800) and N = 640 tokens per batch,
// and of the dense layer on top.
var benchShapes = []gemmCase{
	{name: "forward-input/m=640,n=800,k=128", m: 640, n: 800, k: 128},
	{name: "forward-step/m=32,n=800,k=200", m: 32, n: 800, k: 200, beta: 1},
	{name: "forward-step/m=8,n=800,k=200", m: 8, n: 800, k: 200, beta: 1},
	{name: "forward-step/m=1,n=800,k=200", m: 1, n: 800, k: 200, beta: 1},
	{name: "backward-dX/m=640,n=128,k=800,NT", transB: true, m: 640, n: 128, k: 800},
	{name: "backward-dWx/m=128,n=800,k=640,TN", transA: true, m: 128, n: 800, k: 640, beta: 1},
	{name: "backward-dWh/m=200,n=800,k=640,TN", transA: true, m: 200, n: 800, k: 640, beta: 1},
	{name: "backward-step-dh/m=32,n=200,k=800,NT", transB: true, m: 32, n: 200, k: 800, beta: 1},
	{name: "backward-step-dh/m=8,n=200,k=800,NT", transB: true, m: 8, n: 200, k: 800, beta: 1},
	{name: "dense/m=32,n=2,k=200", m: 32, n: 2, k: 200},
	{name: "dense-dW/m=200,n=2,k=32,TN", transA: true, m: 200, n: 2, k: 32, beta: 1},
}

// BenchmarkSgemm times each shape with gonum's blas32 Sgemm and then with
// this package on 1 and 2 goroutines, reporting GFLOP/s (2mnk per call) and,
// for this package, the ratio to gonum ("x-gonum").
func BenchmarkSgemm(b *testing.B) {
	rnd := rand.New(rand.NewPCG(1, 1))
	for _, tc := range benchShapes {
		tc.alpha = 1
		o := newOperands(&tc, rnd)
		if tc.beta == 0 {
			clear(o.c) // no NaN: gonum reads C when beta is 0
		}
		flops := 2 * float64(tc.m) * float64(tc.n) * float64(tc.k)
		gflops := func(b *testing.B) float64 {
			return flops * float64(b.N) / b.Elapsed().Seconds() / 1e9
		}
		var gonumGFLOPS float64
		b.Run(tc.name+"/impl=gonum", func(b *testing.B) {
			var impl gonum.Implementation
			tA, tB := blas.NoTrans, blas.NoTrans
			if tc.transA {
				tA = blas.Trans
			}
			if tc.transB {
				tB = blas.Trans
			}
			b.ReportAllocs()
			for b.Loop() {
				impl.Sgemm(tA, tB, tc.m, tc.n, tc.k, tc.alpha, o.a, o.lda, o.b, o.ldb, tc.beta, o.c, o.ldc)
			}
			gonumGFLOPS = gflops(b)
			b.ReportMetric(gonumGFLOPS, "GFLOP/s")
		})
		for _, threads := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/impl=gemm/threads=%d", tc.name, threads), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					Sgemm(threads, tc.transA, tc.transB, tc.m, tc.n, tc.k, tc.alpha, o.a, o.lda, o.b, o.ldb, tc.beta, o.c, o.ldc)
				}
				g := gflops(b)
				b.ReportMetric(g, "GFLOP/s")
				if gonumGFLOPS > 0 {
					b.ReportMetric(g/gonumGFLOPS, "x-gonum")
				}
			})
		}
	}
}
