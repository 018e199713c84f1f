package dataset

import (
	"slices"

	"github.com/rnnsent/rnnsent/internal/rng"
	"github.com/rnnsent/rnnsent/internal/tokenize"
)

// Negation says which negated twins AugmentNegation adds.
type Negation struct {
	MaxTokens int      // the longest text that gets twins, in tokens; 0 for none
	Forms     []string // of AllForms; nil for FormNot alone, the one form before the others
	// PerText is the most twins a text gets, drawn among the forms that
	// apply to it; 0 for one in every form that applies.
	PerText int
	Seed    uint64 // draws the spelling of a form that has several, and the forms of PerText
	// MaxLen is the most tokens the model reads (0 for no limit). A longer
	// twin is left out: cut to its end, as the model reads a text, it would
	// lose the negation at its start and teach the flipped label of the
	// text itself.
	MaxLen int
}

// AugmentNegation returns s followed by, for each text of at most
// o.MaxTokens tokens that holds no negation, the same text negated in each
// of o.Forms that applies to it (see Negate), or in o.PerText of them, each
// with the other of the two classes, or with the text's own where the form
// KeepsLabel. A phrase-level corpus such as GLUE's SST-2 is mostly short
// phrases ("bad", "a gorgeous film"), while negations that flip their
// sentiment are rare in it ("not bad" occurs 7 times in 67,349 phrases),
// so a model learns that "not" means negative rather than that it reverses
// what follows. The added examples spell the rule out, in the forms reviews
// use. examples are the texts of s, in order, as tokens.
//
// A text of one predicate with a copula and a quality can be written in twelve
// forms; on a corpus of short sentences such as UCI's, twins in every form
// would outnumber the sentences they come from nearly three to one and
// drown them, which o.PerText prevents. Twins follow their
// text in the order of AllForms; the spellings of the forms that have
// several, and the forms a text keeps under o.PerText, are drawn from
// rng.New(o.Seed, rng.Negation), so FormNot alone draws nothing. A form
// one of whose words the vocabulary lacks adds nothing. It applies to
// two-class sets only; for any other it returns s unchanged, as it does
// for o.MaxTokens < 1.
func AugmentNegation(s Set, examples []Example, vocab *tokenize.Vocab, classes int, o Negation) Set {
	if classes != 2 || o.MaxTokens < 1 {
		return s
	}
	forms := o.Forms
	if forms == nil {
		forms = []string{FormNot}
	}
	negated := map[int]bool{}
	for _, w := range tokenize.Negations { // a text negated already gets no twin
		if id := vocab.ID(w); id != tokenize.UnkID {
			negated[id] = true
		}
	}
	draw := rng.New(o.Seed, rng.Negation)
	out := Set{Seqs: append([][]int(nil), s.Seqs...), Labels: append([]int(nil), s.Labels...)}
	type twin struct {
		ids   []int
		label int
	}
	for i, seq := range s.Seqs {
		if len(seq) > o.MaxTokens || hasAny(seq, negated) {
			continue
		}
		var twins []twin
		own := unknowns(seq, vocab)
		for _, form := range forms {
			tokens := Negate(examples[i].Tokens, form, draw.IntN)
			if tokens == nil {
				continue
			}
			ids := vocab.Encode(tokens, 0)
			// Words of the text may be unknown; a word of the negation
			// must not be, or the twin would teach nothing of it.
			if unknowns(ids, vocab) > own || o.MaxLen > 0 && len(ids) > o.MaxLen {
				continue
			}
			label := 1 - s.Labels[i]
			if KeepsLabel(form) {
				label = s.Labels[i]
			}
			twins = append(twins, twin{ids, label})
		}
		if o.PerText > 0 && len(twins) > o.PerText {
			// A draw of PerText, kept in the order of the forms.
			keep := draw.Perm(len(twins))[:o.PerText]
			slices.Sort(keep)
			for k, j := range keep {
				twins[k] = twins[j]
			}
			twins = twins[:o.PerText]
		}
		for _, t := range twins {
			out.Seqs = append(out.Seqs, t.ids)
			out.Labels = append(out.Labels, t.label)
		}
	}
	return out
}

