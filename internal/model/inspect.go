package model

import "fmt"

// StateWidth is S, how many values of each direction's state one step
// hands to the next: h, and for the LSTM its cell state c as well.
func (c Config) StateWidth() int {
	if c.Cell == CellLSTM {
		return 2 * c.Hidden
	}
	return c.Hidden
}

// StateGradients returns the gradient of the loss of seq, taken as an
// example of class label, with respect to every state the network passes
// from one step to the next as it reads seq: grads[l] holds layer l's, one
// row per token in the text's order of, for each direction (the forward
// one first), the StateWidth values of the state after that token: h, then
// the LSTM's c. Each is a partial derivative, the rest of that state held
// fixed, so that a row is exactly what flows back into the step before: an
// LSTM carries what it remembers in c, and the gradient of h alone would
// miss it. It leaves the parameter gradients of the example in Param.G, as
// Step does.
func (m *Model[T]) StateGradients(seq []int, label int) ([][]T, error) {
	if m.cfg.Arch != ArchRecurrent {
		return nil, fmt.Errorf("a bag-of-words model has no hidden states")
	}
	if _, _, err := m.StepShard([][]int{seq}, []int{label}, 1, nil); err != nil {
		return nil, err
	}
	H, S := m.cfg.Hidden, m.cfg.StateWidth()
	var buf []T
	return m.byToken(S, func(d *direction[T]) []T {
		// Backward used dh as scratch, leaving in it the whole gradient of
		// every h; dc holds what reached each c from the steps after it.
		if S == H {
			return d.dh
		}
		N := len(d.dh) / H
		buf = grow(buf, N*S)
		for r := range N {
			copy(buf[r*S:r*S+H], d.dh[r*H:(r+1)*H])
			copy(buf[r*S+H:(r+1)*S], d.dc[r*H:(r+1)*H])
		}
		return buf
	}), nil
}

// addNudge adds d.nudge to the states of rows r0..r0+n.
func (d *direction[T]) addNudge(r0, n int) {
	H := d.H
	S := H
	if d.cell == CellLSTM {
		S = 2 * H
	}
	for r := r0; r < r0+n; r++ {
		addTo(d.h[r*H:(r+1)*H], d.nudge[r*S:r*S+H])
		if d.cell == CellLSTM {
			addTo(d.c[r*H:(r+1)*H], d.nudge[r*S+H:(r+1)*S])
		}
	}
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
	if err := m.forward([][]int{seq}, nil); err != nil {
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
