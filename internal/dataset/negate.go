package dataset

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// The forms of negation AugmentNegation can write, in the order it writes
// them. Held-out reviews negate with an auxiliary ("The service wasn't
// slow."), with "I don't think", with "never", or by denying a quality
// outright; a model shown "not" + phrase alone misreads about half of them.
const (
	FormNot     = "not"      // "not" + the text, whatever it is: the one form before the others
	FormAux     = "aux"      // n't or not after the auxiliary: "the food was n't great"
	FormThink   = "think"    // "i do n't think" + a clause: "i do n't think the food was great"
	FormNever   = "never"    // "never" after the auxiliary: "the food was never great"
	FormItIsnt  = "it-isnt"  // "it is n't", "it 's not" or "it was n't" + a quality: "it is n't a great movie"
	FormFarFrom = "far-from" // "far from" + a quality: "far from bad"
	FormNothing = "nothing"  // "there 's nothing" + an adjective + "about it"
	FormHardly  = "hardly"   // "hardly" or "barely" after the auxiliary: "the food was hardly great"
	FormNobody  = "nobody"   // "nobody would say" + a clause, "nobody would say it 's" + a quality
	FormFar     = "distance" // "not" and an aside before the rest of the predicate: "the food was not , honestly , great"
	FormDouble  = "double"   // a negated clause, denied: "i would n't say the food was n't great" (the label stays)
	FormAsk     = "question" // the rhetorical question: "was n't the food great ?" (the label stays)
	FormAnswer  = "answer"   // a question answered no: "was the food great ? not really ."
)

// AllForms are the forms, in the order AugmentNegation writes them.
var AllForms = []string{FormNot, FormAux, FormThink, FormNever, FormItIsnt, FormFarFrom, FormNothing,
	FormHardly, FormNobody, FormFar, FormDouble, FormAsk, FormAnswer}

// KeepsLabel reports whether a twin in form has its text's label rather
// than the other: a negation denied, or a question that expects "yes".
func KeepsLabel(form string) bool {
	return form == FormDouble || form == FormAsk
}

// NegationForms returns the forms names asks for, in the order of
// AllForms and each once; "all" asks for every form. A model records the
// list it returns, so that a later rnnsent with more forms reads "all" as it
// was meant.
func NegationForms(names []string) ([]string, error) {
	return chooseForms(names, AllForms, "negation form")
}

// chooseForms returns the forms of all that names asks for, in the order
// of all and each once; "all" asks for every one. kind names a form in
// the error.
func chooseForms(names, all []string, kind string) ([]string, error) {
	want := map[string]bool{}
	for _, n := range names {
		if n != "all" && !slices.Contains(all, n) {
			return nil, fmt.Errorf("unknown %s %q; the forms are %s and all", kind, n, strings.Join(all, ", "))
		}
		want[n] = true
	}
	var out []string
	for _, f := range all {
		if want[f] || want["all"] {
			out = append(out, f)
		}
	}
	return out, nil
}

// auxiliary is how a word that carries a predicate's tense negates.
type auxiliary struct {
	nt       []string // the word and n't, as the tokenizer splits the contraction; nil when English has none
	subjects []string // a clitic is the auxiliary only after these; nil for a free word
	next     string   // the word that must follow it, "" for any
}

// auxiliaries are the words whose negation is a word after them. "do"
// and main verbs are left out: "does a great job" has no auxiliary to
// negate, and "i loved it" would need the verb's base form.
var auxiliaries = map[string]auxiliary{
	"is":     {nt: []string{"is", "n't"}},
	"are":    {nt: []string{"are", "n't"}},
	"was":    {nt: []string{"was", "n't"}},
	"were":   {nt: []string{"were", "n't"}},
	"am":     {},
	"'s":     {subjects: []string{"it", "he", "she", "this", "there", "here", "everything", "everyone"}},
	"'re":    {subjects: []string{"you", "we", "they"}},
	"'m":     {subjects: []string{"i"}},
	"has":    {nt: []string{"has", "n't"}, next: "been"},
	"have":   {nt: []string{"have", "n't"}, next: "been"},
	"had":    {nt: []string{"had", "n't"}, next: "been"},
	"can":    {nt: []string{"ca", "n't"}},
	"could":  {nt: []string{"could", "n't"}},
	"will":   {nt: []string{"wo", "n't"}},
	"would":  {nt: []string{"would", "n't"}},
	"should": {nt: []string{"should", "n't"}},
}

// joiners make a text more than one predicate, or a question, or a
// clause inside another: negating one part would leave the label to the
// others ("the cast is fine and the plot is dull").
var joiners = []string{"and", "or", "but", "yet", "so", "although", "though", "because", "while", "whereas",
	"which", "who", "whom", "whose", "that", "what", "when", "where", "why", "how", "whether", "if", "unless",
	"until", "since", "than", "as", ",", ";", ":", "?", "--", "(", ")", "\""}

