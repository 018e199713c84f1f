package inspect

import (
	"fmt"

	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/predict"
)

// Reading is a model reading a text: what ReadGradients and ReadGates
// report on.
type Reading struct {
	Model  string // how messages name the model
	Cell   string
	Text   string
	Tokens []string // the tokens the model read, one per state
}

func read(p *predict.Predictor, text string) (Reading, []int) {
	tokens, ids := p.Read(text)
	return Reading{Model: p.Name, Cell: p.Model.Config().Cell, Text: text, Tokens: tokens}, ids
}

// GradientsReport is the state gradients of a model reading a text.
type GradientsReport struct {
	Reading
	Norms
}

// ReadGradients measures the state gradients of p's model on text
// (TextGradients).
func ReadGradients(p *predict.Predictor, text string) (Report, error) {
	r, ids := read(p, text)
	defer p.Vocab.Release(ids)
	n, err := TextGradients(p.Model, ids)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.Name, err)
	}
	return GradientsReport{r, n}, nil
}

// GatesReport is the gates of a model reading a text.
type GatesReport struct {
	Reading
	Gates
}

// ReadGates returns the gates of p's model as it reads text (TextGates).
func ReadGates(p *predict.Predictor, text string) (Report, error) {
	r, ids := read(p, text)
	defer p.Vocab.Release(ids)
	g, err := TextGates(p.Model, ids)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.Name, err)
	}
	return GatesReport{r, g}, nil
}

// TextGradients measures the state gradients (StateNorms) of each network
// of e on seq, taken as an example of the class e answers, and averages
// them over the networks.
func TextGradients(e *model.Ensemble[float32], seq []int) (Norms, error) {
	probs, err := e.Predict([][]int{seq})
	if err != nil {
		return Norms{}, err
	}
	label := model.Argmax(probs[0])
	var mean Norms
	for i, m := range e.Members() {
		n, err := StateNorms(m, seq, label)
		if err != nil {
			return Norms{}, err
		}
		if i == 0 {
			mean = n
			continue
		}
		addTo(mean.Memory, n.Memory)
		addTo(mean.Hidden, n.Hidden)
	}
	scale(mean.Memory, 1/float64(len(e.Members())))
	scale(mean.Hidden, 1/float64(len(e.Members())))
	return mean, nil
}

// Gates are how far a cell's gates open as it reads a text.
type Gates struct {
	Names []string // model.GateNames
	// Means[t][g] is gate g's mean activation over the units of the
	// forward direction of the top layer after token t.
	Means [][]float64
}

// TextGates returns the gates of e's networks as they read seq, averaged
// over the networks.
func TextGates(e *model.Ensemble[float32], seq []int) (Gates, error) {
	cfg := e.Config()
	g := Gates{Names: model.GateNames(cfg.Cell), Means: make([][]float64, len(seq))}
	for t := range g.Means {
		g.Means[t] = make([]float64, len(g.Names))
	}
	for _, m := range e.Members() {
		layers, err := m.Gates(seq)
		if err != nil {
			return Gates{}, err
		}
		top, H := layers[len(layers)-1], cfg.Hidden
		W := len(top) / len(seq)
		for t, row := range g.Means {
			for k := range row {
				for _, v := range top[t*W+k*H : t*W+(k+1)*H] {
					row[k] += float64(v)
				}
			}
		}
	}
	for _, row := range g.Means {
		scale(row, 1/float64(cfg.Hidden*len(e.Members())))
	}
	return g, nil
}

func scale(s []float64, f float64) {
	for i := range s {
		s[i] *= f
	}
}
