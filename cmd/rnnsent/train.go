package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/rnnsent/rnnsent/internal/atomicfile"
	"github.com/rnnsent/rnnsent/internal/csvread"
	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/human"
	"github.com/rnnsent/rnnsent/internal/job"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/stream"
	"github.com/rnnsent/rnnsent/internal/tokenize"
	"github.com/rnnsent/rnnsent/internal/train"
)

// TrainOptions are the inputs of the train command: the job's settings
// and how to report on it.
type TrainOptions struct {
	env *Env

	Job    job.Options
	Resume string // the resume file of an interrupted run to go on with
	Plot   string // a PNG file to draw loss and accuracy per epoch in; "" for none
	Quiet  bool
	JSON   bool
}

func newTrainCmd(env *Env) *cobra.Command {
	opts := &TrainOptions{env: env}
	o := &opts.Job
	cmd := &cobra.Command{
		Use:     "train [flags]",
		Short:   "Train a model on a labelled CSV file",
		Long:    helpLong("train"),
		Example: helpExample("train"),
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			followDefaults(cmd.Flags(), o)
			if err := opts.validate(cmd.Flags().Changed); err != nil {
				return err
			}
			if err := opts.checkResumeFlags(cmd.Flags()); err != nil {
				return err
			}
			o.Args = env.Command
			ctx, stop := env.Interrupt(cmd.Context(), hangups...)
			defer stop()
			return runTrain(ctx, opts)
		},
	}
	addTrainFlags(cmd.Flags(), opts)
	return cmd
}

// followDefaults sets the defaults that follow another flag's value, each
// only where its own flag was not named: naming it with a value that
// contradicts the other stays the usage error it is.
func followDefaults(f *pflag.FlagSet, o *job.Options) {
	if o.Net.Arch == model.ArchBOW && !f.Changed("pool") {
		o.Net.Pool = "" // a bag of words averages its embeddings
	}
	if o.Net.Arch == model.ArchBOW && !f.Changed("scope-loss") {
		o.Net.ScopeLoss = 0 // and has no state after each token to learn a scope in
	}
	if o.Net.Subwords == 0 && !f.Changed("subword-words") {
		o.Net.WordGrams = false // the words' n-grams go to the subword table
	}
}

// train's --stem-unknown and --vocab-reserved, which tokenize shares so
// that it shows the tokens a model trained with the defaults reads.
const (
	defaultStemUnknown   = true
	defaultVocabReserved = true
)

