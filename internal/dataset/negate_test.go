package dataset

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/rnnsent/rnnsent/internal/tokenize"
)

func TestNegate(t *testing.T) {
	// Each case is written as a reader would write it; the twin must be
	// the tokens Tokenize gives for want, so that the model meets in
	// training exactly what it reads in reviews. pick is the spelling
	// drawn where a form has several.
	cases := []struct {
		name, text, form string
		pick             int
		want             string // "" when the form does not apply
	}{
		{"not: any text", "a gorgeous film", FormNot, 0, "not a gorgeous film"},
		{"not: clauses too, as before the other forms", "the food was great", FormNot, 0, "not the food was great"},
		{"aux: copula and n't", "the food was great", FormAux, 1, "the food wasn't great"},
		{"aux: copula and not", "the food was great", FormAux, 0, "the food was not great"},
		{"aux: a noun phrase after the copula", "it is a mess", FormAux, 1, "it isn't a mess"},
		{"aux: a predicate without a subject", "is dazzling", FormAux, 1, "isn't dazzling"},
		{"aux: were", "the actors were wonderful", FormAux, 1, "the actors weren't wonderful"},
		{"aux: 's takes not", "it's offensive", FormAux, 0, "it's not offensive"},
		{"aux: 're takes not", "you're an agnostic carnivore", FormAux, 0, "you're not an agnostic carnivore"},
		{"aux: am has no n't", "i am impressed", FormAux, 0, "i am not impressed"},
		{"aux: will becomes won't", "it will work", FormAux, 1, "it won't work"},
		{"aux: can becomes can't", "you can feel the love", FormAux, 1, "you can't feel the love"},
		{"aux: can not is cannot", "you can feel the love", FormAux, 0, "you cannot feel the love"},
		{"aux: has been", "it has been fun", FormAux, 1, "it hasn't been fun"},
		{"aux: a closing full stop stays", "the service was slow .", FormAux, 1, "The service wasn't slow."},
		{"never: after the copula", "the food was great", FormNever, 0, "the food was never great"},
		{"never: after a modal", "it should be poignant", FormNever, 0, "it should never be poignant"},
		{"never: after 's", "it's sweet", FormNever, 0, "it's never sweet"},
		{"think: a clause", "the food was great", FormThink, 0, "I don't think the food was great"},
		{"think: a pronoun subject", "it's sweet .", FormThink, 0, "I don't think it's sweet."},
		{"it-isnt: an adjective", "dull", FormItIsnt, 0, "it isn't dull"},
		{"it-isnt: it's not", "dull", FormItIsnt, 1, "it's not dull"},
		{"it-isnt: it wasn't", "dull", FormItIsnt, 2, "it wasn't dull"},
		{"it-isnt: an intensified adjective", "very funny", FormItIsnt, 0, "it isn't very funny"},
		{"it-isnt: a noun phrase with an adjective", "a gorgeous film", FormItIsnt, 0, "it isn't a gorgeous film"},
		{"far-from: a participle", "boring", FormFarFrom, 0, "far from boring"},
		{"far-from: a noun phrase", "a great movie", FormFarFrom, 0, "far from a great movie"},
		{"nothing: an adjective", "pointless", FormNothing, 0, "there's nothing pointless about it"},
		{"nothing: the full stop stays last", "funny .", FormNothing, 0, "there's nothing funny about it."},
		{"hardly: after the copula", "the food was great", FormHardly, 0, "the food was hardly great"},
		{"hardly: barely after a modal", "it should be poignant", FormHardly, 1, "it should barely be poignant"},
		{"nobody: would say a clause", "the food was great .", FormNobody, 0, "Nobody would say the food was great."},
		{"nobody: no one", "it's sweet", FormNobody, 1, "no one would say it's sweet"},
		{"nobody: thinks", "the actors were wonderful", FormNobody, 2, "nobody thinks the actors were wonderful"},
		{"nobody: a quality", "a gorgeous film", FormNobody, 0, "nobody would say it's a gorgeous film"},
		{"distance: an aside between not and the quality", "the food was great .", FormFar, 0, "The food was not, honestly, great."},
		{"distance: at all", "it will work", FormFar, 5, "it will not at all work"},
		{"distance: the last aside", "the service is slow", FormFar, len(asides) - 1, "the service is not even remotely slow"},
		{"double: I wouldn't say, with not", "the food was great", FormDouble, 0, "I wouldn't say the food was not great"},
		{"double: I wouldn't say, with n't", "the food was great", FormDouble, 1, "I wouldn't say the food wasn't great"},
		{"double: it is not true that", "the actors were wonderful .", FormDouble, 3, "It is not true that the actors weren't wonderful."},
		{"double: 's has not alone", "it's sweet", FormDouble, 2, "nobody would say it's not sweet"},
		{"question: the auxiliary first, negated", "the food was great .", FormAsk, 0, "Wasn't the food great?"},
		{"question: a modal", "it will work", FormAsk, 0, "won't it work?"},
		{"question: a quality", "very funny", FormAsk, 1, "wasn't it very funny?"},
		{"double: a quality, I wouldn't say it isn't", "dull", FormDouble, 0, "I wouldn't say it isn't dull"},
		{"double: a quality, it's not", "a gorgeous film", FormDouble, 4, "it is not true that it's not a gorgeous film"},
		{"nobody: none of us found a quality", "dull", FormNobody, 2, "none of us found it dull"},
		{"answer: a clause, asked and denied", "the food was great .", FormAnswer, 1, "Was the food great? Not at all."},
		{"answer: a modal", "it will work", FormAnswer, 0, "will it work? not really."},
		{"answer: a quality", "a gorgeous film", FormAnswer, 5, "was it a gorgeous film? no."},

		{"skip: negated already", "the food wasn't great", FormAux, 0, ""},
		{"skip: never already", "never dull", FormFarFrom, 0, ""},
		{"skip: barely negates too", "the film is barely watchable", FormNever, 0, ""},
		{"skip: two clauses with but", "the cast is fine but the plot is dull", FormAux, 0, ""},
		{"skip: two predicates with and", "the food was cold and the staff were rude", FormAux, 0, ""},
		{"skip: two adjectives with and", "funny and moving", FormItIsnt, 0, ""},
		{"skip: a question", "is it good ?", FormAux, 0, ""},
		{"skip: a relative clause", "who is simply tired", FormAux, 0, ""},
		{"skip: two auxiliaries", "it is what it is", FormAux, 0, ""},
		{"skip: two sentences", "it is fun . it is long", FormAux, 0, ""},
		{"skip: an auxiliary at the end", "how bad his movie is", FormAux, 0, ""},
		{"skip: 's of a noun is no auxiliary", "the director's cut", FormAux, 0, ""},
		{"skip: has without been", "it has a great cast", FormAux, 0, ""},
		{"skip: a main verb", "i loved it", FormAux, 0, ""},
		{"skip: never before always", "it is always sympathetic", FormNever, 0, ""},
		{"skip: never has no do", "i loved it", FormNever, 0, ""},
		{"skip: think needs a subject", "is dazzling", FormThink, 0, ""},
		{"skip: think needs a pronoun or determiner first", "in which the talent is undeniable", FormThink, 0, ""},
		{"skip: it-isnt needs no auxiliary", "the food was great", FormItIsnt, 0, ""},
		{"skip: it-isnt needs a quality", "hide new secretions", FormItIsnt, 0, ""},
		{"skip: a film's craft is no quality", "acting", FormItIsnt, 0, ""},
		{"skip: an adverb is no quality", "beautifully", FormFarFrom, 0, ""},
		{"skip: the adjective is not the head", "a thrilling", FormFarFrom, 0, ""},
		{"skip: a definite noun phrase", "the gifted cast", FormFarFrom, 0, ""},
		{"skip: nothing takes no participle", "boring", FormNothing, 0, ""},
		{"skip: nothing takes one word", "very funny", FormNothing, 0, ""},
		{"skip: hardly needs an auxiliary", "dull", FormHardly, 0, ""},
		{"skip: hardly before always", "it is always sympathetic", FormHardly, 0, ""},
		{"skip: nobody needs a clause or a quality", "hide new secretions", FormNobody, 0, ""},
		{"skip: distance needs an auxiliary", "a gorgeous film", FormFar, 0, ""},
		{"skip: double needs a clause", "is dazzling", FormDouble, 0, ""},
		{"skip: double of a negation", "the food wasn't great", FormDouble, 0, ""},
		{"skip: a question of 's has no n't", "it's sweet", FormAsk, 0, ""},
		{"skip: a question of am has no n't", "i am impressed", FormAsk, 0, ""},
		{"skip: 's cannot lead a question", "it's sweet", FormAnswer, 0, ""},
		{"skip: answer needs a clause or a quality", "hide new secretions", FormAnswer, 0, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			picks := 0
			pick := func(n int) int {
				picks++
				if tc.pick >= n {
					t.Fatalf("pick %d of %d spellings", tc.pick, n)
				}
				return tc.pick
			}
			got := Negate(tokenize.Tokenize(tc.text), tc.form, pick)
			var want []string
			if tc.want != "" {
				want = tokenize.Tokenize(tc.want)
			}
			if !slices.Equal(got, want) {
				t.Errorf("Negate(%q, %s) = %q, want %q", tc.text, tc.form, got, want)
			}
			if picks > 1 {
				t.Errorf("%d draws for one twin", picks)
			}
		})
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
		{"every form, each twin after its text", negationWords, 4, AllForms, 0,
			[]string{"not dull", "it isn't dull|it's not dull|it wasn't dull", "far from dull", "there's nothing dull about it",
				"not the food was great", "the food was not great|the food wasn't great", "I don't think the food was great", "the food was never great",
				"not a gorgeous film", "it isn't a gorgeous film|it's not a gorgeous film|it wasn't a gorgeous film", "far from a gorgeous film"},
			[]int{1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0}},
		{"a question keeps its text's label", append(slices.Clone(negationWords), "?"), 4, []string{FormAsk}, 0,
			[]string{"isn't it dull?|wasn't it dull?", "wasn't the food great?", "isn't it a gorgeous film?|wasn't it a gorgeous film?"},
			[]int{0, 1, 1}},
		{"a denied negation keeps its text's label", append(slices.Clone(negationWords), "true", "that", "would", "say", "nobody"), 4, []string{FormDouble}, 0,
			[]string{spelled("it isn't dull", "it's not dull", "it wasn't dull"), spelled("the food was not great", "the food wasn't great"),
				spelled("it isn't a gorgeous film", "it's not a gorgeous film", "it wasn't a gorgeous film")}, []int{0, 1, 1}},
		{"only texts up to the limit", negationWords, 1, []string{FormAux, FormFarFrom}, 0, []string{"far from dull"}, []int{1}},
		// "far" is read as <unk>, which "far from dull" would teach
		// nothing of; "not" is the text's own.
		{"a form with a word outside the vocabulary adds nothing", renamedFrom(negationWords, "far"), 4, []string{FormFarFrom, FormNever}, 0,
			[]string{"the food was never great"}, []int{0}},
		{"no \"not\" in the vocabulary", renamedFrom(negationWords, "not"), 4, nil, 0, nil, nil},
		{"off", negationWords, 0, AllForms, 0, nil, nil},
		{"one twin a text, in a form drawn among those that apply", negationWords, 4, AllForms, 1,
			[]string{"not dull|it isn't dull|it's not dull|it wasn't dull|far from dull|there's nothing dull about it",
				"not the food was great|the food was not great|the food wasn't great|I don't think the food was great|the food was never great",
				"not a gorgeous film|it isn't a gorgeous film|it's not a gorgeous film|it wasn't a gorgeous film|far from a gorgeous film"},
			[]int{1, 0, 0}},
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

// spelled is every way the denials may lead one of clauses, "|" between them.
func spelled(clauses ...string) string {
	var ways []string
	for _, d := range denials {
		for _, c := range clauses {
			ways = append(ways, strings.Join(d, " ")+" "+c)
		}
	}
	return strings.Join(ways, "|")
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
		for k := range 12 {
			for _, text := range texts {
				tokens := tokenize.Tokenize(text)
				for _, w := range Negate(tokens, form, func(n int) int { return min(k, n-1) }) {
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
