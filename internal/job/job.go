package job

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"time"

	"github.com/rnnsent/rnnsent/internal/atomicfile"
	"github.com/rnnsent/rnnsent/internal/csvread"
	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/fileerr"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/rng"
	"github.com/rnnsent/rnnsent/internal/tokenize"
	"github.com/rnnsent/rnnsent/internal/train"
)

// Options are the settings of a training job.
type Options struct {
	Data, Dev         string // labelled CSV files; without Dev, ValSplit of Data validates
	Model             string // the model file to write; the resume file goes beside it
	TextCol, LabelCol string
	VocabSize         int
	VocabInformative  float64 // share of the vocabulary chosen by how much its words say about the label
	StemUnknown       bool    // read a word outside the vocabulary by its stem
	VocabReserved     bool    // give places to dataset.ReservedWords whatever their counts
	MaxLen            int
	Net               model.Config // Vocab and Classes come from the data
	Train             train.Options
	ValSplit          float64
	SkipBadRows       bool
	AugmentNegation   int // see dataset.AugmentNegation
	// NegationForms are the forms of the negated twins, as
	// dataset.NegationForms lists them; nil for "not" alone, the one form
	// of the runs whose resume files predate the others.
	NegationForms   []string
	NegationTwins   int // the most twins a text gets; 0 for one in every form that applies
	AugmentContrast int // see dataset.ContrastPairs
	// ContrastForms are the forms of the contrast examples, as
	// dataset.ContrastForms lists them; nil for "but" alone, the one form
	// of the runs whose resume files predate the others.
	ContrastForms   []string
	Ensemble        int // networks to train, network k from seed Train.Seed+k, whose answers are averaged
	CheckpointEvery int // batches between writes of the resume file; 0 writes it only when interrupted
	Threads         int // cores to train on, 0 for all; the model is the same for every value
	Args            []string
	// Force lets the run replace a file at Model that is not a model.
	Force bool
	// MaxMemory is the most memory, in bytes, the run may need by its
	// estimate; 0 for what the machine has (see MemoryLimit).
	MaxMemory int64
	// Init is where the network's first weights come from: a model file,
	// InitBuiltin, InitAuto or InitNone ("" too, as in the resume files
	// of runs from before it). A run records what InitAuto came to.
	Init string
}

// Hooks let the caller watch a job. Any of them may be nil. Member counts
// ensemble members from 0.
type Hooks struct {
	Skipped func(file string, lines []int)                     // rows skipped under SkipBadRows
	Batch   func(member, epoch, done, total int, loss float64) // after every batch
	Epoch   func(member int, e train.Epoch)                    // after every epoch
	// Stopped is called when a member's run ends early: validation
	// accuracy has not improved for Patience epochs.
	Stopped func(member, epochs int)
	// FewValidation is called when the share of the training file held
	// out leaves fewer than MinValidation rows to validate the model: its
	// accuracy then moves in steps too coarse to choose the best epoch by.
	FewValidation func(rows int)
}

// MinValidation is the fewest validation rows a run takes without a word.
const MinValidation = 20

// Job is a training run ready to start or to go on.
type Job struct {
	opt        Options
	m          *model.Model[float32] // the network in training, ensemble member saver.member
	train, val dataset.Set
	twins      int // examples of train added by AugmentNegation
	contrasts  int // examples of train added by AugmentContrast
	state      *train.State
	saver      *saver
	resumed    bool
	lock       *lock
	init       *initial // nil when the networks start from scratch, or until a resumed run starts one
}

// ErrResumeExists is returned by New when the model's resume file is there:
// a new run would overwrite an interrupted one.
type ErrResumeExists struct{ Path string }

func (e *ErrResumeExists) Error() string {
	return fmt.Sprintf("%s holds an interrupted run; go on with \"%s\", or delete it to start afresh", e.Path, ResumeCommand(e.Path))
}

// New prepares a run from scratch: it reads the data, builds the
// vocabulary, and initializes the first network. Skipped rows are reported
// to h.
// New holds the model's lock until Run ends or Close is called. When ctx
// is cancelled before the job is ready, New returns ErrNotStarted at once,
// having written nothing: initializing a wide network alone can take
// minutes.
func New(ctx context.Context, o Options, h Hooks) (*Job, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	lk, err := lockModel(o.Model)
	if err != nil {
		return nil, err
	}
	return prepare(ctx, lk, func() (*Job, error) { return newJob(o, h, lk) })
}

