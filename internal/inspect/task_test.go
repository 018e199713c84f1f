package inspect

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestTaskLabelIsTheFirstToken(t *testing.T) {
	for _, tt := range []struct {
		name        string
		n, distance int
	}{{"one filler", 50, 1}, {"thirty fillers", 200, 30}} {
		t.Run(tt.name, func(t *testing.T) {
			s := Task(tt.n, tt.distance, rand.New(rand.NewPCG(1, 2)))
			seen := map[int]int{}
			for i, seq := range s.Seqs {
				if len(seq) != tt.distance+1 || s.Labels[i] != seq[0] || seq[0] >= keys {
					t.Fatalf("text %v labelled %d: want a key, %d fillers, the key as label", seq, s.Labels[i], tt.distance)
				}
				for _, id := range seq[1:] {
					if id < keys || id >= keys+fillers {
						t.Fatalf("text %v: filler %d is not a filler", seq, id)
					}
				}
				seen[s.Labels[i]]++
			}
			if seen[0] < tt.n/4 || seen[1] < tt.n/4 {
				t.Errorf("labels %v: want both keys about equally often", seen)
			}
			again := Task(tt.n, tt.distance, rand.New(rand.NewPCG(1, 2)))
			for i := range s.Seqs {
				if !slices.Equal(s.Seqs[i], again.Seqs[i]) {
					t.Fatalf("text %d differs between two draws from one seed", i)
				}
			}
		})
	}
}

// TestLSTMCarriesTheKeyFurther is the experiment on a shorter run: before
// training, far less gradient reaches the key through the simple RNN than
// through the LSTM's c, and the LSTM learns what the RNN does not.
func TestLSTMCarriesTheKeyFurther(t *testing.T) {
	x := Default(30, 1)
	x.Train, x.Epochs = 1000, 8
	results := map[string]Result{}
	for _, cell := range []string{"rnn", "lstm"} {
		r, err := x.Run(context.Background(), cell)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Norms.Memory) != x.Distance+1 || r.Norms.Memory[0] != 1 || len(r.Initial.Memory) != x.Distance+1 {
			t.Fatalf("%s: norms %v, initially %v; want %d of them from 1", cell, r.Norms.Memory, r.Initial.Memory, x.Distance+1)
		}
		results[cell] = r
	}
	rnn, lstm := results["rnn"], results["lstm"]
	if rnn.Accuracy > 0.7 || lstm.Accuracy < 0.9 {
		t.Errorf("accuracy: rnn %.3f, lstm %.3f; want the rnn at most 0.7, the lstm at least 0.9", rnn.Accuracy, lstm.Accuracy)
	}
	if far := x.Distance; rnn.Initial.Memory[far] > lstm.Initial.Memory[far]/100 {
		t.Errorf("relative norm at distance %d before training: rnn %.3g, lstm %.3g; want the rnn's 100 times smaller", far, rnn.Initial.Memory[far], lstm.Initial.Memory[far])
	}
}

func TestExperimentRefusesNoDistance(t *testing.T) {
	if _, err := Default(0, 1).Run(context.Background(), "gru"); err == nil || err.Error() != "the distance must be at least 1, got 0" {
		t.Errorf("error %v, want the distance refused", err)
	}
}
