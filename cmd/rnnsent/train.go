package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/rnnsent/rnnsent/internal/atomicfile"
	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/tokenize"
	"github.com/rnnsent/rnnsent/internal/train"
)

// TrainOptions are the inputs of the train command.
type TrainOptions struct {
	IO   *IOStreams
	Args []string // the command line, recorded in the checkpoint

	Data, Dev, Model  string
	TextCol, LabelCol string
	VocabSize, MaxLen int
	VocabInformative  float64      // share of the vocabulary chosen by how much its words say about the label
	StemUnknown       bool         // read a word outside the vocabulary by its stem
	Net               model.Config // Vocab and Classes come from the data
	Train             train.Options
	ValSplit          float64
	Threads           int
	Quiet             bool
	JSON              bool
	SkipBadRows       bool
	AugmentNegation   int
	AugmentContrast   int
	Ensemble          int    // networks to train, network k from seed Train.Seed+k, whose answers are averaged
	Resume            string // the resume file of an interrupted run to go on with
	CheckpointEvery   int    // batches between writes of the resume file; 0 writes it only when interrupted
	Plot              string // a PNG file to draw loss and accuracy per epoch in; "" for none
}

func newTrainCmd(ios *IOStreams) *cobra.Command {
	opts := &TrainOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "train [flags]",
		Short: "Train a model on a labelled CSV file",
		Long: `Train a classifier on the text and label columns of a CSV file.

The vocabulary is the --vocab-size most frequent tokens of the training texts.
After every epoch the model is scored on the --dev file, or, without one, on a
--val-split share of the training rows held out at random (by --seed). Each
time validation accuracy improves the model is written to --model. Training
stops after --epochs, or earlier once validation accuracy has not improved for
--patience epochs. The same data, flags and --seed give the same model.

Ctrl-C (or SIGTERM) stops after the current batch, keeps the best model so far
in --model and writes what the run needs to go on to MODEL.resume; then
"rnnsent train --resume MODEL.resume" continues it with the settings it
started with, to the model an uninterrupted run would have made, bit for bit.
--checkpoint-every writes MODEL.resume as training goes, so that even a crash
or a power cut loses at most that many batches.

--ensemble N trains N networks of the same configuration on the same data,
network k (from 0) with --seed + k for its initial weights, batch order and
dropout, each to its own best epoch (the data, the vocabulary, the validation
split and the augmentation come from --seed alone). --model then holds all N,
and predict, eval and check average their probabilities. After each improving
epoch --model holds the networks already finished and the best epoch so far
of the one in training.

--plot draws the loss and accuracy of every epoch, on the training and the
validation data, into a PNG image once training ends; with --ensemble, those
of the last network.`,
		Example: `  rnnsent train --data data/reviews.csv --dev data/reviews-dev.csv
  rnnsent train --data reviews.csv --cell gru --bidirectional --epochs 20 --model gru.gob
  rnnsent train --data reviews.csv --arch bow --quiet
  rnnsent train --data reviews.csv --ensemble 3 --model ensemble.gob
  rnnsent train --resume model.gob.resume
  rnnsent train --data data/reviews.csv --dev data/reviews-dev.csv --plot training.png`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Net.Arch == model.ArchBOW && !cmd.Flags().Changed("pool") {
				// The default pooling is the recurrent encoder's; a bag of
				// words averages its embeddings instead.
				opts.Net.Pool = ""
			}
			if err := opts.validate(); err != nil {
				return err
			}
			if opts.Resume != "" {
				if err := opts.checkResumeFlags(cmd.Flags()); err != nil {
					return err
				}
			}
			opts.Args = os.Args
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			// After the first signal, a second one kills at once, as usual.
			context.AfterFunc(ctx, stop)
			return runTrain(ctx, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Data, "data", "data/reviews.csv", "labelled CSV `file` to train on")
	f.StringVar(&opts.Dev, "dev", "", "labelled CSV `file` to validate on (default: hold out --val-split of --data)")
	f.StringVar(&opts.Model, "model", "model.gob", "`file` to write the model to")
	f.StringVar(&opts.TextCol, "text-col", "text", "`name` of the text column")
	f.StringVar(&opts.LabelCol, "label-col", "label", "`name` of the label column")
	f.IntVar(&opts.VocabSize, "vocab-size", 2500, "vocabulary size, counting <pad> and <unk>")
	f.BoolVar(&opts.StemUnknown, "stem-unknown", false, fmt.Sprintf("read a word outside the vocabulary as the longest vocabulary word of at least %d letters it begins with, if at most %d letters follow (\"thrilling\" as \"thrill\"), rather than as <unk>", tokenize.MinStem, tokenize.MaxSuffix))
	f.Float64Var(&opts.VocabInformative, "vocab-informative", 0.4, "give this `share` of the vocabulary's places to the words, beyond the most frequent, that say most about the label; 0 fills it by frequency alone")
	f.IntVar(&opts.MaxLen, "max-len", 200, "tokens per text the model reads; longer texts keep their end")
	f.StringVar(&opts.Net.Arch, "arch", model.ArchRecurrent, "architecture: recurrent or bow (bag of words)")
	f.StringVar(&opts.Net.Cell, "cell", model.CellLSTM, "recurrent cell: lstm, gru or rnn")
	f.IntVar(&opts.Net.Embed, "embed-dim", 256, "embedding width")
	f.IntVar(&opts.Net.Hidden, "hidden", 200, "hidden units per direction (bow: of the hidden layer)")
	f.IntVar(&opts.Net.Layers, "layers", 1, "stacked recurrent layers")
	f.BoolVar(&opts.Net.Bidirectional, "bidirectional", false, "read texts in both directions")
	f.StringVar(&opts.Net.Pool, "pool", model.PoolLast+"+"+model.PoolMax, "what the dense layer reads of the recurrent states: last, max or mean over the text, or several joined with +")
	f.Float64Var(&opts.Net.Dropout, "dropout", 0.5, "dropout rate on embeddings and between layers, in [0, 1)")
	f.Float64Var(&opts.Net.WordDropout, "word-dropout", 0, "share of training tokens read as unknown words, in [0, 1)")
	f.IntVar(&opts.Train.Epochs, "epochs", 10, "most passes over the training data")
	f.IntVar(&opts.Train.BatchSize, "batch-size", 32, "examples per training step")
	f.Float64Var(&opts.Train.LR, "lr", 0.001, "Adam learning rate")
	f.Float64Var(&opts.Train.LRDecay, "lr-decay", 0.5, "factor on the learning rate after each epoch that does not improve validation accuracy, in (0, 1]; 1 keeps it constant")
	f.Float64Var(&opts.Train.Clip, "clip", 5, "largest gradient norm; 0 turns clipping off")
	f.IntVar(&opts.Train.Patience, "patience", 3, "stop after this many epochs without improvement; 0 never stops early")
	f.Float64Var(&opts.Train.Average, "average", 0, "validate and keep a moving average of the weights with this decay per step, in [0, 1); 0 keeps the weights as trained")
	f.Float64Var(&opts.Train.WeightDecay, "weight-decay", 0, "shrink the weights other than biases by the share --lr times this each step (decoupled, as AdamW); 0 turns it off")
	f.Float64Var(&opts.ValSplit, "val-split", 0.1, "share of --data held out for validation when there is no --dev")
	f.Uint64Var(&opts.Train.Seed, "seed", 1, "random seed for initial weights, batch order, dropout, the validation split and the contrast examples")
	f.IntVar(&opts.Threads, "threads", 0, "cores to train on, 0 for all; the model is the same for every value")
	f.BoolVar(&opts.Quiet, "quiet", false, "no progress bar and no per-epoch lines")
	f.BoolVar(&opts.JSON, "json", false, "print each epoch and a final summary as JSON lines on standard output")
	f.BoolVar(&opts.SkipBadRows, "skip-bad-rows", false, skipBadRowsUsage)
	f.IntVar(&opts.AugmentNegation, "augment-negation", 3, "add \"not\" + text with the other label for training texts of up to `N` tokens without a negation (two classes only; 0 adds none)")
	f.IntVar(&opts.AugmentContrast, "augment-contrast", 3, fmt.Sprintf("per 100 training texts, add `N` contrast examples (rounded down): a text of up to %d tokens, \"but\" or \"yet\", then one with the other label, whose label it takes (two classes only; 0 adds none; at most 100)", dataset.ContrastClause))
	f.IntVar(&opts.Ensemble, "ensemble", 1, "train `N` networks, network k with --seed + k for its weights, batch order and dropout, and average their probabilities")
	f.StringVar(&opts.Resume, "resume", "", "go on with the interrupted run saved in `file` (MODEL.resume), with the settings it started with")
	f.IntVar(&opts.CheckpointEvery, "checkpoint-every", 0, "also write MODEL.resume every `N` batches, so that a crash loses at most N; 0 writes it only when interrupted")
	f.StringVar(&opts.Plot, "plot", "", fmt.Sprintf(plotUsage, "loss and accuracy per epoch"))
	return cmd
}