// ErrNotStarted is returned by New and Resume when their context is
// cancelled before the job is ready.
var ErrNotStarted = errors.New("interrupted before training began; nothing was written")

// prepare runs build, which makes a job holding lk, unless ctx is cancelled
// first: then the lock goes at once, and so does the job when it is ready.
func prepare(ctx context.Context, lk *lock, build func() (*Job, error)) (*Job, error) {
	type made struct {
		j   *Job
		err error
	}
	if ctx.Err() != nil {
		lk.release()
		return nil, ErrNotStarted
	}
	done := make(chan made, 1)
	go func() {
		j, err := build()
		if err != nil {
			lk.release()
		}
		done <- made{j, err}
	}()
	select {
	case m := <-done:
		return m.j, m.err
	case <-ctx.Done():
		lk.release()
		return nil, ErrNotStarted
	}
}

func newJob(o Options, h Hooks, lk *lock) (j *Job, err error) {
	// Through a link, the interrupted run may be the one on the file the
	// link leads to: its best model is what this run would replace.
	for _, path := range []string{ResumePath(o.Model), ResumePath(atomicfile.Target(o.Model))} {
		if exists(path) {
			return nil, &ErrResumeExists{path}
		}
	}
	d, err := readData(o, h)
	if err != nil {
		return nil, namingFlag(err, o)
	}
	vocab, err := vocabulary(o, d.trainFile, d.train, d.labels)
	if err != nil {
		return nil, err
	}
	j = &Job{opt: o, lock: lk}
	if err := j.encode(d, vocab, d.labels, o.MaxLen); err != nil {
		return nil, err
	}
	cfg := o.Net
	cfg.Vocab, cfg.Classes = vocab.Len(), len(d.labels)
	if cfg.Arch == model.ArchBOW {
		cfg.Cell = ""
	}
	if err := checkSize(cfg, o, vocab.Words(), j.train, j.val); err != nil {
		return nil, err
	}
	j.opt.Net = cfg
	if j.init, err = loadInitial(o.Init, cfg, d.labels, d.dataSum); err != nil {
		return nil, err
	}
	j.opt.Init = InitNone
	initFrom, initSum := "", ""
	if j.init != nil {
		j.opt.Init, initFrom, initSum = o.Init, j.init.from, j.init.sum
		if o.Init == InitAuto {
			j.opt.Init = InitBuiltin
		}
	}
	j.saver = &saver{path: o.Model, opt: j.opt, val: j.val, valBatch: o.Train.ValidationBatch(),
		ckpt: model.Checkpoint{Config: cfg, TokenizerVersion: vocab.Version(), MaxLen: o.MaxLen, Vocab: vocab.Words(), Labels: d.labels},
		record: Record{
			DataFile: o.Data, DataSHA256: d.dataSum, DevFile: o.Dev, DevSHA256: d.devSum,
			TextCol: o.TextCol, LabelCol: o.LabelCol, ValSplit: o.ValSplit, SkipBadRows: o.SkipBadRows, VocabReserved: o.VocabReserved,
			AugmentNegation: o.AugmentNegation, NegationForms: o.NegationForms, NegationTwins: o.NegationTwins,
			AugmentContrast: o.AugmentContrast, ContrastForms: o.ContrastForms, Seed: o.Train.Seed,
			SubwordBuckets: cfg.Subwords, SubwordWords: cfg.WordGrams, InitFrom: initFrom, InitSHA256: initSum, Created: time.Now().UTC().Format(time.RFC3339), Args: o.Args, Ensemble: o.Ensemble,
		}}
	if j.init != nil {
		// Only an ensemble's resume file needs the file as read: the
		// saver keeps it, the network built from it does not.
		if o.Ensemble > 1 {
			j.saver.initFile = j.init.file
		}
		j.init.file = nil
	}
	if err := j.start(0); err != nil {
		return nil, err
	}
	return j, nil
}

// start makes ensemble member k's network and the state of its run from the
// beginning, both from the member's own seed: the run's plus k.
func (j *Job) start(k int) error {
	opt := j.opt.Train
	opt.Seed += uint64(k)
	m, err := model.New[float32](j.opt.Net, j.saver.ckpt.Vocab, rng.New(opt.Seed, rng.Init))
	if err != nil {
		return err
	}
	if err := j.reloadInitial(); err != nil {
		return err
	}
	if j.init != nil {
		if err := j.init.startFrom(m, j.saver.ckpt.Vocab, j.saver.ckpt.Labels); err != nil {
			return err
		}
	}
	j.m, j.state, j.saver.member = m, train.NewState(opt), k
	return nil
}

