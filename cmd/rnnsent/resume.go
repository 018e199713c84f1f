package main

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/rnnsent/rnnsent/internal/atomicfile"
	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/train"
)

// resumeSuffix ends the name of the file an interrupted run leaves beside
// its model: model.gob.resume.
const resumeSuffix = ".resume"

func resumePath(modelPath string) string { return modelPath + resumeSuffix }

// resumeFlags are the train flags that may go with --resume: they change how
// a run reports and what hardware it uses, never what it computes. Every
// other setting is stored in the resume file.
var resumeFlags = map[string]bool{"resume": true, "threads": true, "quiet": true, "json": true, "checkpoint-every": true, "plot": true}

// checkResumeFlags refuses flags that would make a resumed run differ from
// the one that was interrupted, and sets the model path from the resume
// file's name.
func (o *TrainOptions) checkResumeFlags(f *pflag.FlagSet) error {
	var bad string
	f.Visit(func(fl *pflag.Flag) {
		if !resumeFlags[fl.Name] && bad == "" {
			bad = fl.Name
		}
	})
	if bad != "" {
		return usageErrorf("--%s cannot be used with --resume: a resumed run keeps the settings it started with", bad)
	}
	model, ok := strings.CutSuffix(o.Resume, resumeSuffix)
	if !ok || model == "" {
		return usageErrorf("--resume wants the MODEL%s file an interrupted run leaves, got %q", resumeSuffix, o.Resume)
	}
	o.Model = model
	return nil
}

// loadResume reads the file an interrupted run left at path.
func loadResume(path string) (*model.Checkpoint, *train.State, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, fmt.Errorf("%s: no such file; an interrupted run leaves it beside its model", path)
		}
		return nil, nil, fileError(path, err)
	}
	defer f.Close()
	c, err := model.Decode(bufio.NewReader(f))
	if err != nil {
		return nil, nil, fileError(path, err)
	}
	if c.Resume == nil {
		return nil, nil, fmt.Errorf("%s: a finished model, not the state of an interrupted run", path)
	}
	var st train.State
	if err := st.UnmarshalBinary(c.Resume); err != nil {
		return nil, nil, fmt.Errorf("%s: the training state does not decode: %w", path, err)
	}
	return c, &st, nil
}

// resumeJob prepares to go on with the run in the resume file o.Resume,
// with the settings, vocabulary and labels it stored.
func (o *TrainOptions) resumeJob() (*trainJob, error) {
	c, st, err := loadResume(o.Resume)
	if err != nil {
		return nil, err
	}
	r := c.Record
	member, err := runningMember(c, st)
	if err != nil {
		return nil, fileError(o.Resume, fmt.Errorf("cannot resume from this state: %w", err))
	}
	o.Data, o.Dev, o.TextCol, o.LabelCol = r.DataFile, r.DevFile, r.TextCol, r.LabelCol
	o.ValSplit, o.SkipBadRows, o.MaxLen, o.Net, o.Train = r.ValSplit, r.SkipBadRows, c.MaxLen, c.Config, st.Options
	// The run's seed, which chose the data; the member's own is in st.
	o.Train.Seed = r.Seed
	o.AugmentNegation = r.AugmentNegation
	o.AugmentContrast = r.AugmentContrast
	o.Ensemble = r.Networks()
	dataSum, devSum, err := o.fileSums()
	if err != nil {
		return nil, err
	}
	for _, f := range []struct{ path, now, then string }{{o.Data, dataSum, r.DataSHA256}, {o.Dev, devSum, r.DevSHA256}} {
		if f.now != f.then {
			return nil, fmt.Errorf("%s has changed since the run began; a resumed run must read the same data", f.path)
		}
	}
	d, err := o.readData()
	if err != nil {
		return nil, err
	}
	vocab, err := dataset.CheckpointVocab(c)
	if err != nil {
		return nil, fileError(o.Resume, err)
	}
	job := &trainJob{state: st}
	if job.train, job.val, job.twins, job.contrasts, err = d.encode(vocab, c.Labels, c.MaxLen, o.AugmentNegation, o.AugmentContrast, o.Train.Seed); err != nil {
		return nil, err
	}
	if job.m, err = model.FromCheckpoint[float32](c); err != nil {
		return nil, fileError(o.Resume, err)
	}
	if err := st.Check(job.m); err != nil {
		return nil, fileError(o.Resume, err)
	}
	job.saver = &checkpointSaver{path: o.Model, ckpt: *c, member: member, val: job.val, valBatch: o.Train.ValidationBatch()}
	// What the saver writes is the finished members and the best epoch of
	// the one in training.
	networks := c.Members[:member:member]
	if st.BestWeights != nil {
		networks = append(networks, st.BestWeights)
	}
	job.saver.ckpt.SetNetworks(networks)
	job.saver.ckpt.Resume = nil
	fmt.Fprintf(o.IO.ErrOut, "resuming %s %s\n", o.Resume, job.saver.position(st))
	return job, nil
}

