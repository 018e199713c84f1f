package checklist

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The two labels a case can have.
const (
	Negative = "negative"
	Positive = "positive"
)

// Category names, in report order.
const (
	PlainPositive      = "plain_positive"
	PlainNegative      = "plain_negative"
	NegatedPositive    = "negated_positive"
	NegatedNegative    = "negated_negative"
	NegationAtDistance = "negation_at_distance"
	Contrast           = "contrast"
	Comparison         = "comparison"
)

// Category is a group of cases that test one behaviour.
type Category struct {
	Name        string
	Description string
}

// Categories lists every category in report order.
var Categories = []Category{
	{PlainPositive, "a positive word and nothing to turn it"},
	{PlainNegative, "a negative word and nothing to turn it"},
	{NegatedPositive, "a negated positive word reads negative"},
	{NegatedNegative, "a negated negative word reads positive"},
	{NegationAtDistance, "neutral words between the negation and the word it turns"},
	{Contrast, "pairs with the same words and opposite labels"},
	{Comparison, `"not as good as I expected" and its mirror`},
}

// Case is one sentence and the label it should get.
type Case struct {
	Category string
	Text     string
	Label    string // Negative or Positive
}

// Word lists. Templates read "The {S} was {A}.", so every subject takes
// "the" and every adjective can follow "was", "not" and "as".
var (
	subjects = []string{
		"sequel", "performance", "script", "cast", "concert", "album",
		"show", "series", "documentary", "museum", "coffee", "game",
	}
	adjectives = map[string][]string{
		Positive: {"good", "great", "wonderful", "beautiful", "clever", "memorable", "gripping", "funny", "moving", "fresh"},
		Negative: {"bad", "terrible", "awful", "boring", "stupid", "painful", "pointless", "predictable", "tiresome", "ugly"},
	}
)

// A template holds {S} for a subject and {A} for an adjective; contrast
// templates also hold {B}, an adjective of the other polarity. The label
// follows {A}, turned when the template negates it.
type family struct {
	category  string
	polarity  []string // the polarities {A} takes
	negates   bool     // the template turns {A}'s polarity
	perEach   int      // cases per template and polarity
	templates []string
}

var (
	plain = []string{
		"The {S} was {A}.",
		"The {S} is {A}.",
		"Honestly, the {S} was {A}.",
		"I found the {S} {A}.",
		"The {S} turned out {A}.",
	}
	negated = []string{
		"The {S} was not {A}.",
		"The {S} wasn't {A}.",
		"The {S} isn't {A}.",
		"I didn't find the {S} {A}.",
		"Nobody would call the {S} {A}.",
	}
	// Neutral words stand between the negation and {A}: a model that
	// forgets a negation after a word or two fails these.
	atDistance = []string{
		"The {S} was not, to be honest, {A}.",
		"The {S} was not at all really {A}.",
		"The {S} wasn't, as far as I can tell, {A}.",
		"I would not say that the {S} was {A}.",
		"The {S} was not, in my humble opinion, {A}.",
	}
	comparisons = []string{
		"The {S} was not as {A} as I expected.",
		"The {S} wasn't as {A} as the reviews said.",
		"The {S} was less {A} than I expected.",
		"The {S} was not nearly as {A} as everyone said.",
	}
	// Each contrast template makes a pair: {A} positive and {B} negative,
	// then the two swapped. Swapping two words keeps the token multiset.
	contrasts = []string{
		"{A}, not {B}.",
		"The {S} was {A}, not {B}.",
		"The start was {B} but the end was {A}.",
		"The {S} was {A} rather than {B}.",
		"Far from {B}, the {S} was {A}.",
		"I expected the {S} to be {B}, but it was {A}.",
		"The {S} started {B} but ended {A}.",
	}
)

var (
	positiveOnly = []string{Positive}
	negativeOnly = []string{Negative}
	both         = []string{Positive, Negative}
)

var families = []family{
	{PlainPositive, positiveOnly, false, 8, plain},
	{PlainNegative, negativeOnly, false, 8, plain},
	{NegatedPositive, positiveOnly, true, 8, negated},
	{NegatedNegative, negativeOnly, true, 8, negated},
	{NegationAtDistance, both, true, 5, atDistance},
	{Comparison, both, true, 6, comparisons},
}

// contrastPairs is the number of pairs made from each contrast template.
const contrastPairs = 5

// Cases returns every case, grouped by category in the order of Categories.
// The result is the same on every call. Contrast cases come in adjacent
// pairs: the same words, opposite labels.
func Cases() []Case {
	byCategory := map[string][]Case{}
	for _, f := range families {
		byCategory[f.category] = append(byCategory[f.category], f.cases()...)
	}
	byCategory[Contrast] = contrastCases()
	var out []Case
	for _, c := range Categories {
		out = append(out, byCategory[c.Name]...)
	}
	return out
}

func (f family) cases() []Case {
	var out []Case
	for t, tmpl := range f.templates {
		for _, pol := range f.polarity {
			label := pol
			if f.negates {
				label = opposite(pol)
			}
			for j := range f.perEach {
				s, a := pick(t, j, pol)
				out = append(out, Case{f.category, fill(tmpl, s, a, ""), label})
			}
		}
	}
	return out
}

func contrastCases() []Case {
	var out []Case
	for t, tmpl := range contrasts {
		for j := range contrastPairs {
			s, p := pick(t, j, Positive)
			_, n := pick(t, j+1, Negative)
			out = append(out,
				Case{Contrast, fill(tmpl, s, p, n), Positive},
				Case{Contrast, fill(tmpl, s, n, p), Negative})
		}
	}
	return out
}

// pick chooses the subject and the adjective of polarity pol for the j-th
// case of template t. Consecutive cases step through both lists, and each
// template starts at another place, so that the words mix without a random
// generator whose sequence could change between Go releases.
func pick(t, j int, pol string) (subject, adjective string) {
	adjs := adjectives[pol]
	return subjects[(3*t+j)%len(subjects)], adjs[(t+j)%len(adjs)]
}

func fill(tmpl, s, a, b string) string {
	text := strings.NewReplacer("{S}", s, "{A}", a, "{B}", b).Replace(tmpl)
	r, size := utf8.DecodeRuneInString(text)
	return string(unicode.ToUpper(r)) + text[size:]
}

func opposite(label string) string {
	if label == Positive {
		return Negative
	}
	return Positive
}