// reloadInitial reads, for a resumed run about to start its next network,
// the network the run's first one started from, which must be the same:
// from the resume file when it holds it, else from the file --init named.
func (j *Job) reloadInitial() error {
	if j.init != nil || j.opt.Init == "" || j.opt.Init == InitNone {
		return nil
	}
	s := j.saver
	var in *initial
	var err error
	if s.initFile != nil {
		in, err = initialFrom(j.opt.Init, s.initFile, s.record.InitSHA256, j.opt.Net, s.ckpt.Labels, s.record.DataSHA256)
	} else {
		in, err = loadInitial(j.opt.Init, j.opt.Net, s.ckpt.Labels, s.record.DataSHA256)
	}
	if err != nil {
		return err
	}
	if in.sum != s.record.InitSHA256 {
		return fmt.Errorf("%s has changed since the run began; its networks must all start from the same weights", in.from)
	}
	j.init = in
	return nil
}

// vocabulary builds a run's vocabulary from its training examples, with
// their labels, read from file: from the training texts only, so that
// validation measures how the model copes with words it has never seen.
// Texts that leave it no word are refused, in train and tokenize --data
// alike.
func vocabulary(o Options, file string, trainPart []dataset.Example, labels []string) (*tokenize.Vocab, error) {
	informative := int(o.VocabInformative * float64(o.VocabSize-2))
	var reserved []string
	if o.VocabReserved {
		reserved = dataset.ReservedWords()
	}
	v, err := dataset.Vocabulary(trainPart, labels, o.VocabSize, informative, o.StemUnknown, reserved)
	if err != nil {
		return nil, err
	}
	// <pad> and <unk> alone: texts of characters the tokenizer drops, which
	// the model's own check would blame on a --vocab-size never given.
	if v.Len() <= tokenize.UnkID+1 {
		return nil, fileerr.At(file, 0, "the training texts hold no tokens, only characters the tokenizer drops (zero-width spaces, lone combining marks, controls); there is nothing to learn from")
	}
	v.SetSubwords(o.Net.Subwords > 0)
	return v, nil
}

// VocabReport is how a vocabulary covers the texts of a CSV file.
type VocabReport struct {
	tokenize.Coverage
	File            string
	Texts, VocabLen int
	Source          string // where the vocabulary comes from
}

// WriteText writes the report as tokenize --data prints it.
func (r VocabReport) WriteText(w io.Writer) error {
	return r.Coverage.WriteText(w, r.File, r.Texts, r.VocabLen, r.Source)
}

// MeasureVocab reports how vocab, which source names, covers the texts of
// o.Data, listing its top most frequent tokens; a nil vocab is the one a
// run with o would build from them.
func MeasureVocab(o Options, vocab *tokenize.Vocab, source string, top int) (VocabReport, error) {
	f, err := csvread.ReadFile(o.Data, csvread.Options{TextCol: o.TextCol, LabelCol: o.LabelCol})
	if err != nil {
		return VocabReport{}, err
	}
	examples := dataset.Tokenize(f.Rows)
	counts := dataset.Counts(examples)
	if vocab == nil {
		if vocab, source, err = builtVocabulary(o, f.Rows, examples, counts); err != nil {
			return VocabReport{}, err
		}
	}
	return VocabReport{Coverage: vocab.Coverage(counts, top), File: o.Data, Texts: len(f.Rows), VocabLen: vocab.Len(), Source: source}, nil
}

