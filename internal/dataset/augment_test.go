package dataset

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/rnnsent/rnnsent/internal/tokenize"
)

// contrastSet is a two-class set for ContrastPairs and contrastClauses the
// indices of its texts that may be clauses of a contrast example.
var (
	contrastWords = []string{"<pad>", "<unk>", "but", ",", "yet", "the", "film", "was", "dull", "superb", "a",
		"gorgeous", "clumsy", "cast", "is", "wonderful", "although", "long"}
	contrastTexts = []struct {
		text  string
		label int
	}{
		{"dull", 0},
		{"the film was dull", 0},
		{"clumsy", 0},
		{"superb", 1},
		{"a gorgeous film", 1},
		{"the cast is wonderful", 1},
		{"dull although the cast is wonderful", 1},
		{"the film was long , the film was dull", 0}, // 9 tokens
		{"superb but dull", 0},
		{"a film", 1},
	}
	contrastClauses = []int{0, 1, 2, 3, 4, 5, 9}
	// bareQualities are those a conceding connective may take: "dull",
	// "clumsy" ("superb" has no ending that gives it away).
	bareQualities = []int{0, 2}
)

func contrastSet(t *testing.T) Set {
	t.Helper()
	vocab := mustVocab(t, contrastWords)
	var s Set
	for _, x := range contrastTexts {
		s.Seqs = append(s.Seqs, vocab.Encode(strings.Fields(x.text), 0))
		s.Labels = append(s.Labels, x.label)
	}
	return s
}

func mustVocab(t *testing.T, words []string) *tokenize.Vocab {
	t.Helper()
	v, err := tokenize.NewVocab(words)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestContrastPairs(t *testing.T) {
	set := contrastSet(t)
	butForms := []string{"A but B", "A , but B", "A yet B", "A , yet B"}
	allForms := append(slices.Clone(butForms), "although A , B", "B , although A", "B although A", "though A , B",
		"B , though A", "B , even though A", "A . however , B", "A ; however , B")
	cases := []struct {
		name       string
		words      []string
		classes    int
		perHundred int
		maxLen     int
		want       int
		contrasts  []string // the forms asked for; nil for "but" alone
		forms      []string // the examples it may write, A and B for the clauses
		clauses    []int    // nil for contrastClauses
	}{
		{"50 per 100 texts", contrastWords, 2, 50, 0, 5, nil, butForms, nil},
		{"as many as there are texts", contrastWords, 2, 100, 0, 10, nil, butForms, nil},
		{"rounded down", contrastWords, 2, 19, 0, 1, nil, butForms, nil},
		{"fewer than one", contrastWords, 2, 9, 0, 0, nil, nil, nil},
		{"off", contrastWords, 2, 0, 0, 0, nil, nil, nil},
		{"three classes are left alone", contrastWords, 3, 100, 0, 0, nil, nil, nil},
		{"neither but nor yet in the vocabulary", renamedFrom(contrastWords, "but", "yet"), 2, 100, 0, 0, nil, nil, nil},
		// Without "but" in the vocabulary, "superb but dull" is a clause.
		{"yet and no comma in the vocabulary", renamedFrom(contrastWords, "but", ","), 2, 100, 0, 10, nil, []string{"A yet B"}, append([]int{8}, contrastClauses...)},
		{"examples longer than the model reads are left out", contrastWords, 2, 100, 4, 3, nil, butForms, nil},
		// Cut to its end, "superb , although the film was dull" read "the
		// film was dull", labelled positive.
		{"examples longer than the model reads are left out, B first or last", append(slices.Clone(contrastWords), "though", "even", "however", ".", ";"), 2, 100, 4, 3,
			AllContrasts, allForms, nil},
		{"every form, B first or last", append(slices.Clone(contrastWords), "though", "even", "however", ".", ";"), 2, 100, 0, 10,
			AllContrasts, allForms, nil},
		{"a form whose words the vocabulary lacks", contrastWords, 2, 100, 0, 10, []string{ContrastBut, ContrastHowever}, butForms, nil},
		{"only that form", append(slices.Clone(contrastWords), "however", ";", "."), 2, 100, 0, 10, []string{ContrastHowever},
			[]string{"A . however , B", "A ; however , B"}, nil},
		{"however concedes a bare quality", append(slices.Clone(contrastWords), "however", ";", ".", "it", "seemed", "may", "seem", "sounds"), 2, 100, 0, 10,
			[]string{ContrastHowever}, []string{"A . however , B", "A ; however , B", "however A it seemed , B", "however A it may seem , B",
				"B , however A it was", "B , however A it sounds"}, nil},
		{"only conceding connectives: the texts they cannot take lead none", append(slices.Clone(contrastWords), "however", "it", "seemed"), 2, 70, 0, 2,
			[]string{ContrastHowever}, []string{"however A it seemed , B", "B , however A it was"}, bareQualities},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			vocab := mustVocab(t, tc.words)
			clauses := tc.clauses
			if clauses == nil {
				clauses = contrastClauses
			}
			// A second clause need not be one that leads.
			seconds := slices.Compact(slices.Sorted(slices.Values(slices.Concat(clauses, contrastClauses))))
			got := ContrastPairs(set, vocab, tc.classes, tc.perHundred, 1, tc.maxLen, tc.contrasts)
			if got.Len() != tc.want || len(got.Labels) != tc.want {
				t.Fatalf("%d examples with %d labels, want %d", got.Len(), len(got.Labels), tc.want)
			}
			leads := map[int]int{}
			used := map[string]bool{}
			for k, seq := range got.Seqs {
				// Every way the example could have been made: it must be
				// one, and only one when nothing was cut off.
				type making struct {
					a, b int
					form string
				}
				var makings []making
				for _, a := range clauses {
					for _, b := range seconds {
						for _, form := range tc.forms {
							if strings.Contains(form, " it ") && !slices.Contains(bareQualities, a) {
								continue
							}
							var whole []int
							for _, w := range strings.Fields(form) {
								switch w {
								case "A":
									whole = append(whole, set.Seqs[a]...)
								case "B":
									whole = append(whole, set.Seqs[b]...)
								default:
									whole = append(whole, vocab.ID(w))
								}
							}
							if tc.maxLen > 0 && len(whole) > tc.maxLen {
								continue
							}
							if slices.Equal(seq, whole) && set.Labels[a] != set.Labels[b] {
								makings = append(makings, making{a, b, form})
							}
						}
					}
				}
				if len(makings) == 0 || tc.maxLen == 0 && len(makings) > 1 {
					t.Fatalf("example %d %v is made %d ways from two short texts of different labels and a connective", k, seq, len(makings))
				}
				if m := makings[0]; got.Labels[k] != set.Labels[m.b] {
					t.Errorf("example %d %v has label %d, want that of its second clause, %d", k, seq, got.Labels[k], set.Labels[m.b])
				}
				if tc.maxLen > 0 && len(seq) > tc.maxLen {
					t.Errorf("example %d has %d tokens, more than %d", k, len(seq), tc.maxLen)
				}
				leads[makings[0].a]++
				used[makings[0].form] = true
			}
			if tc.maxLen == 0 {
				for _, a := range clauses {
					if n := leads[a]; n < tc.want/len(clauses) || n > (tc.want+len(clauses)-1)/len(clauses) {
						t.Errorf("text %d leads %d of %d examples; %d short texts should take turns", a, n, tc.want, len(clauses))
					}
				}
			}
			if tc.want >= 10 && len(tc.forms) > 1 && len(used) < 2 {
				t.Errorf("every example uses the connective %v", slices.Collect(maps.Keys(used)))
			}
		})
	}
}

