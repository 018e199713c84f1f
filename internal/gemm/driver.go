package gemm

// A workspace holds one goroutine's packing buffers. Buffers grow to the
// largest block seen and are then reused.
type workspace struct {
	apack []float32        // (mc, kc) block of op(A), in panels of mr rows
	bpack []float32        // (kc, nc) block of op(B), in panels of nr columns
	bedge []float32        // (kc, nr) last panel of B when B is not packed
	ctile [mr * nr]float32 // a tile of C at the right edge
}

// grow returns s resliced to n elements, reallocated if it is too short.
func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

// kBlock returns the start and size of block q of the nq blocks into which
// the k dimension is cut. The blocks depend on k alone, never on the part
// of C being computed, so each element is summed in the same order.
func kBlock(k, nq, q int) (start, size int) {
	size, rem := k/nq, k%nq
	start = q*size + min(q, rem)
	if q < rem {
		size++
	}
	return start, size
}

// compute computes rows [i0, i1) and columns [j0, j1) of pr's C.
func (w *workspace) compute(pr *problem, i0, i1, j0, j1 int) {
	k, ldc := pr.k, pr.ldc
	nq := (k + kcMax - 1) / kcMax
	// With a single block of A rows, each panel of B is used once per block
	// of k, so packing B would only copy it; the kernel reads B where it is,
	// unless its rows are a multiple of 4 KiB apart, which would make them
	// collide in the L1 cache.
	direct := !pr.transB && i1-i0 <= mc && pr.ldb%1024 != 0
	// Blocks of rows of A as even as whole panels allow: 200 rows go as
	// 102+98 rather than 144+56.
	mBlocks := (i1 - i0 + mc - 1) / mc
	mcBal := ((i1-i0+mBlocks-1)/mBlocks + mr - 1) / mr * mr
	for jc := j0; jc < j1; jc += nc {
		ncb := min(nc, j1-jc)
		for q := 0; q < nq; q++ {
			pc, kcb := kBlock(k, nq, q)
			beta := pr.beta
			if q > 0 {
				beta = 1
			}
			if !direct {
				w.bpack = grow(w.bpack, (ncb+nr-1)/nr*nr*kcb)
				packB(w.bpack, pr, pc, kcb, jc, ncb)
			}
			for ic := i0; ic < i1; ic += mcBal {
				mcb := min(mcBal, i1-ic)
				w.apack = grow(w.apack, mcb*kcb)
				packA(w.apack, pr, ic, mcb, pc, kcb)
				for jr := 0; jr < ncb; jr += nr {
					nrb := min(nr, ncb-jr)
					var bp []float32
					bs := nr
					switch {
					case !direct:
						bp = w.bpack[jr*kcb:]
					case nrb == nr:
						bp = pr.b[pc*pr.ldb+jc+jr:]
						bs = pr.ldb
					default:
						w.bedge = grow(w.bedge, nr*kcb)
						packB(w.bedge, pr, pc, kcb, jc+jr, nrb)
						bp = w.bedge
					}
					for ir, mrb := 0, 0; ir < mcb; ir += mrb {
						mrb = panelRows(mcb - ir)
						ap := w.apack[ir*kcb : (ir+mrb)*kcb]
						ci := (ic+ir)*ldc + jc + jr
						if nrb == nr {
							pr.im.kernel(mrb, kcb, ap, bp, bs, pr.c[ci:], ldc, pr.alpha, beta)
							continue
						}
						// A tile at the right edge of C goes through
						// ctile so that the kernel need not know.
						t := w.ctile[:]
						if beta != 0 {
							for i := 0; i < mrb; i++ {
								copy(t[i*nr:i*nr+nrb], pr.c[ci+i*ldc:ci+i*ldc+nrb])
							}
						}
						pr.im.kernel(mrb, kcb, ap, bp, bs, t, nr, pr.alpha, beta)
						for i := 0; i < mrb; i++ {
							copy(pr.c[ci+i*ldc:ci+i*ldc+nrb], t[i*nr:i*nr+nrb])
						}
					}
				}
			}
		}
	}
}

