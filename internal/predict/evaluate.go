package predict

import (
	"github.com/rnnsent/rnnsent/internal/csvread"
	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/metrics"
)

// Evaluate runs the labelled rows of the file called data through p,
// batch texts at a time, and scores the answers, overall, per class and
// per category (the rows' category column).
func (p *Predictor) Evaluate(rows []csvread.Row, data string, batch int) (metrics.Report, error) {
	set, err := dataset.Encode(dataset.Tokenize(rows), p.Vocab, p.Labels(), p.Checkpoint.MaxLen, data)
	if err != nil {
		return metrics.Report{}, err
	}
	probs, err := p.Seqs(set.Seqs, batch)
	p.Release(set.Seqs)
	if err != nil {
		return metrics.Report{}, err
	}
	mt := metrics.Score(probs, set.Labels, len(p.Labels()))
	categories := make([]string, len(rows))
	for i, r := range rows {
		categories[i] = r.Category
	}
	cats := metrics.ByCategory(categories, set.Labels, mt.Predicted)
	return metrics.NewReport(p.Name, data, p.Names(), mt, cats), nil
}