// validate checks the flags on their own, before any file is read.
func (o *TrainOptions) validate() error {
	bow := o.Net.Arch == model.ArchBOW
	switch {
	case o.Data == "":
		return usageErrorf("--data must name a CSV file")
	case o.Model == "":
		return usageErrorf("--model must name a file")
	case o.VocabSize < 3:
		return usageErrorf("--vocab-size must be at least 3, got %d", o.VocabSize)
	case !(o.VocabInformative >= 0 && o.VocabInformative < 1):
		return usageErrorf("--vocab-informative must be at least 0 and below 1, got %g", o.VocabInformative)
	case o.MaxLen < 1:
		return usageErrorf("--max-len must be at least 1, got %d", o.MaxLen)
	case o.Net.Arch != model.ArchRecurrent && !bow:
		return usageErrorf("--arch must be recurrent or bow, got %q", o.Net.Arch)
	case o.Net.Cell != model.CellLSTM && o.Net.Cell != model.CellGRU && o.Net.Cell != model.CellRNN:
		return usageErrorf("--cell must be lstm, gru or rnn, got %q", o.Net.Cell)
	case o.Net.Embed < 1:
		return usageErrorf("--embed-dim must be at least 1, got %d", o.Net.Embed)
	case o.Net.Hidden < 1:
		return usageErrorf("--hidden must be at least 1, got %d", o.Net.Hidden)
	case o.Net.Layers < 1:
		return usageErrorf("--layers must be at least 1, got %d", o.Net.Layers)
	case bow && o.Net.Layers != 1:
		return usageErrorf("--layers does not apply to --arch bow, which has no recurrent layers")
	case bow && o.Net.Bidirectional:
		return usageErrorf("--bidirectional does not apply to --arch bow, which reads no order")
	case bow && o.Net.Pool != "":
		return usageErrorf("--pool does not apply to --arch bow, which averages its embeddings")
	case !bow && model.ValidatePool(o.Net.Pool) != nil:
		return usageErrorf("--pool: %v", model.ValidatePool(o.Net.Pool))
	case !(o.Net.Dropout >= 0 && o.Net.Dropout < 1):
		return usageErrorf("--dropout must be at least 0 and below 1, got %g", o.Net.Dropout)
	case !(o.Net.WordDropout >= 0 && o.Net.WordDropout < 1):
		return usageErrorf("--word-dropout must be at least 0 and below 1, got %g", o.Net.WordDropout)
	case o.AugmentNegation < 0:
		return usageErrorf("--augment-negation must be 0 or more, got %d", o.AugmentNegation)
	case o.AugmentContrast < 0 || o.AugmentContrast > 100:
		return usageErrorf("--augment-contrast must be between 0 and 100, got %d", o.AugmentContrast)
	case !(o.ValSplit > 0 && o.ValSplit < 1):
		return usageErrorf("--val-split must be between 0 and 1, got %g", o.ValSplit)
	case !(o.Train.LRDecay > 0):
		return usageErrorf("--lr-decay must be above 0 (1 keeps the rate constant), got %g", o.Train.LRDecay)
	case o.Threads < 0:
		return usageErrorf("--threads must be 0 (all cores) or more, got %d", o.Threads)
	case o.CheckpointEvery < 0:
		return usageErrorf("--checkpoint-every must be 0 (only when interrupted) or more, got %d", o.CheckpointEvery)
	case o.Ensemble < 1:
		return usageErrorf("--ensemble must be at least 1, got %d", o.Ensemble)
	}
	if err := o.Train.Validate(); err != nil {
		return &usageError{err}
	}
	// The model has upper limits too; check them now rather than after the
	// data is read. Vocab and Classes are placeholders that pass.
	cfg := o.Net
	cfg.Vocab, cfg.Classes = o.VocabSize, 2
	if err := cfg.Validate(); err != nil {
		return &usageError{err}
	}
	return nil
}

