package checklist

import (
	"fmt"
	"slices"
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
	PlainPositive    = "plain_positive"
	PlainNegative    = "plain_negative"
	NegNot           = "neg_not"
	NegAuxNt         = "neg_aux_nt"
	NegNever         = "neg_never"
	NegQuantifier    = "neg_quantifier"
	NegHardly        = "neg_hardly"
	NegThink         = "neg_think"
	NegDistance      = "neg_distance"
	NegDouble        = "neg_double"
	ContrastBut      = "contrast_but"
	ContrastYet      = "contrast_yet"
	ContrastHowever  = "contrast_however"
	ContrastAlthough = "contrast_although"
	ContrastThough   = "contrast_though"
	ContrastNot      = "contrast_not"
	Comparison       = "comparison"
	Intensifier      = "intensifier"
	Hedge            = "hedge"
	Question         = "question"
)

// Groups gather categories whose pass rate is also reported as one figure:
// every form of negation, every contrast.
const (
	Negation = "negation"
	Contrast = "contrast"
)

// Groups lists the groups in report order.
var Groups = []string{Negation, Contrast}

// Category is a group of cases that test one behaviour.
type Category struct {
	Name        string
	Group       string // Negation, Contrast or none
	Description string
}

// Categories lists every category in report order.
var Categories = []Category{
	{PlainPositive, "", "a positive word and nothing to turn it"},
	{PlainNegative, "", "a negative word and nothing to turn it"},
	{NegNot, Negation, `"not" before the word`},
	{NegAuxNt, Negation, `"n't" on be, do, have or a modal`},
	{NegNever, Negation, `"never"`},
	{NegQuantifier, Negation, `"no", "none", "nothing", "nobody"`},
	{NegHardly, Negation, `"hardly", "barely"`},
	{NegThink, Negation, `"I don't think / believe / find" the thing is so`},
	{NegDistance, Negation, "three words or more between the negation and the word"},
	{NegDouble, Negation, "two negations that cancel"},
	{ContrastBut, Contrast, `pairs joined by "but"`},
	{ContrastYet, Contrast, `pairs joined by "yet"`},
	{ContrastHowever, Contrast, `pairs joined by "however"`},
	{ContrastAlthough, Contrast, `pairs joined by "although", either clause first`},
	{ContrastThough, Contrast, `pairs joined by "though", either clause first`},
	{ContrastNot, Contrast, `pairs with "not", "rather than", "far from"`},
	{Comparison, "", `"not as good as I expected" and its mirror`},
	{Intensifier, "", `"very", "really", "extremely" before the word`},
	{Hedge, "", `"somewhat", "fairly", "I guess": weaker, same side`},
	{Question, "", "rhetorical questions and questions answered"},
}

// The halves of the suite. Tuning (choosing flags, data, augmentations) may
// look at HalfTune; figures worth reporting come from HalfReport, whose
// templates no tuning has seen. HalfAll is both.
const (
	HalfTune   = "tune"
	HalfReport = "report"
	HalfAll    = "all"
)

// Halves lists the values Select accepts.
var Halves = []string{HalfTune, HalfReport, HalfAll}

// Case is one sentence and the label it should get.
type Case struct {
	Category string
	Template string // the template it comes from: category/number, from 1
	Half     string // HalfTune or HalfReport, that of its template
	Text     string
	Label    string // Negative or Positive
}

// Word lists: common review words that a model trained on SST-2 or on the
// demo data has met, for films, restaurants, products and services alike.
// Every subject takes "the" and "was"; no adjective or noun follows "a" in a
// template unless it starts with a consonant.
var (
	subjects = []string{
		"film", "sequel", "soundtrack", "script", "meal", "dessert", "coffee", "restaurant",
		"service", "pizza", "hotel", "room", "phone", "laptop", "app", "tour",
	}
	adjectives = map[string][]string{
		Positive: {"good", "great", "excellent", "wonderful", "enjoyable", "delightful",
			"impressive", "pleasant", "superb", "lovely", "fantastic", "brilliant"},
		Negative: {"bad", "terrible", "awful", "poor", "disappointing", "dull",
			"mediocre", "horrible", "weak", "unpleasant", "annoying", "dreadful"},
	}
	nouns = map[string][]string{
		Positive: {"masterpiece", "delight", "pleasure", "treat", "triumph", "gem"},
		Negative: {"disappointment", "letdown", "failure"},
	}
)

// A template holds {S} for a subject, {A} for an adjective and {N} for a
// noun, both of the polarity of the case, and {B} for an adjective of the
// other polarity. The label is that polarity, or its opposite when the
// template turns it.
type template struct {
	text     string
	polarity []string // the polarities of the case
	turns    bool
}

var (
	positiveOnly = []string{Positive}
	negativeOnly = []string{Negative}
	both         = []string{Positive, Negative}
)

