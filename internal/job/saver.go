package job

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"

	"github.com/rnnsent/rnnsent/internal/atomicfile"
	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/metrics"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/train"
)

// saver keeps the model of the best epoch so far and writes it, with the
// training record brought up to date. In an ensemble's run the model holds
// the members already finished, each at its best epoch, then the best epoch
// so far of the member in training.
type saver struct {
	path     string
	opt      Options           // the run's, for its resume file
	ckpt     model.Checkpoint  // as on disk, but for About; it holds no network until the first epoch ends
	record   Record            // as on disk
	member   int               // the ensemble member in training, from 0
	val      dataset.Set       // what an ensemble's averaged answers are scored on
	initFile *model.Checkpoint // an ensemble's --init model file as read when the run began (see initial.file)
	valBatch int
	// doneSum sums the validation probabilities of the ensemble members
	// already finished, in order; nil until it is needed. Kept, so that
	// scoring the ensemble after an epoch predicts with one network, not
	// all of them, and an ensemble's time grows linearly with its members.
	doneSum [][]float64
	// bestProbs are the member in training's validation probabilities at
	// its best epoch so far.
	bestProbs [][]float64
}

// best takes the weights of an epoch that improved validation accuracy and
// writes them at once, so that an interrupted run loses nothing.
func (s *saver) best(m *model.Model[float32], e train.Epoch) error {
	c, r := s.ckpt, s.record
	c.SetNetworks(append(s.done(), m.Tensors()))
	r.BestEpoch, r.BestValAccuracy = e.Epoch, e.ValAccuracy
	if r.Networks() > 1 {
		r.Members = append(r.Members[:s.member:s.member],
			MemberRecord{Seed: r.Seed + uint64(s.member), BestEpoch: e.Epoch, BestValAccuracy: e.ValAccuracy})
		acc, err := s.valAccuracy(m, &c)
		if err != nil {
			return err
		}
		r.BestEpoch, r.BestValAccuracy = 0, acc
	}
	return s.write(c, r, e.Epoch)
}

// done returns the networks of the members already finished.
func (s *saver) done() [][]model.Tensor {
	return s.ckpt.Networks()[:s.member:s.member]
}

// valAccuracy is the validation accuracy of the averaged answers of c's
// networks: the finished members' and m, the member in training's. The
// sums go member by member as model.Ensemble's do, so the figure is the
// ensemble's own, bit for bit.
func (s *saver) valAccuracy(m *model.Model[float32], c *model.Checkpoint) (float64, error) {
	if err := s.sumFinished(c); err != nil {
		return 0, err
	}
	probs, err := model.PredictAll(m, s.val.Seqs, s.valBatch)
	if err != nil {
		return 0, err
	}
	s.bestProbs = probs
	mean := make([][]float64, len(probs))
	n := float64(s.member + 1)
	for i, row := range probs {
		mean[i] = slices.Clone(row)
		if s.doneSum != nil {
			copy(mean[i], s.doneSum[i])
			for k, p := range row {
				mean[i][k] += p
			}
		}
		for k := range mean[i] {
			mean[i][k] /= n
		}
	}
	return metrics.Score(mean, s.val.Labels, c.Config.Classes).Accuracy, nil
}

// sumFinished makes s.doneSum the sum of the finished members'
// validation probabilities, predicting with them only when a resumed run
// has not seen them.
func (s *saver) sumFinished(c *model.Checkpoint) error {
	if s.doneSum != nil || s.member == 0 {
		return nil
	}
	done := *c
	for _, ts := range s.done() {
		done.SetNetworks([][]model.Tensor{ts})
		m, err := model.FromCheckpoint[float32](&done)
		if err != nil {
			return err
		}
		probs, err := model.PredictAll(m, s.val.Seqs, s.valBatch)
		if err != nil {
			return err
		}
		s.addFinished(probs)
	}
	return nil
}