func runTrain(ctx context.Context, o *TrainOptions) error {
	// Training's memory is mostly large buffers without pointers, which the
	// collector need not scan, and once they are sized a step allocates
	// little: an IMDB epoch collects twice. The default target, a heap twice
	// the live data, only raises the peak: one IMDB epoch (--max-len 400,
	// embedding 256) peaked at 576 MB with 50% and 525 MB with 25%, in the
	// same time.
	defer debug.SetGCPercent(debug.SetGCPercent(25))
	if o.Threads > 0 {
		// The matrix products use GOMAXPROCS goroutines.
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(o.Threads))
	}
	// Fail now, not after an hour of training.
	if err := atomicfile.CheckWritable(o.Model); err != nil {
		return err
	}
	if err := checkPlot(o.Plot); err != nil {
		return err
	}
	newJob := o.newJob
	if o.Resume != "" {
		newJob = o.resumeJob
	}
	job, err := newJob()
	if err != nil {
		return err
	}
	// Reading and encoding the data leaves garbage (the texts, their tokens,
	// the counts) as large as the encoded data; returned to the system now,
	// its pages are not still held when training's buffers are allocated.
	debug.FreeOSMemory()
	saver := job.saver
	cfg := job.m.Config()
	added := ""
	if job.twins > 0 {
		added = fmt.Sprintf(", %s of them negated twins", commas(job.twins))
	}
	if job.contrasts > 0 {
		of := " of them"
		if job.twins > 0 {
			of = ""
		}
		pairs := " contrast pairs"
		if job.contrasts == 1 {
			pairs = " a contrast pair"
		}
		added += fmt.Sprintf(", %s%s%s", commas(job.contrasts), of, pairs)
	}
	params := commas(cfg.NumParams()) + " parameters"
	if o.Ensemble > 1 {
		params = fmt.Sprintf("%d networks of %s", o.Ensemble, params)
	}
	fmt.Fprintf(o.IO.ErrOut, "%s training examples (%s tokens%s), %s validation, %d classes (%s), vocabulary %s, %s\n",
		commas(job.train.Len()), commas(job.train.Tokens()), added, commas(job.val.Len()), cfg.Classes,
		strings.Join(dataset.DisplayNames(saver.ckpt.Labels), ", "), commas(cfg.Vocab), params)

	var res train.Result
	for {
		res, err = o.trainMember(ctx, job)
		if res.Interrupted != nil {
			return saver.interrupted(job.m, res.Interrupted)
		}
		if err != nil {
			if saver.ckpt.Tensors != nil {
				return fmt.Errorf("%w; the best model so far (%s) is in %s", err, saver.kept(), o.Model)
			}
			return err
		}
		if err := saver.save(len(res.History)); err != nil {
			return err
		}
		if n := len(res.History); n < o.Train.Epochs && !o.Quiet {
			fmt.Fprintf(o.IO.ErrOut, "%sstopped after epoch %d: val_acc has not improved for %d epochs\n",
				memberLabel(saver.member, o.Ensemble), n, o.Train.Patience)
		}
		if saver.member == o.Ensemble-1 {
			break
		}
		if err := job.start(cfg, o.Train, saver.member+1); err != nil {
			return err
		}
	}
	if err := saver.finished(); err != nil {
		return err
	}
	if err := writeTrainingPlot(o.Plot, res.History); err != nil {
		return err
	}
	if o.JSON {
		writeJSON(o.IO.Out, summaryJSON(saver.ckpt.Record, res.History, cfg, o.Model))
		return nil
	}
	fmt.Fprintln(o.IO.Out, summaryLine(saver.ckpt.Record, o.Model))
	return nil
}

