package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

// A gemmCase is one call of Sgemm. padA, padB and padC are added to the
// minimal leading dimensions.
type gemmCase struct {
	name             string
	transA, transB   bool
	m, n, k          int
	alpha, beta      float32
	padA, padB, padC int
}

// alphaBeta are the alpha, beta pairs the cases go through; beta == 0 is
// tested with NaN in C.
var alphaBeta = []struct{ alpha, beta float32 }{
	{1, 0},
	{1, 1},
	{-0.75, 0.5},
	{2, 0},
	{0, 0.5},
	{0, 0},
	{1, -1},
}

var testSizes = []int{0, 1, 2, 3, 5, 7, 15, 16, 17, 31, 33, 64, 100, 129}

func transName(t bool) string {
	if t {
		return "T"
	}
	return "N"
}

func (tc *gemmCase) setName() {
	tc.name = fmt.Sprintf("%s%s/m=%d,n=%d,k=%d/alpha=%g,beta=%g/pad=%d,%d,%d",
		transName(tc.transA), transName(tc.transB), tc.m, tc.n, tc.k, tc.alpha, tc.beta, tc.padA, tc.padB, tc.padC)
}

// gemmCases returns every combination of testSizes for m, n and k with the
// four transpose combinations, cycling through alphaBeta and paddings, and
// then each alphaBeta pair on a few larger shapes, including the LSTM's.
func gemmCases() []gemmCase {
	var cases []gemmCase
	idx := 0
	for _, m := range testSizes {
		for _, n := range testSizes {
			for _, k := range testSizes {
				for tr := range 4 {
					ab := alphaBeta[idx%len(alphaBeta)]
					tc := gemmCase{
						transA: tr&1 != 0, transB: tr&2 != 0,
						m: m, n: n, k: k,
						alpha: ab.alpha, beta: ab.beta,
						padA: idx % 3, padB: idx % 5, padC: idx % 4,
					}
					tc.setName()
					cases = append(cases, tc)
					idx++
				}
			}
		}
	}
	shapes := []struct{ m, n, k int }{
		{33, 17, 129},
		{32, 800, 200}, // per-step recurrent product
		{7, 200, 800},  // per-step dh, small batch
		{150, 40, 300}, // more than one block of A rows and of k
		{13, 1100, 19}, // more than one block of B columns
		{300, 3, 600},  // dense layer
		{640, 2, 200},  // dense layer
	}
	for _, s := range shapes {
		for tr := range 4 {
			for i, ab := range alphaBeta {
				tc := gemmCase{
					transA: tr&1 != 0, transB: tr&2 != 0,
					m: s.m, n: s.n, k: s.k,
					alpha: ab.alpha, beta: ab.beta,
					padA: i % 2 * 3, padB: i % 3, padC: i % 2 * 5,
				}
				tc.setName()
				cases = append(cases, tc)
			}
		}
	}
	return cases
}

// operands holds the matrices of one case, as stored.
type operands struct {
	a, b, c       []float32
	lda, ldb, ldc int
}

// newOperands fills A, B and C with values in [-1, 1), C with NaN when beta
// is zero, and the padding of every row of C with a sentinel.
func newOperands(tc *gemmCase, rnd *rand.Rand) *operands {
	ar, ac := tc.m, tc.k
	if tc.transA {
		ar, ac = tc.k, tc.m
	}
	br, bc := tc.k, tc.n
	if tc.transB {
		br, bc = tc.n, tc.k
	}
	o := &operands{lda: max(1, ac) + tc.padA, ldb: max(1, bc) + tc.padB, ldc: max(1, tc.n) + tc.padC}
	o.a = randSlice(rnd, ar*o.lda)
	o.b = randSlice(rnd, br*o.ldb)
	o.c = randSlice(rnd, tc.m*o.ldc)
	for i := 0; i < tc.m; i++ {
		for j := 0; j < o.ldc; j++ {
			switch {
			case j >= tc.n:
				o.c[i*o.ldc+j] = sentinel
			case tc.beta == 0:
				o.c[i*o.ldc+j] = float32(math.NaN())
			}
		}
	}
	return o
}

const sentinel = 12345.5

func randSlice(rnd *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = 2*rnd.Float32() - 1
	}
	return s
}