// addFinished adds a finished member's validation probabilities to the sum.
func (s *saver) addFinished(probs [][]float64) {
	if s.doneSum == nil {
		s.doneSum = probs
		return
	}
	for i, row := range probs {
		for k, p := range row {
			s.doneSum[i][k] += p
		}
	}
}

// memberDone moves on from a finished member of an ensemble: its best
// answers join the sum, or, when the sum or they are not at hand (a
// resumed run), the sum is made afresh when next needed.
func (s *saver) memberDone() {
	if s.bestProbs != nil && (s.doneSum != nil || s.member == 0) {
		s.addFinished(s.bestProbs)
	} else {
		s.doneSum = nil
	}
	s.bestProbs = nil
}

// save writes the best weights, recording that the member in training has
// run epochs epochs.
func (s *saver) save(epochs int) error { return s.write(s.ckpt, s.record, epochs) }

// write writes c with the record r, recording that the member in training
// has run epochs epochs, and keeps both only once they are on disk: a
// failed write leaves the file, and what the saver says is in it, as they
// were.
func (s *saver) write(c model.Checkpoint, r Record, epochs int) error {
	s.countEpochs(&r, epochs)
	c.About = r.json()
	if err := atomicfile.Write(s.path, c.Encode); err != nil {
		return err
	}
	c.About = nil
	s.ckpt, s.record = c, r
	return nil
}

// countEpochs records in r that the member in training has run epochs
// epochs; an ensemble's total is its members'.
func (s *saver) countEpochs(r *Record, epochs int) {
	if r.Networks() == 1 {
		r.Epochs = epochs
		return
	}
	r.Members = slices.Clone(r.Members)
	if s.member < len(r.Members) {
		r.Members[s.member].Epochs = epochs
	}
	r.Epochs = 0
	for _, m := range r.Members {
		r.Epochs += m.Epochs
	}
}

// kept says which model the file holds: "epoch 3", or for an ensemble
// "2 of 3 members".
func (s *saver) kept() string {
	if n := s.record.Networks(); n > 1 {
		return fmt.Sprintf("%d of %d members", len(s.ckpt.Networks()), n)
	}
	return fmt.Sprintf("epoch %d", s.record.BestEpoch)
}

// withKept adds to err, the end of a run, where the best model so far is,
// when there is one.
func (s *saver) withKept(err error) error {
	if s.ckpt.Tensors == nil {
		return err
	}
	return fmt.Errorf("%w; the best model so far (%s) is in %s", err, s.kept(), s.path)
}

// interrupted saves what a resumed run needs and says where the run
// stopped. The model file is left as the last improving epoch wrote it:
// written again it would only count the epochs since, and a wide network
// is to stop within seconds of Ctrl-C.
func (s *saver) interrupted(m *model.Model[float32], st *train.State) error {
	if err := s.saveResume(m, st); err != nil {
		return s.withKept(fmt.Errorf("interrupted %s, but %w", s.position(st), err))
	}
	e := &Interrupted{Position: s.position(st), Model: s.path, ResumeFile: ResumePath(s.path)}
	if s.ckpt.Tensors != nil {
		e.Kept = s.kept()
	}
	return e
}

// position says where in the run st, the state of the member in training,
// is: "at epoch 2, batch 311", counting the batches done, or in an
// ensemble's run "in member 2/3 at epoch 2, batch 311".
func (s *saver) position(st *train.State) string {
	at := fmt.Sprintf("at epoch %d, batch %d", st.Epoch, st.Batch)
	if st.Batch == 0 {
		at = fmt.Sprintf("at the start of epoch %d", st.Epoch)
	}
	if n := s.record.Networks(); n > 1 {
		return fmt.Sprintf("in member %d/%d %s", s.member+1, n, at)
	}
	return at
}

// finished removes the resume file of a run that has ended: it could only
// repeat the end.
func (s *saver) finished() error {
	if err := os.Remove(ResumePath(s.path)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("the model is saved in %s, but %w", s.path, err)
	}
	return nil
}