// runningMember is the ensemble member an interrupted run was training: the
// one after the members its resume file holds as finished. It checks that the
// rest of the file agrees.
func runningMember(c *model.Checkpoint, st *train.State) (int, error) {
	r := &c.Record
	k, records := len(c.Members), len(c.Members)
	if st.BestWeights != nil {
		records++
	}
	switch {
	case k >= r.Networks():
		return 0, fmt.Errorf("it holds %d finished networks of an ensemble of %d", k, r.Networks())
	case st.Options.Seed != r.Seed+uint64(k):
		return 0, fmt.Errorf("its training state has seed %d, member %d's is %d", st.Options.Seed, k+1, r.Seed+uint64(k))
	case r.Networks() > 1 && len(r.Members) != records:
		return 0, fmt.Errorf("its record describes %d networks, not %d", len(r.Members), records)
	}
	return k, nil
}

// fileSums returns the SHA-256 of the data file and of the dev file, if any.
func (o *TrainOptions) fileSums() (data, dev string, err error) {
	if data, err = dataset.FileSHA256(o.Data); err != nil {
		return "", "", fileError(o.Data, err)
	}
	if o.Dev == "" {
		return data, "", nil
	}
	if dev, err = dataset.FileSHA256(o.Dev); err != nil {
		return "", "", fileError(o.Dev, err)
	}
	return data, dev, nil
}

// checkNoResumeFile refuses to start afresh over an interrupted run, whose
// resume file the new run would overwrite or remove.
func checkNoResumeFile(modelPath string) error {
	path := resumePath(modelPath)
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s holds an interrupted run; go on with \"rnnsent train --resume %s\", or delete it to start afresh", path, path)
	}
	return nil
}

// saveResume writes the file to resume from: the weights of now as Tensors,
// the finished members of an ensemble as Members, the training state, and
// the record of what the model checkpoint holds.
func (s *checkpointSaver) saveResume(m *model.Model[float32], st *train.State) error {
	state, err := st.MarshalBinary()
	if err != nil {
		return err
	}
	c := s.ckpt
	c.Tensors, c.Members, c.Resume = m.Tensors(), s.done(), state
	s.countEpochs(&c.Record, len(st.History))
	return atomicfile.Write(resumePath(s.path), c.Encode)
}

// interrupted saves what a resumed run needs and says how to resume.
func (s *checkpointSaver) interrupted(m *model.Model[float32], st *train.State) error {
	if err := s.saveResume(m, st); err != nil {
		return err
	}
	msg := "interrupted " + s.position(st)
	if s.ckpt.Tensors == nil {
		msg += "; no epoch has finished, so there is no model yet"
	} else {
		if err := s.save(len(st.History)); err != nil {
			return err
		}
		msg += fmt.Sprintf("; the best model so far (%s) is in %s", s.kept(), s.path)
	}
	return fmt.Errorf("%s; resume with: rnnsent train --resume %s", msg, resumePath(s.path))
}

// position says where in the run st, the state of the member in training,
// is: "at epoch 2, batch 311", counting the batches done, or in an
// ensemble's run "in member 2/3 at epoch 2, batch 311".
func (s *checkpointSaver) position(st *train.State) string {
	at := fmt.Sprintf("at epoch %d, batch %d", st.Epoch, st.Batch)
	if st.Batch == 0 {
		at = fmt.Sprintf("at the start of epoch %d", st.Epoch)
	}
	if n := s.ckpt.Record.Networks(); n > 1 {
		return fmt.Sprintf("in member %d/%d %s", s.member+1, n, at)
	}
	return at
}

// finished removes the resume file of a run that has ended: it could only
// repeat the end.
func (s *checkpointSaver) finished() error {
	if err := os.Remove(resumePath(s.path)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("the model is saved in %s, but %w", s.path, err)
	}
	return nil
}
