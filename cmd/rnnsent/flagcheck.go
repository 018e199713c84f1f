package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/rnnsent/rnnsent/internal/model"
)

// flagCheck is one flag's value against what the flag accepts: every range
// check of every command goes through firstBadFlag, so that each says the
// same thing the same way.
type flagCheck struct {
	flag string // without the dashes
	ok   bool
	want string // what the flag accepts: "at least 1", "lstm, gru or rnn"
	got  any
}

// firstBadFlag is the usage error of the first check that fails, as
// "--hidden must be at least 1, got 0"; nil when all pass.
func firstBadFlag(checks ...flagCheck) error {
	for _, c := range checks {
		if !c.ok {
			if s, isString := c.got.(string); isString {
				return usageErrorf("--%s must be %s, got %q", c.flag, c.want, s)
			}
			return usageErrorf("--%s must be %s, got %v", c.flag, c.want, c.got)
		}
	}
	return nil
}

// atLeast checks an integer flag's lower bound.
func atLeast(flag string, v, lo int) flagCheck {
	return flagCheck{flag, v >= lo, fmt.Sprintf("at least %d", lo), v}
}

// vocabSize checks --vocab-size for train and for tokenize --data, which
// says what train would build and so must refuse what train refuses.
func vocabSize(v int) flagCheck {
	return flagCheck{"vocab-size", v >= 3 && v <= model.MaxVocab, fmt.Sprintf("between 3 and %d", model.MaxVocab), v}
}

// fraction checks a float flag in [lo, hi), the range of rates and shares.
func fraction(flag string, v, lo, hi float64) flagCheck {
	return flagCheck{flag, v >= lo && v < hi, fmt.Sprintf("at least %g and below %g", lo, hi), v}
}

// formsFlag checks a list of forms against all, the forms there are. An
// empty list is refused: choose gives none, which augmentation reads as
// the forms of a run from before the flag, "not" or "but" alone.
func formsFlag(flag string, names []string, choose func([]string) ([]string, error), all []string) flagCheck {
	_, err := choose(names)
	return flagCheck{flag, err == nil && len(names) > 0, strings.Join(all, ", ") + " or all, separated by commas", strings.Join(names, ",")}
}

// cellFlag checks a --cell value: a recurrent cell's name.
func cellFlag(cell string) flagCheck {
	return flagCheck{"cell", slices.Contains([]string{model.CellLSTM, model.CellGRU, model.CellRNN}, cell), "lstm, gru or rnn", cell}
}

// cellsFlag checks a --cell list: at least one cell, each once.
func cellsFlag(cells []string) []flagCheck {
	checks := []flagCheck{{"cell", len(cells) > 0, "at least one of lstm, gru or rnn", ""}}
	for i, c := range cells {
		checks = append(checks, cellFlag(c), flagCheck{"cell", !slices.Contains(cells[:i], c), "each cell once", strings.Join(cells, ",")})
	}
	return checks
}

// textColumn and labelColumn check the flags naming the CSV columns: an
// empty name would read as the reader's default rather than as written,
// and a label column that is the text column would give the model the
// answer it is trained or scored on.
func textColumn(text string) flagCheck {
	return flagCheck{"text-col", text != "", "a column name", text}
}

func labelColumn(text, label string) flagCheck {
	return flagCheck{"label-col", label != "" && label != text, "a column name other than --text-col's", label}
}

// moot refuses, when is true, the first of flags that the command line
// names (changed says which), as "--vocab-size does not apply to --model,
// which has its own vocabulary": ignored without a word, a flag reads as
// having taken effect.
func moot(changed func(string) bool, when bool, to string, flags ...string) error {
	if i := slices.IndexFunc(flags, changed); when && i >= 0 {
		return usageErrorf("--%s does not apply %s", flags[i], to)
	}
	return nil
}

// noEmptyFile refuses a flag naming a file given as "", from an unset
// shell variable most often, which read as the flag left out: --model ""
// answered with the built-in model, --dev "" held out --val-split of
// --data, --plot "" drew nothing. --resume and --init say it their way.
func noEmptyFile(flags *pflag.FlagSet) (err error) {
	flags.Visit(func(f *pflag.Flag) {
		values := []string{f.Value.String()}
		if list, ok := f.Value.(pflag.SliceValue); ok {
			values = list.GetSlice()
		}
		named := flagFiles[f.Name] != nil && f.Name != "resume" || f.Name == "input"
		if named && err == nil && slices.Contains(values, "") {
			err = firstBadFlag(flagCheck{f.Name, false, "a file name", ""})
		}
	})
	return err
}
