package dataset

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/rnnsent/rnnsent/internal/tokenize"
)

func TestNegate(t *testing.T) {
	// Each case is written as a reader would write it; the twin must be
	// the tokens Tokenize gives for want, so that the model meets in
	// training exactly what it reads in reviews. want must be one of the
	// form's spellings, whichever pick draws it.
	cases := []struct {
		name, text, form string
		want             string // "" when the form does not apply
	}{
		{"not: any text", "a gorgeous film", FormNot, "not a gorgeous film"},
		{"not: clauses too, as before the other forms", "the food was great", FormNot, "not the food was great"},
		{"aux: copula and n't", "the food was great", FormAux, "the food wasn't great"},
		{"aux: copula and not", "the food was great", FormAux, "the food was not great"},
		{"aux: a noun phrase after the copula", "it is a mess", FormAux, "it isn't a mess"},
		{"aux: a predicate without a subject", "is dazzling", FormAux, "isn't dazzling"},
		{"aux: were", "the actors were wonderful", FormAux, "the actors weren't wonderful"},
		{"aux: 's takes not", "it's offensive", FormAux, "it's not offensive"},
		{"aux: 're takes not", "you're an agnostic carnivore", FormAux, "you're not an agnostic carnivore"},
		{"aux: am has no n't", "i am impressed", FormAux, "i am not impressed"},
		{"aux: will becomes won't", "it will work", FormAux, "it won't work"},
		{"aux: can becomes can't", "you can feel the love", FormAux, "you can't feel the love"},
		{"aux: can not is cannot", "you can feel the love", FormAux, "you cannot feel the love"},
		{"aux: has been", "it has been fun", FormAux, "it hasn't been fun"},
		{"aux: a closing full stop stays", "the service was slow .", FormAux, "The service wasn't slow."},
		{"never: after the copula", "the food was great", FormNever, "the food was never great"},
		{"never: after a modal", "it should be poignant", FormNever, "it should never be poignant"},
		{"never: after 's", "it's sweet", FormNever, "it's never sweet"},
		{"think: a clause", "the food was great", FormThink, "I don't think the food was great"},
		{"think: a pronoun subject", "it's sweet .", FormThink, "I don't think it's sweet."},
		{"it-isnt: an adjective", "dull", FormItIsnt, "it isn't dull"},
		{"it-isnt: it's not", "dull", FormItIsnt, "it's not dull"},
		{"it-isnt: it wasn't", "dull", FormItIsnt, "it wasn't dull"},
		{"it-isnt: an intensified adjective", "very funny", FormItIsnt, "it isn't very funny"},
		{"it-isnt: a noun phrase with an adjective", "a gorgeous film", FormItIsnt, "it isn't a gorgeous film"},
		{"far-from: a participle", "boring", FormFarFrom, "far from boring"},
		{"far-from: a noun phrase", "a great movie", FormFarFrom, "far from a great movie"},
		{"nothing: an adjective", "pointless", FormNothing, "there's nothing pointless about it"},
		{"nothing: the full stop stays last", "funny .", FormNothing, "there's nothing funny about it."},
		{"hardly: after the copula", "the food was great", FormHardly, "the food was hardly great"},
		{"hardly: barely after a modal", "it should be poignant", FormHardly, "it should barely be poignant"},
		{"nobody: would say a clause", "the food was great .", FormNobody, "Nobody would say the food was great."},
		{"nobody: no one", "it's sweet", FormNobody, "no one would say it's sweet"},
		{"nobody: thinks", "the actors were wonderful", FormNobody, "nobody thinks the actors were wonderful"},
		{"nobody: a quality", "a gorgeous film", FormNobody, "nobody would say it's a gorgeous film"},
		{"distance: an aside between not and the quality", "the food was great .", FormFar, "The food was not, honestly, great."},
		{"distance: at all", "it will work", FormFar, "it will not at all work"},
		{"distance: the last aside", "the service is slow", FormFar, "the service is not even remotely slow"},
		{"double: I wouldn't say, with not", "the food was great", FormDouble, "I wouldn't say the food was not great"},
		{"double: I wouldn't say, with n't", "the food was great", FormDouble, "I wouldn't say the food wasn't great"},
		{"double: it is not true that", "the actors were wonderful .", FormDouble, "It is not true that the actors weren't wonderful."},
		{"double: 's has not alone", "it's sweet", FormDouble, "nobody would say it's not sweet"},
		{"question: the auxiliary first, negated", "the food was great .", FormAsk, "Wasn't the food great?"},
		{"question: a modal", "it will work", FormAsk, "won't it work?"},
		{"question: a quality", "very funny", FormAsk, "wasn't it very funny?"},
		{"double: a quality, I wouldn't say it isn't", "dull", FormDouble, "I wouldn't say it isn't dull"},
		{"double: a quality, it's not", "a gorgeous film", FormDouble, "it is not true that it's not a gorgeous film"},
		{"nobody: none of us found a quality", "dull", FormNobody, "none of us found it dull"},
		{"answer: a clause, asked and denied", "the food was great .", FormAnswer, "Was the food great? Not at all."},
		{"answer: a modal", "it will work", FormAnswer, "will it work? not really."},
		{"answer: a quality", "a gorgeous film", FormAnswer, "was it a gorgeous film? no."},

		{"think: did not believe that", "the food was great", FormThink, "we did not believe that the food was great"},
		{"think: would not say", "it will work", FormThink, "I honestly wouldn't say it will work"},
		{"think: find without the copula", "the food was great .", FormThink, "I really don't find the food great."},
		{"think: call a noun phrase", "it was a gorgeous film", FormThink, "I wouldn't call it a gorgeous film"},
		{"nobody: thought that", "the actors were wonderful", FormNobody, "none of us thought that the actors were wonderful"},
		{"nobody: a quality, thought it was", "dull", FormNobody, "hardly anyone thought it was dull"},
		{"nothing: a clause's adjective, about its subject", "the food was great .", FormNothing, "There was nothing great about the food."},
		{"nothing: about the subject first", "it is dull", FormNothing, "nothing about it is dull"},
		{"hardly: in no way after a modal", "it should be poignant", FormHardly, "it should in no way be poignant"},
		{"hardly: anything but between a copula and a quality", "the food was great", FormHardly, "the food was anything but great"},
		{"hardly: far from between a copula and a quality", "it's sweet", FormHardly, "it's far from sweet"},
		{"distance: n't and an aside", "the food was great .", FormFar, "The food wasn't, if you ask me, great."},
		{"distance: really all that", "the service is slow", FormFar, "the service isn't really all that slow"},
		{"as: a clause's quality, compared", "the food was great .", FormAs, "The food wasn't nearly as great as I had hoped."},
		{"as: am not", "i am impressed", FormAs, "i am not quite as impressed as i expected"},
		{"as: a bare quality", "dull", FormAs, "not nearly as dull as I expected"},

		{"skip: negated already", "the food wasn't great", FormAux, ""},
		{"skip: never already", "never dull", FormFarFrom, ""},
		{"skip: barely negates too", "the film is barely watchable", FormNever, ""},
		{"skip: two clauses with but", "the cast is fine but the plot is dull", FormAux, ""},
		{"skip: two predicates with and", "the food was cold and the staff were rude", FormAux, ""},
		{"skip: two adjectives with and", "funny and moving", FormItIsnt, ""},
		{"skip: a question", "is it good ?", FormAux, ""},
		{"skip: a relative clause", "who is simply tired", FormAux, ""},
		{"skip: two auxiliaries", "it is what it is", FormAux, ""},
		{"skip: two sentences", "it is fun . it is long", FormAux, ""},
		{"skip: an auxiliary at the end", "how bad his movie is", FormAux, ""},
		{"skip: 's of a noun is no auxiliary", "the director's cut", FormAux, ""},
		{"skip: has without been", "it has a great cast", FormAux, ""},
		{"skip: a main verb", "i loved it", FormAux, ""},
		{"skip: never before always", "it is always sympathetic", FormNever, ""},
		{"skip: never has no do", "i loved it", FormNever, ""},
		{"skip: think needs a subject", "is dazzling", FormThink, ""},
		{"skip: think needs a pronoun or determiner first", "in which the talent is undeniable", FormThink, ""},
		{"skip: it-isnt needs no auxiliary", "the food was great", FormItIsnt, ""},
		{"skip: it-isnt needs a quality", "hide new secretions", FormItIsnt, ""},
		{"skip: a film's craft is no quality", "acting", FormItIsnt, ""},
		{"skip: an adverb is no quality", "beautifully", FormFarFrom, ""},
		{"skip: the adjective is not the head", "a thrilling", FormFarFrom, ""},
		{"skip: a definite noun phrase", "the gifted cast", FormFarFrom, ""},
		{"skip: nothing takes no participle", "boring", FormNothing, ""},
		{"skip: nothing takes one word", "very funny", FormNothing, ""},
		{"skip: hardly needs an auxiliary", "dull", FormHardly, ""},
		{"skip: hardly before always", "it is always sympathetic", FormHardly, ""},
		{"skip: nobody needs a clause or a quality", "hide new secretions", FormNobody, ""},
		{"skip: distance needs an auxiliary", "a gorgeous film", FormFar, ""},
		{"skip: double needs a clause", "is dazzling", FormDouble, ""},
		{"skip: double of a negation", "the food wasn't great", FormDouble, ""},
		{"skip: a question of 's has no n't", "it's sweet", FormAsk, ""},
		{"skip: a question of am has no n't", "i am impressed", FormAsk, ""},
		{"skip: nothing about needs one adjective", "the food was very good", FormNothing, ""},
		{"skip: nothing about needs is or was", "the actors were wonderful", FormNothing, ""},
		{"skip: nothing about needs a subject that stays as it is", "i was happy", FormNothing, ""},
		{"skip: as needs a quality", "it will work", FormAs, ""},
		{"skip: as takes no determiner", "it was a gorgeous film", FormAs, ""},
		{"skip: as takes no determiner without a copula", "a gorgeous film", FormAs, ""},
		{"skip: 's cannot lead a question", "it's sweet", FormAnswer, ""},
		{"skip: answer needs a clause or a quality", "hide new secretions", FormAnswer, ""},
		{"skip: a form that does not exist", "the food was great", "nope", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var want []string
			if tc.want != "" {
				want = tokenize.Tokenize(tc.want)
			}
			got := spellings(t, tokenize.Tokenize(tc.text), tc.form)
			if want == nil && got != nil || want != nil && !slices.ContainsFunc(got, func(g []string) bool { return slices.Equal(g, want) }) {
				t.Errorf("Negate(%q, %s) writes %d spellings, none of them %q; the first %q", tc.text, tc.form, len(got), want, got[:min(len(got), 1)])
			}
		})
	}
}

