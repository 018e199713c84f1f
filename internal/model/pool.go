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
			for i := range B {
				dst := m.feat[i*F+off : i*F+off+D]
				zero(dst)
				for t := range p.lengths[i] {
					r := p.offsets[t] + i
					for j, v := range m.top[r*D : (r+1)*D] {
						dst[j] += v
					}
				}
				inv := 1 / T(p.lengths[i])
				for j := range dst {
					dst[j] *= inv
				}
			}
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
			for i := range B {
				inv := 1 / T(p.lengths[i])
				src := m.dfeat[i*F+off : i*F+off+D]
				for t := range p.lengths[i] {
					r := p.offsets[t] + i
					row := m.dtop[r*D : (r+1)*D]
					for j, v := range src {
						row[j] += v * inv
					}
				}
			}
		}
	}
}

// addTo adds src into dst element by element.
func addTo[T Float](dst, src []T) {
	for j, v := range src {
		dst[j] += v
	}
}
