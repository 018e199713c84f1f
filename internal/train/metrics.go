package train

import (
	"math"
	"slices"

	"github.com/rnnsent/rnnsent/internal/model"
)

// Metrics summarise a model's predictions on a labelled set.
type Metrics struct {
	N         int
	Accuracy  float64
	Loss      float64 // mean cross-entropy
	Confusion [][]int // [true class][predicted class]
	PerClass  []ClassMetrics
	MacroF1   float64
	Predicted []int // each example's predicted class, in the set's order
}

// ClassMetrics are one class's precision, recall and F1 (0 where undefined).
type ClassMetrics struct {
	Precision, Recall, F1 float64
	Support               int // examples whose true class this is
}

// predictTokens bounds the tokens of one prediction batch. The forward pass
// keeps every step's gates and states, some 13 KB a token for LSTM(200), so
// the bound keeps a batch of long reviews to tens of megabytes, while a batch
// of short sentences still fills up to batchSize.
const predictTokens = 2048

// Predictor answers with class probabilities: a model.Model, or a
// model.Ensemble of them.
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
	batch := make([][]int, 0, batchSize)
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

// Evaluate scores m, a model of classes classes, on s.
func Evaluate(m Predictor, s Set, classes, batchSize int) (Metrics, error) {
	probs, err := PredictAll(m, s.Seqs, batchSize)
	if err != nil {
		return Metrics{}, err
	}
	return Score(probs, s.Labels, classes), nil
}

// Score computes the metrics of predicted probabilities against labels.
func Score(probs [][]float64, labels []int, classes int) Metrics {
	mt := Metrics{N: len(labels), Confusion: make([][]int, classes), PerClass: make([]ClassMetrics, classes),
		Predicted: make([]int, len(labels))}
	for k := range mt.Confusion {
		mt.Confusion[k] = make([]int, classes)
	}
	correct := 0
	for i, p := range probs {
		pred := model.Argmax(p)
		mt.Predicted[i] = pred
		y := labels[i]
		mt.Confusion[y][pred]++
		if pred == y {
			correct++
		}
		// Clamped so one confident mistake cannot make the mean infinite.
		mt.Loss -= math.Log(max(p[y], 1e-12))
	}
	if mt.N == 0 {
		return mt
	}
	mt.Accuracy = float64(correct) / float64(mt.N)
	mt.Loss /= float64(mt.N)
	for k := range classes {
		tp, predicted := mt.Confusion[k][k], 0
		for y := range classes {
			predicted += mt.Confusion[y][k]
			mt.PerClass[k].Support += mt.Confusion[k][y]
		}
		c := &mt.PerClass[k]
		if predicted > 0 {
			c.Precision = float64(tp) / float64(predicted)
		}
		if c.Support > 0 {
			c.Recall = float64(tp) / float64(c.Support)
		}
		if c.Precision+c.Recall > 0 {
			c.F1 = 2 * c.Precision * c.Recall / (c.Precision + c.Recall)
		}
		mt.MacroF1 += c.F1 / float64(classes)
	}
	return mt
}