// reference returns alpha*op(A)*op(B) + beta*C accumulated in float64 and,
// for the tolerance, the same sum of absolute values.
func reference(tc *gemmCase, o *operands) (want, scale []float64) {
	want = make([]float64, tc.m*tc.n)
	scale = make([]float64, tc.m*tc.n)
	for i := 0; i < tc.m; i++ {
		for j := 0; j < tc.n; j++ {
			var s, abs float64
			for p := 0; p < tc.k; p++ {
				ai, bi := i*o.lda+p, p*o.ldb+j
				if tc.transA {
					ai = p*o.lda + i
				}
				if tc.transB {
					bi = j*o.ldb + p
				}
				av, bv := o.a[ai], o.b[bi]
				s += float64(av) * float64(bv)
				abs += math.Abs(float64(av) * float64(bv))
			}
			alpha := float64(tc.alpha)
			s *= alpha
			abs *= math.Abs(alpha)
			if tc.beta != 0 {
				cv := float64(tc.beta) * float64(o.c[i*o.ldc+j])
				s += cv
				abs += math.Abs(cv)
			}
			want[i*tc.n+j] = s
			scale[i*tc.n+j] = abs
		}
	}
	return want, scale
}

// checkResult compares C after the call with the reference.
func checkResult(t *testing.T, tc *gemmCase, o *operands, got []float32, want, scale []float64) {
	t.Helper()
	tol := 1e-5 * float64(max(tc.k, 1))
	bad := 0
	for i := 0; i < tc.m; i++ {
		for j := 0; j < o.ldc; j++ {
			g := got[i*o.ldc+j]
			if j >= tc.n {
				if g != sentinel {
					t.Errorf("C[%d,%d] (padding) = %v, want it untouched (%v)", i, j, g, sentinel)
					bad++
				}
				continue
			}
			w := want[i*tc.n+j]
			if d := math.Abs(float64(g) - w); !(d <= tol*scale[i*tc.n+j]+1e-30) {
				t.Errorf("C[%d,%d] = %v, want %v (difference %g, tolerance %g)", i, j, g, w, d, tol*scale[i*tc.n+j])
				bad++
			}
			if bad > 5 {
				t.Fatal("too many errors")
			}
		}
	}
}

// runCases runs every case through call, which must compute the product
// into o.c.
func runCases(t *testing.T, call func(tc *gemmCase, o *operands)) {
	rnd := rand.New(rand.NewPCG(1, 1))
	for _, tc := range gemmCases() {
		t.Run(tc.name, func(t *testing.T) {
			o := newOperands(&tc, rnd)
			want, scale := reference(&tc, o)
			call(&tc, o)
			checkResult(t, &tc, o, o.c, want, scale)
		})
	}
}

func TestSgemm(t *testing.T) {
	runCases(t, func(tc *gemmCase, o *operands) {
		Sgemm(0, tc.transA, tc.transB, tc.m, tc.n, tc.k, tc.alpha, o.a, o.lda, o.b, o.ldb, tc.beta, o.c, o.ldc)
	})
}

// TestSgemmGeneric runs the portable kernel whatever the build tags, on two
// goroutines.
func TestSgemmGeneric(t *testing.T) {
	runCases(t, func(tc *gemmCase, o *operands) {
		callImpl(generic, 2, tc, o)
	})
}

// callImpl computes tc with im on at most threads goroutines.
func callImpl(im *impl, threads int, tc *gemmCase, o *operands) {
	checkArgs(tc.transA, tc.transB, tc.m, tc.n, tc.k, o.a, o.lda, o.b, o.ldb, o.c, o.ldc)
	sgemm(im, threads, &problem{
		transA: tc.transA, transB: tc.transB,
		m: tc.m, n: tc.n, k: tc.k,
		alpha: tc.alpha, beta: tc.beta,
		a: o.a, lda: o.lda,
		b: o.b, ldb: o.ldb,
		c: o.c, ldc: o.ldc,
	})
}

// impls are the impls that can run on this machine.
func impls() map[string]*impl {
	ims := map[string]*impl{"generic": generic}
	if defaultImpl != generic {
		ims["default"] = defaultImpl
	}
	return ims
}