func TestBareQuality(t *testing.T) {
	vocab := mustVocab(t, []string{"<pad>", "<unk>", "dull", "very", "a", "film", "."})
	cases := []struct {
		name string
		seq  []int
		want bool
	}{
		{"an adjective", []int{2}, true},
		{"an intensified adjective", []int{3, 2}, true},
		{"a noun phrase", []int{4, 5}, false},
		{"a full stop after it", []int{2, 6}, false},
		{"a word read through its subwords", []int{vocab.Len() + 7}, false},
		{"an intensifier before a subword id", []int{3, vocab.Len()}, false},
		{"nothing", nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := bareQuality(tc.seq, vocab); got != tc.want {
				t.Errorf("bareQuality(%v) = %v, want %v", tc.seq, got, tc.want)
			}
		})
	}
}

func TestContrastPairsNeedAShortTextOfEachClass(t *testing.T) {
	set := contrastSet(t)
	// Every positive text becomes a contrast already or too long a clause.
	set.Seqs[3], set.Seqs[4], set.Seqs[5] = set.Seqs[6], set.Seqs[6], set.Seqs[6]
	set.Seqs[9] = slices.Repeat(set.Seqs[9], 5)
	if got := ContrastPairs(set, mustVocab(t, contrastWords), 2, 100, 1, 0, nil); got.Len() != 0 {
		t.Errorf("%d examples %v, want none", got.Len(), got.Seqs)
	}
}

func TestContrastPairsFollowTheSeed(t *testing.T) {
	set := contrastSet(t)
	vocab := mustVocab(t, contrastWords)
	before := contrastSet(t)
	a, b := ContrastPairs(set, vocab, 2, 100, 7, 0, AllContrasts), ContrastPairs(set, vocab, 2, 100, 7, 0, AllContrasts)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("seed 7 gave\n%v %v\nthen\n%v %v", a.Seqs, a.Labels, b.Seqs, b.Labels)
	}
	if c := ContrastPairs(set, vocab, 2, 100, 8, 0, AllContrasts); reflect.DeepEqual(a, c) {
		t.Errorf("seeds 7 and 8 both gave %v", a.Seqs)
	}
	if !reflect.DeepEqual(set, before) {
		t.Error("the set changed")
	}
}
