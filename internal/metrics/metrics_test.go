package metrics

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestScore(t *testing.T) {
	probs := [][]float64{{0.9, 0.1}, {0.2, 0.8}, {0.6, 0.4}, {0.3, 0.7}}
	labels := []int{0, 1, 1, 0}
	m := Score(probs, labels, 2)
	if m.Accuracy != 0.5 || m.N != 4 {
		t.Errorf("accuracy %v of %d, want 0.5 of 4", m.Accuracy, m.N)
	}
	if want := [][]int{{1, 1}, {1, 1}}; !slices.EqualFunc(m.Confusion, want, slices.Equal) {
		t.Errorf("confusion %v, want %v", m.Confusion, want)
	}
	wantLoss := -(math.Log(0.9) + math.Log(0.8) + math.Log(0.4) + math.Log(0.3)) / 4
	if math.Abs(m.Loss-wantLoss) > 1e-12 {
		t.Errorf("loss %v, want %v", m.Loss, wantLoss)
	}
	for k, c := range m.PerClass {
		if c.Precision != 0.5 || c.Recall != 0.5 || c.F1 != 0.5 || c.Support != 2 {
			t.Errorf("class %d: %+v, want precision, recall and F1 0.5 of 2", k, c)
		}
	}
}

// TestMacroF1AveragesTheClassesThatOccur leaves out of the average a class
// that is neither a true label nor predicted, which has no F1, as
// scikit-learn's f1_score(average="macro") does; a class predicted but
// never true still counts, at 0.
func TestMacroF1AveragesTheClassesThatOccur(t *testing.T) {
	tests := []struct {
		name   string
		probs  [][]float64
		labels []int
		want   float64
	}{
		// It was 0.5: every row right, and the absent class's 0 averaged in.
		{"one class, every row right", [][]float64{{0.1, 0.9}, {0.2, 0.8}}, []int{1, 1}, 1},
		{"one class, a row wrong", [][]float64{{0.1, 0.9}, {0.8, 0.2}}, []int{1, 1}, (0 + 2.0/3) / 2},
		{"three classes, one absent", [][]float64{{0.8, 0.1, 0.1}, {0.1, 0.1, 0.8}}, []int{0, 2}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Score(tt.probs, tt.labels, len(tt.probs[0]))
			if math.Abs(m.MacroF1-tt.want) > 1e-12 {
				t.Errorf("macro F1 %v, want %v (per class %+v)", m.MacroF1, tt.want, m.PerClass)
			}
		})
	}
}