// trainMember trains the network job is at, the ensemble member
// job.saver.member, until its run ends.
func (o *TrainOptions) trainMember(ctx context.Context, job *trainJob) (train.Result, error) {
	m, saver, st := job.m, job.saver, job.state
	label := memberLabel(saver.member, o.Ensemble)
	member := 0 // in JSON, where 0 leaves the field out
	if o.Ensemble > 1 {
		member = saver.member + 1
	}
	bar := &epochBar{w: o.IO.ErrOut, label: label, epochs: o.Train.Epochs, epoch: st.Epoch - 1}
	hooks := train.Hooks{
		Best: func(e train.Epoch) error { return saver.best(m, e) },
		Epoch: func(e train.Epoch) {
			bar.clear()
			if !o.Quiet {
				fmt.Fprintln(o.IO.ErrOut, label+epochLine(e, o.Train.Epochs))
			}
			if o.JSON {
				writeJSON(o.IO.Out, epochJSON(e, member))
			}
		},
		Checkpoint:      func(st *train.State) error { return saver.saveResume(m, st) },
		CheckpointEvery: o.CheckpointEvery,
	}
	if o.IO.ErrTTY && !o.Quiet {
		hooks.Batch = bar.batch
	}
	res, err := train.Resume(ctx, m, job.train, job.val, st, hooks)
	bar.clear()
	return res, err
}