// lstmShapes are the products of an LSTM layer with batch 32, embedding 128,
// hidden 200 and 640 tokens per batch.
var lstmShapes = []gemmCase{
	{name: "input", m: 640, n: 800, k: 128},
	{name: "step", m: 32, n: 800, k: 200, beta: 1},
	{name: "dX", transB: true, m: 640, n: 128, k: 800},
	{name: "dWx", transA: true, m: 128, n: 800, k: 640, beta: 1},
	{name: "dWh", transA: true, m: 200, n: 800, k: 640, beta: 1},
	{name: "step-dh", transB: true, m: 32, n: 200, k: 800, beta: 1},
	{name: "odd", transA: true, transB: true, m: 101, n: 333, k: 517, beta: 0.5},
}

// TestThreadsDeterministic checks that C is bit for bit the same whatever
// the number of goroutines.
func TestThreadsDeterministic(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 1))
	for iname, im := range impls() {
		for _, tc := range lstmShapes {
			tc.alpha = 1
			t.Run(iname+"/"+tc.name, func(t *testing.T) {
				o := newOperands(&tc, rnd)
				c0 := slices.Clone(o.c)
				var first []float32
				for _, threads := range []int{1, 2, 3, 4, 7} {
					copy(o.c, c0)
					callImpl(im, threads, &tc, o)
					if first == nil {
						first = slices.Clone(o.c)
						continue
					}
					for i := range first {
						if math.Float32bits(o.c[i]) != math.Float32bits(first[i]) {
							t.Fatalf("threads=%d: C[%d] = %v, want %v as with 1 thread", threads, i, o.c[i], first[i])
						}
					}
				}
			})
		}
	}
}

// TestRowsIndependent checks that a row of C computed alone, through the
// public Sgemm, is bit for bit the same row computed with all the others.
func TestRowsIndependent(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 1))
	for _, tc := range lstmShapes {
		tc.alpha = 0.5
		t.Run(tc.name, func(t *testing.T) {
			o := newOperands(&tc, rnd)
			c0 := slices.Clone(o.c)
			Sgemm(0, tc.transA, tc.transB, tc.m, tc.n, tc.k, tc.alpha, o.a, o.lda, o.b, o.ldb, tc.beta, o.c, o.ldc)
			for _, i := range []int{0, 5, tc.m - 1} {
				row := slices.Clone(c0[i*o.ldc : (i+1)*o.ldc])
				a := o.a[i*o.lda:]
				lda := o.lda
				if tc.transA {
					a = o.a[i:]
				}
				Sgemm(0, tc.transA, tc.transB, 1, tc.n, tc.k, tc.alpha, a, lda, o.b, o.ldb, tc.beta, row, o.ldc)
				for j := 0; j < tc.n; j++ {
					if got, want := row[j], o.c[i*o.ldc+j]; math.Float32bits(got) != math.Float32bits(want) {
						t.Fatalf("row %d alone: C[%d,%d] = %v, want %v", i, i, j, got, want)
					}
				}
			}
		})
	}
}

// TestNoAllocs checks that steady-state calls do not allocate, on one
// goroutine and on two.
func TestNoAllocs(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 1))
	for _, tc := range lstmShapes {
		if tc.m*tc.n*tc.k > 1<<23 {
			continue // the large products, slow with the portable kernel
		}
		tc.alpha = 1
		o := newOperands(&tc, rnd)
		for _, threads := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/threads=%d", tc.name, threads), func(t *testing.T) {
				allocs := testing.AllocsPerRun(50, func() {
					Sgemm(threads, tc.transA, tc.transB, tc.m, tc.n, tc.k, tc.alpha, o.a, o.lda, o.b, o.ldb, 0, o.c, o.ldc)
				})
				if allocs != 0 {
					t.Errorf("got %v allocations per call, want 0", allocs)
				}
			})
		}
	}
}

// TestConcurrent runs calls from several goroutines at once, each sharing
// its work with the workers, and checks each against a call made alone.
func TestConcurrent(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 1))
	type call struct {
		tc   gemmCase
		o    *operands
		want []float32
	}
	var calls []call
	for _, tc := range lstmShapes {
		tc.alpha = 1
		tc.beta = 0
		o := newOperands(&tc, rnd)
		Sgemm(0, tc.transA, tc.transB, tc.m, tc.n, tc.k, tc.alpha, o.a, o.lda, o.b, o.ldb, tc.beta, o.c, o.ldc)
		calls = append(calls, call{tc, o, slices.Clone(o.c)})
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for r := range 3 {
				cl := calls[(g+r)%len(calls)]
				tc := cl.tc
				c := make([]float32, len(cl.o.c))
				Sgemm(2, tc.transA, tc.transB, tc.m, tc.n, tc.k, tc.alpha, cl.o.a, cl.o.lda, cl.o.b, cl.o.ldb, tc.beta, c, cl.o.ldc)
				for i := 0; i < tc.m; i++ {
					for j := 0; j < tc.n; j++ {
						if got, want := c[i*cl.o.ldc+j], cl.want[i*cl.o.ldc+j]; got != want {
							t.Errorf("%s: C[%d,%d] = %v, want %v", tc.name, i, j, got, want)
							return
						}
					}
				}
			}
		})
	}
	wg.Wait()
}