func TestNegateNeverWrites(t *testing.T) {
	// Spellings a form has, that would be wrong English for these texts.
	cases := []struct{ name, text, form, never string }{
		{"find needs a subject that stays as it is", "i was happy", FormThink, "I don't find i happy"},
		{"far from needs a copula", "it should be poignant", FormHardly, "it should far from be poignant"},
		{"anything but needs a quality after the copula", "it is a mess of a film", FormHardly, "it is anything but a mess of a film"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			never := tokenize.Tokenize(tc.never)
			got := spellings(t, tokenize.Tokenize(tc.text), tc.form)
			if got == nil {
				t.Fatalf("Negate(%q, %s) writes nothing; the case tests no spelling", tc.text, tc.form)
			}
			if slices.ContainsFunc(got, func(g []string) bool { return slices.Equal(g, never) }) {
				t.Errorf("Negate(%q, %s) may write %q", tc.text, tc.form, never)
			}
		})
	}
}

// spellings returns every twin Negate writes of tokens in form, one for
// each value its pick may draw, and nil when the form does not apply.
func spellings(t *testing.T, tokens []string, form string) [][]string {
	t.Helper()
	var out [][]string
	for k := 0; ; k++ {
		draws, n := 0, 1
		twin := Negate(tokens, form, func(m int) int {
			draws, n = draws+1, m
			return k
		})
		if draws > 1 {
			t.Fatalf("%d draws for one twin", draws)
		}
		if twin == nil {
			return out
		}
		out = append(out, twin)
		if k+1 >= n {
			return out
		}
	}
}