func addTrainFlags(f *pflag.FlagSet, opts *TrainOptions) {
	o := &opts.Job
	f.StringVar(&o.Data, "data", "data/reviews.csv", "labelled CSV `file` to train on")
	f.StringVar(&o.Dev, "dev", "", "labelled CSV `file` to validate on (default: hold out --val-split of --data)")
	f.StringVar(&o.Model, "model", "model.gob", "`file` to write the model to")
	f.StringVar(&o.TextCol, "text-col", "text", "`name` of the text column")
	f.StringVar(&o.LabelCol, "label-col", "label", "`name` of the label column")
	f.IntVar(&o.VocabSize, "vocab-size", 2500, "vocabulary size, counting <pad> and <unk>")
	f.BoolVar(&o.StemUnknown, "stem-unknown", defaultStemUnknown, fmt.Sprintf("read a word outside the vocabulary as the longest vocabulary word of at least %d letters it begins with, if at most %d letters follow (\"thrilling\" as \"thrill\"), rather than as <unk>", tokenize.MinStem, tokenize.MaxSuffix))
	f.BoolVar(&o.VocabReserved, "vocab-reserved", defaultVocabReserved, "give places in the vocabulary to the words of negation and contrast and those the augmentation writes (\"nobody\", \"however\"), however rare in --data")
	f.IntVar(&o.Net.Subwords, "subword-buckets", 16384, "read a word outside the vocabulary, and not read by --stem-unknown, as the mean of the embeddings of its character 3- to 5-grams, hashed into a table of `N` rows (as fastText); 0 reads it as <unk>")
	f.BoolVar(&o.Net.WordGrams, "subword-words", true, "also read every word of the vocabulary through its character n-grams, its own embedding plus their mean (as fastText), so that the n-gram table learns from every word; off with --subword-buckets 0")
	f.IntVar(&o.Net.NegationRank, "negation-scope", 0, "read every token that a negation ("+strings.Join(tokenize.Negations, ", ")+") before it in its clause negates, a second negation taking the first back, through a learned map of its embedding of rank `R`; a clause ends at . ! ? ; : but however yet although though whereas; 0 turns it off")
	f.Float64Var(&o.Net.ScopeLoss, "scope-loss", 3, "also train the recurrent state after every token to tell whether a negation before it in its clause negates it (the rule of --negation-scope), that task's loss weighted by `W` and added; prediction reads texts as without it; 0 turns it off, and --arch bow, with no such state, has it off")
	f.Float64Var(&o.VocabInformative, "vocab-informative", 0.4, "give this `share` of the vocabulary's places to the words, beyond the most frequent, that say most about the label; 0 fills it by frequency alone")
	f.IntVar(&o.MaxLen, "max-len", 200, "tokens per text the model reads; longer texts keep their end")
	f.StringVar(&o.Net.Arch, "arch", model.ArchRecurrent, "architecture: recurrent or bow (bag of words)")
	f.StringVar(&o.Net.Cell, "cell", model.CellLSTM, "recurrent cell: lstm, gru or rnn")
	f.IntVar(&o.Net.Embed, "embed-dim", 256, "embedding width")
	f.IntVar(&o.Net.Hidden, "hidden", 200, "hidden units per direction (bow: of the hidden layer)")
	f.IntVar(&o.Net.Layers, "layers", 1, "stacked recurrent layers")
	f.BoolVar(&o.Net.Bidirectional, "bidirectional", false, "read texts in both directions")
	f.StringVar(&o.Net.Pool, "pool", model.PoolLast+"+"+model.PoolMax, "what the dense layer reads of the recurrent states: last, max or mean over the text, or several joined with +")
	f.Float64Var(&o.Net.Dropout, "dropout", 0.5, "dropout rate on embeddings and between layers, in [0, 1)")
	f.Float64Var(&o.Net.WordDropout, "word-dropout", 0, "share of training tokens read as unknown words, in [0, 1)")
	f.Float64Var(&o.Net.FeatureDropout, "feature-dropout", 0, "dropout rate on what the dense layer reads (the pooled states; bow: its hidden layer), in [0, 1)")
	f.IntVar(&o.Train.Epochs, "epochs", 10, "most passes over the training data")
	f.IntVar(&o.Train.BatchSize, "batch-size", 32, "examples per training step")
	f.Float64Var(&o.Train.LR, "lr", 0.001, "Adam learning rate")
	f.Float64Var(&o.Train.LRDecay, "lr-decay", 0.5, "factor on the learning rate after each epoch that does not improve validation accuracy, in (0, 1]; 1 keeps it constant")
	f.Float64Var(&o.Train.Clip, "clip", 5, "largest gradient norm; 0 turns clipping off")
	f.IntVar(&o.Train.Patience, "patience", 3, "stop after this many epochs without improvement; 0 never stops early")
	f.Float64Var(&o.Train.Average, "average", 0.999, "validate and keep a moving average of the weights with this decay per step, in [0, 1); 0 keeps the weights as trained")
	f.Float64Var(&o.Train.WeightDecay, "weight-decay", 0.5, "shrink the weights other than biases by the share --lr times this each step (decoupled, as AdamW); 0 turns it off")
	f.Float64Var(&o.ValSplit, "val-split", 0.1, "share of --data held out for validation when there is no --dev")
	f.Uint64Var(&o.Train.Seed, "seed", 1, "random seed for initial weights, batch order, dropout, the validation split, the contrast examples and the spellings of the negated twins")
	f.IntVar(&o.Threads, "threads", 0, "cores to train on, 0 for all; the model is the same for every value")
	f.BoolVar(&opts.Quiet, "quiet", false, "no progress bar and no per-epoch lines")
	f.BoolVar(&opts.JSON, "json", false, "print each epoch and a final summary as JSON lines on standard output")
	f.BoolVar(&o.SkipBadRows, "skip-bad-rows", false, skipBadRowsUsage)
	f.IntVar(&o.AugmentNegation, "augment-negation", 6, "add \"not\" + text (or the --negation-forms) with the other label for training texts of up to `N` tokens without a negation (two classes only; 0 adds none)")
	f.StringSliceVar(&o.NegationForms, "negation-forms", []string{"all"}, "the `forms` of those twins, separated by commas: not (\"not\" + text), aux (\"was n't\"), think (\"i do n't think\" + clause), never, it-isnt, far-from, nothing, hardly, nobody, distance, double, question, answer (\"was the food great ? not really .\"), as (\"was n't as great as i expected\"), or all")
	f.IntVar(&o.NegationTwins, "negation-twins", 1, "the most twins a text gets, in forms drawn among those of --negation-forms that apply to it; 0 for one in each")
	f.IntVar(&o.AugmentContrast, "augment-contrast", 10, fmt.Sprintf("per 100 training texts, add `N` contrast examples (rounded down): a text of up to %d tokens and one with the other label, joined in a --contrast-forms form, labelled as the clause after the turn (two classes only; 0 adds none; at most 100)", dataset.ContrastClause))
	f.StringSliceVar(&o.ContrastForms, "contrast-forms", []string{"all"}, "the `forms` of those examples, separated by commas: but (\"A but B\", \"A , yet B\"), although (\"although A , B\", \"B , although A\"), though, however (\"A . however , B\", \"however dull it seemed , B\"), or all")
	f.StringVar(&o.Init, "init", job.InitAuto, "start from the weights of a `model`: a model file, builtin, auto (builtin when the network has its shape and the data has negative and positive among its classes; else none) or none; a word's embedding carries over where the model has the word, the output layer for the classes it has")
	f.IntVar(&o.Ensemble, "ensemble", 1, "train `N` networks, network k with --seed + k for its weights, batch order and dropout, and average their probabilities")
	f.StringVar(&opts.Resume, "resume", "", "go on with the interrupted run saved in `file` (MODEL.resume), with the settings it started with")
	f.IntVar(&o.CheckpointEvery, "checkpoint-every", 0, "also write MODEL.resume every `N` batches, so that a crash loses at most N; 0 writes it only when interrupted")
	f.StringVar(&opts.Plot, "plot", "", fmt.Sprintf(plotUsage, "loss and accuracy per epoch"))
	f.BoolVar(&o.Force, "force", false, "replace a file at --model that is not an rnnsent model")
	f.Var((*human.MemorySize)(&o.MaxMemory), "max-memory", "the most memory the run may need by its estimate, as 512M or 8G (default: what the machine has available)")
}