// same and turned make templates whose label is their polarity, or its
// opposite.
func same(polarity []string, texts ...string) []template {
	return templates(polarity, false, texts)
}

func turned(polarity []string, texts ...string) []template {
	return templates(polarity, true, texts)
}

func templates(polarity []string, turns bool, texts []string) []template {
	out := make([]template, len(texts))
	for i, t := range texts {
		out[i] = template{t, polarity, turns}
	}
	return out
}

// A family is the templates of one category. Templates alternate between
// the halves, the first to HalfTune, so each half holds every category and
// the order of a list decides which shapes each half gets: where a category
// has several forms (be, do, have, modals; "although" first or second), the
// list pairs them so that both halves have each.
type family struct {
	category  string
	perEach   int // cases per template and polarity
	templates []template
}

var plain = []string{
	"The {S} was {A}.",
	"The {S} is {A}.",
	"I found the {S} {A}.",
	"Honestly, the {S} was {A}.",
	"The {S} turned out to be {A}.",
	"The {S} was a {N}.",
}

// In contrast templates {A} decides the label and {B} is conceded, so each
// template and polarity gives a pair of adjacent cases with the same words
// and opposite labels.
var families = []family{
	{PlainPositive, 6, same(positiveOnly, plain...)},
	{PlainNegative, 6, same(negativeOnly, plain...)},
	{NegNot, 5, turned(both,
		"The {S} was not {A}.",
		"The {S} is not {A}.",
		"I did not find the {S} {A}.",
		"I would not call the {S} {A}.",
		"The {S} was not {A} at all.",
		"The {S} was certainly not {A}.",
	)},
	{NegAuxNt, 4, turned(both,
		"The {S} wasn't {A}.",
		"The {S} isn't {A}.",
		"I didn't find the {S} {A}.",
		"The {S} doesn't seem {A}.",
		"The {S} hasn't been {A}.",
		"I haven't found the {S} {A}.",
		"I wouldn't call the {S} {A}.",
		"You couldn't call the {S} {A}.",
	)},
	{NegNever, 6, turned(both,
		"The {S} was never {A}.",
		"I never found the {S} {A}.",
		"The {S} has never been {A}.",
		"The {S} never seemed {A}.",
	)},
	{NegQuantifier, 4, turned(both,
		"Nobody would call the {S} {A}.",
		"Nobody thought the {S} was {A}.",
		"Nothing about the {S} was {A}.",
		"There was nothing {A} about the {S}.",
		"None of us found the {S} {A}.",
		"None of my friends thought the {S} was {A}.",
		"The {S} was no {N}.",
		"The {S} was in no way {A}.",
	)},
	// "Barely" turns a positive word only: "barely good" is bad, but
	// "barely bad" says nothing clear.
	{NegHardly, 5, slices.Concat(
		turned(both, "The {S} was hardly {A}.", "I could hardly call the {S} {A}."),
		turned(positiveOnly, "The {S} was barely {A}.", "The {S} could barely be called {A}."),
		turned(both, "Hardly anyone found the {S} {A}.", "The {S} is hardly {A}."),
	)},
	{NegThink, 5, turned(both,
		"I don't think the {S} is {A}.",
		"I don't believe the {S} was {A}.",
		"I don't find the {S} {A}.",
		"I really don't find the {S} {A}.",
		"I do not believe the {S} is {A}.",
		"I didn't think the {S} was {A}.",
	)},
	{NegDistance, 5, turned(both,
		"The {S} was not, to be honest, {A}.",
		"The {S} wasn't, as far as I can tell, {A}.",
		"The {S} was not at all really {A}.",
		"I would not say that the {S} was {A}.",
		"The {S} was not, in my humble opinion, {A}.",
		"Nobody I know would say the {S} was {A}.",
	)},
	{NegDouble, 5, slices.Concat(
		same(both,
			"Nobody could say the {S} was not {A}.",
			"There was not a moment when the {S} was not {A}.",
			"I never found the {S} anything but {A}."),
		same(positiveOnly, "The {S} was not without charm."),
		same(both,
			"It is not true that the {S} was not {A}.",
			"The {S} was never not {A}."),
	)},
	{ContrastBut, 6, same(both,
		"The {S} looked {B} but turned out {A}.",
		"I expected the {S} to be {B}, but it was {A}.",
		"The start was {B}, but overall the {S} was {A}.",
		"The {S} was {B} at first but {A} in the end.",
	)},
	{ContrastYet, 6, same(both,
		"The reviews called the {S} {B}, yet it was {A}.",
		"Parts of the {S} were {B}, yet overall it was {A}.",
		"The {S} seemed {B} at first, yet it turned out {A}.",
		"Everyone said the {S} would be {B}, yet it was {A}.",
	)},
	{ContrastHowever, 4, same(both,
		"Parts of the {S} were {B}. However, it was {A} overall.",
		"The reviews called the {S} {B}. However, it was {A}.",
		"However {B} it seemed at first, the {S} turned out {A}.",
		"However {B} it looked, the {S} was {A} in the end.",
		"The {S} turned out {A}, however {B} it seemed at first.",
		"The {S} was {A} in the end, however {B} it looked.",
	)},
	{ContrastAlthough, 6, same(both,
		"Although the start was {B}, the {S} was {A} overall.",
		"The {S} was {A} overall, although the start was {B}.",
		"The {S} turned out {A}, although it looked {B}.",
		"Although it looked {B}, the {S} turned out {A}.",
	)},
	{ContrastThough, 6, same(both,
		"Though the reviews called it {B}, the {S} was {A}.",
		"The {S} was {A}, though the reviews called it {B}.",
		"The {S} was {A}, even though parts of it were {B}.",
		"Even though parts of it were {B}, the {S} was {A}.",
	)},
	{ContrastNot, 6, same(both,
		"{A}, not {B}.",
		"The {S} was {A}, not {B}.",
		"The {S} was {A} rather than {B}.",
		"Far from {B}, the {S} was {A}.",
	)},
	{Comparison, 6, turned(both,
		"The {S} was not as {A} as I expected.",
		"The {S} wasn't as {A} as the reviews said.",
		"The {S} was not nearly as {A} as everyone said.",
		"The {S} was nowhere near as {A} as I had heard.",
	)},
	{Intensifier, 4, same(both,
		"The {S} was very {A}.",
		"The {S} was really {A}.",
		"The {S} was extremely {A}.",
		"The {S} was truly {A}.",
		"The {S} was incredibly {A}.",
		"The {S} was so {A}!",
	)},
	{Hedge, 4, same(both,
		"The {S} was somewhat {A}.",
		"The {S} was fairly {A}.",
		"I guess the {S} was {A}.",
		"The {S} seemed {A}, I suppose.",
		"The {S} was mostly {A}.",
		"The {S} was kind of {A}.",
	)},
	{Question, 4, slices.Concat(
		same(both, "Wasn't the {S} {A}?"),
		turned(both, "Was the {S} {A}? Not at all.", "How could anyone call the {S} {A}?"),
		same(both, "Was the {S} {A}? Absolutely."),
		turned(both, "Is the {S} {A}? Not really."),
		same(both, "Isn't the {S} just {A}?"),
	)},
}

