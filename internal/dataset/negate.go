package dataset

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/rnnsent/rnnsent/internal/tokenize"
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
	FormAs      = "as"       // a comparison denied: "the food was n't as great as i expected"
)

// AllForms are the forms, in the order AugmentNegation writes them.
var AllForms = []string{FormNot, FormAux, FormThink, FormNever, FormItIsnt, FormFarFrom, FormNothing,
	FormHardly, FormNobody, FormFar, FormDouble, FormAsk, FormAnswer, FormAs}

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

// nearNegations negate without a word of tokenize.Negations ("barely watchable"),
// so a text with one is negated already.
var nearNegations = []string{"rarely", "seldom", "barely", "scarcely"}

// neverBefore are the words "never" would clash with after an auxiliary:
// "was never always", "will never probably".
var neverBefore = []string{"always", "ever", "still", "already", "sometimes", "often", "usually", "once",
	"probably", "also", "definitely", "certainly", "surely", "perhaps", "maybe"}

// combine returns every concatenation of one spelling of each of parts,
// the first part's choice varying slowest. Held-out reviews deny a
// thought in more ways than any list of whole phrases would hold ("we
// did n't believe that", "no one thought"); a model shown a few of them
// learns those few, one shown their parts combined learns the pattern.
func combine(parts ...[][]string) [][]string {
	out := [][]string{nil}
	for _, part := range parts {
		var next [][]string
		for _, head := range out {
			for _, tail := range part {
				next = append(next, slices.Concat(head, tail))
			}
		}
		out = next
	}
	return out
}

// optional is a part of combine that may be left out.
func optional(words ...string) [][]string {
	return [][]string{nil, words}
}