// validate checks the flags on their own, before any file is read;
// changed tells those the command line names.
func (opts *TrainOptions) validate(changed func(string) bool) error {
	o := &opts.Job
	if err := cmp.Or(firstBadFlag(
		textColumn(o.TextCol), labelColumn(o.TextCol, o.LabelCol),
		vocabSize(o.VocabSize),
		fraction("vocab-informative", o.VocabInformative, 0, 1),
		atLeast("max-len", o.MaxLen, 1),
		atLeast("subword-buckets", o.Net.Subwords, 0),
		flagCheck{"subword-words", !o.Net.WordGrams || o.Net.Subwords > 0, "off with --subword-buckets 0", o.Net.WordGrams},
		flagCheck{"arch", o.Net.Arch == model.ArchRecurrent || o.Net.Arch == model.ArchBOW, "recurrent or bow", o.Net.Arch},
		cellFlag(o.Net.Cell),
		atLeast("embed-dim", o.Net.Embed, 1), atLeast("hidden", o.Net.Hidden, 1),
		atLeast("layers", o.Net.Layers, 1),
		fraction("dropout", o.Net.Dropout, 0, 1),
		fraction("word-dropout", o.Net.WordDropout, 0, 1), fraction("feature-dropout", o.Net.FeatureDropout, 0, 1),
		flagCheck{"negation-scope", o.Net.NegationRank >= 0 && o.Net.NegationRank <= o.Net.Embed, "between 0 (off) and --embed-dim", o.Net.NegationRank},
		flagCheck{"scope-loss", o.Net.ScopeLoss >= 0 && o.Net.ScopeLoss <= model.MaxScopeLoss && (o.Net.ScopeLoss == 0 || o.Net.Arch == model.ArchRecurrent), fmt.Sprintf("between 0 (off) and %d, and 0 with --arch bow", model.MaxScopeLoss), o.Net.ScopeLoss},
		atLeast("augment-negation", o.AugmentNegation, 0),
		formsFlag("negation-forms", o.NegationForms, dataset.NegationForms, dataset.AllForms),
		atLeast("negation-twins", o.NegationTwins, 0),
		formsFlag("contrast-forms", o.ContrastForms, dataset.ContrastForms, dataset.AllContrasts),
		flagCheck{"augment-contrast", o.AugmentContrast >= 0 && o.AugmentContrast <= 100, "between 0 and 100", o.AugmentContrast},
		flagCheck{"val-split", o.ValSplit > 0 && o.ValSplit < 1, "above 0 and below 1", o.ValSplit},
		atLeast("epochs", o.Train.Epochs, 1), atLeast("batch-size", o.Train.BatchSize, 1),
		flagCheck{"lr", o.Train.LR > 0 && !math.IsInf(o.Train.LR, 0), "a positive number", o.Train.LR},
		flagCheck{"lr-decay", o.Train.LRDecay > 0 && o.Train.LRDecay <= 1, "above 0 and at most 1 (1 keeps the rate constant)", o.Train.LRDecay},
		flagCheck{"clip", o.Train.Clip >= 0 && !math.IsInf(o.Train.Clip, 0), "0 (no clipping) or positive", o.Train.Clip},
		atLeast("patience", o.Train.Patience, 0),
		fraction("average", o.Train.Average, 0, 1),
		flagCheck{"weight-decay", o.Train.WeightDecay >= 0 && !math.IsInf(o.Train.WeightDecay, 0), "0 or positive", o.Train.WeightDecay},
		flagCheck{"weight-decay", o.Train.LR*o.Train.WeightDecay < 1, "below 1 / --lr, or every step would wipe out the weights", o.Train.WeightDecay},
		atLeast("threads", o.Threads, 0), atLeast("checkpoint-every", o.CheckpointEvery, 0),
		atLeast("ensemble", o.Ensemble, 1), flagCheck{"init", o.Init != "", "a model file, builtin, auto or none", o.Init},
	), moot(changed, o.Dev != "", "with --dev, whose rows validate the run", "val-split"),
		moot(changed, o.AugmentNegation == 0, "with --augment-negation 0, which adds no negated twins", "negation-forms", "negation-twins"),
		moot(changed, o.AugmentContrast == 0, "with --augment-contrast 0, which adds no contrast examples", "contrast-forms")); err != nil {
		return err
	}
	// Limits, and the built-in model's shape, are checked before the data is
	// read, with placeholders that pass for Vocab and Classes.
	cfg := o.Net
	cfg.Vocab, cfg.Classes = o.VocabSize, 2
	if err := job.CheckNet(cfg, o.Init); err != nil {
		return &usageError{err}
	}
	return nil
}

