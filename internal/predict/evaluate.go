package predict

import (
	"github.com/rnnsent/rnnsent/internal/csvread"
	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/metrics"
)

// evalChunk is how many rows EvaluateFile holds at once. Held whole, the
// rows of a file took some 23 times its size (a gzip file of 138 KB that
// unpacks to 57 MB of rows took 1.3 GB), a chunk a few megabytes.
const evalChunk = 4096

// EvaluateFile runs the labelled rows of the CSV file at path through p,
// evalChunk rows and batch texts at a time, and scores the answers,
// overall, per class and per category (the rows' category column). It
// also returns the lines of the rows read skipped (read.SkipBadRows).
func (p *Predictor) EvaluateFile(path string, read csvread.Options, batch int) (metrics.Report, []int, error) {
	tally := metrics.NewTally(len(p.Labels()))
	file, err := csvread.Each(path, read, evalChunk, func(rows []csvread.Row) error {
		set, err := dataset.Encode(dataset.Tokenize(rows), p.Vocab, p.Labels(), p.Checkpoint.MaxLen, path)
		if err != nil {
			return err
		}
		probs, err := p.Seqs(set.Seqs, batch)
		p.Release(set.Seqs)
		if err != nil {
			return err
		}
		for i, pr := range probs {
			tally.Add(pr, set.Labels[i], rows[i].Category)
		}
		return nil
	})
	if err != nil {
		return metrics.Report{}, nil, err
	}
	mt := tally.Metrics()
	if mt.N == 0 {
		return metrics.Report{}, nil, dataset.ErrNoRows(path)
	}
	return metrics.NewReport(p.Name, path, p.Names(), mt, tally.Categories()), file.Skipped, nil
}