// builtVocabulary is the vocabulary a run with o builds from rows, the
// rows of o.Data tokenized as examples with the token counts counts,
// without validation rows from o.Dev: from the part of rows it does not
// hold out; and where it comes from, as MeasureVocab says it.
func builtVocabulary(o Options, rows []csvread.Row, examples []dataset.Example, counts map[string]int) (*tokenize.Vocab, string, error) {
	// Without a label on every row there is nothing to weigh words
	// against: the most frequent tokens alone, which train never builds,
	// since it refuses such a file.
	if slices.ContainsFunc(rows, func(r csvread.Row) bool { return r.Label == "" }) {
		v, err := tokenize.BuildVocab(counts, o.VocabSize)
		which := "which not every row has"
		if !slices.ContainsFunc(rows, func(r csvread.Row) bool { return r.Label != "" }) {
			which = "which no row has"
		}
		return v, fmt.Sprintf("by frequency alone, with --vocab-size %d; train would weigh the labels of a %q column, %s", o.VocabSize, o.LabelCol, which), err
	}
	labels, err := dataset.Labels(rows, o.Data)
	if err != nil {
		return nil, "", err
	}
	trainPart, _ := dataset.Split(examples, o.ValSplit, o.Train.Seed)
	v, err := vocabulary(o, o.Data, trainPart, labels)
	return v, fmt.Sprintf("as train builds it with --vocab-size %d", o.VocabSize), err
}

// data is the examples of a run, each text tokenized once, before they are
// encoded.
type data struct {
	labels             []string // the distinct labels of the training file
	train, val         []dataset.Example
	trainFile, valFile string
	dataSum, devSum    string // SHA-256 of the files as read
}

// readData reads the training rows and the validation rows: the Dev file,
// or a ValSplit share of Data held out by the seed.
func readData(o Options, h Hooks) (*data, error) {
	read := csvread.Options{TextCol: o.TextCol, LabelCol: o.LabelCol, NeedLabel: true, SkipBadRows: o.SkipBadRows}
	all, err := readFile(o.Data, read, h)
	if err != nil {
		return nil, err
	}
	// Checked before a share is held out, which needs two rows at least.
	labels, err := dataset.Labels(all.Rows, o.Data)
	if err != nil {
		return nil, err
	}
	d := &data{labels: labels, train: dataset.Tokenize(all.Rows), trainFile: o.Data, valFile: o.Dev, dataSum: all.SHA256}
	if o.Dev == "" {
		d.train, d.val = dataset.Split(d.train, o.ValSplit, o.Train.Seed)
		d.valFile = o.Data
	} else {
		dev, err := readFile(o.Dev, read, h)
		if err != nil {
			return nil, err
		}
		// A copy of the training file validated on the rows the run trains
		// on, as the file itself would, which is refused before it is read.
		if dev.SHA256 == all.SHA256 {
			return nil, fmt.Errorf("%s holds the same bytes as %s: its rows are the training rows; validation must be on other rows", o.Dev, o.Data)
		}
		d.val, d.devSum = dataset.Tokenize(dev.Rows), dev.SHA256
	}
	if n := len(d.val); o.Dev == "" && n < MinValidation && h.FewValidation != nil {
		h.FewValidation(n)
	}
	return d, nil
}

// namingFlag adds to err, when it is that o.Data or o.Dev is missing, the
// flag that names the file: the training file may be --data's default,
// which the user never typed. A resumed run has no such flags.
func namingFlag(err error, o Options) error {
	if fe, ok := errors.AsType[*fileerr.Error](err); ok && errors.Is(err, fs.ErrNotExist) {
		if flag := map[string]string{o.Data: "--data names the training file", o.Dev: "--dev names the validation file"}[fe.File]; flag != "" {
			return fmt.Errorf("%w; %s", err, flag)
		}
	}
	return err
}

func readFile(path string, opt csvread.Options, h Hooks) (csvread.File, error) {
	f, err := csvread.ReadFile(path, opt)
	if err == nil && len(f.Skipped) > 0 && h.Skipped != nil {
		h.Skipped(path, f.Skipped)
	}
	return f, err
}

// encode turns the examples into the token ids and classes the model reads,
// the training ones with their negated twins and contrast pairs (see
// dataset.AugmentNegation and dataset.ContrastPairs). Both are made from the
// training texts alone: a negated contrast pair would have the wrong label.
func (j *Job) encode(d *data, vocab *tokenize.Vocab, labels []string, maxLen int) error {
	o := &j.opt
	trainSet, err := dataset.Encode(d.train, vocab, labels, maxLen, d.trainFile)
	if err != nil {
		return err
	}
	pairs := dataset.ContrastPairs(trainSet, vocab, len(labels), o.AugmentContrast, o.Train.Seed, maxLen, o.ContrastForms)
	trainSet = dataset.AugmentNegation(trainSet, d.train, vocab, len(labels),
		dataset.Negation{MaxTokens: o.AugmentNegation, Forms: o.NegationForms, PerText: o.NegationTwins, Seed: o.Train.Seed, MaxLen: maxLen})
	j.twins, j.contrasts = trainSet.Len()-len(d.train), pairs.Len()
	trainSet.Append(pairs)
	j.train = trainSet
	j.val, err = dataset.Encode(d.val, vocab, labels, maxLen, d.valFile)
	return err
}

