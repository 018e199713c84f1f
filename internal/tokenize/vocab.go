package tokenize

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/rnnsent/rnnsent/internal/human"
)

// The two ids every vocabulary reserves. Tokenize never returns PadToken or
// UnkToken: "<" is a token of its own, so the words cannot clash with text.
const (
	PadID    = 0 // padding, never a real token
	UnkID    = 1 // out-of-vocabulary
	PadToken = "<pad>"
	UnkToken = "<unk>"
)

// Vocab maps tokens to ids and back. Ids are dense: 0 .. Len()-1.
type Vocab struct {
	words []string       // id -> token
	index map[string]int // token -> id
	stem  bool           // Encode reads unknown words by their stems; see SetStemUnknown
	sub   bool           // Encode reads unknown words by their n-grams; see SetSubwords
}

// The stems SetStemUnknown reads an unknown word by: a vocabulary word of at
// least MinStem letters that the unknown word begins with, followed by at
// most MaxSuffix more letters.
const (
	MinStem   = 4
	MaxSuffix = 4
)

// SetStemUnknown sets whether Encode reads a word outside the vocabulary as
// the longest vocabulary word it begins with, if that word has at least
// MinStem letters and the unknown word at most MaxSuffix more: "thrilling"
// as "thrill", "brilliantly" as "brilliant", where it would otherwise be
// <unk>. With a vocabulary of 2,500 words most inflections of a known word
// are unknown; most of them mean what their stem means. ID is unaffected.
func (v *Vocab) SetStemUnknown(on bool) { v.stem = on }

// SetSubwords sets whether Encode reads a word outside the vocabulary, and
// not read by a stem, through its character n-grams (see Grams) rather than
// as <unk>: as an id of at least Len(), whose n-grams Spelling returns, for
// a model with a table of n-gram embeddings. Words the vocabulary holds
// read as before.
func (v *Vocab) SetSubwords(on bool) { v.sub = on }

// Version is the tokenizer version a checkpoint of a model that reads text
// through v records: StemmingVersion when v stems unknown words.
func (v *Vocab) Version() int {
	if v.stem {
		return StemmingVersion
	}
	return Version
}

// Read returns the id Encode gives token: its own, that of its stem (see
// SetStemUnknown), that of its n-grams (see SetSubwords), or UnkID. An id
// of the last kind holds its word until Release.
func (v *Vocab) Read(token string) int { return v.read(token, spelling) }

// read returns the id of token as Read does, with spell giving a word
// outside the vocabulary its number in the table of spellings, or -1.
func (v *Vocab) read(token string, spell func(word string) int) int {
	if id, ok := v.index[token]; ok {
		return id
	}
	if v.stem {
		if id := v.stemOf(token); id != UnkID {
			return id
		}
	}
	if v.sub {
		if k := spell(token); k >= 0 {
			return len(v.words) + k
		}
	}
	return UnkID
}

// Release gives back the words outside the vocabulary that ids from
// Encode or Read hold for reading through their n-grams (see Release);
// ids must not be used after it.
func (v *Vocab) Release(ids []int) { Release(ids, len(v.words)) }

// stemOf is the id of token's stem (see SetStemUnknown), or UnkID.
func (v *Vocab) stemOf(token string) int {
	prefix := token
	for cut := 1; cut <= MaxSuffix; cut++ {
		_, size := utf8.DecodeLastRuneInString(prefix)
		if prefix = prefix[:len(prefix)-size]; utf8.RuneCountInString(prefix) < MinStem {
			break
		}
		if id, ok := v.index[prefix]; ok && id > UnkID { // a word, not <pad> or <unk>
			return id
		}
	}
	return UnkID
}

// WordCount is a token and how often it occurs.
type WordCount struct {
	Word  string
	Count int
}

// CountTokens adds one to counts[t] for every token t, for building a
// vocabulary over a corpus.
func CountTokens(counts map[string]int, tokens []string) {
	for _, t := range tokens {
		if n, ok := counts[t]; ok {
			counts[t] = n + 1
			continue
		}
		// A token from Tokenize points into a copy of the whole text; a map
		// over a large corpus must not keep every review alive for one word.
		counts[strings.Clone(t)] = 1
	}
}

