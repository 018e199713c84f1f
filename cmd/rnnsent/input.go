package main

import (
	"fmt"
	"slices"

	"github.com/rnnsent/rnnsent/internal/predict"
)

// stdinHint is shown when texts are to be typed, so that a silent wait is
// not mistaken for a hang.
const stdinHint = "reading texts from the terminal, one per line; Ctrl-D to finish"

// textsFromArgs reports whether args hold the texts, as opposed to asking for
// standard input (no args, or a single "-").
func textsFromArgs(args []string) bool {
	return len(args) > 0 && !(len(args) == 1 && args[0] == "-")
}

// stdinAlone refuses "-" among other TEXT arguments, where it would be
// labelled as the text "-": it reads standard input only alone.
func stdinAlone(args []string) error {
	if len(args) > 1 && slices.Contains(args, "-") {
		return usageErrorf("- reads standard input and must be the only TEXT argument, got %d arguments", len(args))
	}
	return nil
}

// builtinNote tells, once a command, that the answers are the built-in
// model's: after "rnnsent train" writes model.gob, a user may well believe
// the next command reads it.
const builtinNote = "using the built-in SST-2 model; --model FILE for yours"

// loadModel loads the model at path, or the built-in one for "", saying
// so on stderr.
func loadModel(ios *IOStreams, path string) (*predict.Predictor, error) {
	p, err := predict.Load(path)
	if err == nil && p.Builtin {
		fmt.Fprintln(ios.ErrOut, builtinNote)
	}
	return p, err
}
