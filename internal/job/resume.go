package job

import (
	"bufio"
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/rnnsent/rnnsent/internal/atomicfile"
	"github.com/rnnsent/rnnsent/internal/fileerr"
	"github.com/rnnsent/rnnsent/internal/framed"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/predict"
	"github.com/rnnsent/rnnsent/internal/train"
)

// A resume file is framed (see package framed) with a magic of its own, so
// that it is never taken for a model, and holds a gob-encoded resumeFile.
var resumeFormat = framed.Format{
	Magic: framed.ResumeMagic,
	What:  "resume file",
	// The model file's content, and beside it the network in training and
	// its training state (Adam's two moments, the average of the weights):
	// six times the model file, measured by
	// TestAResumeFileOfTheLargestModelCanBeRead, so eight times the largest
	// model file a run may write leaves room to spare.
	MaxPayload: 8 * model.MaxPayload,
	Checksum: func(v uint32) (framed.Checksum, error) {
		if v != resumeVersion {
			return 0, fmt.Errorf("resume file format version %d; this rnnsent reads version %d", v, resumeVersion)
		}
		return framed.SHA256, nil
	},
}

const (
	resumeVersion = 1
	// ResumeSuffix ends the name of the file an interrupted run leaves
	// beside its model: model.gob.resume.
	ResumeSuffix = ".resume"
)

// ResumePath is the resume file of the run writing the model at path.
func ResumePath(path string) string { return path + ResumeSuffix }

// ResumeFiles returns the resume file at path, its symbolic links followed,
// and the model file of its run, MODEL of MODEL.resume, or an error, for
// "--resume" to follow, when the file's name does not end in ResumeSuffix.
// Named after a link to it, a resumed run wrote a model of its own beside
// the interrupted run's, took that model's lock rather than the run's, and
// at its end removed the link, leaving the resume file as of a run still
// to finish.
func ResumeFiles(path string) (resume, model string, err error) {
	resume = atomicfile.Target(path)
	model, ok := strings.CutSuffix(resume, ResumeSuffix)
	if !ok || model == "" {
		got := strconv.Quote(path)
		// A link's own name may end in .resume where its file's does not.
		if resume != path {
			got += ", a link to " + strconv.Quote(resume)
		}
		return "", "", fmt.Errorf("wants the MODEL%s file an interrupted run leaves, got %s", ResumeSuffix, got)
	}
	return resume, model, nil
}

// resumeFile is a training run paused between two batches: together with
// the data files, which it names and whose checksums it holds, everything
// Resume needs to go on as the run would have.
type resumeFile struct {
	Options Options
	Record  Record           // as the model file holds it, but for the epochs count of now
	Model   model.Checkpoint // the model file's content: the finished members and the best epoch so far
	Weights []model.Tensor   // the network in training, as it is now
	State   []byte           // its train.State
	// Init is the model file an ensemble's networks start from, as read
	// when the run began; nil when they start from scratch or the
	// built-in model, and in the resume files of earlier runs, which read
	// the file again.
	Init *model.Checkpoint
}

// saveResume writes the file to resume from: the network of now, its
// training state, and what the model file holds.
func (s *saver) saveResume(m *model.Model[float32], st *train.State) error {
	state, err := st.MarshalBinary()
	if err != nil {
		return err
	}
	f := resumeFile{Options: s.opt, Record: s.record, Model: s.ckpt, Weights: m.Tensors(), State: state, Init: s.initFile}
	s.countEpochs(&f.Record, len(st.History))
	return atomicfile.Write(ResumePath(s.path), f.encode)
}

func (f *resumeFile) encode(w io.Writer) error {
	var payload bytes.Buffer
	if err := gob.NewEncoder(&payload).Encode(f); err != nil {
		return fmt.Errorf("encoding the resume file: %w", err)
	}
	return resumeFormat.Write(w, resumeVersion, payload.Bytes())
}

// ErrNotResumeFile is returned for a file that is not a resume file.
var ErrNotResumeFile = errors.New("not the resume file of an interrupted run")

// ErrOldResumeFile is returned for the resume file of an rnnsent from
// before the format of its own, which this one does not read.
var ErrOldResumeFile = errors.New("a resume file of an earlier rnnsent, which this one cannot go on with; finish the run with that version, or delete the file to start afresh")

// oldModelFile says why the model file at path, of any earlier version,
// cannot be resumed from: it is a finished model, or the resume file of an
// rnnsent from before this format, which was a model file with the
// training state in a field of its own.
func oldModelFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	format := model.FileFormat()
	format.MaxPayload = resumeFormat.MaxPayload
	v, payload, err := format.Read(bufio.NewReader(f))
	if err != nil {
		return err
	}
	var old struct{ Resume []byte }
	if v != model.RawFormatVersion && gob.NewDecoder(bytes.NewReader(payload)).Decode(&old) == nil && old.Resume != nil {
		return ErrOldResumeFile
	}
	return errors.New("a finished model, not the state of an interrupted run")
}

