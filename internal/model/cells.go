package model

// The pointwise halves of the three cells, one step at a time. Rows r0..r0+n
// are the step's rows; q0 is the first row of the previous step (whose first
// n rows hold the same sequences), or -1 at the first step. Forward and
// backward of each cell sit together so their caches can be read side by side.

// LSTM, gate blocks i, f, g, o: c = f⊙c' + i⊙g, h = o⊙tanh(c).
func (d *direction[T]) lstmForward(r0, q0, n int) {
	H, GH := d.H, 4*d.H
	for i := range n {
		r := r0 + i
		P, Q, A := d.pre[r*GH:(r+1)*GH], d.hpre[r*GH:(r+1)*GH], d.act[r*GH:(r+1)*GH]
		c, tc, h := d.c[r*H:(r+1)*H], d.tc[r*H:(r+1)*H], d.h[r*H:(r+1)*H]
		var cp []T
		if q0 >= 0 {
			cp = d.c[(q0+i)*H : (q0+i+1)*H]
		}
		// The gate nonlinearities were a quarter of an LSTM's training
		// time, so where the CPU has AVX2 a float32 kernel does 8 units at
		// a time up to the last multiple of 8 (lstm_amd64.s). It makes these
		// very float32 operations in this order, so that a model's numbers
		// do not depend on the CPU.
		for j := lstmForwardKernel(P, Q, A, cp, c, tc, h); j < H; j++ {
			ig := sigmoid(P[j] + Q[j])
			fg := sigmoid(P[H+j] + Q[H+j])
			gg := tanh(P[2*H+j] + Q[2*H+j])
			og := sigmoid(P[3*H+j] + Q[3*H+j])
			A[j], A[H+j], A[2*H+j], A[3*H+j] = ig, fg, gg, og
			cc := ig * gg
			if cp != nil {
				cc += fg * cp[j]
			}
			c[j] = cc
			tc[j] = tanh(cc)
			h[j] = og * tc[j]
		}
	}
}

func (d *direction[T]) lstmBackward(r0, q0, n int) {
	H, GH := d.H, 4*d.H
	for i := range n {
		r := r0 + i
		A, dP := d.act[r*GH:(r+1)*GH], d.dpre[r*GH:(r+1)*GH]
		tc, dh, dc := d.tc[r*H:(r+1)*H], d.dh[r*H:(r+1)*H], d.dc[r*H:(r+1)*H]
		var cp, dcp []T
		if q0 >= 0 {
			cp = d.c[(q0+i)*H : (q0+i+1)*H]
			dcp = d.dc[(q0+i)*H : (q0+i+1)*H]
		}
		for j := range H {
			ig, fg, gg, og := A[j], A[H+j], A[2*H+j], A[3*H+j]
			dcc := dc[j] + dh[j]*og*(1-tc[j]*tc[j])
			dc[j] = dcc // what reached c in all, for StateGradients
			var cpj T
			if cp != nil {
				cpj = cp[j]
				dcp[j] = dcc * fg
			}
			dP[j] = dcc * gg * ig * (1 - ig)
			dP[H+j] = dcc * cpj * fg * (1 - fg)
			dP[2*H+j] = dcc * ig * (1 - gg*gg)
			dP[3*H+j] = dh[j] * tc[j] * og * (1 - og)
		}
	}
}

// GRU, gate blocks r, z, n (PyTorch; Keras reset_after=True): the reset gate
// scales the recurrent product after it is taken, n = tanh(xₙ + r⊙(h'·Uₙ + b'ₙ)),
// so all three recurrent blocks come from one product per step.
// h = (1−z)⊙n + z⊙h'.
func (d *direction[T]) gruForward(r0, n int) {
	H, GH := d.H, 3*d.H
	for i := range n {
		r := r0 + i
		P, Q, A := d.pre[r*GH:(r+1)*GH], d.hpre[r*GH:(r+1)*GH], d.act[r*GH:(r+1)*GH]
		hp, h := d.hprev[r*H:(r+1)*H], d.h[r*H:(r+1)*H]
		for j := range H {
			rg := sigmoid(P[j] + Q[j])
			zg := sigmoid(P[H+j] + Q[H+j])
			ng := tanh(P[2*H+j] + rg*Q[2*H+j])
			A[j], A[H+j], A[2*H+j] = rg, zg, ng
			h[j] = (1-zg)*ng + zg*hp[j]
		}
	}
}

func (d *direction[T]) gruBackward(r0, q0, n int) {
	H, GH := d.H, 3*d.H
	for i := range n {
		r := r0 + i
		Q, A := d.hpre[r*GH:(r+1)*GH], d.act[r*GH:(r+1)*GH]
		dP, dQ := d.dpre[r*GH:(r+1)*GH], d.dhpre[r*GH:(r+1)*GH]
		hp, dh := d.hprev[r*H:(r+1)*H], d.dh[r*H:(r+1)*H]
		var dhp []T
		if q0 >= 0 {
			dhp = d.dh[(q0+i)*H : (q0+i+1)*H]
		}
		for j := range H {
			rg, zg, ng := A[j], A[H+j], A[2*H+j]
			dn := dh[j] * (1 - zg) * (1 - ng*ng)
			dz := dh[j] * (hp[j] - ng) * zg * (1 - zg)
			dr := dn * Q[2*H+j] * rg * (1 - rg)
			dP[j], dP[H+j], dP[2*H+j] = dr, dz, dn
			dQ[j], dQ[H+j], dQ[2*H+j] = dr, dz, dn*rg
			if dhp != nil {
				dhp[j] += dh[j] * zg
			}
		}
	}
}

// Simple RNN: h = tanh(x·W + b + h'·U + b').
func (d *direction[T]) rnnForward(r0, n int) {
	H := d.H
	for r := r0; r < r0+n; r++ {
		P, Q, h := d.pre[r*H:(r+1)*H], d.hpre[r*H:(r+1)*H], d.h[r*H:(r+1)*H]
		for j := range H {
			h[j] = tanh(P[j] + Q[j])
		}
	}
}

func (d *direction[T]) rnnBackward(r0, n int) {
	H := d.H
	for r := r0; r < r0+n; r++ {
		h, dP, dh := d.h[r*H:(r+1)*H], d.dpre[r*H:(r+1)*H], d.dh[r*H:(r+1)*H]
		for j := range H {
			dP[j] = dh[j] * (1 - h[j]*h[j])
		}
	}
}
