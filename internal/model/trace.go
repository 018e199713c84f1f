package model

// Trace returns the class probabilities after each token of seq: entry t is
// what the model would answer had the text ended at token t. A
// unidirectional recurrent model that reads the last state reads them off the
// top layer's states from one forward pass; any other model, whose answer at
// t depends on how the text continues or on all the states before t, scores
// each prefix as a text of its own.
func (m *Model[T]) Trace(seq []int) ([][]float64, error) {
	if m.cfg.Arch == ArchBOW || m.cfg.Bidirectional || len(m.cfg.pools()) != 1 || m.cfg.pools()[0] != PoolLast {
		prefixes := make([][]int, len(seq))
		for t := range seq {
			prefixes[t] = seq[:t+1]
		}
		// In batches of a bounded number of tokens: the prefixes of a
		// text of n tokens hold n²/2 of them, hundreds of megabytes of
		// activations at once for a long text.
		return PredictAll(m, prefixes, len(prefixes))
	}
	if err := m.forward([][]int{seq}, nil, false); err != nil {
		return nil, err
	}
	H, K := m.cfg.Hidden, m.cfg.Outputs()
	logits := make([]T, len(seq)*K)
	setRows(logits, m.denseB.W)
	// With one sequence, step t is row t of the packed batch.
	gemm(m.threads, false, false, len(seq), K, H, 1, m.top, H, m.denseW.W, K, 1, logits, K)
	out := make([][]float64, len(seq))
	for t := range out {
		out[t] = make([]float64, m.cfg.Classes)
		probabilities(out[t], nil, logits[t*K:(t+1)*K])
	}
	return out, nil
}