// unknowns counts the ids of seq that are no word of vocab: <unk>, or a
// word read through its subwords, which a twin must not lean on either.
func unknowns(seq []int, vocab *tokenize.Vocab) int {
	n := 0
	for _, id := range seq {
		if _, word := vocab.Word(id); !word || id == tokenize.UnkID {
			n++
		}
	}
	return n
}

func hasAny(seq []int, ids map[int]bool) bool {
	for _, id := range seq {
		if ids[id] {
			return true
		}
	}
	return false
}

// ContrastClause is the most tokens a text may have to be a clause of a
// contrast example. SST-2's short phrases ("clumsy", "the cast is
// wonderful") read as clauses; longer texts are whole sentences, and two
// joined would be unlike the sentences the pattern is meant to teach.
const ContrastClause = 8

// contrasts mark a text as a contrast already: joined to another clause it
// would hold two turns, and its label need not be the last clause's.
var contrasts = []string{"but", "yet", "although", "though", "however", "despite", "nevertheless", "nonetheless", "whereas", "albeit", "except"}

// The forms of contrast ContrastPairs can write. In each, the clause after
// the turn (B) decides the label, wherever it stands.
const (
	ContrastBut      = "but"      // "A but B", "A , yet B": the one form before the others
	ContrastAlthough = "although" // "although A , B", "B , although A"
	ContrastThough   = "though"   // "though A , B", "B , even though A"
	ContrastHowever  = "however"  // "A . however , B", "however dull it seemed , B"
)

// AllContrasts are the forms of contrast, in the order of their connectives.
var AllContrasts = []string{ContrastBut, ContrastAlthough, ContrastThough, ContrastHowever}

// ContrastForms returns the forms names asks for, in the order of
// AllContrasts and each once; "all" asks for every form.
func ContrastForms(names []string) ([]string, error) {
	return chooseForms(names, AllContrasts, "contrast form")
}

// connective is one way a contrast example joins its clauses: lead, the
// first clause, mid, the second. The clause with the other label, B,
// comes second unless bFirst. A connective with concede words reads A as
// a quality conceded, "however" + A + concede: A must be a bare quality
// ("dull", "very funny"), which the words follow wherever A stands.
type connective struct {
	lead, mid []string
	bFirst    bool
	concede   []string
}

// connectives are the ways of each contrast form. Reviews use each word
// with a comma and without, and a model shown one spelling only could miss
// the others.
var connectives = map[string][]connective{
	ContrastBut: {{mid: []string{"but"}}, {mid: []string{",", "but"}}, {mid: []string{"yet"}}, {mid: []string{",", "yet"}}},
	ContrastAlthough: {{lead: []string{"although"}, mid: []string{","}}, {mid: []string{",", "although"}, bFirst: true},
		{mid: []string{"although"}, bFirst: true}},
	ContrastThough: {{lead: []string{"though"}, mid: []string{","}}, {mid: []string{",", "though"}, bFirst: true},
		{mid: []string{",", "even", "though"}, bFirst: true}},
	ContrastHowever: {{mid: []string{".", "however", ","}}, {mid: []string{";", "however", ","}},
		{lead: []string{"however"}, mid: []string{","}, concede: []string{"it", "seemed"}},
		{lead: []string{"however"}, mid: []string{","}, concede: []string{"it", "may", "seem"}},
		{mid: []string{",", "however"}, bFirst: true, concede: []string{"it", "was"}},
		{mid: []string{",", "however"}, bFirst: true, concede: []string{"it", "sounds"}}},
}

// joiner is a connective as token ids.
type joiner struct {
	lead, mid, concede []int
	bFirst             bool
}

// joiner returns c as the ids of vocab, and false when vocab lacks one of
// its words.
func (c connective) joiner(vocab *tokenize.Vocab) (joiner, bool) {
	ids := func(words []string) []int {
		out := make([]int, len(words))
		for i, w := range words {
			out[i] = vocab.ID(w)
		}
		return out
	}
	j := joiner{lead: ids(c.lead), mid: ids(c.mid), concede: ids(c.concede), bFirst: c.bFirst}
	return j, !slices.Contains(slices.Concat(j.lead, j.mid, j.concede), tokenize.UnkID)
}