// subjectStarts are the words a subject may begin with: a pronoun or a
// determiner. Without a tagger, a text such as "in which the talent is
// undeniable" must not pass for a clause.
var subjectStarts = []string{"i", "you", "we", "they", "he", "she", "it", "this", "these", "those", "there",
	"here", "everything", "everyone", "the", "a", "an", "its", "his", "her", "their", "my", "our", "your"}

// determiners open a noun phrase that "it is n't" or "far from" can deny:
// "it is n't a great movie" reads as the opposite of "a great movie", but
// "far from the gifted cast" not of "the gifted cast".
var determiners = []string{"a", "an"}

// adjectives are common words of quality whose ending does not give them
// away, or gives away a noun as often ("-y": "funny" but "comedy").
var adjectives = []string{"good", "great", "bad", "fine", "fun", "dull", "best", "worst", "nice", "poor",
	"smart", "sweet", "slow", "weak", "strong", "solid", "cheap", "wise", "sharp", "flat", "bland", "dumb",
	"cool", "clever", "cute", "rich", "fresh", "stale", "lame", "odd", "grim", "tense", "bright", "brilliant",
	"excellent", "elegant", "intelligent", "pleasant", "decent", "magnificent", "innocent", "incoherent",
	"epic", "comic", "tragic", "romantic", "dramatic", "fantastic", "terrific", "poetic", "energetic",
	"pathetic", "ironic", "authentic", "funny", "silly", "messy", "witty", "heavy", "sorry", "scary",
	"creepy", "clumsy", "sloppy", "cheesy", "corny", "goofy", "dreary", "empty", "easy", "ugly", "happy",
	"lovely", "lively", "moody", "gritty", "quirky", "lousy", "shoddy", "tacky", "trashy", "murky", "choppy",
	"flashy", "hokey", "worthy", "crazy", "classy", "nasty", "tedious", "awful", "terrible", "horrible"}

// adjectiveEnds are suffixes of adjectives ("gorgeous", "pointless") that
// few nouns have; participleEnds those that verbs share ("boring",
// "overrated", but "sucked"), which "there 's nothing … about it" does not
// take.
var (
	adjectiveEnds  = []string{"ous", "ful", "ive", "able", "ible", "less", "ical", "ish"}
	participleEnds = []string{"ing", "ed", "est"}
)

// nounEnds are the nouns and noun endings that adjectiveEnds would take
// for qualities, most of them the craft of a film ("the acting").
var nounEnds = []string{"ly", "thing", "acting", "writing", "making", "ending", "telling", "casting",
	"editing", "pacing", "setting", "opening", "beginning", "feeling", "meaning", "building", "evening",
	"morning", "wedding", "eed"}

// adjectiveLike reports whether w reads as a quality, a participle
// included when participles is true.
func adjectiveLike(w string, participles bool) bool {
	if slices.Contains(adjectives, w) {
		return true
	}
	has := func(ends []string) bool {
		return slices.ContainsFunc(ends, func(end string) bool { return strings.HasSuffix(w, end) })
	}
	return len(w) >= 4 && (has(adjectiveEnds) || participles && has(participleEnds)) && !has(nounEnds)
}

// intensifier reports whether w may stand before an adjective and leave a
// phrase a quality: "very funny", "utterly charming".
func intensifier(w string) bool {
	return strings.HasSuffix(w, "ly") || slices.Contains([]string{"very", "so", "too", "quite", "pretty", "rather"}, w)
}

// bareQualityWords reports whether words are an adjective or an
// intensified one, with no determiner: "dull", "very funny".
func bareQualityWords(words []string) bool {
	switch len(words) {
	case 1:
		return adjectiveLike(words[0], true)
	case 2:
		return intensifier(words[0]) && adjectiveLike(words[1], true)
	}
	return false
}

// nearNegations negate without a word of negations ("barely watchable"),
// so a text with one is negated already.
var nearNegations = []string{"rarely", "seldom", "barely", "scarcely"}

// neverBefore are the words "never" would clash with after an auxiliary:
// "was never always", "will never probably".
var neverBefore = []string{"always", "ever", "still", "already", "sometimes", "often", "usually", "once",
	"probably", "also", "definitely", "certainly", "surely", "perhaps", "maybe"}

