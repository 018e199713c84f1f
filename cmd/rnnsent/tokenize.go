package main

import (
	"cmp"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/rnnsent/rnnsent/internal/job"
	"github.com/rnnsent/rnnsent/internal/predict"
	"github.com/rnnsent/rnnsent/internal/stream"
	"github.com/rnnsent/rnnsent/internal/tokenize"
)

// TokenizeOptions are the inputs of the tokenize command.
type TokenizeOptions struct {
	IO *IOStreams

	Model string // "" for tokens without ids
	Data  string // a CSV file to measure instead of texts
	// Vocab builds --data's vocabulary as train would, its fields named
	// by the same flags.
	Vocab job.Options
	Texts []string
}

// topWords is how many of the most frequent tokens tokenize --data lists.
const topWords = 20

func newTokenizeCmd(env *Env) *cobra.Command {
	opts := &TokenizeOptions{IO: env.IO}
	cmd := &cobra.Command{
		Use:     "tokenize [flags] [TEXT...]",
		Short:   "Show how texts are split into tokens, or measure a vocabulary",
		Long:    helpLong("tokenize"),
		Example: helpExample("tokenize"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Texts = args
			if err := opts.validate(cmd.Flags().Changed); err != nil {
				return err
			}
			return runTokenize(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Model, "model", "", "model `file` whose vocabulary gives the ids")
	f.StringVar(&opts.Data, "data", "", "CSV `file` to measure the vocabulary on")
	v := &opts.Vocab
	f.StringVar(&v.TextCol, "text-col", "text", "`name` of the text column of --data")
	f.StringVar(&v.LabelCol, "label-col", "label", "`name` of the label column of --data, whose labels train's vocabulary weighs")
	f.IntVar(&v.VocabSize, "vocab-size", 2500, "vocabulary size to build for --data when there is no --model")
	f.Float64Var(&v.VocabInformative, "vocab-informative", 0.4, "as train's")
	f.BoolVar(&v.StemUnknown, "stem-unknown", defaultStemUnknown, "as train's")
	f.BoolVar(&v.VocabReserved, "vocab-reserved", defaultVocabReserved, "as train's")
	f.Float64Var(&v.ValSplit, "val-split", 0.1, "as train's: the share of --data held out, whose words the vocabulary does not see")
	f.Uint64Var(&v.Train.Seed, "seed", 1, "as train's")
	return cmd
}

// validate checks the flags, changed telling those the command line names:
// the vocabulary flags build one from --data alone, as train would.
func (o *TokenizeOptions) validate(changed func(string) bool) error {
	if o.Data != "" && len(o.Texts) > 0 {
		return usageErrorf("give texts or --data, not both")
	}
	if err := stdinAlone(o.Texts); err != nil {
		return err
	}
	vocab := []string{"vocab-size", "vocab-informative", "stem-unknown", "vocab-reserved", "val-split", "seed"}
	return cmp.Or(moot(changed, o.Model != "", "to --model, which has its own vocabulary", vocab...),
		moot(changed, o.Data == "", "without --data: texts given as arguments or on standard input are only split into tokens", append(vocab, "text-col", "label-col")...),
		firstBadFlag(textColumn(o.Vocab.TextCol), labelColumn(o.Vocab.TextCol, o.Vocab.LabelCol), vocabSize(o.Vocab.VocabSize), fraction("vocab-informative", o.Vocab.VocabInformative, 0, 1),
			flagCheck{"val-split", o.Vocab.ValSplit > 0 && o.Vocab.ValSplit < 1, "above 0 and below 1", o.Vocab.ValSplit}))
}

func runTokenize(o *TokenizeOptions) error {
	var vocab *tokenize.Vocab
	if o.Model != "" {
		p, err := predict.Load(o.Model)
		if err != nil {
			return err
		}
		vocab = p.Vocab
	}
	if o.Data != "" {
		o.Vocab.Data = o.Data
		r, err := job.MeasureVocab(o.Vocab, vocab, "of "+o.Model, topWords)
		if err != nil {
			return err
		}
		return r.WriteText(o.IO.Out)
	}
	show := func(texts []string) error { return tokenize.WriteLines(o.IO.Out, texts, vocab) }
	if textsFromArgs(o.Texts) {
		return show(o.Texts)
	}
	if o.IO.InTTY {
		fmt.Fprintln(o.IO.ErrOut, stdinHint)
	}
	return stream.LineChunks(o.IO.In, show)
}