// resumeFlags are the train flags that may go with --resume: they change how
// a run reports and what hardware it uses, never what it computes. Every
// other setting is stored in the resume file.
var resumeFlags = map[string]bool{"resume": true, "threads": true, "quiet": true, "json": true, "checkpoint-every": true, "plot": true}

// checkResumeFlags refuses, with --resume, flags that would make a resumed
// run differ from the one that was interrupted, and sets the model path
// from the name of the resume file, its links followed.
func (opts *TrainOptions) checkResumeFlags(f *pflag.FlagSet) error {
	// "--resume $FILE" with FILE unset must not start a fresh run on the
	// defaults, which would replace model.gob.
	if !f.Changed("resume") {
		return nil
	}
	var bad string
	f.Visit(func(fl *pflag.Flag) {
		if !resumeFlags[fl.Name] && bad == "" {
			bad = fl.Name
		}
	})
	if bad != "" {
		return usageErrorf("--%s cannot be used with --resume: a resumed run keeps the settings it started with", bad)
	}
	resume, modelPath, err := job.ResumeFiles(opts.Resume)
	if err != nil {
		return usageErrorf("--resume %v", err)
	}
	opts.Resume, opts.Job.Model = resume, modelPath
	if !f.Changed("checkpoint-every") {
		opts.Job.CheckpointEvery = job.KeepCheckpointEvery
	}
	return nil
}

