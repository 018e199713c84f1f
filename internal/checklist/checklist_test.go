package checklist

import (
	"fmt"
	"hash/fnv"
	"maps"
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

func categoryNames() []string {
	var names []string
	for _, c := range Categories {
		names = append(names, c.Name)
	}
	return names
}

func TestEveryCategoryHasCasesInBothHalves(t *testing.T) {
	groups := byCategory(Cases())
	if got, want := slices.Sorted(maps.Keys(groups)), slices.Sorted(slices.Values(categoryNames())); !slices.Equal(got, want) {
		t.Fatalf("categories generated %q, declared %q", got, want)
	}
	for _, name := range categoryNames() {
		t.Run(name, func(t *testing.T) {
			n := map[string]int{}
			for _, c := range groups[name] {
				n[c.Half]++
			}
			for _, half := range []string{HalfTune, HalfReport} {
				if n[half] < 15 {
					t.Errorf("%d cases in the %s half, want at least 15", n[half], half)
				}
			}
		})
	}
}

// A template's sentences are all in one half: the halves share words but
// never a sentence shape.
func TestNoTemplateInBothHalves(t *testing.T) {
	half := map[string]string{}
	for _, c := range Cases() {
		if !strings.HasPrefix(c.Template, c.Category+"/") {
			t.Errorf("%q: template %q is not one of category %s", c.Text, c.Template, c.Category)
		}
		if h, seen := half[c.Template]; seen && h != c.Half {
			t.Errorf("template %s is in both halves (%q in %s)", c.Template, c.Text, c.Half)
		}
		half[c.Template] = c.Half
	}
}

func TestSelect(t *testing.T) {
	all := Cases()
	tune, report := Select(HalfTune), Select(HalfReport)
	if !reflect.DeepEqual(Select(HalfAll), all) {
		t.Error("Select(all) differs from Cases")
	}
	if len(tune)+len(report) != len(all) || len(tune) == 0 || len(report) == 0 {
		t.Errorf("%d tune and %d report cases of %d", len(tune), len(report), len(all))
	}
	for _, tt := range []struct {
		half  string
		cases []Case
	}{{HalfTune, tune}, {HalfReport, report}} {
		for _, c := range tt.cases {
			if c.Half != tt.half {
				t.Errorf("Select(%s) holds %q of the %s half", tt.half, c.Text, c.Half)
			}
		}
	}
}

// Each sentence below was written by hand with the label a reader gives
// it; the suite must hold it, in that category and with that label.
func TestHandWrittenSentencesHaveTheirLabels(t *testing.T) {
	tests := []struct {
		text, category, label string
	}{
		{"The film was good.", PlainPositive, Positive},
		{"The sequel was a failure.", PlainNegative, Negative},
		{"The meal was not bad.", NegNot, Positive},
		{"I would not call the app enjoyable.", NegNot, Negative},
		{"The coffee wasn't mediocre.", NegAuxNt, Positive},
		{"The tour doesn't seem lovely.", NegAuxNt, Negative},
		{"I haven't found the dessert dreadful.", NegAuxNt, Positive},
		{"You couldn't call the phone excellent.", NegAuxNt, Negative},
		{"I never found the sequel poor.", NegNever, Positive},
		{"The service never seemed impressive.", NegNever, Negative},
		{"Nobody thought the laptop was horrible.", NegQuantifier, Positive},
		{"There was nothing fantastic about the meal.", NegQuantifier, Negative},
		{"None of us found the coffee annoying.", NegQuantifier, Positive},
		{"The phone was no masterpiece.", NegQuantifier, Negative},
		{"The phone was no disappointment.", NegQuantifier, Positive},
		{"The script was hardly wonderful.", NegHardly, Negative},
		{"The sequel is hardly horrible.", NegHardly, Positive},
		{"The hotel was barely impressive.", NegHardly, Negative},
		{"I don't think the meal is weak.", NegThink, Positive},
		{"I don't believe the service was fantastic.", NegThink, Negative},
		{"I really don't find the laptop dreadful.", NegThink, Positive},
		{"The coffee was not, to be honest, awful.", NegDistance, Positive},
		{"I would not say that the film was impressive.", NegDistance, Negative},
		{"Nobody I know would say the dessert was horrible.", NegDistance, Positive},
		{"The sequel was not without charm.", NegDouble, Positive},
		{"There was not a moment when the room was not unpleasant.", NegDouble, Negative},
		{"I never found the app anything but fantastic.", NegDouble, Positive},
		{"The restaurant was never not terrible.", NegDouble, Negative},
		{"The hotel looked excellent but turned out awful.", ContrastBut, Negative},
		{"I expected the laptop to be poor, but it was wonderful.", ContrastBut, Positive},
		{"Everyone said the tour would be lovely, yet it was unpleasant.", ContrastYet, Negative},
		{"The reviews called the coffee mediocre, yet it was impressive.", ContrastYet, Positive},
		{"The reviews called the dessert brilliant. However, it was dreadful.", ContrastHowever, Negative},
		{"The room turned out great, however terrible it seemed at first.", ContrastHowever, Positive},
		{"However good it seemed at first, the service turned out bad.", ContrastHowever, Negative},
		{"Although it looked dull, the restaurant turned out delightful.", ContrastAlthough, Positive},
		{"The meal turned out disappointing, although it looked enjoyable.", ContrastAlthough, Negative},
		{"The laptop was horrible, though the reviews called it pleasant.", ContrastThough, Negative},
		{"Though the reviews called it mediocre, the hotel was impressive.", ContrastThough, Positive},
		{"Annoying, not fantastic.", ContrastNot, Negative},
		{"Far from terrible, the tour was great.", ContrastNot, Positive},
		{"The dessert wasn't as poor as the reviews said.", Comparison, Positive},
		{"The phone was nowhere near as impressive as I had heard.", Comparison, Negative},
		{"The hotel was incredibly annoying.", Intensifier, Negative},
		{"The laptop was so brilliant!", Intensifier, Positive},
		{"The film was somewhat good.", Hedge, Positive},
		{"The tour was kind of dull.", Hedge, Negative},
		{"Wasn't the soundtrack mediocre?", Question, Negative},
		{"Was the dessert horrible? Not at all.", Question, Positive},
		{"How could anyone call the pizza lovely?", Question, Negative},
		{"Was the phone fantastic? Absolutely.", Question, Positive},
		{"Is the app annoying? Not really.", Question, Positive},
	}
	byText := map[string]Case{}
	for _, c := range Cases() {
		byText[c.Text] = c
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			c, ok := byText[tt.text]
			if !ok {
				t.Fatal("not in the suite")
			}
			if c.Category != tt.category || c.Label != tt.label {
				t.Errorf("%s, %s; want %s, %s", c.Category, c.Label, tt.category, tt.label)
			}
		})
	}
}