// readResume reads and checks the resume file at path.
func readResume(path string) (*resumeFile, *train.State, error) {
	file, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, fileerr.At(path, 0, "no such file; an interrupted run leaves it beside its model")
		}
		return nil, nil, fileerr.Wrap(path, err)
	}
	defer file.Close()
	br := bufio.NewReader(file)
	head, _ := br.Peek(framed.MagicLen)
	_, payload, err := resumeFormat.Read(br)
	switch {
	case errors.Is(err, framed.ErrForeign) && string(head) == framed.ModelMagic:
		return nil, nil, fileerr.Wrap(path, oldModelFile(path))
	case errors.Is(err, framed.ErrForeign):
		return nil, nil, fileerr.Wrap(path, ErrNotResumeFile)
	case err != nil:
		return nil, nil, fileerr.Wrap(path, err)
	}
	var f resumeFile
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(&f); err != nil {
		return nil, nil, fileerr.At(path, 0, "the resume file does not decode: %v", err)
	}
	var st train.State
	if err := st.UnmarshalBinary(f.State); err != nil {
		return nil, nil, fileerr.At(path, 0, "the training state does not decode: %v", err)
	}
	return &f, &st, nil
}

// KeepCheckpointEvery, given to Resume, writes the resume file as often as
// the interrupted run did: a run meant to survive a crash must not lose
// that by being resumed with the command its interruption suggests.
const KeepCheckpointEvery = -1

// Resume prepares to go on with the run whose resume file is at path, with
// the settings, vocabulary and labels it stored; only how many threads it
// uses and how often it writes the resume file (or KeepCheckpointEvery)
// are the caller's, and plot, a file it will write beside the model (""
// for none).
func Resume(ctx context.Context, path string, threads, checkpointEvery int, plot string, h Hooks) (*Job, error) {
	resume, modelPath, err := ResumeFiles(path)
	if err != nil {
		return nil, fileerr.At(path, 0, "a resume file's name ends in %s", ResumeSuffix)
	}
	path = resume
	// The run replaces the file when interrupted and removes it at the end:
	// another user's, in /tmp, would fail only then.
	if err := atomicfile.CheckWritable(path); err != nil {
		return nil, err
	}
	lk, err := lockModel(modelPath)
	if err != nil {
		return nil, err
	}
	return prepare(ctx, lk, func() (*Job, error) { return resumeJob(path, modelPath, threads, checkpointEvery, plot, h, lk) })
}

func resumeJob(path, modelPath string, threads, checkpointEvery int, plot string, h Hooks, lk *lock) (*Job, error) {
	f, st, err := readResume(path)
	if err != nil {
		return nil, err
	}
	member, err := runningMember(f, st)
	if err != nil {
		return nil, fileerr.At(path, 0, "cannot resume from this state: %v", err)
	}
	o := f.Options
	o.Model, o.Threads = modelPath, threads
	if checkpointEvery != KeepCheckpointEvery {
		o.CheckpointEvery = checkpointEvery
	}
	// The files the run reads are named here, in the resume file, where the
	// caller's check of the plot before it could not see them.
	for _, in := range []string{o.Data, o.Dev, o.Init} {
		if atomicfile.Replaces(plot, in) {
			return nil, &ErrSameFile{Output: plot, Input: in}
		}
	}
	d, err := readData(o, h)
	if err != nil {
		return nil, err
	}
	for _, file := range []struct{ path, now, then string }{{o.Data, d.dataSum, f.Record.DataSHA256}, {o.Dev, d.devSum, f.Record.DevSHA256}} {
		if file.now != file.then {
			return nil, fmt.Errorf("%s has changed since the run began; a resumed run must read the same data", file.path)
		}
	}
	j := &Job{opt: o, state: st, resumed: true, lock: lk}
	if err := j.restore(f, d); err != nil {
		return nil, fileerr.Wrap(path, err)
	}
	j.saver = &saver{path: o.Model, opt: o, ckpt: f.Model, record: f.Record, member: member, val: j.val, valBatch: o.Train.ValidationBatch(), initFile: f.Init}
	return j, nil
}

// restore encodes the data with the run's vocabulary and rebuilds the
// network in training.
func (j *Job) restore(f *resumeFile, d *data) error {
	vocab, err := predict.Vocab(&f.Model)
	if err != nil {
		return err
	}
	if err := j.encode(d, vocab, f.Model.Labels, f.Model.MaxLen); err != nil {
		return err
	}
	now := f.Model
	now.SetNetworks([][]model.Tensor{f.Weights})
	if j.m, err = model.FromCheckpoint[float32](&now); err != nil {
		return err
	}
	return j.state.Check(j.m)
}

// runningMember is the ensemble member an interrupted run was training: the
// one after the members its resume file holds as finished. It checks that
// the rest of the file agrees.
func runningMember(f *resumeFile, st *train.State) (int, error) {
	r := &f.Record
	k := len(f.Model.Networks())
	if st.BestWeights != nil {
		k-- // the model file holds the best epoch so far of the member in training
	}
	switch {
	case k < 0 || k >= r.Networks():
		return 0, fmt.Errorf("it holds %d finished networks of an ensemble of %d", k, r.Networks())
	case st.Options.Seed != r.Seed+uint64(k):
		return 0, fmt.Errorf("its training state has seed %d, member %d's is %d", st.Options.Seed, k+1, r.Seed+uint64(k))
	case r.Networks() > 1 && len(r.Members) != len(f.Model.Networks()):
		return 0, fmt.Errorf("its record describes %d networks, not %d", len(r.Members), len(f.Model.Networks()))
	}
	return k, nil
}
