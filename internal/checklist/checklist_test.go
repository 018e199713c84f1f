package checklist

import (
	"fmt"
	"hash/fnv"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/rnnsent/rnnsent/internal/tokenize"
)

func byCategory(cases []Case) map[string][]Case {
	out := map[string][]Case{}
	for _, c := range cases {
		out[c.Category] = append(out[c.Category], c)
	}
	return out
}

func TestEveryCategoryHasCasesWithTheRightLabels(t *testing.T) {
	tests := []struct {
		category string
		min      int
		// want returns the label a case should have, from its text.
		want func(text string) string
	}{
		{PlainPositive, 20, func(string) string { return Positive }},
		{PlainNegative, 20, func(string) string { return Negative }},
		{NegatedPositive, 20, func(string) string { return Negative }},
		{NegatedNegative, 20, func(string) string { return Positive }},
		{NegationAtDistance, 20, negatedPolarity},
		{Comparison, 20, negatedPolarity},
		{Contrast, 20, decidingPolarity},
	}
	groups := byCategory(Cases())
	if len(groups) != len(tests) || len(Categories) != len(tests) {
		t.Fatalf("%d categories generated, %d declared, %d tested", len(groups), len(Categories), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.category, func(t *testing.T) {
			cases := groups[tt.category]
			if len(cases) < tt.min {
				t.Fatalf("%d cases, want at least %d", len(cases), tt.min)
			}
			for _, c := range cases {
				if want := tt.want(c.Text); c.Label != want {
					t.Errorf("%q: label %s, want %s", c.Text, c.Label, want)
				}
			}
		})
	}
}

// polarityOf returns the polarity of the one sentiment word in tokens.
func polarityOf(tokens []string) string {
	var found []string
	for _, tok := range tokens {
		for pol, words := range adjectives {
			if slices.Contains(words, tok) {
				found = append(found, pol)
			}
		}
	}
	if len(found) != 1 {
		return fmt.Sprintf("%d sentiment words", len(found))
	}
	return found[0]
}

// negatedPolarity is the label of a sentence with one sentiment word under
// a negation: the opposite of the word's polarity.
func negatedPolarity(text string) string {
	return opposite(polarityOf(tokenize.Tokenize(text)))
}

// decidingPolarity is the label of a contrast sentence: that of the word
// before ", not" or "rather than" ("Good, not bad."), or else of the last
// word ("The start was bad but the end was good.").
func decidingPolarity(text string) string {
	tokens := tokenize.Tokenize(text)
	for i := 0; i+2 < len(tokens); i++ {
		if next := tokens[i+1]; next == "rather" || next == "," && tokens[i+2] == "not" {
			return polarityOf(tokens[i : i+1])
		}
	}
	return polarityOf(tokens[len(tokens)-2 : len(tokens)-1])
}

func TestContrastPairsHaveTheSameTokensAndOppositeLabels(t *testing.T) {
	pairs := byCategory(Cases())[Contrast]
	if len(pairs)%2 != 0 {
		t.Fatalf("%d contrast cases, want pairs", len(pairs))
	}
	for i := 0; i < len(pairs); i += 2 {
		a, b := pairs[i], pairs[i+1]
		t.Run(a.Text, func(t *testing.T) {
			ta, tb := tokenize.Tokenize(a.Text), tokenize.Tokenize(b.Text)
			if slices.Equal(ta, tb) {
				t.Errorf("%q and %q have the same tokens in the same order", a.Text, b.Text)
			}
			slices.Sort(ta)
			slices.Sort(tb)
			if !slices.Equal(ta, tb) {
				t.Errorf("tokens differ: %q has %q, %q has %q", a.Text, ta, b.Text, tb)
			}
			if a.Label == b.Label {
				t.Errorf("%q and %q are both %s", a.Text, b.Text, a.Label)
			}
		})
	}
}