// memberLabel begins the lines about member k (from 0) of an ensemble of n
// networks, "member 2/3  "; nothing for a single network.
func memberLabel(k, n int) string {
	if n == 1 {
		return ""
	}
	return fmt.Sprintf("member %d/%d  ", k+1, n)
}

// trainJob is a run ready to start or to go on.
type trainJob struct {
	m          *model.Model[float32] // the network in training, ensemble member saver.member
	train, val train.Set
	twins      int // examples of train added by --augment-negation
	contrasts  int // examples of train added by --augment-contrast
	state      *train.State
	saver      *checkpointSaver
}

// start makes ensemble member k's network and the state of its run from the
// beginning, both from the member's own seed: that of opt, the run's, plus k.
func (j *trainJob) start(cfg model.Config, opt train.Options, k int) error {
	opt.Seed += uint64(k)
	m, err := model.New[float32](cfg, train.NewInitRand(opt.Seed))
	if err != nil {
		return err
	}
	j.m, j.state, j.saver.member = m, train.NewState(opt), k
	return nil
}

// newJob prepares a run from scratch: it reads the data, builds the
// vocabulary and initializes the model.
func (o *TrainOptions) newJob() (*trainJob, error) {
	if err := checkNoResumeFile(o.Model); err != nil {
		return nil, err
	}
	d, err := o.readData()
	if err != nil {
		return nil, err
	}
	// From the training texts only, so that validation measures how the
	// model copes with words it has never seen.
	vocab, err := dataset.Vocabulary(d.train, d.labels, o.VocabSize, int(o.VocabInformative*float64(o.VocabSize-2)), o.StemUnknown)
	if err != nil {
		return nil, err
	}
	job := &trainJob{}
	if job.train, job.val, job.twins, job.contrasts, err = d.encode(vocab, d.labels, o.MaxLen, o.AugmentNegation, o.AugmentContrast, o.Train.Seed); err != nil {
		return nil, err
	}
	dataSum, devSum, err := o.fileSums()
	if err != nil {
		return nil, err
	}
	cfg := o.Net
	cfg.Vocab, cfg.Classes = vocab.Len(), len(d.labels)
	if cfg.Arch == model.ArchBOW {
		cfg.Cell = ""
	}
	job.saver = &checkpointSaver{path: o.Model, val: job.val, valBatch: o.Train.ValidationBatch(), ckpt: model.Checkpoint{
		Config:           cfg,
		TokenizerVersion: vocab.Version(),
		MaxLen:           o.MaxLen,
		Vocab:            vocab.Words(),
		Labels:           d.labels,
		Record: model.Record{
			DataFile:        o.Data,
			DataSHA256:      dataSum,
			DevFile:         o.Dev,
			DevSHA256:       devSum,
			TextCol:         o.TextCol,
			LabelCol:        o.LabelCol,
			ValSplit:        o.ValSplit,
			SkipBadRows:     o.SkipBadRows,
			AugmentNegation: o.AugmentNegation,
			AugmentContrast: o.AugmentContrast,
			Seed:            o.Train.Seed,
			Created:         time.Now().UTC().Format(time.RFC3339),
			Args:            o.Args,
			Ensemble:        o.Ensemble,
		},
	}}
	if err := job.start(cfg, o.Train, 0); err != nil {
		return nil, err
	}
	return job, nil
}