func runTrain(ctx context.Context, opts *TrainOptions) error {
	o, ios := &opts.Job, opts.env.IO
	// Fail now, not after an hour of training.
	if err := atomicfile.CheckWritable(o.Model); err != nil {
		return err
	}
	if err := checkPlot(opts.Plot, append(job.Outputs(o.Model), o.Data, o.Dev, o.Init)...); err != nil {
		return err
	}
	rep := &trainReport{opts: opts, bar: &progress{w: ios.ErrOut}}
	// Said at once, from the signal's goroutine: the run itself stops
	// within a time step, but saving a large model takes a moment more.
	defer context.AfterFunc(ctx, func() { fmt.Fprintln(ios.ErrOut, job.StoppingLine) })()
	j, err := opts.prepare(ctx, rep.hooks())
	if err != nil {
		return err
	}
	rep.info = j.Info()
	if rep.info.Resumed {
		fmt.Fprintf(ios.ErrOut, "resuming %s %s\n", human.Printable(rep.info.ResumeFile), rep.info.Position)
	}
	fmt.Fprintln(ios.ErrOut, rep.info)
	res, err := j.Run(ctx, rep.hooks())
	rep.bar.clear()
	if ie, ok := errors.AsType[*job.Interrupted](err); ok {
		return fmt.Errorf("%w; resume with: %s", ie, job.ResumeCommand(ie.ResumeFile))
	}
	if err != nil {
		return err
	}
	// A plot or a summary that fails now must not read as if the model
	// were lost too.
	if err := opts.report(res, rep.info.Config); err != nil {
		return fmt.Errorf("the model is saved in %s, but %w", o.Model, err)
	}
	if !opts.Quiet && !opts.JSON {
		fmt.Fprintln(ios.ErrOut, job.EvalLine(o.Model, o.Dev))
	}
	return nil
}

// report draws the plot of a finished run and prints its summary.
func (opts *TrainOptions) report(res job.Result, cfg model.Config) error {
	if err := writePlot(opts.Plot, res.Plot); err != nil {
		return err
	}
	if opts.JSON {
		return stream.WriteJSON(opts.env.IO.Out, res.Summary(cfg, opts.Job.Model))
	}
	_, err := fmt.Fprintln(opts.env.IO.Out, res.Record.Line(opts.Job.Model))
	return err
}

// prepare makes the job: from scratch, or from the resume file.
func (opts *TrainOptions) prepare(ctx context.Context, h job.Hooks) (*job.Job, error) {
	o := &opts.Job
	if opts.Resume != "" {
		return job.Resume(ctx, opts.Resume, o.Threads, o.CheckpointEvery, opts.Plot, h)
	}
	j, err := job.New(ctx, *o, h)
	if _, ok := errors.AsType[*job.ErrTooBig](err); ok {
		return nil, &usageError{err}
	}
	return j, err
}

// trainReport shows a run's progress: a bar while an epoch runs on a
// terminal, a line per epoch, JSON lines with --json.
type trainReport struct {
	opts *TrainOptions
	bar  *progress
	info job.Info // the run's: a resumed run's epochs and patience are in its resume file
}

func (r *trainReport) hooks() job.Hooks {
	ios, run := r.opts.env.IO, &r.info
	h := job.Hooks{
		Skipped: func(file string, lines []int) { fmt.Fprintln(ios.ErrOut, csvread.SkippedLine(file, lines)) },
		Epoch: func(member int, e train.Epoch) {
			r.bar.clear()
			if !r.opts.Quiet {
				fmt.Fprintln(ios.ErrOut, job.EpochLine(e, member, run.Networks, run.Training.Epochs))
			}
			if r.opts.JSON {
				stream.WriteJSON(ios.Out, job.EpochJSON(e, member, run.Networks))
			}
		},
		FewValidation: func(rows int) { fmt.Fprintln(ios.ErrOut, job.FewValidationLine(rows)) },
		Stopped: func(member, epochs int) {
			if !r.opts.Quiet {
				fmt.Fprintln(ios.ErrOut, job.StoppedLine(member, run.Networks, epochs, run.Training.Patience))
			}
		},
	}
	if ios.ErrTTY && !r.opts.Quiet {
		h.Batch = func(member, epoch, done, total int, loss float64) {
			r.bar.show(job.BatchLine(member, run.Networks, epoch, run.Training.Epochs, loss), int64(done), int64(total))
		}
	}
	return h
}