func TestNegationForms(t *testing.T) {
	cases := []struct {
		name    string
		names   []string
		want    []string
		wantErr bool
	}{
		{"one", []string{"never"}, []string{FormNever}, false},
		{"in the order of AllForms, once each", []string{"nothing", "not", "nothing"}, []string{FormNot, FormNothing}, false},
		{"all", []string{"all"}, AllForms, false},
		{"all and more", []string{"aux", "all"}, AllForms, false},
		{"none", nil, nil, false},
		{"unknown", []string{"not", "nope"}, nil, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := NegationForms(tc.names)
			if (err != nil) != tc.wantErr || !slices.Equal(got, tc.want) {
				t.Errorf("NegationForms(%q) = %q, %v; want %q and an error: %v", tc.names, got, err, tc.want, tc.wantErr)
			}
		})
	}
}

// negationSet is a two-class set of texts that the forms rewrite, with
// their tokens, and its vocabulary.
func negationSet(t *testing.T, words []string) (Set, []Example, *tokenize.Vocab) {
	t.Helper()
	vocab := mustVocab(t, words)
	var s Set
	var examples []Example
	for _, x := range []struct {
		text  string
		label int
	}{
		{"dull", 0},
		{"the food was great", 1},
		{"a gorgeous film", 1},
		{"the food wasn't great", 0},
		{"the service was slow and the food was cold", 0},
	} {
		tokens := tokenize.Tokenize(x.text)
		s.Seqs = append(s.Seqs, vocab.Encode(tokens, 0))
		s.Labels = append(s.Labels, x.label)
		examples = append(examples, Example{Tokens: tokens})
	}
	return s, examples, vocab
}

