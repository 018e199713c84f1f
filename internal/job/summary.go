package job

import (
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/train"
)

// Epoch is an epoch as JSON, a line of train --json.
type Epoch struct {
	Epoch           int     `json:"epoch"`
	Loss            float64 `json:"loss"`
	Accuracy        float64 `json:"accuracy"`
	ValLoss         float64 `json:"val_loss"`
	ValAccuracy     float64 `json:"val_accuracy"`
	Seconds         float64 `json:"seconds"`
	TokensPerSecond float64 `json:"tokens_per_second"`
	Best            bool    `json:"best"`
	Member          int     `json:"member,omitempty"` // from 1, in an ensemble's run
}

// EpochJSON is the JSON line of epoch e of member k (from 0) of networks.
func EpochJSON(e train.Epoch, k, networks int) Epoch {
	member := 0 // left out of a single network's lines
	if networks > 1 {
		member = k + 1
	}
	return Epoch{e.Epoch, e.Loss, e.Accuracy, e.ValLoss, e.ValAccuracy, e.Seconds, e.TokensPerSecond, e.Improved, member}
}

// MemberSummary is an ensemble member in a Summary.
type MemberSummary struct {
	Member      int     `json:"member"` // from 1
	Seed        uint64  `json:"seed"`
	Epochs      int     `json:"epochs"`
	BestEpoch   int     `json:"best_epoch"`
	ValAccuracy float64 `json:"val_accuracy"`
}

// Summary is the last line of train --json, what scripts comparing runs
// read: the model saved at path, as its record says, and the speed of the
// epochs of the last network trained. An ensemble has no best epoch of its
// own but one per member, and its speed is that of its last network, whose
// every epoch a resumed run knows too.
type Summary struct {
	Summary         bool            `json:"summary"`
	Model           string          `json:"model"`
	Params          int             `json:"params"`
	Epochs          int             `json:"epochs"`
	BestEpoch       int             `json:"best_epoch,omitempty"`
	ValAccuracy     float64         `json:"val_accuracy"`
	SecondsPerEpoch float64         `json:"seconds_per_epoch"`
	TokensPerSecond float64         `json:"tokens_per_second"`
	Members         []MemberSummary `json:"members,omitempty"`
}

// Summary summarises a run whose networks are of cfg and whose model is
// at path.
func (res Result) Summary(cfg model.Config, path string) Summary {
	r, history := res.Record, res.History
	secs, tokens := 0.0, 0.0
	for _, e := range history {
		secs += e.Seconds
		tokens += e.TokensPerSecond * e.Seconds
	}
	n := float64(len(history))
	members := make([]MemberSummary, len(r.Members))
	for i, m := range r.Members {
		members[i] = MemberSummary{i + 1, m.Seed, m.Epochs, m.BestEpoch, m.BestValAccuracy}
	}
	return Summary{true, path, r.Networks() * cfg.NumParams(), r.Epochs, r.BestEpoch, r.BestValAccuracy, secs / n, tokens / secs, members}
}