// BuildVocab keeps the size-2 most frequent tokens of counts after <pad> and
// <unk>; ties are broken by the token string ascending so the result is
// deterministic. If fewer distinct tokens exist, the vocabulary is smaller.
// Tokens with a count below 1, the empty string and the two reserved words
// are ignored. size must be at least 3.
func BuildVocab(counts map[string]int, size int) (*Vocab, error) {
	if size < 3 {
		return nil, fmt.Errorf("tokenize: vocabulary size %d is too small, need at least 3 (%s, %s and one word)", size, PadToken, UnkToken)
	}
	words := make([]string, 2, min(size, len(counts)+2))
	words[PadID], words[UnkID] = PadToken, UnkToken
	for _, wc := range byFrequency(counts) {
		if len(words) == size {
			break
		}
		if wc.Word == PadToken || wc.Word == UnkToken {
			continue
		}
		words = append(words, wc.Word)
	}
	return NewVocab(words)
}

// NewVocab rebuilds a vocabulary from its word list in id order, as saved in
// a checkpoint. words[0] must be PadToken and words[1] UnkToken, and no word
// may be empty or appear twice.
func NewVocab(words []string) (*Vocab, error) {
	if len(words) < 2 {
		return nil, fmt.Errorf("tokenize: vocabulary has %d words, need at least %s and %s", len(words), PadToken, UnkToken)
	}
	if words[PadID] != PadToken {
		return nil, fmt.Errorf("tokenize: vocabulary word %d is %q, want %q", PadID, words[PadID], PadToken)
	}
	if words[UnkID] != UnkToken {
		return nil, fmt.Errorf("tokenize: vocabulary word %d is %q, want %q", UnkID, words[UnkID], UnkToken)
	}
	index := make(map[string]int, len(words))
	for id, w := range words {
		if w == "" {
			return nil, fmt.Errorf("tokenize: vocabulary word %d is empty", id)
		}
		if first, ok := index[w]; ok {
			return nil, fmt.Errorf("tokenize: vocabulary word %q appears twice, as %d and %d", w, first, id)
		}
		index[w] = id
	}
	return &Vocab{words: slices.Clone(words), index: index}, nil
}

// Words returns the tokens in id order. The caller must not modify the slice.
func (v *Vocab) Words() []string { return v.words }

// Word returns the token of id and true, or "" and false for an id past
// the words: a word read through its n-grams (see SetSubwords).
func (v *Vocab) Word(id int) (string, bool) {
	if id < len(v.words) {
		return v.words[id], true
	}
	return "", false
}

// Len returns the number of ids, including PadID and UnkID.
func (v *Vocab) Len() int { return len(v.words) }

// ID returns the id of token, or UnkID when the vocabulary lacks it.
func (v *Vocab) ID(token string) int {
	if id, ok := v.index[token]; ok {
		return id
	}
	return UnkID
}

// Encode maps tokens to ids as Read does, keeping the last maxLen tokens when there are
// more (maxLen <= 0 means no limit): the last hidden state feeds the
// classifier and reviews tend to end with their verdict. An empty token list
// encodes as [UnkID] so that every sequence has at least one step.
func (v *Vocab) Encode(tokens []string, maxLen int) []int {
	if len(tokens) == 0 {
		return []int{UnkID}
	}
	if maxLen > 0 && len(tokens) > maxLen {
		tokens = tokens[len(tokens)-maxLen:]
	}
	ids := make([]int, len(tokens))
	for i, t := range tokens {
		ids[i] = v.Read(t)
	}
	return ids
}

// EncodeText is Encode(Tokenize(text), maxLen), tokenizing only the tail
// of a long text when maxLen bounds what is kept (see TokenizeTail).
func (v *Vocab) EncodeText(text string, maxLen int) []int {
	if maxLen > 0 {
		return v.Encode(TokenizeTail(text, maxLen), maxLen)
	}
	return v.Encode(Tokenize(text), maxLen)
}

// Line lists the tokens of text separated by spaces, each as Describe
// gives it when vocab is not nil.
func Line(text string, vocab *Vocab) string {
	tokens := Tokenize(text)
	if vocab != nil {
		for i, t := range tokens {
			tokens[i] = vocab.Describe(t)
		}
	}
	return strings.Join(tokens, " ")
}