func TestCasesAreDeterministicAndDistinct(t *testing.T) {
	first, second := Cases(), Cases()
	if !reflect.DeepEqual(first, second) {
		t.Fatal("two calls to Cases differ")
	}
	seen := map[string]bool{}
	for _, c := range first {
		if seen[c.Text] {
			t.Errorf("%q appears twice", c.Text)
		}
		seen[c.Text] = true
		if !strings.HasSuffix(c.Text, ".") || strings.Contains(c.Text, "{") || c.Text[:1] != strings.ToUpper(c.Text[:1]) {
			t.Errorf("%q is not a finished sentence", c.Text)
		}
	}
	if n := len(first); n < 200 || n > 500 {
		t.Errorf("%d cases, want a few hundred", n)
	}
	// Pin the first cases so that a change to the lists is deliberate.
	want := []Case{
		{PlainPositive, "The sequel was good.", Positive},
		{PlainPositive, "The performance was great.", Positive},
	}
	if !reflect.DeepEqual(first[:2], want) {
		t.Errorf("first cases %q, want %q", first[:2], want)
	}
}

func TestScore(t *testing.T) {
	cases := []Case{
		{PlainPositive, "a", Positive},
		{PlainPositive, "b", Positive},
		{NegatedNegative, "c", Positive},
		{PlainNegative, "d", Negative},
	}
	tests := []struct {
		name         string
		positive     []float64
		wantAll      Tally
		wantCats     []Tally
		wantFailures []Result
	}{
		{
			name:     "all right",
			positive: []float64{0.9, 0.6, 0.7, 0.2},
			wantAll:  Tally{"all", 4, 4},
			wantCats: []Tally{{PlainPositive, 2, 2}, {PlainNegative, 1, 1}, {NegatedNegative, 1, 1}},
		},
		{
			name:     "failures most confident first",
			positive: []float64{0.4, 0.1, 0.7, 0.8},
			wantAll:  Tally{"all", 4, 1},
			wantCats: []Tally{{PlainPositive, 2, 0}, {PlainNegative, 1, 0}, {NegatedNegative, 1, 1}},
			wantFailures: []Result{
				{cases[1], Negative, 0.9},
				{cases[3], Positive, 0.8},
				{cases[0], Negative, 0.6},
			},
		},
		{
			name:         "a tie is negative",
			positive:     []float64{0.5, 1, 1, 0.5},
			wantAll:      Tally{"all", 4, 3},
			wantCats:     []Tally{{PlainPositive, 2, 1}, {PlainNegative, 1, 1}, {NegatedNegative, 1, 1}},
			wantFailures: []Result{{cases[0], Negative, 0.5}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Score(cases, tt.positive)
			if got.All != tt.wantAll {
				t.Errorf("all: got %+v, want %+v", got.All, tt.wantAll)
			}
			if !slices.Equal(got.Categories, tt.wantCats) {
				t.Errorf("categories: got %+v, want %+v", got.Categories, tt.wantCats)
			}
			if !slices.EqualFunc(got.Failures, tt.wantFailures, approxResult) {
				t.Errorf("failures: got %+v, want %+v", got.Failures, tt.wantFailures)
			}
		})
	}
}

func approxResult(a, b Result) bool {
	return a.Case == b.Case && a.Got == b.Got && math.Abs(a.Probability-b.Probability) < 1e-12
}

// A scorer that sees only which tokens occur gives both sentences of a
// contrast pair one probability, so it passes exactly half of them, however
// it maps token sets to probabilities.
func TestOrderBlindScorerPassesHalfTheContrastPairs(t *testing.T) {
	cases := Cases()
	positive := make([]float64, len(cases))
	for i, c := range cases {
		tokens := tokenize.Tokenize(c.Text)
		slices.Sort(tokens)
		h := fnv.New64a()
		h.Write([]byte(strings.Join(tokens, " ")))
		positive[i] = float64(h.Sum64()%1000) / 1000
	}
	for _, tally := range Score(cases, positive).Categories {
		if tally.Name == Contrast && tally.PassRate() != 0.5 {
			t.Errorf("contrast pass rate %v, want 0.5", tally.PassRate())
		}
	}
}