// trainData is the examples of a run, before they are encoded.
type trainData struct {
	all                []tokenize.Example // every row of --data
	labels             []string           // the distinct labels of all
	train, val         []tokenize.Example
	trainFile, valFile string
}

// readData reads the training rows and the validation rows: the --dev file,
// or a --val-split share of --data held out by --seed.
func (o *TrainOptions) readData() (*trainData, error) {
	read := tokenize.ReadOptions{TextCol: o.TextCol, LabelCol: o.LabelCol, NeedLabel: true, SkipBadRows: o.SkipBadRows}
	all, err := readExamples(o.IO.ErrOut, o.Data, read)
	if err != nil {
		return nil, err
	}
	// Checked before a share is held out, which needs two rows at least.
	labels, err := dataset.Labels(all, o.Data)
	if err != nil {
		return nil, err
	}
	d := &trainData{all: all, labels: labels, train: all, trainFile: o.Data, valFile: o.Dev}
	if o.Dev == "" {
		d.train, d.val = dataset.Split(all, o.ValSplit, o.Train.Seed)
		d.valFile = o.Data
	} else if d.val, err = readExamples(o.IO.ErrOut, o.Dev, read); err != nil {
		return nil, err
	}
	return d, nil
}

// encode turns the examples into the token ids and classes the model reads,
// the training ones with their negated twins and contrast pairs (see
// dataset.AugmentNegation and dataset.ContrastPairs). Both are made from the
// training texts alone: a negated contrast pair would have the wrong label.
func (d *trainData) encode(vocab *tokenize.Vocab, labels []string, maxLen, negation, contrast int, seed uint64) (trainSet, valSet train.Set, twins, contrasts int, err error) {
	if trainSet, err = dataset.Encode(d.train, vocab, labels, maxLen, d.trainFile); err != nil {
		return
	}
	pairs := dataset.ContrastPairs(trainSet, vocab, len(labels), contrast, seed, maxLen)
	trainSet = dataset.AugmentNegation(trainSet, vocab, len(labels), negation)
	twins, contrasts = trainSet.Len()-len(d.train), pairs.Len()
	trainSet.Seqs = append(trainSet.Seqs, pairs.Seqs...)
	trainSet.Labels = append(trainSet.Labels, pairs.Labels...)
	valSet, err = dataset.Encode(d.val, vocab, labels, maxLen, d.valFile)
	return
}