// The words the forms write beside the text's own, each form's spellings
// in the order pick chooses among them.
var (
	// opinionHolders are who FormThink has deny an opinion.
	opinionHolders = [][]string{{"i"}, {"we"}, {"i", "really"}, {"i", "honestly"}}
	// thinkLeads deny that a clause holds: "i do n't think", "we would n't
	// say that".
	thinkLeads = slices.Concat(
		combine(opinionHolders, [][]string{{"do", "n't"}, {"did", "n't"}, {"do", "not"}, {"did", "not"}},
			[][]string{{"think"}, {"believe"}, {"feel"}}, optional("that")),
		combine(opinionHolders, [][]string{{"would", "n't"}, {"would", "not"}, {"ca", "n't"}, {"could", "n't"}},
			[][]string{{"say"}}, optional("that")))
	// findLeads deny a quality of a subject, which follows them without
	// its copula: "i do n't find the food great".
	findLeads = combine(opinionHolders, [][]string{{"do", "n't", "find"}, {"did", "n't", "find"}, {"did", "not", "find"},
		{"would", "n't", "call"}, {"would", "not", "call"}, {"could", "n't", "call"}})
	itIsnts       = [][]string{{"it", "is", "n't"}, {"it", "'s", "not"}, {"it", "was", "n't"}}
	farFrom       = []string{"far", "from"}
	nothingAround = [2][]string{{"there", "'s", "nothing"}, {"about", "it"}}
	// degrees negate by degree after any auxiliary, copulaDegrees only
	// between a copula and a quality: "it should by no means be", "the
	// food was anything but great", but not "it should far from be".
	degrees       = [][]string{{"hardly"}, {"barely"}, {"in", "no", "way"}, {"by", "no", "means"}}
	copulaDegrees = [][]string{{"far", "from"}, {"anything", "but"}}
	// nobodies deny a clause by its holders: no one holds it.
	nobodies = combine([][]string{{"nobody"}, {"no", "one"}, {"none", "of", "us"}, {"not", "one", "of", "us"}},
		[][]string{{"would", "say"}, {"thinks"}, {"thought"}, {"believed"}, {"could", "say"}, {"felt"}}, optional("that"))
	// nobodyQualities deny a quality by its subject: no one holds it.
	nobodyQualities = combine([][]string{{"nobody"}, {"no", "one"}, {"none", "of", "us"}, {"hardly", "anyone"}},
		[][]string{{"would", "say", "it", "'s"}, {"found", "it"}, {"thought", "it", "was"}, {"would", "call", "it"}})
	// asides are what FormFar puts between "not" and what it negates: a
	// reader still pairs the two, but a model that looks only at the word
	// before a quality does not.
	asides = [][]string{{",", "honestly", ","}, {",", "frankly", ","}, {",", "to", "be", "fair", ","},
		{",", "in", "my", "opinion", ","}, {",", "i", "must", "say", ","}, {",", "i", "think", ","},
		{",", "if", "you", "ask", "me", ","}, {",", "all", "things", "considered", ","}, {",", "in", "the", "end", ","},
		{",", "i", "have", "to", "admit", ","}, {"at", "all"}, {"really"}, {"even", "remotely"}, {"really", "all", "that"},
		{"in", "any", "way"}}
	// denials are what FormDouble puts before a clause negated with not
	// or n't. Leads of FormThink and FormNobody, which flip a label, would
	// leave a twin and its label one n't apart, too fine a difference to
	// learn from a few thousand twins: with them, the tuning half's double
	// negations fell from 73% to 37% (GLUE SST-2, seed 1).
	denials = [][]string{{"i", "would", "n't", "say"}, {"it", "is", "not", "true", "that"}, {"nobody", "would", "say"}}
	// qualityAsks are the auxiliaries a question about a quality opens
	// with, before "it": "is it dull ?", "was n't it dull ?".
	qualityAsks = []string{"is", "was"}
	// answers are FormAnswer's replies, each denying what was asked.
	answers = [][]string{{"not", "really"}, {"not", "at", "all"}, {"no"}}
	// asTails end FormAs's comparison: "not as good as" + a tail.
	asTails = [][]string{{"i", "expected"}, {"i", "had", "hoped"}, {"we", "thought"}, {"it", "looked"},
		{"promised"}, {"i", "remembered"}}
	// asDegrees may stand between FormAs's negation and "as".
	asDegrees = [][]string{nil, {"nearly"}, {"quite"}}
)

// formWords are the words the forms write, some more than once, in an
// order that does not change from run to run.
func formWords() []string {
	lists := [][][]string{thinkLeads, findLeads, itIsnts, {farFrom}, nothingAround[:], degrees, copulaDegrees,
		nobodies, nobodyQualities, asides, denials, answers, asTails, asDegrees,
		{{"not", "never", "?", ".", "it", "as", "nothing", "about"}}, {qualityAsks}}
	var words []string
	for _, list := range lists {
		words = append(words, slices.Concat(list...)...)
	}
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
	aux    int  // the place of its one auxiliary, -1 for none
	clause bool // a subject stands before the auxiliary
	// alone is the text without an auxiliary read as a quality: "very
	// funny" has alone.quality and alone.bare.
	alone quality
	// after is what follows a copula, when it is a quality: "the food was
	// great" has after.quality, after.bare ("great" needs no determiner)
	// and after.word.
	after quality
}

// quality is what readQuality reads of words.
type quality struct {
	quality bool // an adjective phrase or a noun phrase with one: "dull", "very funny", "a gorgeous film"
	bare    bool // without a determiner: "dull", "very funny"
	word    bool // one adjective, not a participle: "dull"
}

// readQuality reads words as a quality, if they are one.
func readQuality(words []string) quality {
	if bareQualityWords(words) {
		return quality{quality: true, bare: true, word: len(words) == 1 && adjectiveLike(words[0], false)}
	}
	// The adjective must not be the head: "a thrilling" is no quality.
	return quality{quality: len(words) >= 3 && slices.Contains(determiners, words[0]) &&
		(adjectiveLike(words[1], true) || len(words) >= 4 && intensifier(words[1]) && adjectiveLike(words[2], true))}
}

