package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/rnnsent/rnnsent/internal/csvread"
	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/predict"
	"github.com/rnnsent/rnnsent/internal/stream"
	"github.com/rnnsent/rnnsent/internal/tokenize"
)

// TokenizeOptions are the inputs of the tokenize command.
type TokenizeOptions struct {
	IO *IOStreams

	Model     string // "" for tokens without ids
	Data      string // a CSV file to measure instead of texts
	TextCol   string
	VocabSize int
	Texts     []string
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
			if err := opts.validate(); err != nil {
				return err
			}
			return runTokenize(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Model, "model", "", "model `file` whose vocabulary gives the ids")
	f.StringVar(&opts.Data, "data", "", "CSV `file` to measure the vocabulary on")
	f.StringVar(&opts.TextCol, "text-col", "text", "`name` of the text column of --data")
	f.IntVar(&opts.VocabSize, "vocab-size", 2500, "vocabulary size to build for --data when there is no --model")
	return cmd
}

func (o *TokenizeOptions) validate() error {
	if o.Data != "" && len(o.Texts) > 0 {
		return usageErrorf("give texts or --data, not both")
	}
	return firstBadFlag(atLeast("vocab-size", o.VocabSize, 3))
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
		return measureVocab(o, vocab)
	}
	w := bufio.NewWriter(o.IO.Out)
	show := func(texts []string) error {
		for _, text := range texts {
			fmt.Fprintln(w, printable(tokenLine(text, vocab)))
		}
		return w.Flush()
	}
	if textsFromArgs(o.Texts) {
		return show(o.Texts)
	}
	if o.IO.InTTY {
		fmt.Fprintln(o.IO.ErrOut, stdinHint)
	}
	return stream.LineChunks(o.IO.In, show)
}

// tokenLine lists the tokens of text separated by spaces, each as
// "token:id" when vocab is not nil: the id the model reads it as, followed by
// the stem in parentheses when it reads the token by its stem, or <unk>.
func tokenLine(text string, vocab *tokenize.Vocab) string {
	tokens := tokenize.Tokenize(text)
	if vocab == nil {
		return strings.Join(tokens, " ")
	}
	parts := make([]string, len(tokens))
	for i, t := range tokens {
		parts[i] = vocab.Describe(t)
	}
	return strings.Join(parts, " ")
}

// measureVocab reports how vocab, or the vocabulary built from the file when
// vocab is nil, covers the texts of o.Data.
func measureVocab(o *TokenizeOptions, vocab *tokenize.Vocab) error {
	f, err := csvread.ReadFile(o.Data, csvread.Options{TextCol: o.TextCol})
	if err != nil {
		return err
	}
	examples := dataset.Tokenize(f.Rows)
	counts := dataset.Counts(examples)
	source := "of " + o.Model
	if vocab == nil {
		if vocab, err = tokenize.BuildVocab(counts, o.VocabSize); err != nil {
			return err
		}
		source = fmt.Sprintf("built with --vocab-size %d", o.VocabSize)
	}
	cov := vocab.Coverage(counts, topWords)
	return writeCoverage(o.IO.Out, o.Data, len(examples), vocab.Len(), source, cov)
}

func writeCoverage(w io.Writer, data string, texts, vocabLen int, source string, cov tokenize.Coverage) error {
	covered := 0.0
	if cov.Tokens > 0 {
		covered = float64(cov.Covered) / float64(cov.Tokens)
	}
	fmt.Fprintf(w, "%s: %s texts, %s tokens, %s distinct\n", data, commas(texts), commas(cov.Tokens), commas(cov.Types))
	fmt.Fprintf(w, "vocabulary: %s words (%s), with <pad> and <unk>\n", commas(vocabLen), source)
	stemmed := ""
	if cov.Stemmed > 0 {
		stemmed = fmt.Sprintf(", and %.1f%% more read by their stems", 100*float64(cov.Stemmed)/float64(cov.Tokens))
	}
	fmt.Fprintf(w, "coverage: %.1f%% of tokens%s; OOV rate %.1f%%\n", 100*covered, stemmed, 100*cov.OOVRate)
	fmt.Fprintf(w, "top %d tokens:\n", len(cov.Top))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, wc := range cov.Top {
		fmt.Fprintf(tw, "\t%s\t  %s\n", commas(wc.Count), wc.Word)
	}
	return tw.Flush()
}
