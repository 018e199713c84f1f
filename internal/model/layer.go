package model

// layer is one recurrent layer: a forward direction and, when bidirectional,
// a reverse one whose output is scattered back to the original positions, so
// the layer's output row r always belongs to the token at row r.
type layer[T Float] struct {
	dirs []*direction[T]
	H    int
	out  []T // (N, dirs·H); the forward direction's h itself when there is one direction
	xrev []T // (N, D) the input in the reverse direction's layout
	dhf  []T // (N, H)
	dhb  []T // (N, H) in the reverse direction's layout
	dx   []T // (N, D)
}

func (l *layer[T]) forward(p *packing, x []T) []T {
	hf := l.dirs[0].forward(p, x)
	if len(l.dirs) == 1 {
		l.out = hf
		return hf
	}
	N, D, H := p.tokens(), l.dirs[1].D, l.H
	l.xrev = grow(l.xrev, N*D)
	gatherRows(l.xrev, x, p.mirror, D)
	hb := l.dirs[1].forward(p, l.xrev)
	l.out = grow(l.out, N*2*H)
	for r, m := range p.mirror {
		copy(l.out[r*2*H:r*2*H+H], hf[r*H:(r+1)*H])
		copy(l.out[r*2*H+H:(r+1)*2*H], hb[m*H:(m+1)*H])
	}
	return l.out
}

// backward takes dout (N, dirs·H) and returns dx (N, D).
func (l *layer[T]) backward(p *packing, dout []T) []T {
	if len(l.dirs) == 1 {
		return l.dirs[0].backward(p, dout)
	}
	N, D, H := p.tokens(), l.dirs[0].D, l.H
	l.dhf = grow(l.dhf, N*H)
	l.dhb = grow(l.dhb, N*H)
	for r, m := range p.mirror {
		copy(l.dhf[r*H:(r+1)*H], dout[r*2*H:r*2*H+H])
		copy(l.dhb[m*H:(m+1)*H], dout[r*2*H+H:(r+1)*2*H])
	}
	dxf := l.dirs[0].backward(p, l.dhf)
	dxb := l.dirs[1].backward(p, l.dhb)
	l.dx = grow(l.dx, N*D)
	for r, m := range p.mirror {
		dst, a, b := l.dx[r*D:(r+1)*D], dxf[r*D:(r+1)*D], dxb[m*D:(m+1)*D]
		for j := range dst {
			dst[j] = a[j] + b[j]
		}
	}
	return l.dx
}
