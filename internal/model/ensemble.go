package model

import "fmt"

// Ensemble is networks of one configuration, trained from different seeds,
// that answer together: a text's class probabilities are the mean of theirs.
// Networks that start apart make partly different mistakes, which the mean
// evens out. Like a Model, it serves one goroutine at a time.
type Ensemble[T Float] struct {
	members []*Model[T]
}

// NewEnsemble returns the ensemble of members, one at least, all of one
// configuration.
func NewEnsemble[T Float](members ...*Model[T]) (*Ensemble[T], error) {
	if len(members) == 0 {
		return nil, fmt.Errorf("an ensemble needs one network at least")
	}
	for i, m := range members[1:] {
		if m.cfg != members[0].cfg {
			return nil, fmt.Errorf("ensemble member %d has config %+v, member 1 %+v", i+2, m.cfg, members[0].cfg)
		}
	}
	return &Ensemble[T]{members: members}, nil
}

// Members returns the networks, in order.
func (e *Ensemble[T]) Members() []*Model[T] { return e.members }

// SetThreads calls Model.SetThreads on every member.
func (e *Ensemble[T]) SetThreads(n int) {
	for _, m := range e.members {
		m.SetThreads(n)
	}
}

// Config returns the configuration every member shares.
func (e *Ensemble[T]) Config() Config { return e.members[0].cfg }

// Predict returns each sequence's class probabilities, in the order given:
// the mean of the members' (Model.Predict).
func (e *Ensemble[T]) Predict(seqs [][]int) ([][]float64, error) {
	return e.mean(func(m *Model[T]) ([][]float64, error) { return m.Predict(seqs) })
}

// Trace returns the class probabilities after each token of seq: the mean
// of the members' (Model.Trace).
func (e *Ensemble[T]) Trace(seq []int) ([][]float64, error) {
	return e.mean(func(m *Model[T]) ([][]float64, error) { return m.Trace(seq) })
}

// mean averages the members' answers, rows of class probabilities, in
// float64. The first member's rows hold the sum, so that the mean of one
// network is its answer exactly.
func (e *Ensemble[T]) mean(answer func(*Model[T]) ([][]float64, error)) ([][]float64, error) {
	var sum [][]float64
	for _, m := range e.members {
		rows, err := answer(m)
		if err != nil {
			return nil, err
		}
		if sum == nil {
			sum = rows
			continue
		}
		for i, row := range rows {
			for k, p := range row {
				sum[i][k] += p
			}
		}
	}
	n := float64(len(e.members))
	for _, row := range sum {
		for k := range row {
			row[k] /= n
		}
	}
	return sum, nil
}
