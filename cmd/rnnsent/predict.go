package main

import (
	"bufio"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/train"
)

// PredictOptions are the inputs of the predict command.
type PredictOptions struct {
	IO *IOStreams

	Model string
	JSON  bool
	Texts []string // none, or just "-": read standard input
}

func newPredictCmd(ios *IOStreams) *cobra.Command {
	opts := &PredictOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "predict [flags] [TEXT...]",
		Short: "Label texts with a trained model",
		Long: `Label each TEXT, or each line of standard input when no TEXT is given (or
just "-"), with the most probable class. Each answer is one line: the label,
its probability and the text. Blank input lines are skipped; answers come in
input order and are written as they are ready, so predict works in a pipe on
input of any length.`,
		Example: `  rnnsent predict "Not bad!" "Not as good as I expected."
  rnnsent predict --model gru.gob < reviews.txt > labels.txt
  rnnsent predict --json "Loved it" | jq .probabilities`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Model == "" {
				return usageErrorf("--model must name a file")
			}
			opts.Texts = args
			return runPredict(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Model, "model", "model.gob", "model `file`")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print one JSON object per text")
	return cmd
}

type predictionJSON struct {
	Text          string             `json:"text"`
	Label         string             `json:"label"`
	Probability   float64            `json:"probability"`
	Probabilities map[string]float64 `json:"probabilities"`
}

func runPredict(o *PredictOptions) error {
	p, err := loadPredictor(o.Model)
	if err != nil {
		return err
	}
	names := p.Names()
	width := 0
	for _, n := range names {
		width = max(width, len(n))
	}
	w := bufio.NewWriter(o.IO.Out)
	predict := func(texts []string) error {
		probs, err := train.PredictAll(p.Model, encodeAll(p, texts), chunkSize)
		if err != nil {
			return err
		}
		for i, pr := range probs {
			k := model.Argmax(pr)
			if !o.JSON {
				fmt.Fprintf(w, "%-*s  %.3f  %s\n", width, names[k], pr[k], texts[i])
				continue
			}
			out := predictionJSON{Text: texts[i], Label: names[k], Probability: pr[k], Probabilities: map[string]float64{}}
			for j, n := range names {
				out.Probabilities[n] = pr[j]
			}
			if err := writeJSON(w, out); err != nil {
				return err
			}
		}
		return w.Flush()
	}
	if textsFromArgs(o.Texts) {
		return predict(o.Texts)
	}
	if o.IO.InTTY {
		fmt.Fprintln(o.IO.ErrOut, stdinHint)
	}
	return readChunks(o.IO.In, predict)
}

func encodeAll(p *dataset.Predictor, texts []string) [][]int {
	seqs := make([][]int, len(texts))
	for i, t := range texts {
		seqs[i] = p.Encode(t)
	}
	return seqs
}
