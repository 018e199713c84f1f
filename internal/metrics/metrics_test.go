package metrics

import (
	"math"
	"slices"
	"testing"
)

func TestScore(t *testing.T) {
	probs := [][]float64{{0.9, 0.1}, {0.2, 0.8}, {0.6, 0.4}, {0.3, 0.7}}
	labels := []int{0, 1, 1, 0}
	m := Score(probs, labels, 2)
	if m.Accuracy != 0.5 || m.N != 4 {
		t.Errorf("accuracy %v of %d, want 0.5 of 4", m.Accuracy, m.N)
	}
	if want := [][]int{{1, 1}, {1, 1}}; !slices.EqualFunc(m.Confusion, want, slices.Equal) {
		t.Errorf("confusion %v, want %v", m.Confusion, want)
	}
	wantLoss := -(math.Log(0.9) + math.Log(0.8) + math.Log(0.4) + math.Log(0.3)) / 4
	if math.Abs(m.Loss-wantLoss) > 1e-12 {
		t.Errorf("loss %v, want %v", m.Loss, wantLoss)
	}
	for k, c := range m.PerClass {
		if c.Precision != 0.5 || c.Recall != 0.5 || c.F1 != 0.5 || c.Support != 2 {
			t.Errorf("class %d: %+v, want precision, recall and F1 0.5 of 2", k, c)
		}
	}
}

func TestByCategory(t *testing.T) {
	tests := []struct {
		name              string
		categories        []string
		labels, predicted []int
		want              []Category
	}{
		{"none", []string{"", ""}, []int{0, 1}, []int{0, 0}, nil},
		{"sorted by name", []string{"negated", "plain", "negated"}, []int{1, 0, 0}, []int{1, 1, 0},
			[]Category{{"negated", 2, 2}, {"plain", 1, 0}}},
		{"rows without one skipped", []string{"x", "", "x"}, []int{0, 1, 1}, []int{1, 1, 1}, []Category{{"x", 2, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ByCategory(tt.categories, tt.labels, tt.predicted); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
