package model

import "sync/atomic"

// direction runs one cell over a packed batch in one reading direction. Its
// rows are in its own layout: the reverse direction of a bidirectional layer
// reads mirrored sequences, gathered by packing.mirror.
type direction[T Float] struct {
	cell    string
	G, D, H int
	wx      *Param[T] // (D, G·H)
	wh      *Param[T] // (H, G·H)
	bx      *Param[T] // (1, G·H)
	bh      *Param[T] // (1, G·H)
	threads int       // see Model.SetThreads

	// Saved by forward for backward.
	x     []T // (N, D) the input as read
	pre   []T // (N, G·H) x·Wx + bx
	hpre  []T // (N, G·H) h'·Wh + bh, the recurrent part
	act   []T // (N, G·H) gate activations (LSTM, GRU; the RNN's is h)
	c     []T // (N, H) LSTM cell state
	tc    []T // (N, H) tanh(c), kept so backward need not recompute it
	h     []T // (N, H) hidden state after each row's step
	hprev []T // (N, H) hidden state each row's step started from

	// Backward scratch.
	dpre  []T // (N, G·H) gradient of pre
	dhpre []T // (N, G·H) gradient of hpre: dpre, except for the GRU, where it is dhq
	dhq   []T // (N, G·H) the GRU's own gradient of hpre
	dh    []T // (N, H) gradient flowing into h
	dc    []T // (N, H) gradient flowing into c: from the next step, then, once backward has passed, in all
	dx    []T // (N, D)
	whT   []T // (G·H, H) Whᵀ, so that each step's product reads it in place rather than transposing Wh again

	stop *atomic.Bool // see Model.SetStop; checked between time steps
}

func newDirection[T Float](cell string, G int, wx, wh, bx, bh *Param[T]) *direction[T] {
	return &direction[T]{cell: cell, G: G, D: wx.Rows, H: wh.Rows, wx: wx, wh: wh, bx: bx, bh: bh}
}

// forward runs the recurrence over x (N, D), which must stay unchanged until
// backward, and returns h (N, H).
func (d *direction[T]) forward(p *packing, x []T) []T {
	N, H, GH := p.tokens(), d.H, d.G*d.H
	d.x = x
	d.pre = grow(d.pre, N*GH)
	d.hpre = grow(d.hpre, N*GH)
	if d.cell != CellRNN {
		d.act = grow(d.act, N*GH)
	}
	d.h = grow(d.h, N*H)
	d.hprev = grow(d.hprev, N*H)
	if d.cell == CellLSTM {
		d.c = grow(d.c, N*H)
		d.tc = grow(d.tc, N*H)
	}
	if d.stopped() {
		return d.h
	}
	// Every token's input projection in one product; only h'·Wh is per step.
	gemm(d.threads, false, false, N, GH, d.D, 1, x, d.D, d.wx.W, GH, 0, d.pre, GH)
	addRows(d.pre, d.bx.W)
	for t := range p.steps() {
		if d.stopped() {
			return d.h
		}
		r0, n := p.offsets[t], p.sizes[t]
		hp := d.hprev[r0*H : (r0+n)*H]
		hq := d.hpre[r0*GH : (r0+n)*GH]
		setRows(hq, d.bh.W)
		q0 := -1
		if t == 0 {
			zero(hp)
		} else {
			q0 = p.offsets[t-1]
			copy(hp, d.h[q0*H:(q0+n)*H])
			gemm(d.threads, false, false, n, GH, H, 1, hp, H, d.wh.W, GH, 1, hq, GH)
		}
		switch d.cell {
		case CellLSTM:
			d.lstmForward(r0, q0, n)
		case CellGRU:
			d.gruForward(r0, n)
		default:
			d.rnnForward(r0, n)
		}
	}
	return d.h
}

// stopped reports whether the step under way is to be abandoned; what the
// direction returns then is never read.
func (d *direction[T]) stopped() bool { return d.stop != nil && d.stop.Load() }

// backward takes dh (N, H), the gradient of the loss with respect to every
// row's output, accumulates the parameter gradients and returns dx (N, D).
// dh is used as scratch.
func (d *direction[T]) backward(p *packing, dh []T) []T {
	N, H, GH := p.tokens(), d.H, d.G*d.H
	d.dh = dh
	d.dpre = grow(d.dpre, N*GH)
	d.dhpre = d.dpre
	if d.cell == CellGRU {
		d.dhq = grow(d.dhq, N*GH)
		d.dhpre = d.dhq
	}
	if d.cell == CellLSTM {
		d.dc = grow(d.dc, N*H)
		zero(d.dc)
	}
	d.whT = grow(d.whT, GH*H)
	for i := range H {
		for j, v := range d.wh.W[i*GH : (i+1)*GH] {
			d.whT[j*H+i] = v
		}
	}
	for t := p.steps() - 1; t >= 0; t-- {
		if d.stopped() {
			d.dx = grow(d.dx, N*d.D)
			return d.dx
		}
		r0, n := p.offsets[t], p.sizes[t]
		q0 := -1
		if t > 0 {
			q0 = p.offsets[t-1]
		}
		switch d.cell {
		case CellLSTM:
			d.lstmBackward(r0, q0, n)
		case CellGRU:
			d.gruBackward(r0, q0, n)
		default:
			d.rnnBackward(r0, n)
		}
		if q0 >= 0 {
			// The sequences running at step t are the first n of step t-1.
			gemm(d.threads, false, false, n, H, GH, 1, d.dhpre[r0*GH:(r0+n)*GH], GH, d.whT, H, 1, dh[q0*H:(q0+n)*H], H)
		}
	}
	// Weight gradients over every token at once.
	gemm(d.threads, true, false, d.D, GH, N, 1, d.x, d.D, d.dpre, GH, 1, d.wx.G, GH)
	sumRows(d.bx.G, d.dpre)
	gemm(d.threads, true, false, H, GH, N, 1, d.hprev, H, d.dhpre, GH, 1, d.wh.G, GH)
	sumRows(d.bh.G, d.dhpre)
	d.dx = grow(d.dx, N*d.D)
	gemm(d.threads, false, true, N, d.D, GH, 1, d.dpre, GH, d.wx.W, GH, 0, d.dx, d.D)
	return d.dx
}
