package model

import "fmt"

// StateGradients returns the gradient of the loss of seq, taken as an
// example of class label, with respect to the states the network passes
// through as it reads seq. h[l] holds the gradient with respect to layer
// l's hidden state after each token: a row per token in the text's order,
// of directions·H values, the forward direction's first; for an LSTM, the
// cell state held fixed. For an LSTM, c[l] holds in the same layout the
// gradient with respect to the cell state, with h following from it, as
// autograd gives it for c: an LSTM keeps what it remembers in c, and once
// its input gate shuts, h sways the steps after it so little that the
// gradient of h fades however well c carries the memory. c is nil for the
// other cells. The gradients are the labels' loss's alone: the scope
// task's (Config.ScopeLoss) would reach every state directly and hide how
// the labels' gradient fades through time. StateGradients leaves the
// parameter gradients of that loss in Param.G.
func (m *Model[T]) StateGradients(seq []int, label int) (h, c [][]T, err error) {
	if m.cfg.Arch != ArchRecurrent {
		return nil, nil, fmt.Errorf("a bag-of-words model has no hidden states")
	}
	if _, _, err := m.stepShard([][]int{seq}, []int{label}, 1, nil, false); err != nil {
		return nil, nil, err
	}
	// Backward used dh as scratch, leaving in it the whole gradient of every
	// h, and dc likewise.
	h = m.byToken(m.cfg.Hidden, func(d *direction[T]) []T { return d.dh })
	if m.cfg.Cell == CellLSTM {
		c = m.byToken(m.cfg.Hidden, func(d *direction[T]) []T { return d.dc })
	}
	return h, c, nil
}

// gateBlocks are the gate blocks of each cell's activations, in PyTorch's
// order and with its names; the candidate blocks (the LSTM's g, the GRU's n)
// are no gates and are left out.
var gateBlocks = map[string][]struct {
	name  string
	block int
}{
	CellLSTM: {{"input", 0}, {"forget", 1}, {"output", 3}},
	CellGRU:  {{"reset", 0}, {"update", 1}},
}

// GateNames names the gates of cell in the order Gates returns them: the
// LSTM's input, forget and output gates, the GRU's reset and update gates.
// A simple RNN has none.
func GateNames(cell string) []string {
	var names []string
	for _, g := range gateBlocks[cell] {
		names = append(names, g.name)
	}
	return names
}

// Gates returns the activations of the gates as the network reads seq:
// gates[l] holds layer l's, one row per token in the text's order, of
// directions·len(GateNames)·H values: for each direction, the forward one
// first, each gate's H units in GateNames order.
func (m *Model[T]) Gates(seq []int) ([][]T, error) {
	switch {
	case m.cfg.Arch != ArchRecurrent:
		return nil, fmt.Errorf("a bag-of-words model has no gates")
	case m.cfg.Cell == CellRNN:
		return nil, fmt.Errorf("a simple RNN has no gates")
	}
	if err := m.forward([][]int{seq}, nil, false); err != nil {
		return nil, err
	}
	H, GH, blocks := m.cfg.Hidden, m.cfg.gates()*m.cfg.Hidden, gateBlocks[m.cfg.Cell]
	var buf []T
	return m.byToken(len(blocks)*H, func(d *direction[T]) []T {
		N := len(d.act) / GH
		buf = grow(buf, N*len(blocks)*H)
		for r := range N {
			for k, g := range blocks {
				copy(buf[(r*len(blocks)+k)*H:(r*len(blocks)+k+1)*H], d.act[r*GH+g.block*H:r*GH+(g.block+1)*H])
			}
		}
		return buf
	}), nil
}

// byToken lays out what pick reads off each direction after a pass over one
// sequence, width values per row of the direction's own layout, as one
// slice per layer of a row per token in the text's order, directions side
// by side.
func (m *Model[T]) byToken(width int, pick func(*direction[T]) []T) [][]T {
	p := &m.pk
	N := p.tokens()
	out := make([][]T, len(m.layers))
	for l, ly := range m.layers {
		W := len(ly.dirs) * width
		rows := make([]T, N*W)
		for k, d := range ly.dirs {
			src := pick(d)
			for r := range N {
				// One sequence: row r is token r, and the reverse direction
				// keeps token r in row mirror[r].
				s := r
				if k == 1 {
					s = p.mirror[r]
				}
				copy(rows[r*W+k*width:r*W+(k+1)*width], src[s*width:(s+1)*width])
			}
		}
		out[l] = rows
	}
	return out
}
