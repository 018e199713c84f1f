package inspect

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/rnnsent/rnnsent/internal/model"
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

// TestGatesCarryTheKeyFurther is the experiment on a shorter run: the
// gated cells learn what the simple RNN does not, and far less gradient
// reaches the key through the simple RNN than through either of them,
// before training and after.
func TestGatesCarryTheKeyFurther(t *testing.T) {
	x := Default(30, 1)
	x.Train = 6000
	results := map[string]Result{}
	for _, cell := range []string{"rnn", "gru", "lstm"} {
		r, err := x.Run(context.Background(), cell)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Norms.Memory) != x.Distance+1 || r.Norms.Memory[0] != 1 || len(r.Initial.Memory) != x.Distance+1 {
			t.Fatalf("%s: norms %v, initially %v; want %d of them from 1", cell, r.Norms.Memory, r.Initial.Memory, x.Distance+1)
		}
		t.Logf("%s: accuracy %.3f, relative norm at distance %d %.3g before training, %.3g after", cell, r.Accuracy, x.Distance, r.Initial.Memory[x.Distance], r.Norms.Memory[x.Distance])
		results[cell] = r
	}
	rnn, far := results["rnn"], x.Distance
	if rnn.Accuracy > 0.7 {
		t.Errorf("rnn accuracy %.3f, want at most 0.7", rnn.Accuracy)
	}
	for _, cell := range []string{"gru", "lstm"} {
		r := results[cell]
		if r.Accuracy < 0.9 {
			t.Errorf("%s accuracy %.3f, want at least 0.9", cell, r.Accuracy)
		}
		if rnn.Initial.Memory[far] > r.Initial.Memory[far]/100 || rnn.Norms.Memory[far] > r.Norms.Memory[far]/100 {
			t.Errorf("relative norm at distance %d before and after training: rnn %.3g and %.3g, %s %.3g and %.3g; want the rnn's 100 times smaller",
				far, rnn.Initial.Memory[far], rnn.Norms.Memory[far], cell, r.Initial.Memory[far], r.Norms.Memory[far])
		}
	}
}

func TestExperimentRefusesDistancesOutOfRange(t *testing.T) {
	for _, tt := range []struct {
		name     string
		distance int
	}{
		{"no distance", 0},
		{"one past the longest", MaxDistance + 1},
		{"the largest int, whose texts cannot be allocated", math.MaxInt},
	} {
		t.Run(tt.name, func(t *testing.T) {
			want := fmt.Sprintf("the distance must be between 1 and 1000, got %d", tt.distance)
			if _, err := Default(tt.distance, 1).Run(context.Background(), "gru"); err == nil || err.Error() != want {
				t.Errorf("error %v, want %q", err, want)
			}
		})
	}
}

func TestChronoSpreadsTheMemoriesUpToTheDistance(t *testing.T) {
	const distance, H = 30, 64
	for _, cell := range []string{"gru", "lstm"} {
		cfg := model.Config{Arch: model.ArchRecurrent, Cell: cell, Vocab: 4, Embed: 2, Hidden: H, Layers: 1, Classes: 2}
		m, err := model.New[float32](cfg, nil, rand.New(rand.NewPCG(1, 1)))
		if err != nil {
			t.Fatal(err)
		}
		chrono(m, distance, rand.New(rand.NewPCG(1, 2)))
		b := m.Params()[3] // l0.fwd.bx
		lo, hi := math.Inf(1), math.Inf(-1)
		for j := range H {
			keep := float64(b.W[H+j])
			lo, hi = math.Min(lo, keep), math.Max(hi, keep)
			if input := float64(b.W[j]); cell == "lstm" && input != -keep || cell == "gru" && input != 0 {
				t.Errorf("%s unit %d: first gate's bias %g beside a keeping bias %g; want its negative for the lstm, 0 for the gru", cell, j, input, keep)
			}
		}
		if lo < 0 || hi > math.Log(distance) || hi-lo < 2 {
			t.Errorf("%s: keeping biases from %g to %g; want them spread over [0, log %d]", cell, lo, hi, distance)
		}
	}
}