type epochRecord struct {
	Epoch           int     `json:"epoch"`
	Loss            float64 `json:"loss"`
	Accuracy        float64 `json:"accuracy"`
	ValLoss         float64 `json:"val_loss"`
	ValAccuracy     float64 `json:"val_accuracy"`
	Seconds         float64 `json:"seconds"`
	TokensPerSecond float64 `json:"tokens_per_second"`
	Best            bool    `json:"best"`
	Member          int     `json:"member,omitempty"` // from 1, in an ensemble's run
}

func epochJSON(e train.Epoch, member int) epochRecord {
	return epochRecord{e.Epoch, e.Loss, e.Accuracy, e.ValLoss, e.ValAccuracy, e.Seconds, e.TokensPerSecond, e.Improved, member}
}

type memberJSON struct {
	Member      int     `json:"member"` // from 1
	Seed        uint64  `json:"seed"`
	Epochs      int     `json:"epochs"`
	BestEpoch   int     `json:"best_epoch"`
	ValAccuracy float64 `json:"val_accuracy"`
}

// summaryJSON is the last line of train --json, what scripts comparing runs
// read: the model saved, as r records it, and the speed of the epochs of
// history. An ensemble has no best epoch of its own but one per member, and
// its speed is that of its last network, whose every epoch a resumed run
// knows too.
func summaryJSON(r model.Record, history []train.Epoch, cfg model.Config, path string) any {
	secs, tokens := 0.0, 0.0
	for _, e := range history {
		secs += e.Seconds
		tokens += e.TokensPerSecond * e.Seconds
	}
	n := float64(len(history))
	members := make([]memberJSON, len(r.Members))
	for i, m := range r.Members {
		members[i] = memberJSON{i + 1, m.Seed, m.Epochs, m.BestEpoch, m.BestValAccuracy}
	}
	return struct {
		Summary         bool         `json:"summary"`
		Model           string       `json:"model"`
		Params          int          `json:"params"`
		Epochs          int          `json:"epochs"`
		BestEpoch       int          `json:"best_epoch,omitempty"`
		ValAccuracy     float64      `json:"val_accuracy"`
		SecondsPerEpoch float64      `json:"seconds_per_epoch"`
		TokensPerSecond float64      `json:"tokens_per_second"`
		Members         []memberJSON `json:"members,omitempty"`
	}{true, path, r.Networks() * cfg.NumParams(), r.Epochs, r.BestEpoch, r.BestValAccuracy, secs / n, tokens / secs, members}
}

// summaryLine is the last line of train: the model saved, as r records it.
func summaryLine(r model.Record, path string) string {
	if len(r.Members) == 0 {
		return fmt.Sprintf("best val_acc %.1f%% at epoch %d; saved %s", 100*r.BestValAccuracy, r.BestEpoch, path)
	}
	bests := make([]string, len(r.Members))
	for i, m := range r.Members {
		bests[i] = fmt.Sprintf("%.1f%% at epoch %d", 100*m.BestValAccuracy, m.BestEpoch)
	}
	return fmt.Sprintf("best val_acc %s; ensemble val_acc %.1f%%; saved %s", strings.Join(bests, ", "), 100*r.BestValAccuracy, path)
}

// checkpointSaver keeps the checkpoint of the best epoch so far and writes
// it, with the training record brought up to date. In an ensemble's run the
// checkpoint holds the members already finished, each at its best epoch,
// then the best epoch so far of the member in training.
type checkpointSaver struct {
	path     string
	ckpt     model.Checkpoint // as on disk; it holds no network until the first epoch ends
	member   int              // the ensemble member in training, from 0
	val      train.Set        // what an ensemble's averaged answers are scored on
	valBatch int
}