// Cases returns every case, grouped by category in the order of Categories.
// The result is the same on every call. Contrast cases come in adjacent
// pairs: the same words, opposite labels.
func Cases() []Case {
	byCategory := map[string][]Case{}
	for i, f := range families {
		for t, tmpl := range f.templates {
			id := fmt.Sprintf("%s/%d", f.category, t+1)
			half := HalfTune
			if t%2 == 1 {
				half = HalfReport
			}
			for j := range f.perEach {
				w := pick(templateStride*i+t, j)
				for _, pol := range tmpl.polarity {
					label := pol
					if tmpl.turns {
						label = opposite(pol)
					}
					byCategory[f.category] = append(byCategory[f.category],
						Case{f.category, id, half, w.fill(tmpl.text, pol), label})
				}
			}
		}
	}
	var out []Case
	for _, c := range Categories {
		out = append(out, byCategory[c.Name]...)
	}
	return out
}

// Select returns the cases of one half, or all of them for HalfAll.
func Select(half string) []Case {
	var out []Case
	for _, c := range Cases() {
		if half == HalfAll || c.Half == half {
			out = append(out, c)
		}
	}
	return out
}

// words are the words of one case of each polarity.
type words struct {
	subject    string
	adjectives map[string]string
	nouns      map[string]string
}

// templateStride is more than any family's number of templates: template t
// of family i picks its words as template number templateStride*i+t, so
// that a template added to one category leaves every other category's
// sentences as they were.
const templateStride = 10

// pick chooses the words for the j-th case of template number g. Consecutive cases
// step through the lists, and each template starts at another place, so
// that the words mix without a random generator whose sequence could change
// between Go releases. Both polarities of a case share a subject and take
// each other's adjective as {B}, which is what makes contrast pairs.
func pick(g, j int) words {
	w := words{subjects[(3*g+j)%len(subjects)], map[string]string{}, map[string]string{}}
	for _, pol := range both {
		w.adjectives[pol] = adjectives[pol][(g+j)%len(adjectives[pol])]
		w.nouns[pol] = nouns[pol][(g+j)%len(nouns[pol])]
	}
	return w
}

func (w words) fill(tmpl, pol string) string {
	text := strings.NewReplacer("{S}", w.subject, "{A}", w.adjectives[pol],
		"{B}", w.adjectives[opposite(pol)], "{N}", w.nouns[pol]).Replace(tmpl)
	r, size := utf8.DecodeRuneInString(text)
	return string(unicode.ToUpper(r)) + text[size:]
}

func opposite(label string) string {
	if label == Positive {
		return Negative
	}
	return Positive
}