// The words the forms write beside the text's own, each form's spellings
// in the order pick chooses among them.
var (
	thinkLead     = []string{"i", "do", "n't", "think"}
	itIsnts       = [][]string{{"it", "is", "n't"}, {"it", "'s", "not"}, {"it", "was", "n't"}}
	farFrom       = []string{"far", "from"}
	nothingAround = [2][]string{{"there", "'s", "nothing"}, {"about", "it"}}
	hardlies      = [][]string{{"hardly"}, {"barely"}}
	nobodies      = [][]string{{"nobody", "would", "say"}, {"no", "one", "would", "say"}, {"nobody", "thinks"}}
	// nobodyQualities deny a quality by its subject: no one holds it.
	nobodyQualities = [][]string{{"nobody", "would", "say", "it", "'s"}, {"no", "one", "found", "it"},
		{"none", "of", "us", "found", "it"}, {"hardly", "anyone", "found", "it"}}
	// asides are what FormFar puts between "not" and what it negates: a
	// reader still pairs the two, but a model that looks only at the word
	// before a quality does not.
	asides = [][]string{{",", "honestly", ","}, {",", "frankly", ","}, {",", "to", "be", "fair", ","},
		{",", "in", "my", "opinion", ","}, {",", "i", "must", "say", ","}, {"at", "all"}, {"really"}, {"even", "remotely"}}
	// denials are what FormDouble puts before a clause negated with not or n't.
	denials = [][]string{{"i", "would", "n't", "say"}, {"it", "is", "not", "true", "that"}, {"nobody", "would", "say"}}
	// qualityAsks are the auxiliaries a question about a quality opens
	// with, before "it": "is it dull ?", "was n't it dull ?".
	qualityAsks = []string{"is", "was"}
	// answers are FormAnswer's replies, each denying what was asked.
	answers = [][]string{{"not", "really"}, {"not", "at", "all"}, {"no"}}
)

// formWords are the words the forms write, some more than once, in an
// order that does not change from run to run.
func formWords() []string {
	words := slices.Concat(thinkLead, farFrom, nothingAround[0], nothingAround[1],
		[]string{"not", "never", "?", "."}, slices.Concat(itIsnts...), slices.Concat(hardlies...),
		slices.Concat(nobodies...), slices.Concat(nobodyQualities...), slices.Concat(asides...),
		slices.Concat(denials...), qualityAsks, []string{"it"}, slices.Concat(answers...))
	for _, aux := range slices.Sorted(maps.Keys(auxiliaries)) {
		words = append(words, auxiliaries[aux].nt...)
	}
	return words
}

// ends are the tokens that may close a text of one predicate.
var ends = []string{".", "!", "..."}

// trimEnd splits tokens into its words and the token that closes it, if
// any.
func trimEnd(tokens []string) (words, end []string) {
	if n := len(tokens); n > 0 && slices.Contains(ends, tokens[n-1]) {
		return tokens[:n-1], tokens[n-1:]
	}
	return tokens, nil
}

// predicate is what Negate reads of a text.
type predicate struct {
	aux     int  // the place of its one auxiliary, -1 for none
	clause  bool // a subject stands before the auxiliary
	quality bool // without an auxiliary: an adjective phrase or a noun phrase with one
	word    bool // the quality is one adjective, not a participle
}

// readPredicate reads tokens, and reports false for a text no form but
// FormNot may rewrite: negated already, a question, or more than one
// predicate.
func readPredicate(tokens []string) (predicate, bool) {
	p := predicate{aux: -1}
	for i, t := range tokens {
		last := i == len(tokens)-1
		switch {
		case slices.Contains(negations, t) || slices.Contains(nearNegations, t) || slices.Contains(joiners, t):
			return p, false
		case slices.Contains(ends, t) && !last:
			return p, false
		}
		a, ok := auxiliaries[t]
		if !ok || a.subjects != nil && (i == 0 || !slices.Contains(a.subjects, tokens[i-1])) {
			continue
		}
		if p.aux >= 0 || last || a.next != "" && tokens[i+1] != a.next {
			return p, false
		}
		p.aux = i
	}
	if len(tokens) == 0 {
		return p, false
	}
	if p.aux >= 0 {
		p.clause = p.aux > 0 && slices.Contains(subjectStarts, tokens[0])
		return p, true
	}
	words, _ := trimEnd(tokens)
	switch {
	case bareQualityWords(words):
		p.quality, p.word = true, len(words) == 1 && adjectiveLike(words[0], false)
	case len(words) >= 3 && slices.Contains(determiners, words[0]):
		// The adjective must not be the head: "a thrilling" is no quality.
		p.quality = adjectiveLike(words[1], true) || len(words) >= 4 && intensifier(words[1]) && adjectiveLike(words[2], true)
	}
	return p, true
}

