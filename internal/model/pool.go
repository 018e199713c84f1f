package model

// poolForward fills m.feat (B, F) from m.top (N, D): one block of D
// features per pooling of the config, in its order.
func (m *Model[T]) poolForward() {
	p := &m.pk
	B, F, H := p.batch(), m.cfg.features(), m.cfg.Hidden
	D := H * m.cfg.directions()
	for k, pool := range m.cfg.pools() {
		off := k * D
		switch pool {
		case PoolLast:
			for i := range B {
				fr := p.finalRow(i)
				copy(m.feat[i*F+off:i*F+off+H], m.top[fr*D:fr*D+H])
				if m.cfg.Bidirectional {
					// The reverse direction ends on each sequence's first token, row i.
					copy(m.feat[i*F+off+H:i*F+off+D], m.top[i*D+H:(i+1)*D])
				}
			}
		case PoolMax:
			m.argmax = grow(m.argmax, B*D)
			for i := range B {
				dst, arg := m.feat[i*F+off:i*F+off+D], m.argmax[i*D:(i+1)*D]
				copy(dst, m.top[i*D:(i+1)*D]) // step 0 is row i
				for j := range arg {
					arg[j] = int32(i)
				}
				for t := 1; t < p.lengths[i]; t++ {
					r := p.offsets[t] + i
					for j, v := range m.top[r*D : (r+1)*D] {
						if v > dst[j] {
							dst[j], arg[j] = v, int32(r)
						}
					}
				}
			}
		case PoolMean:
			meanOverTime(p, m.top, D, m.feat[off:], F)
		}
	}
}

// poolBackward sets m.dtop (N, D) to the gradient poolForward's outputs
// send back from m.dfeat (B, F).
func (m *Model[T]) poolBackward() {
	p := &m.pk
	N, B, F, H := p.tokens(), p.batch(), m.cfg.features(), m.cfg.Hidden
	D := H * m.cfg.directions()
	m.dtop = grow(m.dtop, N*D)
	zero(m.dtop)
	for k, pool := range m.cfg.pools() {
		off := k * D
		switch pool {
		case PoolLast:
			for i := range B {
				fr := p.finalRow(i)
				addTo(m.dtop[fr*D:fr*D+H], m.dfeat[i*F+off:i*F+off+H])
				if m.cfg.Bidirectional {
					addTo(m.dtop[i*D+H:(i+1)*D], m.dfeat[i*F+off+H:i*F+off+D])
				}
			}
		case PoolMax:
			for i := range B {
				for j, r := range m.argmax[i*D : (i+1)*D] {
					m.dtop[int(r)*D+j] += m.dfeat[i*F+off+j]
				}
			}
		case PoolMean:
			addMeanGradient(p, m.dfeat[off:], F, m.dtop, D)
		}
	}
}

// meanOverTime sets row i of dst (D wide, rows ldDst apart) to the mean of
// the rows of x (N, D) that belong to sorted sequence i: the bag of words'
// mean embedding, or mean pooling of the recurrent states.
func meanOverTime[T Float](p *packing, x []T, D int, dst []T, ldDst int) {
	for i := range p.batch() {
		row := dst[i*ldDst : i*ldDst+D]
		zero(row)
		for t := range p.lengths[i] {
			r := p.offsets[t] + i
			addTo(row, x[r*D:(r+1)*D])
		}
		inv := 1 / T(p.lengths[i])
		for j := range row {
			row[j] *= inv
		}
	}
}

// addMeanGradient adds into dx (N, D) what meanOverTime's output sends back
// to each row: row i of g (D wide, rows ldG apart) over sequence i's length.
func addMeanGradient[T Float](p *packing, g []T, ldG int, dx []T, D int) {
	for i := range p.batch() {
		inv := 1 / T(p.lengths[i])
		src := g[i*ldG : i*ldG+D]
		for t := range p.lengths[i] {
			r := p.offsets[t] + i
			row := dx[r*D : (r+1)*D]
			for j, v := range src {
				row[j] += v * inv
			}
		}
	}
}
