package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Each step of a trace must be exactly the model's answer for that prefix.
func TestTraceStepsArePrefixPredictions(t *testing.T) {
	seq := []int{3, 9, 4, 1, 7}
	for _, cfg := range gradCases {
		cfg.Vocab, cfg.Embed, cfg.Hidden = 12, 5, 6
		t.Run(caseName(cfg), func(t *testing.T) {
			m, err := New[float64](cfg, nil, rand.New(rand.NewPCG(11, 12)))
			if err != nil {
				t.Fatal(err)
			}
			trace, err := m.Trace(seq)
			if err != nil {
				t.Fatal(err)
			}
			if len(trace) != len(seq) {
				t.Fatalf("%d steps for %d tokens", len(trace), len(seq))
			}
			for i := range seq {
				want, _ := m.Predict([][]int{seq[:i+1]})
				for k := range want[0] {
					if math.Abs(trace[i][k]-want[0][k]) > 1e-12 {
						t.Errorf("step %d class %d: trace %v, prefix prediction %v", i, k, trace[i][k], want[0][k])
					}
				}
			}
		})
	}
}
