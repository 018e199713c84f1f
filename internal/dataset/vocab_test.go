package dataset

import (
	"slices"
	"strings"
	"testing"

	"github.com/rnnsent/rnnsent/internal/csvread"
	"github.com/rnnsent/rnnsent/internal/tokenize"
)

// labelled makes one example per "label: text" line.
func labelled(lines ...string) []Example {
	var out []csvread.Row
	for i, l := range lines {
		label, text, _ := strings.Cut(l, ": ")
		out = append(out, csvread.Row{Text: text, Label: label, Line: i + 2})
	}
	return Tokenize(out)
}

func TestVocabulary(t *testing.T) {
	// "the" and "film" are frequent and spread over both labels; "awful"
	// is rarer than "plot" but always negative, "plot" is spread evenly,
	// "great" always positive and "gem" positive once.
	data := labelled(
		"0: the film awful",
		"0: the film awful plot",
		"0: the film awful",
		"0: the plot",
		"1: the film great plot",
		"1: the film great",
		"1: the film great gem",
		"1: the plot",
	)
	labels := []string{"0", "1"}
	for _, c := range []struct {
		name              string
		size, informative int
		want              []string // after <pad> and <unk>
	}{
		{"by frequency alone", 5, 0, []string{"the", "film", "plot"}},
		{"telling words take the last places", 5, 2, []string{"the", "awful", "great"}},
		{"no more telling words than there are", 9, 6, []string{"the", "awful", "great", "gem", "film", "plot"}},
		{"a lopsided word beats a frequent even one", 6, 2, []string{"the", "film", "awful", "great"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, err := Vocabulary(data, labels, c.size, c.informative, false, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := v.Words()[2:]; !slices.Equal(got, c.want) {
				t.Errorf("vocabulary %q, want %q", got, c.want)
			}
		})
	}
}

func TestVocabularyReservesPlaces(t *testing.T) {
	// "nobody" and "however" occur once, "never" not at all.
	data := labelled(
		"0: the film awful",
		"0: the film awful plot",
		"0: nobody liked the plot",
		"1: the film great",
		"1: however , the film great",
	)
	for _, c := range []struct {
		name     string
		size     int
		stem     bool
		reserved []string
		want     []string // after <pad> and <unk>
	}{
		{"none", 6, false, nil, []string{"the", "film", "awful", "great"}},
		{"a rare reserved word takes the last place", 6, false, []string{"nobody"}, []string{"the", "film", "awful", "nobody"}},
		{"in their order, each once", 6, false, []string{"nobody", "however", "nobody"}, []string{"the", "film", "nobody", "however"}},
		{"one in the vocabulary keeps its place", 6, false, []string{"film", "nobody"}, []string{"the", "film", "awful", "nobody"}},
		{"reserved words before any other", 4, false, []string{"awful", "nobody", "however"}, []string{"awful", "nobody"}},
		{"a word the texts lack gets none", 6, false, []string{"never", "nobody"}, []string{"the", "film", "awful", "nobody"}},
		{"room left in a small vocabulary", 20, false, []string{"nobody"},
			[]string{"the", "film", "awful", "great", "plot", ",", "however", "liked", "nobody"}},
		{"with stems, still read by stems", 6, true, []string{"nobody"}, []string{"the", "film", "awful", "nobody"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, err := Vocabulary(data, []string{"0", "1"}, c.size, 0, c.stem, c.reserved)
			if err != nil {
				t.Fatal(err)
			}
			if got := v.Words()[2:]; !slices.Equal(got, c.want) {
				t.Errorf("vocabulary %q, want %q", got, c.want)
			}
			if want := c.stem; v.Read("filmy") != tokenize.UnkID != want {
				t.Errorf("reads filmy as %d with stems %v", v.Read("filmy"), c.stem)
			}
		})
	}
}

// With stemming, words read by a stem count as the stem: "messy" and
// "messes" lift "mess" above "plot".
func TestVocabularyCountsStemmedWordsAsTheirStems(t *testing.T) {
	data := labelled(
		"0: the mess",
		"0: the messy",
		"0: the messes",
		"1: the plot",
		"1: the plot",
	)
	for _, c := range []struct {
		name string
		stem bool
		want []string // after <pad> and <unk>
	}{
		{"without stemming", false, []string{"the", "plot", "mess"}},
		{"with stemming", true, []string{"the", "mess", "plot"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, err := Vocabulary(data, []string{"0", "1"}, 5, 0, c.stem, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := v.Words()[2:]; !slices.Equal(got, c.want) {
				t.Errorf("vocabulary %q, want %q", got, c.want)
			}
			want := tokenize.UnkID
			if c.stem {
				want = v.ID("mess")
			}
			if got := v.Read("messy"); got != want {
				t.Errorf("reads messy as %d, want %d", got, want)
			}
		})
	}
}

func TestGStatistic(t *testing.T) {
	for _, c := range []struct {
		name          string
		n, classTexts []int
		want          float64
	}{
		{"spread like the labels", []int{2, 6}, []int{10, 30}, 0},
		{"one class only", []int{4, 0}, []int{10, 10}, 2 * 4 * 0.6931471805599453},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := gStatistic(c.n, c.classTexts); got-c.want > 1e-12 || c.want-got > 1e-12 {
				t.Errorf("G = %v, want %v", got, c.want)
			}
		})
	}
}