// best takes the weights of an epoch that improved validation accuracy and
// writes them at once, so that an interrupted run loses nothing.
func (s *checkpointSaver) best(m *model.Model[float32], e train.Epoch) error {
	c := s.ckpt
	c.SetNetworks(append(s.done(), m.Tensors()))
	r := &c.Record
	r.BestEpoch, r.BestValAccuracy = e.Epoch, e.ValAccuracy
	if r.Networks() > 1 {
		r.Members = append(r.Members[:s.member:s.member],
			model.MemberRecord{Seed: r.Seed + uint64(s.member), BestEpoch: e.Epoch, BestValAccuracy: e.ValAccuracy})
		acc, err := s.valAccuracy(&c)
		if err != nil {
			return err
		}
		r.BestEpoch, r.BestValAccuracy = 0, acc
	}
	return s.write(c, e.Epoch)
}

// done returns the networks of the members already finished.
func (s *checkpointSaver) done() [][]model.Tensor {
	return s.ckpt.Networks()[:s.member:s.member]
}

// valAccuracy is the validation accuracy of the averaged answers of c's
// networks.
func (s *checkpointSaver) valAccuracy(c *model.Checkpoint) (float64, error) {
	e, err := model.EnsembleFromCheckpoint[float32](c)
	if err != nil {
		return 0, err
	}
	mt, err := train.Evaluate(e, s.val, c.Config.Classes, s.valBatch)
	return mt.Accuracy, err
}

// save writes the best weights, recording that the member in training has
// run epochs epochs.
func (s *checkpointSaver) save(epochs int) error { return s.write(s.ckpt, epochs) }

// write writes c, recording that the member in training has run epochs
// epochs, and keeps it only once it is on disk: a failed write leaves the
// file, and what the saver says is in it, as they were.
func (s *checkpointSaver) write(c model.Checkpoint, epochs int) error {
	s.countEpochs(&c.Record, epochs)
	if err := atomicfile.Write(s.path, c.Encode); err != nil {
		return err
	}
	s.ckpt = c
	return nil
}

// countEpochs records in r that the member in training has run epochs
// epochs; an ensemble's total is its members'.
func (s *checkpointSaver) countEpochs(r *model.Record, epochs int) {
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
func (s *checkpointSaver) kept() string {
	if n := s.ckpt.Record.Networks(); n > 1 {
		return fmt.Sprintf("%d of %d members", len(s.ckpt.Networks()), n)
	}
	return fmt.Sprintf("epoch %d", s.ckpt.Record.BestEpoch)
}

// epochLine is the summary printed after each epoch; "*" marks a new best.
func epochLine(e train.Epoch, epochs int) string {
	line := fmt.Sprintf("epoch %d/%d  loss %.4f  acc %.1f%%  val_loss %.4f  val_acc %.1f%%  %s tok/s  %.1fs",
		e.Epoch, epochs, e.Loss, 100*e.Accuracy, e.ValLoss, 100*e.ValAccuracy,
		commas(int(e.TokensPerSecond+0.5)), e.Seconds)
	if e.Improved {
		line += "  *"
	}
	return line
}

// epochBar shows the batches of the running epoch and the running loss.
type epochBar struct {
	w      io.Writer
	label  string // which ensemble member trains, as memberLabel says
	epochs int
	epoch  int // the epoch the bar shows, from 1
	bar    *progressbar.ProgressBar
}

func (b *epochBar) batch(done, total int, loss float64) {
	if b.bar == nil {
		b.epoch++
	}
	desc := fmt.Sprintf("%sepoch %d/%d  loss %.4f", b.label, b.epoch, b.epochs, loss)
	if b.bar == nil {
		b.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(b.w),
			progressbar.OptionSetDescription(desc),
			progressbar.OptionSetWidth(30),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	} else {
		b.bar.Describe(desc)
	}
	b.bar.Set(done)
}

// clear removes the bar, if one is showing, so that a line can be printed.
func (b *epochBar) clear() {
	if b.bar != nil {
		b.bar.Clear()
		b.bar = nil
	}
}
