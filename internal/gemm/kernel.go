package gemm

// Tile and block sizes. A micro-kernel computes a tile of C of up to mr
// rows and nr columns; the driver packs A in blocks of at most mc×kcMax and
// B in blocks of at most kcMax×nc. An A block (144×256 floats, 144 KiB)
// stays in L2 while a kc×nr panel of B (16 KiB) stays in L1. On the 2-core
// AMD EPYC (32 KiB L1d, 512 KiB L2 per core) they were tuned on, mc from 72
// to 192 and kcMax from 192 to 384 did no better.
const (
	mr    = 6
	nr    = 16
	kcMax = 256
	mc    = 144 // a multiple of mr
	nc    = 1024
)

// kernelFunc computes the mr×nr tile
//
//	C = alpha·A·B + beta·C
//
// for 1 <= mr <= 6 and kc >= 1, where A is an mr×kc panel packed by steps of
// p (a[p*mr+i] is A(i,p)), B is kc rows of nr floats, row p starting at
// b[p*bs], and C has rows ldc apart. When beta is zero C is not read.
//
// Every implementation computes each element of C alone in the same order:
// acc = 0, then acc += A(i,p)·B(p,j) for p = 0, 1, ..., kc-1, and last
// alpha·acc (beta == 0) or beta·C + alpha·acc. The result therefore does not
// depend on mr or on where the tile lies in C.
type kernelFunc func(mr, kc int, a, b []float32, bs int, c []float32, ldc int, alpha, beta float32)

// packTransFunc packs 16 rows of src, lds floats apart, as a panel of
// nr = 16 columns of kc rows: dst[p*nr+j] = src[j*lds+p]. It is how the
// driver packs a transposed B.
type packTransFunc func(kc int, src []float32, lds int, dst []float32)

// packRowsFunc packs mr = 6 rows of src, lds floats apart, as a panel of A
// of kc columns: dst[p*mr+i] = src[i*lds+p].
type packRowsFunc func(kc int, src []float32, lds int, dst []float32)

// copyPanelFunc copies kc rows of a fixed width w (mr for A, nr for B),
// lds floats apart, into dst: dst[p*w+j] = src[p*lds+j].
type copyPanelFunc func(kc int, src []float32, lds int, dst []float32)

// An impl is a set of routines that Sgemm runs on.
type impl struct {
	kernel     kernelFunc
	packTrans  packTransFunc // B, transposed
	packRows   packRowsFunc  // A, not transposed
	copyPanelA copyPanelFunc // A, transposed, width mr
	copyPanelB copyPanelFunc // B, not transposed, width nr
}

// generic is the portable impl, written in Go.
var generic = &impl{
	kernel:     kernelGeneric,
	packTrans:  packTransGeneric,
	packRows:   packRowsGeneric,
	copyPanelA: copyPanel6Generic,
	copyPanelB: copyPanel16Generic,
}

// copyPanel6Generic is the portable copyPanelFunc of width 6.
func copyPanel6Generic(kc int, src []float32, lds int, dst []float32) {
	dst = dst[:kc*6]
	for p := 0; p < kc; p++ {
		s, d := src[p*lds:p*lds+6:p*lds+6], dst[p*6:p*6+6:p*6+6]
		d[0], d[1], d[2], d[3], d[4], d[5] = s[0], s[1], s[2], s[3], s[4], s[5]
	}
}

// copyPanel16Generic is the portable copyPanelFunc of width 16.
func copyPanel16Generic(kc int, src []float32, lds int, dst []float32) {
	dst = dst[:kc*16]
	for p := 0; p < kc; p++ {
		copy(dst[p*16:p*16+16], src[p*lds:p*lds+16])
	}
}

// packRowsGeneric is the portable packRowsFunc.
func packRowsGeneric(kc int, src []float32, lds int, dst []float32) {
	dst = dst[:kc*mr]
	for i := 0; i < mr; i++ {
		row := src[i*lds : i*lds+kc]
		for p, v := range row {
			dst[p*mr+i] = v
		}
	}
}

// packTransGeneric is the portable packTransFunc.
func packTransGeneric(kc int, src []float32, lds int, dst []float32) {
	dst = dst[:kc*nr]
	for j := 0; j < nr; j++ {
		row := src[j*lds : j*lds+kc]
		for p, v := range row {
			dst[p*nr+j] = v
		}
	}
}

// kernelGeneric is the portable kernel, in Go. The explicit float32
// conversions keep the compiler from fusing a multiply and an add, so it
// rounds the same way on every architecture. It runs at 2-3 GFLOP/s on the
// machine the AVX2 kernel reaches 80 on, a fifth of gonum's speed: scalar Go
// gets no further (1×8 and 1×16 blockings were no better).
func kernelGeneric(mr, kc int, a, b []float32, bs int, c []float32, ldc int, alpha, beta float32) {
	a = a[:kc*mr]
	_ = b[(kc-1)*bs+nr-1]
	_ = c[(mr-1)*ldc+nr-1]
	var acc [6][nr]float32
	for j := 0; j < nr; j += 4 {
		i := 0
		for ; i+2 <= mr; i += 2 {
			var c00, c01, c02, c03, c10, c11, c12, c13 float32
			ai, bj := i, j
			for p := 0; p < kc; p++ {
				ap := (*[2]float32)(a[ai:])
				bp := (*[4]float32)(b[bj:])
				ai += mr
				bj += bs
				a0, a1 := ap[0], ap[1]
				c00 += float32(a0 * bp[0])
				c01 += float32(a0 * bp[1])
				c02 += float32(a0 * bp[2])
				c03 += float32(a0 * bp[3])
				c10 += float32(a1 * bp[0])
				c11 += float32(a1 * bp[1])
				c12 += float32(a1 * bp[2])
				c13 += float32(a1 * bp[3])
			}
			acc[i][j], acc[i][j+1], acc[i][j+2], acc[i][j+3] = c00, c01, c02, c03
			acc[i+1][j], acc[i+1][j+1], acc[i+1][j+2], acc[i+1][j+3] = c10, c11, c12, c13
		}
		if i < mr {
			var c00, c01, c02, c03 float32
			ai, bj := i, j
			for p := 0; p < kc; p++ {
				a0 := a[ai]
				bp := (*[4]float32)(b[bj:])
				ai += mr
				bj += bs
				c00 += float32(a0 * bp[0])
				c01 += float32(a0 * bp[1])
				c02 += float32(a0 * bp[2])
				c03 += float32(a0 * bp[3])
			}
			acc[i][j], acc[i][j+1], acc[i][j+2], acc[i][j+3] = c00, c01, c02, c03
		}
	}
	for i := 0; i < mr; i++ {
		row := c[i*ldc : i*ldc+nr : i*ldc+nr]
		if beta == 0 {
			for j, v := range &acc[i] {
				row[j] = float32(alpha * v)
			}
			continue
		}
		for j, v := range &acc[i] {
			row[j] = float32(beta*row[j]) + float32(alpha*v)
		}
	}
}
