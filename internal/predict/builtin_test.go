package predict

import (
	"encoding/json"
	"testing"

	"github.com/rnnsent/rnnsent/internal/builtin"
	"github.com/rnnsent/rnnsent/internal/model"
)

// TestBuiltinModelReadsNegation: the point of a built-in model: it reads word order out of the box.
func TestBuiltinModelReadsNegation(t *testing.T) {
	p, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		text, want string
	}{
		{"Not bad!", "positive"},
		{"Not as good as I expected.", "negative"},
		{"A wonderful, moving film.", "positive"},
		{"Dull and far too long.", "negative"},
	}
	names := p.Names()
	for _, tc := range cases {
		t.Run(tc.text, func(t *testing.T) {
			probs, err := p.Model.Predict([][]int{p.Encode(tc.text)})
			if err != nil {
				t.Fatal(err)
			}
			if got := names[model.Argmax(probs[0])]; got != tc.want {
				t.Errorf("%s (%.3f), want %s", got, probs[0][model.Argmax(probs[0])], tc.want)
			}
		})
	}
	c := p.Checkpoint
	var about struct {
		BestValAccuracy float64 `json:"best_val_accuracy"`
	}
	if err := json.Unmarshal(c.About, &about); err != nil {
		t.Fatalf("what the model says of itself does not decode: %v", err)
	}
	if c.Config.Cell != model.CellLSTM || c.Config.Hidden != 200 || c.Config.Vocab != 2500 || about.BestValAccuracy < 0.8 {
		t.Errorf("config %+v, about %s: want the LSTM(200) with at least 80%% on SST-2 dev", c.Config, c.About)
	}
	if !p.Builtin || p.Name != builtin.Name {
		t.Errorf("Builtin %v, Name %q: want the built-in model named so", p.Builtin, p.Name)
	}
}