func TestTallyCategories(t *testing.T) {
	tests := []struct {
		name              string
		categories        []string
		labels, predicted []int
		want              []Category
	}{
		{"none", []string{"", ""}, []int{0, 1}, []int{0, 0}, nil},
		{"sorted by name", []string{"negated", "plain", "negated"}, []int{1, 0, 0}, []int{1, 1, 0},
			[]Category{{"negated", 2, 2}, {"plain", 1, 0}}},
		{"rows without one skipped", []string{"x", "", "x"}, []int{0, 1, 1}, []int{1, 1, 1}, []Category{{"x", 2, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tally := NewTally(2)
			for i, name := range tt.categories {
				probs := []float64{1, 0}
				if tt.predicted[i] == 1 {
					probs = []float64{0, 1}
				}
				tally.Add(probs, tt.labels[i], name)
			}
			if got := tally.Categories(); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// A job that scores a set in parts, on several machines and in whatever
// order they finish, must report what one pass reports, loss to the last
// bit; so must a tally that crossed the wire.
func TestTallyPartsMergeToOnePass(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const n, classes = 1000, 3
	probs, labels, cats := make([][]float64, n), make([]int, n), make([]string, n)
	for i := range n {
		p := []float64{r.Float64(), r.Float64(), r.Float64()}
		sum := p[0] + p[1] + p[2]
		for k := range p {
			p[k] /= sum
		}
		probs[i], labels[i], cats[i] = p, r.IntN(classes), []string{"", "a", "b"}[r.IntN(3)]
	}
	whole := NewTally(classes)
	for i := range n {
		whole.Add(probs[i], labels[i], cats[i])
	}
	want := whole.Metrics()
	if one := Score(probs, labels, classes); one.Loss != want.Loss || one.Accuracy != want.Accuracy {
		t.Fatalf("Score: loss %v accuracy %v, the tally: %v %v", one.Loss, one.Accuracy, want.Loss, want.Accuracy)
	}
	tests := []struct {
		name  string
		cuts  []int // where the parts start after the first
		order []int // the order the parts are merged in
	}{
		{"halves", []int{500}, []int{1, 0}},
		{"uneven thirds, reversed", []int{7, 600}, []int{2, 1, 0}},
		{"an empty part", []int{0, 999}, []int{1, 2, 0}},
		{"one in the middle alone", []int{499, 500}, []int{1, 0, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bounds := append(append([]int{0}, tt.cuts...), n)
			parts := make([]Tally, len(bounds)-1)
			for p := range parts {
				parts[p] = NewTally(classes)
				for i := bounds[p]; i < bounds[p+1]; i++ {
					parts[p].Add(probs[i], labels[i], cats[i])
				}
				wire, err := parts[p].MarshalBinary()
				if err != nil {
					t.Fatal(err)
				}
				if err := parts[p].UnmarshalBinary(wire); err != nil {
					t.Fatal(err)
				}
			}
			got := NewTally(classes)
			for _, p := range tt.order {
				got.Merge(parts[p])
			}
			if m := got.Metrics(); !reflect.DeepEqual(m, want) {
				t.Errorf("merged %+v\nwant %+v", m, want)
			}
			if !slices.Equal(got.Categories(), whole.Categories()) {
				t.Errorf("categories %v, want %v", got.Categories(), whole.Categories())
			}
		})
	}
}

func TestWriteTextKeepsWideReportsReadable(t *testing.T) {
	report := func(classes, categories int) Report {
		names := make([]string, classes)
		for k := range names {
			names[k] = fmt.Sprintf("c%d", k)
		}
		mt := Metrics{N: classes, Accuracy: 1, PerClass: make([]ClassMetrics, classes), Confusion: make([][]int, classes)}
		for k := range mt.Confusion {
			mt.Confusion[k] = make([]int, classes)
			mt.Confusion[k][k] = 1
		}
		cats := make([]Category, categories)
		for i := range cats {
			cats[i] = Category{Name: fmt.Sprintf("cat%03d", i), N: 1, Correct: 1}
		}
		return NewReport("m.gob", "d.csv", names, mt, cats)
	}
	for _, c := range []struct {
		name                string
		classes, categories int
		want, wantNot       []string
	}{
		{"three classes, a few categories", 3, 4, []string{"true \\ predicted", "cat003"}, []string{"too wide", "more categor"}},
		{"as many classes as shown", MaxConfusionShown, 0, []string{"true \\ predicted"}, []string{"too wide"}},
		{"one class too many", MaxConfusionShown + 1, 0, []string{"confusion matrix of 21 classes: too wide to read here; eval --json holds it"}, []string{"true \\ predicted"}},
		{"as many categories as shown", 2, MaxCategoriesShown, []string{"cat049"}, []string{"more categor"}},
		{"one category too many", 2, MaxCategoriesShown + 1, []string{"cat049", "and 1 more category; eval --json holds them all"}, []string{"cat050"}},
		{"thousands of categories", 2, 5000, []string{"and 4,950 more categories"}, []string{"cat050"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var b strings.Builder
			if err := report(c.classes, c.categories).WriteText(&b); err != nil {
				t.Fatal(err)
			}
			for _, w := range c.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("no %q in\n%s", w, b.String())
				}
			}
			for _, w := range c.wantNot {
				if strings.Contains(b.String(), w) {
					t.Errorf("%q in\n%s", w, b.String())
				}
			}
		})
	}
}

// TestWriteTextKeepsNamesInTheirColumns: a tab in a category's name (or the
// data file's) ended its cell, and the rest of its row moved a column over:
// "x         y      1  100.0%", the texts column reading "y".
func TestWriteTextKeepsNamesInTheirColumns(t *testing.T) {
	mt := Metrics{N: 2, Accuracy: 1, PerClass: make([]ClassMetrics, 2), Confusion: [][]int{{1, 0}, {0, 1}}}
	for _, c := range []struct {
		name, data, category, want string
	}{
		{"a tab in a category", "d.csv", "x\ty", "x y       1      100.0%\n"},
		{"a tab in the data file's name", "d\t1.csv", "plain", "data      d 1.csv (2 texts)\n"},
		// The byte 0xff is text/tabwriter's escape: the table after it
		// came out raw, its cells joined by tabs, unaligned.
		{"a byte 0xff in a category", "d.csv", "\xffa", "\\xffa     1      100.0%\n"},
		{"a byte 0xff in the data file's name", "d\xff.csv", "plain", "accuracy  100.0%\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cats := []Category{{Name: c.category, N: 1, Correct: 1}, {Name: "plain", N: 1, Correct: 1}}
			var b strings.Builder
			if err := NewReport("m.gob", c.data, []string{"negative", "positive"}, mt, cats).WriteText(&b); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), c.want) {
				t.Errorf("no %q in\n%s", c.want, b.String())
			}
		})
	}
}