// copulas are the auxiliaries a quality may follow as a predicate;
// wordCopulas those of them that are whole words of the third person,
// which a subject can lose without the rest changing ("i do n't find the
// food great"), and singularCopulas those that agree with "nothing"
// ("nothing about the food was great", "there was nothing great about").
var (
	copulas         = []string{"is", "are", "was", "were", "am", "'s", "'re", "'m"}
	wordCopulas     = []string{"is", "are", "was", "were"}
	singularCopulas = []string{"is", "was"}
)

// objectLikeStarts are the subjectStarts whose subject reads the same as
// an object, after a verb or a preposition ("i do n't find the food
// great", "nothing about it"); "i" and "they" would have to become "me"
// and "them".
var objectLikeStarts = []string{"it", "this", "the", "a", "an", "its", "his", "her", "their", "my", "our", "your"}

// readPredicate reads tokens, and reports false for a text no form but
// FormNot may rewrite: negated already, a question, or more than one
// predicate.
func readPredicate(tokens []string) (predicate, bool) {
	p := predicate{aux: -1}
	for i, t := range tokens {
		last := i == len(tokens)-1
		switch {
		case slices.Contains(tokenize.Negations, t) || slices.Contains(nearNegations, t) || slices.Contains(joiners, t):
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
	words, _ := trimEnd(tokens)
	if p.aux >= 0 {
		p.clause = p.aux > 0 && slices.Contains(subjectStarts, tokens[0])
		if slices.Contains(copulas, tokens[p.aux]) && p.aux < len(words) {
			p.after = readQuality(words[p.aux+1:])
		}
		return p, true
	}
	p.alone = readQuality(words)
	return p, true
}

// Negate returns tokens rewritten in form so that a reader would give the
// text the other label (or, for a form that KeepsLabel, the same one), or
// nil when the form does not apply to it. Every form but FormNot needs a
// text of one predicate without a negation, a joined clause or a question;
// rewrites says what else each needs. A form with several spellings calls
// pick(n) once a twin to choose one of its n ("was n't" or "was not"; "am
// not" alone). The tokens are those Tokenize gives for the text written
// out ("wasn't" is "was" "n't").
func Negate(tokens []string, form string, pick func(n int) int) []string {
	if form == FormNot {
		return slices.Concat([]string{"not"}, tokens)
	}
	p, ok := readPredicate(tokens)
	if !ok {
		return nil
	}
	r, known := rewrites[form]
	if !known {
		return nil
	}
	words, end := trimEnd(tokens)
	return r.write(text{tokens, words, end, p}, pick)
}

// KeepsLabel reports whether a twin in form has its text's label rather
// than the other: a negation denied, or a question that expects "yes".
func KeepsLabel(form string) bool { return rewrites[form].keepsLabel }

// text is a text of one predicate as the forms read it: its tokens, those
// without the token that closes it (words) and that token (end, if any),
// and how readPredicate reads it.
type text struct {
	tokens, words, end []string
	predicate
}

// A rewrite is how a form other than FormNot writes a twin.
type rewrite struct {
	keepsLabel bool
	// write returns the twin of t, or nil when the form does not apply.
	write func(t text, pick func(n int) int) []string
}

// rewrites are the forms but FormNot, which reads nothing of the text. The
// order forms are written in is AllForms's, and the words they write are
// listed in formWords, whose order decides the reserved words' places in a
// vocabulary: a map keeps neither.
var rewrites = map[string]rewrite{
	// An auxiliary.
	FormAux: {write: func(t text, pick func(int) int) []string {
		if t.aux < 0 {
			return nil
		}
		spellings := auxSpellings(t.tokens[t.aux])
		return slices.Concat(t.tokens[:t.aux], spellings[pick(len(spellings))], t.tokens[t.aux+1:])
	}},
	// A clause, whose subject begins with a pronoun or a determiner.
	FormThink: {write: func(t text, pick func(int) int) []string {
		if !t.clause {
			return nil
		}
		n := len(thinkLeads)
		if t.findable() {
			n += len(findLeads)
		}
		k := pick(n)
		if k < len(thinkLeads) {
			return slices.Concat(thinkLeads[k], t.tokens)
		}
		return slices.Concat(findLeads[k-len(thinkLeads)], t.tokens[:t.aux], t.tokens[t.aux+1:])
	}},
	// An auxiliary that may take an adverb after it (adverbial).
	FormNever: {write: func(t text, _ func(int) int) []string {
		if !t.adverbial() {
			return nil
		}
		return slices.Concat(t.tokens[:t.aux+1], []string{"never"}, t.tokens[t.aux+1:])
	}},
	// A text without an auxiliary that is a quality ("bad", "very funny",
	// "a gorgeous film"), as for FormFarFrom.
	FormItIsnt: {write: func(t text, pick func(int) int) []string {
		if !t.alone.quality {
			return nil
		}
		return slices.Concat(itIsnts[pick(len(itIsnts))], t.tokens)
	}},
	FormFarFrom: {write: func(t text, _ func(int) int) []string {
		if !t.alone.quality {
			return nil
		}
		return slices.Concat(farFrom, t.tokens)
	}},
	// A single adjective, or a clause that gives one to a third-person
	// subject with "is" or "was".
	FormNothing: {write: func(t text, pick func(int) int) []string {
		switch {
		case t.alone.word:
			return slices.Concat(nothingAround[0], t.words, nothingAround[1], t.end)
		case t.nothingAbout():
			subject, aux, adjective := t.tokens[:t.aux], t.tokens[t.aux], t.words[t.aux+1:]
			if pick(2) == 0 {
				return slices.Concat([]string{"there", aux, "nothing"}, adjective, []string{"about"}, subject, t.end)
			}
			return slices.Concat([]string{"nothing", "about"}, t.tokens)
		}
		return nil
	}},
	// An auxiliary that may take an adverb after it (adverbial).
	FormHardly: {write: func(t text, pick func(int) int) []string {
		if !t.adverbial() {
			return nil
		}
		spellings := degrees
		if t.after.quality {
			spellings = slices.Concat(degrees, copulaDegrees)
		}
		return slices.Concat(t.tokens[:t.aux+1], spellings[pick(len(spellings))], t.tokens[t.aux+1:])
	}},
	// A clause or a quality.
	FormNobody: {write: func(t text, pick func(int) int) []string {
		switch {
		case t.clause:
			return slices.Concat(nobodies[pick(len(nobodies))], t.tokens)
		case t.alone.quality:
			return slices.Concat(nobodyQualities[pick(len(nobodyQualities))], t.tokens)
		}
		return nil
	}},
	// An auxiliary.
	FormFar: {write: func(t text, pick func(int) int) []string {
		if t.aux < 0 {
			return nil
		}
		spellings := auxSpellings(t.tokens[t.aux])
		k := pickEach(pick, len(spellings), len(asides))
		return slices.Concat(t.tokens[:t.aux], spellings[k[0]], asides[k[1]], t.tokens[t.aux+1:])
	}},
	// A clause or a quality, negated and denied: the label stays.
	FormDouble: {keepsLabel: true, write: func(t text, pick func(int) int) []string {
		switch {
		case t.clause:
			spellings := auxSpellings(t.tokens[t.aux])
			k := pickEach(pick, len(denials), len(spellings))
			return slices.Concat(denials[k[0]], t.tokens[:t.aux], spellings[k[1]], t.tokens[t.aux+1:])
		case t.alone.quality:
			k := pickEach(pick, len(denials), len(itIsnts))
			return slices.Concat(denials[k[0]], itIsnts[k[1]], t.tokens)
		}
		return nil
	}},
	// A quality, or a clause whose auxiliary has an n't form (askable), as
	// for FormAnswer; a question that expects "yes" keeps the
	// label.
	FormAsk: {keepsLabel: true, write: func(t text, pick func(int) int) []string {
		if !t.askable() {
			return nil
		}
		ask := 0
		if t.alone.quality {
			ask = pick(len(qualityAsks))
		}
		return t.question(ask, true)
	}},
	FormAnswer: {write: func(t text, pick func(int) int) []string {
		if !t.askable() {
			return nil
		}
		asks := 1 // a clause asks with its own auxiliary
		if t.alone.quality {
			asks = len(qualityAsks)
		}
		k := pickEach(pick, asks, len(answers))
		return slices.Concat(t.question(k[0], false), answers[k[1]], []string{"."})
	}},
	// A quality without a determiner, alone or after a copula.
	FormAs: {write: func(t text, pick func(int) int) []string {
		switch {
		case t.after.bare:
			spellings := auxSpellings(t.tokens[t.aux])
			k := pickEach(pick, len(spellings), len(asDegrees), len(asTails))
			return slices.Concat(t.tokens[:t.aux], spellings[k[0]], asDegrees[k[1]], []string{"as"}, t.words[t.aux+1:],
				[]string{"as"}, asTails[k[2]], t.end)
		case t.alone.bare:
			k := pickEach(pick, len(asDegrees), len(asTails))
			return slices.Concat([]string{"not"}, asDegrees[k[0]], []string{"as"}, t.words, []string{"as"}, asTails[k[1]], t.end)
		}
		return nil
	}},
}

// pickEach draws one spelling made of a choice among each of sizes with a
// single pick, as a twin must, and returns the choices, the first varying
// slowest, as combine orders them.
func pickEach(pick func(n int) int, sizes ...int) []int {
	n := 1
	for _, size := range sizes {
		n *= size
	}
	k := pick(n)
	choices := make([]int, len(sizes))
	for i := len(sizes) - 1; i >= 0; i-- {
		choices[i], k = k%sizes[i], k/sizes[i]
	}
	return choices
}

// adverbial reports whether t has an auxiliary that FormNever's "never"
// or FormHardly's degree may follow: one no word of neverBefore follows.
func (t text) adverbial() bool {
	return t.aux >= 0 && !slices.Contains(neverBefore, t.tokens[t.aux+1])
}

// findable reports whether a FormThink twin may deny t with findLeads: a
// copula and a quality after a subject that stays as it is after a verb
// ("i do n't find the food great").
func (t text) findable() bool {
	return t.after.quality && slices.Contains(wordCopulas, t.tokens[t.aux]) &&
		slices.Contains(objectLikeStarts, t.tokens[0])
}

// nothingAbout reports whether FormNothing may deny t by its subject:
// "there was nothing great about the food", "nothing about it was great".
func (t text) nothingAbout() bool {
	return t.clause && t.after.word && slices.Contains(singularCopulas, t.tokens[t.aux]) &&
		slices.Contains(objectLikeStarts, t.tokens[0])
}

// askable reports whether t may be asked as a question: a quality, or a
// clause whose auxiliary has an n't form and so may lead ("'s" may not).
func (t text) askable() bool {
	return t.alone.quality || t.clause && auxiliaries[t.tokens[t.aux]].nt != nil
}

// question asks t, which is askable: the clause's auxiliary first ("was
// the food great ?") or, for a quality, qualityAsks[ask] and "it" ("is it
// dull ?"); the auxiliary with n't when negative ("was n't the food great
// ?").
func (t text) question(ask int, negative bool) []string {
	aux, rest := qualityAsks[ask], slices.Concat([]string{"it"}, t.words)
	if t.clause {
		aux, rest = t.tokens[t.aux], slices.Concat(t.words[:t.aux], t.words[t.aux+1:])
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