// panelRows returns the height of the next panel of A when rows are left:
// mr while that leaves at least 4, otherwise the rest split in two. Kernels
// of fewer than 4 rows have too few accumulators to hide the latency of FMA,
// so 8 rows go as 4+4 rather than 6+2. Every kernel gives the same results,
// so the split changes speed only.
func panelRows(rows int) int {
	switch {
	case rows <= mr:
		return rows
	case rows < mr+4:
		return (rows + 1) / 2
	}
	return mr
}

// packA packs rows [i0, i0+rows) and columns [p0, p0+kc) of op(A) into dst
// as panels of the heights panelRows gives: the panel of row ir starts at
// dst[ir*kc] and, if it has r rows, holds A(ir+i, p) at [ir*kc+p*r+i].
func packA(dst []float32, pr *problem, i0, rows, p0, kc int) {
	a, lda := pr.a, pr.lda
	if pr.transA {
		// A(i, p) = a[p*lda+i]: the r floats of each step are adjacent.
		for ir, r := 0, 0; ir < rows; ir += r {
			r = panelRows(rows - ir)
			d := dst[ir*kc : (ir+r)*kc]
			src := a[p0*lda+i0+ir:]
			if r == mr {
				pr.im.copyPanelA(kc, src, lda, d)
				continue
			}
			for p := 0; p < kc; p++ {
				copy(d[p*r:p*r+r], src[p*lda:p*lda+r])
			}
		}
		return
	}
	// A(i, p) = a[i*lda+p]: read r rows, write every r-th float.
	for ir, r := 0, 0; ir < rows; ir += r {
		r = panelRows(rows - ir)
		d := dst[ir*kc : (ir+r)*kc]
		if r == mr {
			pr.im.packRows(kc, a[(i0+ir)*lda+p0:], lda, d)
			continue
		}
		for i := 0; i < r; i++ {
			off := (i0+ir+i)*lda + p0
			src := a[off : off+kc]
			for p, v := range src {
				d[p*r+i] = v
			}
		}
	}
}

// packB packs rows [p0, p0+kc) and columns [j0, j0+cols) of op(B) into dst
// as panels of nr columns: panel q starts at dst[q*nr*kc] and holds B(p, j)
// at [p*nr+j]. Columns past the edge are zero.
func packB(dst []float32, pr *problem, p0, kc, j0, cols int) {
	b, ldb := pr.b, pr.ldb
	if !pr.transB {
		// B(p, j) = b[p*ldb+j]: rows of the panel are adjacent.
		for jr := 0; jr < cols; jr += nr {
			d := dst[jr*kc : (jr+nr)*kc]
			src := b[p0*ldb+j0+jr:]
			if jr+nr <= cols {
				pr.im.copyPanelB(kc, src, ldb, d)
				continue
			}
			for p := 0; p < kc; p++ {
				t := d[p*nr : p*nr+nr]
				w := copy(t, src[p*ldb:p*ldb+cols-jr])
				clear(t[w:])
			}
		}
		return
	}
	// B(p, j) = b[j*ldb+p]: a transpose.
	for jr := 0; jr < cols; jr += nr {
		w := min(nr, cols-jr)
		d := dst[jr*kc : (jr+nr)*kc]
		if w == nr {
			pr.im.packTrans(kc, b[(j0+jr)*ldb+p0:], ldb, d)
			continue
		}
		for j := 0; j < w; j++ {
			off := (j0+jr+j)*ldb + p0
			src := b[off : off+kc]
			for p, v := range src {
				d[p*nr+j] = v
			}
		}
		for p := 0; p < kc; p++ {
			clear(d[p*nr+w : p*nr+nr])
		}
	}
}
