package predict

import "github.com/rnnsent/rnnsent/internal/model"

// Copy is another Predictor of p's model, with networks of its own: a
// model is not safe for concurrent use, so each goroutine that runs it at
// the same time as others needs a copy.
func (p *Predictor) Copy() (*Predictor, error) {
	m, err := model.EnsembleFromCheckpoint[float32](p.Checkpoint)
	if err != nil {
		return nil, err
	}
	vocab, err := Vocab(p.Checkpoint)
	if err != nil {
		return nil, err
	}
	return &Predictor{Model: m, Vocab: vocab, Checkpoint: p.Checkpoint, Name: p.Name, Builtin: p.Builtin}, nil
}
