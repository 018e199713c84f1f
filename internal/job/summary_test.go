package job

import (
	"testing"

	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/train"
)

func TestLines(t *testing.T) {
	e := train.Epoch{Epoch: 2, Loss: 0.51234, Accuracy: 0.75, ValLoss: 0.6, ValAccuracy: 0.7, TokensPerSecond: 12345.6, Seconds: 3.25}
	best := e
	best.Improved = true
	tests := []struct {
		name, got, want string
	}{
		{"an epoch of one network", EpochLine(e, 0, 1, 10),
			"epoch 2/10  loss 0.5123  acc 75.0%  val_loss 0.6000  val_acc 70.0%  12,346 tok/s  3.2s"},
		{"a better epoch of an ensemble's member", EpochLine(best, 1, 3, 10),
			"member 2/3  epoch 2/10  loss 0.5123  acc 75.0%  val_loss 0.6000  val_acc 70.0%  12,346 tok/s  3.2s  *"},
		{"a batch", BatchLine(2, 3, 4, 10, 0.25), "member 3/3  epoch 4/10  loss 0.2500"},
		{"stopped early", StoppedLine(0, 1, 6, 3), "stopped after epoch 6: val_acc has not improved for 3 epochs"},
		// "for 1 epochs" and "holds out 1 rows", before.
		{"stopped at a patience of one", StoppedLine(0, 1, 2, 1), "stopped after epoch 2: val_acc has not improved for 1 epoch"},
		{"one row held out", FewValidationLine(1), "warning: --val-split holds out 1 row, too few to choose the best epoch by; raise it, or give --dev a file of 20 rows or more"},
		// "1 training examples (1 tokens, 1 of them negated twins)", before.
		{"one training example", Info{Train: 1, Val: 1, Tokens: 1, Twins: 1, Labels: []string{"neg", "pos"}, Config: model.Config{Classes: 2, Vocab: 3, Embed: 1, Hidden: 1, Layers: 1, Arch: model.ArchRecurrent, Cell: model.CellLSTM}, Networks: 1}.String(),
			"1 training example (1 token, 1 of them a negated twin), 1 validation, 2 classes (neg, pos), vocabulary 3, 21 parameters"},
		{"many training examples", Info{Train: 2312, Val: 200, Tokens: 17935, Twins: 332, Contrasts: 180, Labels: []string{"0", "1"}, Config: model.Config{Classes: 2, Vocab: 3, Embed: 1, Hidden: 1, Layers: 1, Arch: model.ArchRecurrent, Cell: model.CellLSTM}, Networks: 1}.String(),
			"2,312 training examples (17,935 tokens, 332 of them negated twins, 180 contrast pairs), 200 validation, 2 classes (negative, positive), vocabulary 3, 21 parameters"},
		// "1000 classes" and "1200 networks", before, beside "2,700 training examples".
		{"a thousand classes, over a thousand networks", Info{Train: 2700, Val: 300, Tokens: 13500, Labels: []string{"c0", "c1"}, Config: model.Config{Classes: 1000, Vocab: 12, Embed: 1, Hidden: 1, Layers: 1, Arch: model.ArchRecurrent, Cell: model.CellLSTM}, Networks: 1200}.String(),
			"2,700 training examples (13,500 tokens), 300 validation, 1,000 classes (c0, c1), vocabulary 12, 1,200 networks of 2,028 parameters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}