var negationWords = []string{"<pad>", "<unk>", "not", "n't", "was", "never", "i", "do", "think", "it", "is", "'s",
	"far", "from", "there", "nothing", "about", "dull", "the", "food", "great", "a", "gorgeous", "film"}

func TestAugmentNegationForms(t *testing.T) {
	set, examples, vocab := negationSet(t, negationWords)
	// formWords is a vocabulary with every word a form writes, so that no
	// spelling drawn is dropped.
	formWords := slices.Clone(negationWords)
	for _, w := range ReservedWords() {
		if !slices.Contains(formWords, w) {
			formWords = append(formWords, w)
		}
	}
	flipping := []string{FormNot, FormAux, FormThink, FormNever, FormItIsnt, FormFarFrom, FormNothing}
	texts := []expected{
		{"dull", 0, []string{FormNot, FormItIsnt, FormFarFrom, FormNothing, FormNobody, FormDouble, FormAsk, FormAnswer, FormAs}},
		{"the food was great", 1, []string{FormNot, FormAux, FormThink, FormNever, FormNothing, FormHardly, FormNobody, FormFar, FormDouble, FormAsk, FormAnswer, FormAs}},
		{"a gorgeous film", 1, []string{FormNot, FormItIsnt, FormFarFrom, FormNobody, FormDouble, FormAsk, FormAnswer}},
	}
	every, everyLabels := twinsOf(t, texts)
	denied, deniedLabels := twinsOf(t, []expected{{"dull", 0, []string{FormDouble}}, {"the food was great", 1, []string{FormDouble}},
		{"a gorgeous film", 1, []string{FormDouble}}})
	// With one twin a text, a text's twin is any spelling of the flipping
	// forms that apply to it.
	var one []string
	for _, x := range texts {
		forms := slices.DeleteFunc(slices.Clone(x.forms), func(f string) bool { return !slices.Contains(flipping, f) })
		ways, _ := twinsOf(t, []expected{{x.text, 0, forms}})
		one = append(one, strings.Join(ways, "|"))
	}
	cases := []struct {
		name      string
		words     []string
		maxTokens int
		forms     []string
		perText   int
		want      []string // the twins, as text; a twin drawn among spellings or forms lists them between |
		wantLabel []int
	}{
		{"not alone, as before the forms", negationWords, 4, nil, 0,
			[]string{"not dull", "not the food was great", "not a gorgeous film"}, []int{1, 0, 0}},
		{"every form, each twin after its text", formWords, 4, AllForms, 0, every, everyLabels},
		{"a question keeps its text's label", append(slices.Clone(negationWords), "?"), 4, []string{FormAsk}, 0,
			[]string{"isn't it dull?|wasn't it dull?", "wasn't the food great?", "isn't it a gorgeous film?|wasn't it a gorgeous film?"},
			[]int{0, 1, 1}},
		{"a denied negation keeps its text's label", formWords, 4, []string{FormDouble}, 0, denied, deniedLabels},
		{"only texts up to the limit", negationWords, 1, []string{FormAux, FormFarFrom}, 0, []string{"far from dull"}, []int{1}},
		// "far" is read as <unk>, which "far from dull" would teach
		// nothing of; "not" is the text's own.
		{"a form with a word outside the vocabulary adds nothing", renamedFrom(negationWords, "far"), 4, []string{FormFarFrom, FormNever}, 0,
			[]string{"the food was never great"}, []int{0}},
		{"no \"not\" in the vocabulary", renamedFrom(negationWords, "not"), 4, nil, 0, nil, nil},
		{"off", negationWords, 0, AllForms, 0, nil, nil},
		{"one twin a text, in a form drawn among those that apply", formWords, 4, flipping, 1, one, []int{1, 0, 0}},
		{"two a text, in the order of the forms", negationWords, 4, []string{FormNot, FormFarFrom}, 2,
			[]string{"not dull", "far from dull", "not the food was great", "not a gorgeous film", "far from a gorgeous film"},
			[]int{1, 1, 0, 0, 0}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			vocab := mustVocab(t, tc.words)
			got := AugmentNegation(set, examples, vocab, 2, Negation{MaxTokens: tc.maxTokens, Forms: tc.forms, PerText: tc.perText, Seed: 1})
			if !reflect.DeepEqual(Set{Seqs: got.Seqs[:set.Len()], Labels: got.Labels[:set.Len()]}, set) {
				t.Fatal("the original examples changed")
			}
			added := got.Seqs[set.Len():]
			ok := len(added) == len(tc.want)
			for k := 0; ok && k < len(added); k++ {
				ok = slices.ContainsFunc(strings.Split(tc.want[k], "|"), func(text string) bool {
					return slices.Equal(added[k], vocab.Encode(tokenize.Tokenize(text), 0))
				})
			}
			if !ok || !slices.Equal(got.Labels[set.Len():], tc.wantLabel) {
				t.Errorf("added %v with labels %v, want %q with %v", added, got.Labels[set.Len():], tc.want, tc.wantLabel)
			}
		})
	}
	if got := AugmentNegation(set, examples, vocab, 3, Negation{MaxTokens: 4, Forms: AllForms}); got.Len() != set.Len() {
		t.Errorf("three classes gave %d examples, want the %d there were", got.Len(), set.Len())
	}
}

