package dataset

import (
	"slices"
	"testing"
)

func TestSplit(t *testing.T) {
	cases := []struct {
		name      string
		n         int
		frac      float64
		wantTrain int
	}{
		{"ten percent", 100, 0.1, 90},
		{"rounds", 15, 0.1, 13},
		{"keeps one for validation", 5, 0.01, 4},
		{"keeps one for training", 5, 0.99, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			items := make([]int, tc.n)
			for i := range items {
				items[i] = i
			}
			tr, val := Split(items, tc.frac, 1)
			if len(tr) != tc.wantTrain || len(tr)+len(val) != tc.n {
				t.Fatalf("split %d into %d + %d, want %d for training", tc.n, len(tr), len(val), tc.wantTrain)
			}
			if !slices.IsSorted(tr) || !slices.IsSorted(val) {
				t.Errorf("the parts %v and %v do not keep the items' order", tr, val)
			}
			if both := slices.Sorted(slices.Values(slices.Concat(tr, val))); !slices.Equal(both, items) {
				t.Errorf("the parts hold %v, want every item once", both)
			}
			tr2, _ := Split(items, tc.frac, 1)
			if !slices.Equal(tr, tr2) {
				t.Error("the same seed split differently")
			}
		})
	}
}
