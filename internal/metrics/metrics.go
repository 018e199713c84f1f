// Package metrics scores predicted class probabilities against true
// labels: accuracy, mean cross-entropy, the confusion matrix and per-class
// precision, recall and F1. Training's validation and eval both score
// through it, so their figures agree.
package metrics

import (
	"bytes"
	"encoding/gob"
	"math"
	"math/big"

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
	t := NewTally(classes)
	predicted := make([]int, len(labels))
	for i, p := range probs {
		predicted[i] = t.Add(p, labels[i], "")
	}
	mt := t.Metrics()
	mt.Predicted = predicted
	return mt
}

// Tally is what Metrics are computed from, counted an example at a time:
// the confusion matrix, the summed loss and each category's accuracy.
// Tallies of the parts of a set merge, in any order, into the tally of the
// whole, to the last bit: the loss is summed exactly. So a job that scores
// a set in pieces on many machines reports what eval reports in one pass.
type Tally struct {
	confusion [][]int
	loss      *big.Float
	// nonFinite sums the losses big.Float cannot hold, NaN from a model
	// whose weights went NaN, so that they show in the mean as they would.
	nonFinite  float64
	categories map[string]*Category
}

// lossPrec holds any sum of losses exactly: a loss is at most -log(1e-12)
// < 2^5 and, when not 0, at least about 2^-53 with 53 significant bits,
// so every sum of fewer than 2^63 of them has its bits between 2^-106 and
// 2^68.
const lossPrec = 256

// NewTally is the tally of no examples of classes classes.
func NewTally(classes int) Tally {
	t := Tally{confusion: make([][]int, classes), loss: new(big.Float).SetPrec(lossPrec)}
	for k := range t.confusion {
		t.confusion[k] = make([]int, classes)
	}
	return t
}

// Add counts one example of class label, in category ("" for none), whose
// predicted probabilities are probs, and returns the predicted class.
func (t *Tally) Add(probs []float64, label int, category string) int {
	pred := model.Argmax(probs)
	t.confusion[label][pred]++
	// Clamped so one confident mistake cannot make the mean infinite.
	loss := -math.Log(max(probs[label], 1e-12))
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		t.nonFinite += loss
	} else {
		t.loss.Add(t.loss, big.NewFloat(loss))
	}
	t.addCategory(category, pred == label)
	return pred
}

func (t *Tally) addCategory(name string, correct bool) {
	if name == "" {
		return
	}
	c := t.category(name)
	c.N++
	if correct {
		c.Correct++
	}
}

// category is the count of the category called name, new if need be.
func (t *Tally) category(name string) *Category {
	if t.categories == nil {
		t.categories = map[string]*Category{}
	}
	c := t.categories[name]
	if c == nil {
		c = &Category{Name: name}
		t.categories[name] = c
	}
	return c
}

// Merge adds the examples of u, a tally of as many classes, to t.
func (t *Tally) Merge(u Tally) {
	for y, row := range u.confusion {
		for k, n := range row {
			t.confusion[y][k] += n
		}
	}
	t.loss.Add(t.loss, u.loss)
	t.nonFinite += u.nonFinite
	for name, c := range u.categories {
		mine := t.category(name)
		mine.N += c.N
		mine.Correct += c.Correct
	}
}

// Metrics computes the metrics of the examples counted, without Predicted.
func (t *Tally) Metrics() Metrics {
	classes := len(t.confusion)
	mt := Metrics{Confusion: t.confusion, PerClass: make([]ClassMetrics, classes)}
	correct := 0
	for k, row := range t.confusion {
		correct += row[k]
		for _, n := range row {
			mt.N += n
		}
	}
	if mt.N == 0 {
		return mt
	}
	mt.Accuracy = float64(correct) / float64(mt.N)
	sum, _ := t.loss.Float64()
	mt.Loss = (sum + t.nonFinite) / float64(mt.N)
	// A class neither in the data nor predicted has no F1 to average: a
	// file of one class, every row right, scored 0.5 with the other's 0.
	present := 0
	for k := range classes {
		tp, predicted := t.confusion[k][k], 0
		for y := range classes {
			predicted += t.confusion[y][k]
			mt.PerClass[k].Support += t.confusion[k][y]
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
		if c.Support > 0 || predicted > 0 {
			mt.MacroF1 += c.F1
			present++
		}
	}
	mt.MacroF1 /= float64(present)
	return mt
}

// tallyWire is a Tally as MarshalBinary writes it.
type tallyWire struct {
	Confusion  [][]int
	Loss       *big.Float
	NonFinite  float64
	Categories []Category
}

// MarshalBinary encodes t, exactly, for a job that moves tallies between
// machines.
func (t Tally) MarshalBinary() ([]byte, error) {
	var buf bytes.Buffer
	err := gob.NewEncoder(&buf).Encode(tallyWire{t.confusion, t.loss, t.nonFinite, t.Categories()})
	return buf.Bytes(), err
}

// UnmarshalBinary decodes what MarshalBinary encoded.
func (t *Tally) UnmarshalBinary(data []byte) error {
	var w tallyWire
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&w); err != nil {
		return err
	}
	// gob leaves out empty rows and a zero sum.
	*t = NewTally(len(w.Confusion))
	for y, row := range w.Confusion {
		copy(t.confusion[y], row)
	}
	if w.Loss != nil {
		t.loss.Set(w.Loss)
	}
	t.nonFinite = w.NonFinite
	for _, c := range w.Categories {
		*t.category(c.Name) = c
	}
	return nil
}
