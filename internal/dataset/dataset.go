package dataset

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/rnnsent/rnnsent/internal/tokenize"
	"github.com/rnnsent/rnnsent/internal/train"
)

// Labels returns the distinct labels of examples in sorted order: the class
// order of a model trained on them. file names the source in errors.
func Labels(examples []tokenize.Example, file string) ([]string, error) {
	if len(examples) == 0 {
		return nil, errNoRows(file)
	}
	var labels []string
	for _, ex := range examples {
		labels = append(labels, ex.Label)
	}
	slices.Sort(labels)
	labels = slices.Compact(labels)
	if len(labels) < 2 {
		return nil, &tokenize.DataError{File: file,
			Msg: fmt.Sprintf("every row has the label %q; training needs at least two classes", labels[0])}
	}
	return labels, nil
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

// Counts returns how often each token occurs in the examples' texts.
func Counts(examples []tokenize.Example) map[string]int {
	counts := make(map[string]int)
	for _, ex := range examples {
		tokenize.CountTokens(counts, tokenize.Tokenize(ex.Text))
	}
	return counts
}

// Encode turns examples into token ids, keeping at most the last maxLen
// tokens of each text, and their labels into class indices in labels. A label
// outside labels is an error naming file and line; it lists the labels as the
// file spells them, since the file is what needs fixing. No examples at all
// is an error too: training, validation and evaluation each need some.
func Encode(examples []tokenize.Example, vocab *tokenize.Vocab, labels []string, maxLen int, file string) (train.Set, error) {
	if len(examples) == 0 {
		return train.Set{}, errNoRows(file)
	}
	class := make(map[string]int, len(labels))
	for i, l := range labels {
		class[l] = i
	}
	set := train.Set{Seqs: make([][]int, len(examples)), Labels: make([]int, len(examples))}
	for i, ex := range examples {
		k, ok := class[ex.Label]
		if !ok {
			return train.Set{}, &tokenize.DataError{File: file, Line: ex.Line,
				Msg: fmt.Sprintf("label %q is not one the model knows (%s)", ex.Label, strings.Join(labels, ", "))}
		}
		set.Seqs[i] = vocab.EncodeText(ex.Text, maxLen)
		set.Labels[i] = k
	}
	return set, nil
}

func errNoRows(file string) error {
	return &tokenize.DataError{File: file, Msg: "no rows after the header"}
}

// Split holds out frac of examples for validation, chosen by seed exactly as
// train.Split chooses, so that the vocabulary can be built from the training
// part alone.
func Split(examples []tokenize.Example, frac float64, seed uint64) (trainPart, valPart []tokenize.Example) {
	// train.Split moves whole sequences, so one-id sequences holding each
	// example's index say where every example went.
	idx := train.Set{Seqs: make([][]int, len(examples)), Labels: make([]int, len(examples))}
	for i := range examples {
		idx.Seqs[i] = []int{i}
	}
	t, v := train.Split(idx, frac, seed)
	pick := func(s train.Set) []tokenize.Example {
		out := make([]tokenize.Example, s.Len())
		for i, q := range s.Seqs {
			out[i] = examples[q[0]]
		}
		return out
	}
	return pick(t), pick(v)
}

// FileSHA256 returns the hex SHA-256 of the file at path.
func FileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
