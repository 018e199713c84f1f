package dataset

import (
	"fmt"
	"slices"
	"testing"

	"github.com/rnnsent/rnnsent/internal/csvread"
	"github.com/rnnsent/rnnsent/internal/tokenize"
)

func rows(labels ...string) []csvread.Row {
	var out []csvread.Row
	for i, l := range labels {
		out = append(out, csvread.Row{Text: "text", Label: l, Line: i + 2})
	}
	return out
}

// numbered is the labels prefix000, prefix001, … of n classes, each on
// each rows, in order.
func numbered(prefix string, n, each int) []string {
	var out []string
	for i := range n {
		for range each {
			out = append(out, fmt.Sprintf("%s%03d", prefix, i))
		}
	}
	return out
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestLabelsAreSortedAndNeedTwoClasses(t *testing.T) {
	tests := []struct {
		name    string
		rows    []csvread.Row
		want    []string
		wantErr string
	}{
		{"binary digits", rows("1", "0", "1"), []string{"0", "1"}, ""},
		{"three words sorted", rows("positive", "neutral", "negative", "neutral"),
			[]string{"negative", "neutral", "positive"}, ""},
		{"one class", rows("1", "1"), nil,
			`train.csv: every row has the label "1"; training needs at least two classes`},
		{"no rows", nil, nil, "train.csv: no rows after the header"},
		{"labels that differ only in case", rows("Positive", "negative", "positive"), nil,
			`train.csv: labels "Positive" and "positive" differ only in case; write each class one way`},
		// Four classes, 0, 0.0, 1 and 1.0, of two.
		{"labels that are the same number", rows("0", "1", "1.0", "0"), nil,
			`train.csv: labels "1" and "1.0" are the same number; write each class one way`},
		// pandas' to_csv(decimal=",") of the same column, as a German or
		// French export writes it.
		{"labels that are the same number with a decimal comma", rows("0", "1", "1,0", "0,0"), nil,
			`train.csv: labels "0" and "0,0" are the same number; write each class one way`},
		{"a comma before three digits is no decimal mark", rows("1", "1,000", "2"), []string{"1", "1,000", "2"}, ""},
		{"labels that are different numbers", rows("-1", "0", "1", "1"), []string{"-1", "0", "1"}, ""},
		{"the texts as labels", rows(numbered("review", 150, 1)...), nil,
			`train.csv: 150 different labels in 150 rows, most rows a class of their own: is the label column the texts'?`},
		{"many classes of two rows each", rows(numbered("class", 150, 2)...), numbered("class", 150, 1), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Labels(tt.rows, "train.csv")
			if errString(err) != tt.wantErr {
				t.Fatalf("error %q, want %q", errString(err), tt.wantErr)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDisplayNamesSpellOutBinaryDigits(t *testing.T) {
	tests := []struct {
		name   string
		labels []string
		want   []string
	}{
		{"binary digits become words", []string{"0", "1"}, []string{"negative", "positive"}},
		{"words stay", []string{"negative", "neutral", "positive"}, []string{"negative", "neutral", "positive"}},
		{"other digits stay", []string{"0", "1", "2"}, []string{"0", "1", "2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DisplayNames(tt.labels); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEncodeMapsTokensAndLabelsToIDs(t *testing.T) {
	exs := Tokenize([]csvread.Row{
		{Text: "Not bad!", Label: "1", Line: 2},
		{Text: "bad, bad movie", Label: "0", Line: 3},
	})
	counts := Counts(exs)
	if want := map[string]int{"not": 1, "bad": 3, "!": 1, ",": 1, "movie": 1}; !mapsEqual(counts, want) {
		t.Fatalf("Counts = %v, want %v", counts, want)
	}
	// Ids after <pad> and <unk> go by frequency, ties by string: bad=2 !=3 ,=4 movie=5 not=6.
	vocab, err := tokenize.BuildVocab(counts, 10)
	if err != nil {
		t.Fatal(err)
	}
	labels := []string{"0", "1"}

	tests := []struct {
		name       string
		examples   []Example
		maxLen     int
		wantSeqs   [][]int
		wantLabels []int
		wantErr    string
	}{
		{"whole texts", exs, 0, [][]int{{6, 2, 3}, {2, 4, 2, 5}}, []int{1, 0}, ""},
		{"long texts keep their end", exs, 2, [][]int{{2, 3}, {2, 5}}, []int{1, 0}, ""},
		{"unseen word", Tokenize([]csvread.Row{{Text: "great", Label: "1", Line: 7}}), 0, [][]int{{tokenize.UnkID}}, []int{1}, ""},
		{"unknown label", Tokenize([]csvread.Row{{Text: "meh", Label: "neutral", Line: 9}}), 0, nil, nil,
			`dev.csv:9: label "neutral" is not one the model knows (0, 1; shown as negative, positive)`},
		{"no examples", nil, 0, nil, nil, "dev.csv: no rows after the header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Encode(tt.examples, vocab, labels, tt.maxLen, "dev.csv")
			if errString(err) != tt.wantErr {
				t.Fatalf("error %q, want %q", errString(err), tt.wantErr)
			}
			if !slices.EqualFunc(got.Seqs, tt.wantSeqs, slices.Equal) || !slices.Equal(got.Labels, tt.wantLabels) {
				t.Errorf("got %v %v, want %v %v", got.Seqs, got.Labels, tt.wantSeqs, tt.wantLabels)
			}
		})
	}
}

func TestUnknownLabelNamesAFewOfTheKnown(t *testing.T) {
	many := make([]string, 1000)
	for i := range many {
		many[i] = fmt.Sprintf("c%03d", i)
	}
	vocab, err := tokenize.BuildVocab(map[string]int{"meh": 1}, 5)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name    string
		labels  []string
		wantErr string
	}{
		{"two classes, shown otherwise", []string{"0", "1"}, `dev.csv:9: label "neutral" is not one the model knows (0, 1; shown as negative, positive)`},
		{"ten classes, every one", many[:10], `dev.csv:9: label "neutral" is not one the model knows (c000, c001, c002, c003, c004, c005, c006, c007, c008, c009)`},
		{"a thousand classes, the first ten", many,
			`dev.csv:9: label "neutral" is not one the model knows (c000, c001, c002, c003, c004, c005, c006, c007, c008, c009 and 990 more)`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Encode(Tokenize([]csvread.Row{{Text: "meh", Label: "neutral", Line: 9}}), vocab, tt.labels, 0, "dev.csv")
			if errString(err) != tt.wantErr {
				t.Errorf("error %q, want %q", errString(err), tt.wantErr)
			}
		})
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestClassesAcceptBothSpellingsOfBinarySentiment(t *testing.T) {
	tests := []struct {
		name   string
		labels []string
		label  string
		want   int
		ok     bool
	}{
		{"digits as written", []string{"0", "1"}, "1", 1, true},
		{"digits by their names", []string{"0", "1"}, "negative", 0, true},
		{"names in another case", []string{"0", "1"}, "Positive", 1, true},
		{"names as digits", []string{"negative", "positive"}, "1", 1, true},
		{"names as written", []string{"negative", "positive"}, "negative", 0, true},
		{"abbreviations as written", []string{"neg", "pos"}, "pos", 1, true},
		{"abbreviations by their names", []string{"neg", "pos"}, "Negative", 0, true},
		{"digits as abbreviations", []string{"0", "1"}, "pos", 1, true},
		{"three classes take no aliases", []string{"negative", "neutral", "positive"}, "0", 0, false},
		{"other labels as written", []string{"bad", "good"}, "good", 1, true},
		{"other labels in another case", []string{"bad", "good"}, "Good", 0, false},
		{"unknown", []string{"0", "1"}, "2", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, ok := Classes(tt.labels)(tt.label)
			if k != tt.want || ok != tt.ok {
				t.Errorf("class of %q among %q: %d, %v; want %d, %v", tt.label, tt.labels, k, ok, tt.want, tt.ok)
			}
		})
	}
}
