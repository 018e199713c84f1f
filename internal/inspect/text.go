package inspect

import "github.com/rnnsent/rnnsent/internal/model"

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