// A twin longer than the model reads is left out: "not the food was
// great", cut to its last 4 tokens, was "the food was great" labelled
// negative.
func TestAugmentNegationKeepsOnlyTwinsTheModelReadsWhole(t *testing.T) {
	set, examples, vocab := negationSet(t, negationWords)
	for _, tc := range []struct {
		name   string
		maxLen int
		want   []string
	}{
		{"no limit", 0, []string{"not dull", "not the food was great", "not a gorgeous film"}},
		{"4 tokens", 4, []string{"not dull", "not a gorgeous film"}},
		{"5 tokens, the longest twin's length", 5, []string{"not dull", "not the food was great", "not a gorgeous film"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := AugmentNegation(set, examples, vocab, 2, Negation{MaxTokens: 4, MaxLen: tc.maxLen})
			var twins []string
			for _, seq := range got.Seqs[set.Len():] {
				var words []string
				for _, id := range seq {
					w, _ := vocab.Word(id)
					words = append(words, w)
				}
				twins = append(twins, strings.Join(words, " "))
			}
			if !slices.Equal(twins, tc.want) {
				t.Errorf("twins %q, want %q", twins, tc.want)
			}
		})
	}
}

// expected is a text of negationSet, its label and the forms that apply to it.
type expected struct {
	text  string
	label int
	forms []string
}