// Negate returns tokens rewritten in form so that a reader would give the
// text the other label, or nil when the form does not apply to it. Every
// form but FormNot needs a text of one predicate without a negation, a
// joined clause or a question. FormAux and FormNever need an auxiliary;
// FormThink a clause, whose subject begins with a pronoun or a
// determiner; FormItIsnt and FormFarFrom a text without an auxiliary that
// is a quality ("bad", "very funny", "a gorgeous film"); FormNothing a
// single adjective. FormHardly and FormFar need an auxiliary; FormNobody
// and FormDouble a clause or a quality; FormAsk and FormAnswer a quality or
// a clause whose auxiliary has an n't form (and so may lead a question:
// not "'s"). A form with several spellings calls pick(n)
// once a twin to choose one of its n ("was n't" or "was not"; "am not"
// alone). The tokens are those Tokenize gives for the text written out
// ("wasn't" is "was" "n't").
func Negate(tokens []string, form string, pick func(n int) int) []string {
	if form == FormNot {
		return slices.Concat([]string{"not"}, tokens)
	}
	p, ok := readPredicate(tokens)
	if !ok {
		return nil
	}
	switch {
	case p.aux >= 0 && form == FormAux:
		spellings := auxSpellings(tokens[p.aux])
		return slices.Concat(tokens[:p.aux], spellings[pick(len(spellings))], tokens[p.aux+1:])
	case p.aux >= 0 && form == FormNever && !slices.Contains(neverBefore, tokens[p.aux+1]):
		return slices.Concat(tokens[:p.aux+1], []string{"never"}, tokens[p.aux+1:])
	case p.clause && form == FormThink:
		return slices.Concat(thinkLead, tokens)
	case p.quality && form == FormItIsnt:
		return slices.Concat(itIsnts[pick(len(itIsnts))], tokens)
	case p.quality && form == FormFarFrom:
		return slices.Concat(farFrom, tokens)
	case p.word && form == FormNothing:
		words, end := trimEnd(tokens)
		return slices.Concat(nothingAround[0], words, nothingAround[1], end)
	case p.aux >= 0 && form == FormHardly && !slices.Contains(neverBefore, tokens[p.aux+1]):
		return slices.Concat(tokens[:p.aux+1], hardlies[pick(len(hardlies))], tokens[p.aux+1:])
	case p.clause && form == FormNobody:
		return slices.Concat(nobodies[pick(len(nobodies))], tokens)
	case p.quality && form == FormNobody:
		return slices.Concat(nobodyQualities[pick(len(nobodyQualities))], tokens)
	case p.aux >= 0 && form == FormFar:
		return slices.Concat(tokens[:p.aux+1], []string{"not"}, asides[pick(len(asides))], tokens[p.aux+1:])
	case p.clause && form == FormDouble:
		spellings := auxSpellings(tokens[p.aux])
		k := pick(len(denials) * len(spellings))
		return slices.Concat(denials[k/len(spellings)], tokens[:p.aux], spellings[k%len(spellings)], tokens[p.aux+1:])
	case p.quality && form == FormDouble:
		k := pick(len(denials) * len(itIsnts))
		return slices.Concat(denials[k/len(itIsnts)], itIsnts[k%len(itIsnts)], tokens)
	case form == FormAsk && p.askable(tokens):
		ask := 0
		if p.quality {
			ask = pick(len(qualityAsks))
		}
		return question(tokens, p, ask, true)
	case form == FormAnswer && p.askable(tokens):
		n := len(answers)
		if p.quality {
			n *= len(qualityAsks)
		}
		k := pick(n)
		return slices.Concat(question(tokens, p, k/len(answers), false), answers[k%len(answers)], []string{"."})
	}
	return nil
}

// askable reports whether a text read as p may be asked as a question: a
// quality, or a clause whose auxiliary has an n't form and so may lead
// ("'s" may not).
func (p predicate) askable(tokens []string) bool {
	return p.quality || p.clause && auxiliaries[tokens[p.aux]].nt != nil
}

// question asks tokens, read as p and askable: the clause's auxiliary
// first ("was the food great ?") or, for a quality, qualityAsks[ask] and
// "it" ("is it dull ?"); the auxiliary with n't when negative ("was n't
// the food great ?").
func question(tokens []string, p predicate, ask int, negative bool) []string {
	words, _ := trimEnd(tokens)
	aux, rest := qualityAsks[ask], slices.Concat([]string{"it"}, words)
	if p.clause {
		aux, rest = tokens[p.aux], slices.Concat(words[:p.aux], words[p.aux+1:])
	}
	lead := []string{aux}
	if negative {
		lead = auxiliaries[aux].nt
	}
	return slices.Concat(lead, rest, []string{"?"})
}

// auxSpellings are the ways to negate the auxiliary aux: aux "not", and
// its n't form where English has one.
func auxSpellings(aux string) [][]string {
	spellings := [][]string{{aux, "not"}}
	if nt := auxiliaries[aux].nt; nt != nil {
		spellings = append(spellings, nt)
	}
	return spellings
}