// Info describes a prepared job's data and model.
type Info struct {
	Train, Val       int // examples, augmentation included
	Tokens           int // of the training examples
	Twins, Contrasts int // training examples added by augmentation
	Labels           []string
	Config           model.Config
	Training         train.Options // the run's, as its resume file stores them for a resumed run
	Networks         int
	InitFrom         string // the model the networks start from, as Record.InitFrom; "" from scratch
	Resumed          bool
	ResumeFile       string // with Resumed
	Position         string // with Resumed: where the run goes on, as Interrupted.Position says
}

// Info describes j.
func (j *Job) Info() Info {
	info := Info{Train: j.train.Len(), Val: j.val.Len(), Tokens: j.train.Tokens(), Twins: j.twins, Contrasts: j.contrasts,
		Labels: j.saver.ckpt.Labels, Config: j.opt.Net, Training: j.opt.Train, Networks: j.saver.record.Networks(), InitFrom: j.saver.record.InitFrom, Resumed: j.resumed}
	if j.resumed {
		info.ResumeFile, info.Position = ResumePath(j.opt.Model), j.saver.position(j.state)
	}
	return info
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// Close lets go of the model's lock; Run does it as it ends.
func (j *Job) Close() { j.lock.release() }

// ErrNotModel is the error of a run whose model path holds a file that is
// not a model, which it would replace.
type ErrNotModel struct{ Path string }

func (e *ErrNotModel) Error() string {
	return e.Path + " exists and is not an rnnsent model; --force replaces it"
}

// ErrSameFile is the error of a run that would write one of its inputs.
type ErrSameFile struct{ Output, Input string }

func (e *ErrSameFile) Error() string {
	if e.Output == e.Input {
		return fmt.Sprintf("%s is both read and written by the run", e.Output)
	}
	return fmt.Sprintf("%s and %s are the same file, which the run would both read and write", e.Output, e.Input)
}

// Outputs are the files a run writing the model at path writes: the
// model, its resume file and its lock file.
func Outputs(path string) []string { return []string{path, ResumePath(path), lockPath(path)} }

// check reports what in o cannot make a run, before any file is read; the
// caller's own checks name its flags, these name the fields and files. It
// lists o.NegationForms and o.ContrastForms as the run will record them.
func (o *Options) check() error {
	if o.Ensemble < 1 {
		return fmt.Errorf("job: Ensemble must be at least 1, got %d", o.Ensemble)
	}
	if err := o.Train.Validate(); err != nil {
		return err
	}
	forms, err := dataset.NegationForms(o.NegationForms)
	if err != nil {
		return fmt.Errorf("job: %w", err)
	}
	contrasts, err := dataset.ContrastForms(o.ContrastForms)
	if err != nil {
		return fmt.Errorf("job: %w", err)
	}
	// Recorded as listed, so that "all" keeps its meaning of today.
	if o.NegationForms != nil {
		o.NegationForms = forms
	}
	if o.ContrastForms != nil {
		o.ContrastForms = contrasts
	}
	for _, out := range Outputs(o.Model) {
		for _, in := range []string{o.Data, o.Dev} {
			if atomicfile.Replaces(out, in) {
				return &ErrSameFile{Output: out, Input: in}
			}
		}
	}
	if atomicfile.Replaces(o.Dev, o.Data) {
		return fmt.Errorf("%s is both the training file and the validation file; validation must be on other rows", o.Dev)
	}
	if !o.Force && !isModelOrNothing(o.Model) {
		return &ErrNotModel{o.Model}
	}
	return nil
}

// isModelOrNothing reports whether path is free for a model: nothing is
// there, or an empty file, or a model file of any version.
func isModelOrNothing(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return true // nothing there, or nothing readable: the write will say
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Size() == 0 {
		return true
	}
	// A damaged model is still a model, to be replaced by a good one.
	_, err = model.Decode(bufio.NewReader(f))
	return !errors.Is(err, model.ErrNotCheckpoint)
}