func TestPanics(t *testing.T) {
	buf := make([]float32, 400)
	for _, tc := range []struct {
		name           string
		transA, transB bool
		m, n, k        int
		a              []float32
		lda            int
		b              []float32
		ldb            int
		c              []float32
		ldc            int
		want           string
	}{
		{name: "m<0", m: -1, n: 2, k: 2, a: buf, lda: 2, b: buf, ldb: 2, c: buf, ldc: 2, want: mLT0},
		{name: "n<0", m: 2, n: -1, k: 2, a: buf, lda: 2, b: buf, ldb: 2, c: buf, ldc: 2, want: nLT0},
		{name: "k<0", m: 2, n: 2, k: -1, a: buf, lda: 2, b: buf, ldb: 2, c: buf, ldc: 2, want: kLT0},
		{name: "lda", m: 2, n: 2, k: 3, a: buf, lda: 2, b: buf, ldb: 2, c: buf, ldc: 2, want: badLdA},
		{name: "lda trans", transA: true, m: 3, n: 2, k: 2, a: buf, lda: 2, b: buf, ldb: 2, c: buf, ldc: 2, want: badLdA},
		{name: "ldb", m: 2, n: 3, k: 2, a: buf, lda: 2, b: buf, ldb: 2, c: buf, ldc: 3, want: badLdB},
		{name: "ldb trans", transB: true, m: 2, n: 2, k: 3, a: buf, lda: 3, b: buf, ldb: 2, c: buf, ldc: 2, want: badLdB},
		{name: "ldc", m: 2, n: 3, k: 2, a: buf, lda: 2, b: buf, ldb: 3, c: buf, ldc: 2, want: badLdC},
		{name: "ld zero", m: 0, n: 0, k: 0, a: nil, lda: 0, b: nil, ldb: 1, c: nil, ldc: 1, want: badLdA},
		{name: "short a", m: 20, n: 2, k: 10, a: buf[:199], lda: 10, b: buf, ldb: 2, c: buf, ldc: 2, want: shortA},
		{name: "short b", m: 2, n: 20, k: 10, a: buf, lda: 10, b: buf[:199], ldb: 20, c: buf, ldc: 20, want: shortB},
		{name: "short b trans", transB: true, m: 2, n: 20, k: 10, a: buf, lda: 10, b: buf[:199], ldb: 10, c: buf, ldc: 20, want: shortB},
		{name: "short c", m: 40, n: 11, k: 1, a: buf, lda: 1, b: buf, ldb: 11, c: buf, ldc: 11, want: shortC},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if got := recover(); got != tc.want {
					t.Errorf("panic %v, want %q", got, tc.want)
				}
			}()
			Sgemm(0, tc.transA, tc.transB, tc.m, tc.n, tc.k, 1, tc.a, tc.lda, tc.b, tc.ldb, 0, tc.c, tc.ldc)
		})
	}
}

// TestEmpty checks calls that read no element: k == 0 only scales C, and
// m == 0 or n == 0 accept empty slices.
func TestEmpty(t *testing.T) {
	Sgemm(0, false, false, 0, 5, 3, 1, nil, 3, make([]float32, 15), 5, 0, nil, 5)
	Sgemm(0, false, false, 4, 0, 3, 1, make([]float32, 12), 3, nil, 1, 0, nil, 1)
	c := []float32{1, 2, 3, 4}
	Sgemm(0, true, true, 2, 2, 0, 1, nil, 2, nil, 1, 0.5, c, 2)
	if want := []float32{0.5, 1, 1.5, 2}; !slices.Equal(c, want) {
		t.Errorf("k = 0, beta = 0.5: C = %v, want %v", c, want)
	}
}
