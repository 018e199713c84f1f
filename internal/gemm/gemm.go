package gemm

import "runtime"

// Messages of the panics for inconsistent arguments.
const (
	mLT0    = "gemm: m < 0"
	nLT0    = "gemm: n < 0"
	kLT0    = "gemm: k < 0"
	badLdA  = "gemm: bad leading dimension of A"
	badLdB  = "gemm: bad leading dimension of B"
	badLdC  = "gemm: bad leading dimension of C"
	shortA  = "gemm: insufficient length of a"
	shortB  = "gemm: insufficient length of b"
	shortC  = "gemm: insufficient length of c"
	minWork = 1 << 17 // multiply-adds below which one goroutine does all
	minPart = 1 << 16 // multiply-adds each goroutine must get at least
)

// Sgemm computes C = alpha*op(A)*op(B) + beta*C for row-major float32 matrices, where op(X) is X or Xᵀ.
// op(A) is m×k, op(B) is k×n, C is m×n; lda, ldb, ldc are the row strides of A, B, C as stored.
// Panics on inconsistent sizes (a programmer error, as in gonum). beta == 0 means C is overwritten (NaNs in C ignored).
//
// threads is how many goroutines the product may be shared among, at most
// runtime.GOMAXPROCS(0), which is also what threads < 1 means. It is the
// caller's, not the package's, because callers that already keep the cores
// busy (a server's workers, a training step's shards) want each product on
// fewer goroutines than a caller alone does, and both may run in one
// process. It only changes speed: the results are the same for every value,
// and products too small to be worth sharing use one goroutine.
//
// Sgemm does not allocate once its buffers are warm, and it may be called
// from several goroutines at once.
func Sgemm(threads int, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	checkArgs(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
	// More goroutines than Ps would only take turns.
	procs := runtime.GOMAXPROCS(0)
	if threads < 1 || threads > procs {
		threads = procs
	}
	sgemm(defaultImpl, threads, &problem{
		transA: transA, transB: transB,
		m: m, n: n, k: k,
		alpha: alpha, beta: beta,
		a: a, lda: lda,
		b: b, ldb: ldb,
		c: c, ldc: ldc,
	})
}

func checkArgs(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	switch {
	case m < 0:
		panic(mLT0)
	case n < 0:
		panic(nLT0)
	case k < 0:
		panic(kLT0)
	}
	// Rows and columns of A and B as stored.
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	br, bc := k, n
	if transB {
		br, bc = n, k
	}
	switch {
	case lda < max(1, ac):
		panic(badLdA)
	case ldb < max(1, bc):
		panic(badLdB)
	case ldc < max(1, n):
		panic(badLdC)
	}
	if m == 0 || n == 0 {
		return
	}
	if k > 0 {
		if len(a) < lda*(ar-1)+ac {
			panic(shortA)
		}
		if len(b) < ldb*(br-1)+bc {
			panic(shortB)
		}
	}
	if len(c) < ldc*(m-1)+n {
		panic(shortC)
	}
}

// problem holds the arguments of one Sgemm call, already checked.
type problem struct {
	transA, transB bool
	m, n, k        int
	alpha, beta    float32
	a              []float32
	lda            int
	b              []float32
	ldb            int
	c              []float32
	ldc            int
	im             *impl
}

// sgemm computes pr with im on at most threads goroutines.
func sgemm(im *impl, threads int, pr *problem) {
	m, n, k := pr.m, pr.n, pr.k
	if m == 0 || n == 0 {
		return
	}
	if k == 0 || pr.alpha == 0 {
		scale(pr)
		return
	}
	pr.im = im

	// Share C between goroutines by blocks of whole tiles: by rows when A
	// has more rows than B has columns (each goroutine then packs its own
	// copy of B), by columns otherwise (each packs its own copy of A).
	byRows := m > n
	tiles := (n + nr - 1) / nr
	if byRows {
		tiles = (m + mr - 1) / mr
	}
	work := m * n * k
	parts := 1
	if threads > 1 && work >= minWork {
		parts = min(threads, tiles, work/minPart, maxParts)
	}
	if parts <= 1 {
		w := getWorkspace()
		w.compute(pr, 0, m, 0, n)
		putWorkspace(w)
		return
	}
	runJob(pr, byRows, tiles, parts)
}

// scale sets C = beta*C, the whole product when k or alpha is zero.
func scale(pr *problem) {
	for i := 0; i < pr.m; i++ {
		row := pr.c[i*pr.ldc : i*pr.ldc+pr.n]
		switch pr.beta {
		case 0:
			clear(row)
		case 1:
		default:
			for j := range row {
				row[j] *= pr.beta
			}
		}
	}
}

// Accelerated reports whether Sgemm runs an assembly kernel. The portable
// kernel is slower than gonum's pure-Go Sgemm, so a caller that has both
// should use gonum when this is false.
func Accelerated() bool { return defaultImpl != generic }
