// Package metrics scores predicted class probabilities against true
// labels: accuracy, mean cross-entropy, the confusion matrix and per-class
// precision, recall and F1. Training's validation and eval both score
// through it, so their figures agree.
package metrics

import (
	"math"

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
