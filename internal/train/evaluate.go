package train

import (
	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/metrics"
	"github.com/rnnsent/rnnsent/internal/model"
)

// Evaluate scores m, a model of classes classes, on s.
func Evaluate(m model.Predictor, s dataset.Set, classes, batchSize int) (metrics.Metrics, error) {
	probs, err := model.PredictAll(m, s.Seqs, batchSize)
	if err != nil {
		return metrics.Metrics{}, err
	}
	return metrics.Score(probs, s.Labels, classes), nil
}