// twinsOf returns the twins AugmentNegation adds after each text in every
// form that applies to it, as TestAugmentNegationForms lists them, and
// their labels.
func twinsOf(t *testing.T, texts []expected) ([]string, []int) {
	t.Helper()
	var want []string
	var labels []int
	for _, x := range texts {
		for _, form := range x.forms {
			var ways []string
			for _, tokens := range spellings(t, tokenize.Tokenize(x.text), form) {
				ways = append(ways, strings.Join(tokens, " "))
			}
			if ways == nil {
				t.Fatalf("%s does not apply to %q", form, x.text)
			}
			want = append(want, strings.Join(ways, "|"))
			label := 1 - x.label
			if KeepsLabel(form) {
				label = x.label
			}
			labels = append(labels, label)
		}
	}
	return want, labels
}

// renamedFrom is words with the words in from renamed, which keeps every
// other word's id.
func renamedFrom(words []string, from ...string) []string {
	out := slices.Clone(words)
	for i, w := range out {
		if slices.Contains(from, w) {
			out[i] = "<" + w + ">"
		}
	}
	return out
}

func TestAugmentNegationFollowsTheSeed(t *testing.T) {
	set, examples, vocab := negationSet(t, negationWords)
	var many Set
	var manyExamples []Example
	for range 20 {
		many.Append(set)
		manyExamples = append(manyExamples, examples...)
	}
	o := Negation{MaxTokens: 4, Forms: AllForms, Seed: 7}
	a, b := AugmentNegation(many, manyExamples, vocab, 2, o), AugmentNegation(many, manyExamples, vocab, 2, o)
	if !reflect.DeepEqual(a, b) {
		t.Error("seed 7 gave two different sets")
	}
	o.Seed = 8
	if c := AugmentNegation(many, manyExamples, vocab, 2, o); reflect.DeepEqual(a, c) {
		t.Error("seeds 7 and 8 drew the same spellings for 40 twins")
	}
}

// Every word a negation form writes is among the words a vocabulary can
// reserve, or the twins of a corpus that holds it too rarely would add
// nothing.
func TestReservedWordsHoldWhatTheFormsWrite(t *testing.T) {
	reserved := ReservedWords()
	texts := []string{"the food was great .", "it will work", "it's sweet", "i am impressed", "dull", "very funny", "a gorgeous film"}
	for _, form := range AllForms {
		for _, text := range texts {
			tokens := tokenize.Tokenize(text)
			for _, twin := range spellings(t, tokens, form) {
				for _, w := range twin {
					if !slices.Contains(tokens, w) && !slices.Contains(reserved, w) {
						t.Errorf("%s writes %q into %q; it is not among ReservedWords", form, w, text)
					}
				}
			}
		}
	}
	if len(slices.Compact(slices.Sorted(slices.Values(reserved)))) != len(reserved) {
		t.Errorf("ReservedWords lists a word twice: %q", reserved)
	}
}

// Every form but FormNot has its rewrite, and every rewrite is a form.
func TestEveryFormHasARewrite(t *testing.T) {
	want := slices.DeleteFunc(slices.Clone(AllForms), func(f string) bool { return f == FormNot })
	if got := slices.Sorted(maps.Keys(rewrites)); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		t.Errorf("rewrites of %q, want one for each of %q", got, want)
	}
}
