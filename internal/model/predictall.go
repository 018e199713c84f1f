package model

import "slices"

// predictTokens bounds the tokens of one prediction batch. The forward pass
// keeps every step's gates and states, some 13 KB a token for LSTM(200), so
// the bound keeps a batch of long reviews to tens of megabytes, while a batch
// of short sentences still fills up to batchSize.
const predictTokens = 2048

// Predictor answers with class probabilities: a Model, or an Ensemble of
// them.
type Predictor interface {
	Predict(seqs [][]int) ([][]float64, error)
}

// PredictAll returns every sequence's class probabilities in order, running
// batches of similar lengths so little time goes to unequal lengths: up to
// batchSize sequences and predictTokens tokens (or one longer sequence).
func PredictAll(m Predictor, seqs [][]int, batchSize int) ([][]float64, error) {
	idx := make([]int, len(seqs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return len(seqs[a]) - len(seqs[b]) })
	out := make([][]float64, len(seqs))
	// A batch never holds more than every text; a batch size the user set
	// far above that must not become an allocation.
	batch := make([][]int, 0, min(batchSize, len(seqs)))
	for start := 0; start < len(idx); {
		end, tokens := start, 0
		for end < len(idx) && end-start < batchSize && (end == start || tokens+len(seqs[idx[end]]) <= predictTokens) {
			tokens += len(seqs[idx[end]])
			end++
		}
		part := idx[start:end]
		batch = batch[:0]
		for _, i := range part {
			batch = append(batch, seqs[i])
		}
		probs, err := m.Predict(batch)
		if err != nil {
			return nil, err
		}
		for k, i := range part {
			out[i] = probs[k]
		}
		start = end
	}
	return out, nil
}