// WriteLines writes the Line of each of texts to w, a line each, its
// control characters escaped: a text must not retitle or clear the
// terminal that shows it.
func WriteLines(w io.Writer, texts []string, vocab *Vocab) error {
	b := bufio.NewWriter(w)
	for _, text := range texts {
		fmt.Fprintln(b, human.Printable(Line(text, vocab)))
	}
	return b.Flush()
}

// Describe says how the vocabulary reads token: "token:id", with the stem
// it is read by in parentheses ("thrilling:123(thrill)"), "token:<unk>",
// or "token:<unk>(n-grams)" for a word read through its n-grams.
func (v *Vocab) Describe(token string) string {
	// Asked, not held: the id stands for any word read through its n-grams.
	id := v.read(token, func(word string) int {
		if spellable(word) {
			return 0
		}
		return -1
	})
	_, word := v.Word(id)
	switch {
	case id == UnkID:
		return token + ":" + UnkToken
	case !word:
		return token + ":" + UnkToken + "(n-grams)"
	case id != v.ID(token):
		return fmt.Sprintf("%s:%d(%s)", token, id, v.words[id])
	}
	return fmt.Sprintf("%s:%d", token, id)
}

// Coverage describes how well a vocabulary covers a corpus.
type Coverage struct {
	Tokens, Types int         // running tokens and distinct tokens in the corpus
	Covered       int         // running tokens that are in the vocabulary
	Stemmed       int         // running tokens outside it that Encode reads by a stem
	OOVRate       float64     // the share of tokens Encode reads as <unk>; 0 for an empty corpus
	Top           []WordCount // most frequent tokens, at most n, ordered as BuildVocab orders them
}

// Coverage measures v against the token counts of a corpus and lists its n
// most frequent tokens. <pad> and <unk> never count as covered.
func (v *Vocab) Coverage(counts map[string]int, n int) Coverage {
	all := byFrequency(counts)
	var c Coverage
	c.Types = len(all)
	for _, wc := range all {
		c.Tokens += wc.Count
		if id, ok := v.index[wc.Word]; ok && id > UnkID {
			c.Covered += wc.Count
		} else if v.stem && v.stemOf(wc.Word) != UnkID {
			c.Stemmed += wc.Count
		}
	}
	if c.Tokens > 0 {
		c.OOVRate = float64(c.Tokens-c.Covered-c.Stemmed) / float64(c.Tokens)
	}
	if n > 0 {
		// A copy, so that Top does not keep every type of the corpus alive.
		c.Top = slices.Clone(all[:min(n, len(all))])
	}
	return c
}

// byFrequency returns the tokens of counts with a count of at least 1, most
// frequent first and ties in ascending token order.
func byFrequency(counts map[string]int) []WordCount {
	all := make([]WordCount, 0, len(counts))
	for w, n := range counts {
		if n > 0 && w != "" {
			all = append(all, WordCount{w, n})
		}
	}
	slices.SortFunc(all, func(a, b WordCount) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return strings.Compare(a.Word, b.Word)
	})
	return all
}

// WriteText writes the coverage as tokenize --data prints it, for the
// texts texts of file data and a vocabulary of vocabLen words from source.
func (cov Coverage) WriteText(w io.Writer, data string, texts, vocabLen int, source string) error {
	covered := 0.0
	if cov.Tokens > 0 {
		covered = float64(cov.Covered) / float64(cov.Tokens)
	}
	fmt.Fprintf(w, "%s: %s, %s, %s distinct\n", human.Printable(data), human.Count(texts, "text", "texts"), human.Count(cov.Tokens, "token", "tokens"), human.Commas(cov.Types))
	fmt.Fprintf(w, "vocabulary: %s words (%s), with <pad> and <unk>\n", human.Commas(vocabLen), human.Printable(source))
	stemmed := ""
	if cov.Stemmed > 0 {
		stemmed = fmt.Sprintf(", and %.1f%% more read by their stems", 100*float64(cov.Stemmed)/float64(cov.Tokens))
	}
	fmt.Fprintf(w, "coverage: %.1f%% of tokens%s; OOV rate %.1f%%\n", 100*covered, stemmed, 100*cov.OOVRate)
	fmt.Fprintf(w, "top %d tokens:\n", len(cov.Top))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, wc := range cov.Top {
		fmt.Fprintf(tw, "\t%s\t  %s\n", human.Commas(wc.Count), wc.Word)
	}
	return tw.Flush()
}