// sentiment holds every sentiment word of the suite with its polarity:
// the lists' words, and the one a template writes out.
var sentiment = func() map[string]string {
	out := map[string]string{"charm": Positive}
	for _, lists := range []map[string][]string{adjectives, nouns} {
		for pol, ws := range lists {
			for _, w := range ws {
				out[w] = pol
			}
		}
	}
	return out
}()

// sentimentWord returns the position and polarity of the one sentiment
// word in tokens.
func sentimentWord(tokens []string) (int, string, error) {
	at, found := -1, 0
	for i, tok := range tokens {
		if _, ok := sentiment[tok]; ok {
			at = i
			found++
		}
	}
	if found != 1 {
		return 0, "", fmt.Errorf("%d sentiment words", found)
	}
	return at, sentiment[tokens[at]], nil
}

// Outside contrast (two sentiment words) and questions (where the answer
// decides), a case holds one sentiment word, and its label is that word's
// polarity or, under a single negation, the opposite.
func TestLabelsFollowTheSentimentWord(t *testing.T) {
	keeps := map[string]bool{
		PlainPositive: true, PlainNegative: true, NegDouble: true, Intensifier: true, Hedge: true,
		NegNot: false, NegAuxNt: false, NegNever: false, NegQuantifier: false, NegHardly: false,
		NegThink: false, NegDistance: false, Comparison: false,
	}
	groups := byCategory(Cases())
	for category, keep := range keeps {
		t.Run(category, func(t *testing.T) {
			for _, c := range groups[category] {
				_, pol, err := sentimentWord(tokenize.Tokenize(c.Text))
				if err != nil {
					t.Errorf("%q: %v", c.Text, err)
					continue
				}
				if !keep {
					pol = opposite(pol)
				}
				if c.Label != pol {
					t.Errorf("%q: label %s, want %s", c.Text, c.Label, pol)
				}
			}
		})
	}
}

func TestNegationAtDistanceIsThreeWordsOrMoreAway(t *testing.T) {
	negations := []string{"not", "n't", "never", "nobody"}
	for _, c := range byCategory(Cases())[NegDistance] {
		tokens := tokenize.Tokenize(c.Text)
		at, _, err := sentimentWord(tokens)
		neg := slices.IndexFunc(tokens, func(tok string) bool { return slices.Contains(negations, tok) })
		if err != nil || neg < 0 || at-neg-1 < 3 {
			t.Errorf("%q: negation at token %d, sentiment word at %d (%v); want three tokens or more between", c.Text, neg, at, err)
		}
	}
}