// join writes the example of clauses a and b.
func (j joiner) join(a, b []int) []int {
	a = slices.Concat(a, j.concede)
	if j.bFirst {
		a, b = b, a
	}
	return slices.Concat(j.lead, a, j.mid, b)
}

// bareQuality reports whether seq, as words of vocab, is an adjective or
// an intensified one, such as a conceding connective can take.
func bareQuality(seq []int, vocab *tokenize.Vocab) bool {
	if len(seq) > 2 {
		return false
	}
	words := make([]string, len(seq))
	for i, id := range seq {
		words[i], _ = vocab.Word(id) // "" for a word read through its n-grams: no quality
	}
	return bareQualityWords(words)
}

// ContrastPairs returns new examples for s, perHundred of them per 100 texts
// of s, rounded down. Each joins a text A of s and a text B of s with the
// other label by a connective of one of forms (nil for ContrastBut alone),
// and has B's label: "the plot was clumsy but the cast is wonderful" and
// "although the plot was clumsy , the cast is wonderful" are positive.
// A phrase-level corpus such as GLUE's SST-2 seldom joins two clauses of
// opposite sentiment, so a model learns to average them rather than that the
// clause after the contrast word decides; the examples spell the rule out.
//
// A and B are texts of at most ContrastClause tokens without a contrast
// word. Every such text is the A of one example before any is the A of a
// second; B and the connective are drawn at random. The draws come from
// rng.New(seed, rng.Contrast), so the same s and seed give the same
// examples. An example longer than maxLen is left out, as a negated twin
// is: cut to its end, as Encode cuts a text, one whose B comes first
// would teach A's last words with B's label; maxLen < 1 means no limit. A
// connective with a word the vocabulary lacks is left out; one that
// concedes takes only an A that is a bare quality, and an A no connective
// left takes is skipped.
//
// It returns the examples apart from s so that they are built from the
// texts of s alone and no other augmentation sees them: a negated twin of
// "dull but superb" would have the wrong label. There are none unless s has
// two classes, each with a text that qualifies, perHundred is positive and
// the vocabulary has the words of one connective.
func ContrastPairs(s Set, vocab *tokenize.Vocab, classes, perHundred int, seed uint64, maxLen int, forms []string) Set {
	n := perHundred * s.Len() / 100
	if forms == nil {
		forms = []string{ContrastBut}
	}
	var joins, plain []joiner // plain: those that take any A
	for _, f := range forms {
		for _, c := range connectives[f] {
			if j, ok := c.joiner(vocab); ok {
				joins = append(joins, j)
				if c.concede == nil {
					plain = append(plain, j)
				}
			}
		}
	}
	if classes != 2 || n < 1 || joins == nil {
		return Set{}
	}
	contrasted := map[int]bool{}
	for _, w := range contrasts {
		if id := vocab.ID(w); id != tokenize.UnkID {
			contrasted[id] = true
		}
	}
	var clauses [2][]int // indices into s of the texts that qualify, by label
	var firsts []int
	for i, seq := range s.Seqs {
		if len(seq) <= ContrastClause && !hasAny(seq, contrasted) {
			clauses[s.Labels[i]] = append(clauses[s.Labels[i]], i)
			firsts = append(firsts, i)
		}
	}
	if len(clauses[0]) == 0 || len(clauses[1]) == 0 {
		return Set{}
	}
	rng := rng.New(seed, rng.Contrast)
	out := Set{Seqs: make([][]int, 0, n), Labels: make([]int, 0, n)}
	for k := range n {
		if k%len(firsts) == 0 {
			rng.Shuffle(len(firsts), func(i, j int) { firsts[i], firsts[j] = firsts[j], firsts[i] })
		}
		a := firsts[k%len(firsts)]
		others := clauses[1-s.Labels[a]]
		b := others[rng.IntN(len(others))]
		fit := joins
		if !bareQuality(s.Seqs[a], vocab) {
			fit = plain
		}
		if len(fit) == 0 {
			continue
		}
		seq := fit[rng.IntN(len(fit))].join(s.Seqs[a], s.Seqs[b])
		if maxLen > 0 && len(seq) > maxLen {
			continue
		}
		out.Seqs, out.Labels = append(out.Seqs, seq), append(out.Labels, s.Labels[b])
	}
	return out
}
