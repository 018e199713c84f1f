package job

import (
	"fmt"
	"strings"

	"github.com/rnnsent/rnnsent/internal/builtin"
	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/human"
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

// EpochLine is the line train prints after epoch e of member k (from 0)
// of networks, out of at most epochs; "*" marks a new best.
func EpochLine(e train.Epoch, k, networks, epochs int) string {
	line := fmt.Sprintf("%sepoch %d/%d  loss %.4f  acc %.1f%%  val_loss %.4f  val_acc %.1f%%  %s tok/s  %.1fs",
		memberLabel(k, networks), e.Epoch, epochs, e.Loss, 100*e.Accuracy, e.ValLoss, 100*e.ValAccuracy,
		human.Commas(int(e.TokensPerSecond+0.5)), e.Seconds)
	if e.Improved {
		line += "  *"
	}
	return line
}

// BatchLine describes, beside a progress bar, the epoch member k (from 0)
// of networks is in and the loss of its latest batch.
func BatchLine(k, networks, epoch, epochs int, loss float64) string {
	return fmt.Sprintf("%sepoch %d/%d  loss %.4f", memberLabel(k, networks), epoch, epochs, loss)
}

// StoppedLine says that member k (from 0) of networks stopped early.
func StoppedLine(k, networks, epochs, patience int) string {
	return fmt.Sprintf("%sstopped after epoch %d: val_acc has not improved for %s", memberLabel(k, networks), epochs, human.Count(patience, "epoch", "epochs"))
}

// FewValidationLine warns that --val-split held out only rows rows, fewer
// than MinValidation.
func FewValidationLine(rows int) string {
	return fmt.Sprintf("warning: --val-split holds out %s, too few to choose the best epoch by; raise it, or give --dev a file of %d rows or more", human.Count(rows, "row", "rows"), MinValidation)
}

// StoppingLine acknowledges the first interrupt of a run.
const StoppingLine = "stopping: saving what the run needs to go on; Ctrl-C again to stop now"

// memberLabel begins the lines about member k (from 0) of an ensemble of
// n networks, "member 2/3  "; nothing for a single network.
func memberLabel(k, n int) string {
	if n == 1 {
		return ""
	}
	return fmt.Sprintf("member %d/%d  ", k+1, n)
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

// String says what the run trains on, and what: the first line train
// prints.
func (info Info) String() string {
	added := ""
	if info.Twins > 0 {
		added = fmt.Sprintf(", %s of them %s", human.Commas(info.Twins), human.Plural(info.Twins, "a negated twin", "negated twins"))
	}
	if info.Contrasts > 0 {
		of := " of them"
		if info.Twins > 0 {
			of = ""
		}
		added += fmt.Sprintf(", %s%s %s", human.Commas(info.Contrasts), of, human.Plural(info.Contrasts, "a contrast pair", "contrast pairs"))
	}
	params := human.Commas(info.Config.NumParams()) + " parameters"
	if info.Networks > 1 {
		params = fmt.Sprintf("%s networks of %s", human.Commas(info.Networks), params)
	}
	switch info.InitFrom {
	case "":
	case builtin.Name:
		params += ", starting from the weights of the " + builtin.Name
	default:
		params += ", starting from the weights of " + info.InitFrom
	}
	return fmt.Sprintf("%s (%s%s), %s validation, %s classes (%s), vocabulary %s, %s",
		human.Count(info.Train, "training example", "training examples"), human.Count(info.Tokens, "token", "tokens"), added, human.Commas(info.Val), human.Commas(info.Config.Classes),
		human.Names(dataset.DisplayNames(info.Labels)), human.Commas(info.Config.Vocab), params)
}

// Line says what the model saved at path is, as r records it: the last
// line train prints.
func (r Record) Line(path string) string {
	if len(r.Members) == 0 {
		return fmt.Sprintf("best val_acc %.1f%% at epoch %d; saved %s", 100*r.BestValAccuracy, r.BestEpoch, human.Printable(path))
	}
	bests := make([]string, len(r.Members))
	for i, m := range r.Members {
		bests[i] = fmt.Sprintf("%.1f%% at epoch %d", 100*m.BestValAccuracy, m.BestEpoch)
	}
	return fmt.Sprintf("best val_acc %s; ensemble val_acc %.1f%%; saved %s", strings.Join(bests, ", "), 100*r.BestValAccuracy, human.Printable(path))
}
