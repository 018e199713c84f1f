package dataset

import (
	"fmt"
	"io"

	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/tokenize"
)

// Predictor is a checkpoint rebuilt into a model and the vocabulary that
// feeds it.
type Predictor struct {
	// Model is every network of the checkpoint, whose answers it averages:
	// an ensemble of one for a checkpoint of one network.
	Model      *model.Ensemble[float32]
	Vocab      *tokenize.Vocab
	Checkpoint *model.Checkpoint
}

// Load reads a checkpoint from r and rebuilds its model. A checkpoint made
// with other tokenizer rules is refused: its ids would mean other words.
func Load(r io.Reader) (*Predictor, error) {
	c, err := model.Decode(r)
	if err != nil {
		return nil, err
	}
	vocab, err := CheckpointVocab(c)
	if err != nil {
		return nil, err
	}
	m, err := model.EnsembleFromCheckpoint[float32](c)
	if err != nil {
		return nil, err
	}
	return &Predictor{Model: m, Vocab: vocab, Checkpoint: c}, nil
}

// CheckpointVocab rebuilds the vocabulary of c, which reads text as c's
// model was trained to. A checkpoint made with other tokenizer rules is
// refused: its ids would mean other words.
func CheckpointVocab(c *model.Checkpoint) (*tokenize.Vocab, error) {
	if c.TokenizerVersion != tokenize.Version && c.TokenizerVersion != tokenize.StemmingVersion {
		return nil, fmt.Errorf("the model was trained with tokenizer version %d, this rnnsent reads versions %d and %d; train it again",
			c.TokenizerVersion, tokenize.Version, tokenize.StemmingVersion)
	}
	vocab, err := tokenize.NewVocab(c.Vocab)
	if err != nil {
		return nil, fmt.Errorf("checkpoint vocabulary: %w", err)
	}
	vocab.SetStemUnknown(c.TokenizerVersion == tokenize.StemmingVersion)
	return vocab, nil
}

// Encode turns text into the ids the model reads.
func (p *Predictor) Encode(text string) []int {
	return p.Vocab.EncodeText(text, p.Checkpoint.MaxLen)
}

// Names returns the display names of the model's classes, in class order.
func (p *Predictor) Names() []string { return DisplayNames(p.Checkpoint.Labels) }
