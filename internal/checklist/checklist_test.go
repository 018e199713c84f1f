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

// Where a category has several forms, each half has each of them, so that
// neither half's figure leaves a form out.
func TestEveryFormIsInBothHalves(t *testing.T) {
	before := func(words ...string) func([]string) bool {
		return func(tokens []string) bool {
			for i := 0; i+1 < len(tokens); i++ {
				if slices.Contains(words, tokens[i]) && tokens[i+1] == "n't" {
					return true
				}
			}
			return false
		}
	}
	has := func(word string) func([]string) bool {
		return func(tokens []string) bool { return slices.Contains(tokens, word) }
	}
	first := func(words ...string) func([]string) bool {
		return func(tokens []string) bool { return slices.Contains(words, tokens[0]) }
	}
	notFirst := func(words ...string) func([]string) bool {
		return func(tokens []string) bool { return !first(words...)(tokens) }
	}
	answered := func(tokens []string) bool { return slices.Index(tokens, "?") < len(tokens)-1 }
	tests := []struct {
		name, category string
		form           func(tokens []string) bool
	}{
		{"n't with be", NegAuxNt, before("was", "is")},
		{"n't with do", NegAuxNt, before("did", "does", "do")},
		{"n't with have", NegAuxNt, before("has", "have")},
		{"n't with a modal", NegAuxNt, before("would", "could", "ca", "should")},
		{"nobody", NegQuantifier, has("nobody")},
		{"nothing", NegQuantifier, has("nothing")},
		{"none", NegQuantifier, has("none")},
		{"no", NegQuantifier, has("no")},
		{"hardly", NegHardly, has("hardly")},
		{"barely", NegHardly, has("barely")},
		{"think", NegThink, has("think")},
		{"believe", NegThink, has("believe")},
		{"find", NegThink, has("find")},
		{"although first", ContrastAlthough, first("although")},
		{"although second", ContrastAlthough, notFirst("although")},
		{"though first", ContrastThough, first("though", "even")},
		{"though second", ContrastThough, notFirst("though", "even")},
		{"however first", ContrastHowever, first("however")},
		{"however later", ContrastHowever, notFirst("however")},
		{"rhetorical question", Question, func(tokens []string) bool { return !answered(tokens) }},
		{"question answered", Question, answered},
	}
	groups := byCategory(Cases())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := map[string]int{}
			for _, c := range groups[tt.category] {
				if tt.form(tokenize.Tokenize(c.Text)) {
					n[c.Half]++
				}
			}
			if n[HalfTune] == 0 || n[HalfReport] == 0 {
				t.Errorf("%d cases in the tuning half, %d in the reporting half; want some in each", n[HalfTune], n[HalfReport])
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
		{"The laptop was a disappointment.", PlainNegative, Negative},
		{"The phone was not weak.", NegNot, Positive},
		{"I would not call the coffee good.", NegNot, Negative},
		{"The hotel wasn't mediocre.", NegAuxNt, Positive},
		{"The script doesn't seem lovely.", NegAuxNt, Negative},
		{"I haven't found the pizza dreadful.", NegAuxNt, Positive},
		{"You couldn't call the film excellent.", NegAuxNt, Negative},
		{"I never found the room dull.", NegNever, Positive},
		{"The soundtrack never seemed superb.", NegNever, Negative},
		{"Nobody thought the pizza was poor.", NegQuantifier, Positive},
		{"There was nothing impressive about the film.", NegQuantifier, Negative},
		{"None of us found the soundtrack mediocre.", NegQuantifier, Positive},
		{"The service was no pleasure.", NegQuantifier, Negative},
		{"The service was no failure.", NegQuantifier, Positive},
		{"The dessert was hardly great.", NegHardly, Negative},
		{"The script is hardly dull.", NegHardly, Positive},
		{"The phone was barely enjoyable.", NegHardly, Negative},
		{"I don't think the soundtrack is annoying.", NegThink, Positive},
		{"I don't believe the coffee was good.", NegThink, Negative},
		{"I really don't find the room terrible.", NegThink, Positive},
		{"The film was not, to be honest, weak.", NegDistance, Positive},
		{"I would not say that the hotel was good.", NegDistance, Negative},
		{"Nobody I know would say the tour was terrible.", NegDistance, Positive},
		{"The restaurant was not without charm.", NegDouble, Positive},
		{"There was not a moment when the sequel was not horrible.", NegDouble, Negative},
		{"I never found the meal anything but superb.", NegDouble, Positive},
		{"The laptop was never not dreadful.", NegDouble, Negative},
		{"The phone looked enjoyable but turned out disappointing.", ContrastBut, Negative},
		{"I expected the tour to be dull, but it was delightful.", ContrastBut, Positive},
		{"Everyone said the script would be delightful, yet it was dull.", ContrastYet, Negative},
		{"The reviews called the hotel awful, yet it was excellent.", ContrastYet, Positive},
		{"The reviews called the room great. However, it was terrible.", ContrastHowever, Negative},
		{"The meal turned out enjoyable, however disappointing it seemed at first.", ContrastHowever, Positive},
		{"However excellent it seemed at first, the app turned out awful.", ContrastHowever, Negative},
		{"Although it looked terrible, the tour turned out great.", ContrastAlthough, Positive},
		{"The phone turned out bad, although it looked good.", ContrastAlthough, Negative},
		{"The restaurant was unpleasant, though the reviews called it lovely.", ContrastThough, Negative},
		{"Though the reviews called it weak, the meal was superb.", ContrastThough, Positive},
		{"Mediocre, not impressive.", ContrastNot, Negative},
		{"Far from unpleasant, the room was lovely.", ContrastNot, Positive},
		{"The script wasn't as dull as the reviews said.", Comparison, Positive},
		{"The hotel was nowhere near as superb as I had heard.", Comparison, Negative},
		{"The hotel was incredibly mediocre.", Intensifier, Negative},
		{"The laptop was so pleasant!", Intensifier, Positive},
		{"The phone was somewhat good.", Hedge, Positive},
		{"The room was kind of dull.", Hedge, Negative},
		{"Wasn't the hotel annoying?", Question, Negative},
		{"Was the laptop dreadful? Not at all.", Question, Positive},
		{"How could anyone call the sequel great?", Question, Negative},
		{"Was the meal excellent? Absolutely.", Question, Positive},
		{"Is the coffee awful? Not really.", Question, Positive},
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

func TestTemplateStrideExceedsEveryFamily(t *testing.T) {
	for _, f := range families {
		if len(f.templates) >= templateStride {
			t.Errorf("%s has %d templates, templateStride is %d", f.category, len(f.templates), templateStride)
		}
	}
}