func contrastCases(cases []Case) []Case {
	var out []Case
	for _, c := range Categories {
		if c.Group == Contrast {
			out = append(out, byCategory(cases)[c.Name]...)
		}
	}
	return out
}

func TestContrastPairsHaveTheSameTokensAndOppositeLabels(t *testing.T) {
	pairs := contrastCases(Cases())
	if len(pairs) == 0 || len(pairs)%2 != 0 {
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
			if a.Label == b.Label || a.Template != b.Template {
				t.Errorf("%q (%s, %s) and %q (%s, %s): want opposite labels from one template",
					a.Text, a.Label, a.Template, b.Text, b.Label, b.Template)
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
		if !strings.ContainsAny(c.Text[len(c.Text)-1:], ".?!") || strings.Contains(c.Text, "{") || c.Text[:1] != strings.ToUpper(c.Text[:1]) {
			t.Errorf("%q is not a finished sentence", c.Text)
		}
		tokens := tokenize.Tokenize(c.Text)
		for i, tok := range tokens[:len(tokens)-1] {
			if tok == "a" && strings.ContainsAny(tokens[i+1][:1], "aeiou") {
				t.Errorf("%q: \"a\" before a vowel", c.Text)
			}
		}
	}
	if n := len(first); n < 800 || n > 1500 {
		t.Errorf("%d cases, want about a thousand", n)
	}
	// Pin the first cases so that a change to the lists is deliberate.
	want := []Case{
		{PlainPositive, "plain_positive/1", HalfTune, "The film was good.", Positive},
		{PlainPositive, "plain_positive/1", HalfTune, "The sequel was great.", Positive},
	}
	if !reflect.DeepEqual(first[:2], want) {
		t.Errorf("first cases %q, want %q", first[:2], want)
	}
}

func TestScore(t *testing.T) {
	cases := []Case{
		{Category: PlainPositive, Text: "a", Label: Positive},
		{Category: PlainPositive, Text: "b", Label: Positive},
		{Category: NegNot, Text: "c", Label: Positive},
		{Category: PlainNegative, Text: "d", Label: Negative},
		{Category: NegNever, Text: "e", Label: Negative},
	}
	tests := []struct {
		name         string
		positive     []float64
		wantAll      Tally
		wantCats     []Tally
		wantGroups   []Tally
		wantFailures []Result
	}{
		{
			name:       "all right",
			positive:   []float64{0.9, 0.6, 0.7, 0.2, 0.1},
			wantAll:    Tally{"all", 5, 5},
			wantCats:   []Tally{{PlainPositive, 2, 2}, {PlainNegative, 1, 1}, {NegNot, 1, 1}, {NegNever, 1, 1}},
			wantGroups: []Tally{{Negation, 2, 2}},
		},
		{
			name:       "failures most confident first",
			positive:   []float64{0.4, 0.1, 0.7, 0.8, 0.6},
			wantAll:    Tally{"all", 5, 1},
			wantCats:   []Tally{{PlainPositive, 2, 0}, {PlainNegative, 1, 0}, {NegNot, 1, 1}, {NegNever, 1, 0}},
			wantGroups: []Tally{{Negation, 2, 1}},
			wantFailures: []Result{
				{cases[1], Negative, 0.9},
				{cases[3], Positive, 0.8},
				{cases[0], Negative, 0.6},
				{cases[4], Positive, 0.6},
			},
		},
		{
			name:         "a tie is negative",
			positive:     []float64{0.5, 1, 1, 0.5, 0.5},
			wantAll:      Tally{"all", 5, 4},
			wantCats:     []Tally{{PlainPositive, 2, 1}, {PlainNegative, 1, 1}, {NegNot, 1, 1}, {NegNever, 1, 1}},
			wantGroups:   []Tally{{Negation, 2, 2}},
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
			if !slices.Equal(got.Groups, tt.wantGroups) {
				t.Errorf("groups: got %+v, want %+v", got.Groups, tt.wantGroups)
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
// it maps token sets to probabilities, in either half of the suite.
func TestOrderBlindScorerPassesHalfTheContrastPairs(t *testing.T) {
	for _, half := range Halves {
		cases := Select(half)
		positive := make([]float64, len(cases))
		for i, c := range cases {
			tokens := tokenize.Tokenize(c.Text)
			slices.Sort(tokens)
			h := fnv.New64a()
			h.Write([]byte(strings.Join(tokens, " ")))
			positive[i] = float64(h.Sum64()%1000) / 1000
		}
		r := Score(cases, positive)
		for _, tally := range slices.Concat(r.Categories, r.Groups) {
			if strings.HasPrefix(tally.Name, Contrast) && tally.PassRate() != 0.5 {
				t.Errorf("%s half: %s pass rate %v, want 0.5", half, tally.Name, tally.PassRate())
			}
		}
	}
}
