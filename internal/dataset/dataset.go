package dataset

import (
	"slices"
	"strconv"
	"strings"

	"github.com/rnnsent/rnnsent/internal/csvread"
	"github.com/rnnsent/rnnsent/internal/fileerr"
	"github.com/rnnsent/rnnsent/internal/human"
	"github.com/rnnsent/rnnsent/internal/tokenize"
)

// manyLabels is the most classes Labels takes without asking whether the
// label column holds labels: swapped with the text column, it gives a
// class to nearly every row, a model nothing can be learned by.
const manyLabels = 100

// Labels returns the distinct labels of examples in sorted order: the class
// order of a model trained on them. file names the source in errors.
func Labels(rows []csvread.Row, file string) ([]string, error) {
	if len(rows) == 0 {
		return nil, ErrNoRows(file)
	}
	var labels []string
	for _, r := range rows {
		labels = append(labels, r.Label)
	}
	slices.Sort(labels)
	labels = slices.Compact(labels)
	if len(labels) > manyLabels && 2*len(labels) > len(rows) {
		return nil, fileerr.At(file, 0, "%s different labels in %s rows, most rows a class of their own: is the label column the texts'?",
			human.Commas(len(labels)), human.Commas(len(rows)))
	}
	folded := make(map[string]string, len(labels))
	for _, l := range labels {
		key, alike := strings.ToLower(l), "differ only in case"
		// Joined exports spell a class 1 in one file and 1.0 (pandas, for
		// a column with a gap) or 1,0 (the same in a locale whose decimal
		// mark is a comma) in another: four classes of two.
		if f, ok := number(l); ok {
			key, alike = strconv.FormatFloat(f, 'g', -1, 64), "are the same number"
		}
		if other, ok := folded[key]; ok {
			return nil, fileerr.At(file, 0, "labels %q and %q %s; write each class one way", other, l, alike)
		}
		folded[key] = l
	}
	if len(labels) < 2 {
		return nil, fileerr.At(file, 0, "every row has the label %q; training needs at least two classes", labels[0])
	}
	return labels, nil
}

// number reads a label as a number, its decimal mark a point or a comma.
// A comma before exactly three digits is left alone: "1,000" is a thousand
// in one locale and one in another, and no guess is safe.
func number(label string) (float64, bool) {
	if whole, frac, ok := strings.Cut(label, ","); ok && !strings.Contains(frac, ",") &&
		!strings.Contains(label, ".") && len(frac) != 3 {
		label = whole + "." + frac
	}
	f, err := strconv.ParseFloat(label, 64)
	return f, err == nil
}

// DisplayNames returns the names to show for labels: "negative" and
// "positive" for exactly "0" and "1", the usual encoding of binary sentiment,
// and the labels themselves otherwise.
func DisplayNames(labels []string) []string {
	if slices.Equal(labels, []string{"0", "1"}) {
		return []string{"negative", "positive"}
	}
	return slices.Clone(labels)
}

// Example is a row of a labelled file with its text's tokens: each text is
// tokenized once, and the vocabulary, the encoding and the augmentation all
// read the tokens.
type Example struct {
	csvread.Row
	Tokens []string
}

// Tokenize tokenizes the text of every row.
func Tokenize(rows []csvread.Row) []Example {
	out := make([]Example, len(rows))
	for i, r := range rows {
		out[i] = Example{Row: r, Tokens: tokenize.Tokenize(r.Text)}
	}
	return out
}

// Counts returns how often each token occurs in the examples' texts.
func Counts(examples []Example) map[string]int {
	counts := make(map[string]int)
	for _, ex := range examples {
		tokenize.CountTokens(counts, ex.Tokens)
	}
	return counts
}

// Encode turns examples into token ids, keeping at most the last maxLen
// tokens of each text, and their labels into class indices in labels. A label
// outside labels is an error naming file and line; it lists the labels as the
// file spells them, since the file is what needs fixing. No examples at all
// is an error too: training, validation and evaluation each need some.
func Encode(examples []Example, vocab *tokenize.Vocab, labels []string, maxLen int, file string) (Set, error) {
	if len(examples) == 0 {
		return Set{}, ErrNoRows(file)
	}
	class := Classes(labels)
	set := Set{Seqs: make([][]int, len(examples)), Labels: make([]int, len(examples))}
	for i, ex := range examples {
		k, ok := class(ex.Label)
		if !ok {
			return Set{}, fileerr.At(file, ex.Line, "label %q is not one the model knows (%s)", ex.Label, knownLabels(labels))
		}
		set.Seqs[i] = vocab.Encode(ex.Tokens, maxLen)
		set.Labels[i] = k
	}
	return set, nil
}

// binarySpellings are the usual ways of writing binary sentiment.
var binarySpellings = [][]string{{"0", "1"}, {"negative", "positive"}, {"neg", "pos"}}

// Polarity is the sentiment a class's name (as DisplayNames shows it)
// stands for, "negative" or "positive", in any case and with the
// abbreviations neg and pos, or "" for any other name.
func Polarity(name string) string {
	for _, spelling := range binarySpellings[1:] {
		if k := slices.IndexFunc(spelling, func(s string) bool { return strings.EqualFold(s, name) }); k >= 0 {
			return binarySpellings[1][k]
		}
	}
	return ""
}

// Classes returns the class of a label for a model of labels: the label's
// place in labels, and for a binary sentiment model written one usual way
// ("0"/"1", "negative"/"positive" or "neg"/"pos", in any case) the others
// too, so that a model accepts its labels under the names it prints, and
// a file labelled another usual way.
func Classes(labels []string) func(label string) (int, bool) {
	class := make(map[string]int, len(labels))
	for i, l := range labels {
		class[l] = i
	}
	binary := false
	for _, spelling := range binarySpellings {
		binary = binary || slices.EqualFunc(labels, spelling, strings.EqualFold)
	}
	return func(label string) (int, bool) {
		if k, ok := class[label]; ok || !binary {
			return k, ok
		}
		for _, spelling := range binarySpellings {
			if k := slices.IndexFunc(spelling, func(s string) bool { return strings.EqualFold(s, label) }); k >= 0 {
				return k, true
			}
		}
		return 0, false
	}
}

// knownLabels lists labels for a message, with the names they are shown as
// where those differ.
func knownLabels(labels []string) string {
	names := DisplayNames(labels)
	if slices.Equal(names, labels) {
		return human.Names(labels)
	}
	return human.Names(labels) + "; shown as " + human.Names(names)
}

// ErrNoRows is the error of a file whose header no row follows.
func ErrNoRows(file string) error {
	return fileerr.At(file, 0, "no rows after the header")
}
