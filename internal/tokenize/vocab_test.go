package tokenize

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestBuildVocab(t *testing.T) {
	tests := []struct {
		name   string
		counts map[string]int
		size   int
		want   []string
	}{
		{
			name:   "most frequent first",
			counts: map[string]int{"good": 3, "bad": 5, "film": 1},
			size:   10,
			want:   []string{PadToken, UnkToken, "bad", "good", "film"},
		},
		{
			name:   "size cuts the tail",
			counts: map[string]int{"good": 3, "bad": 5, "film": 1},
			size:   4,
			want:   []string{PadToken, UnkToken, "bad", "good"},
		},
		{
			name:   "ties in token order",
			counts: map[string]int{"zebra": 2, "apple": 2, "mango": 2, "kiwi": 7},
			size:   4,
			want:   []string{PadToken, UnkToken, "kiwi", "apple"},
		},
		{
			name:   "smallest size",
			counts: map[string]int{"a": 1, "b": 1},
			size:   3,
			want:   []string{PadToken, UnkToken, "a"},
		},
		{
			name:   "no tokens",
			counts: map[string]int{},
			size:   5,
			want:   []string{PadToken, UnkToken},
		},
		{
			name:   "reserved, empty and zero counts ignored",
			counts: map[string]int{PadToken: 9, UnkToken: 9, "": 9, "gone": 0, "neg": -2, "ok": 1},
			size:   5,
			want:   []string{PadToken, UnkToken, "ok"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := BuildVocab(tt.counts, tt.size)
			if err != nil {
				t.Fatal(err)
			}
			if got := v.Words(); !slices.Equal(got, tt.want) {
				t.Errorf("words\n got %q\nwant %q", got, tt.want)
			}
			if got := v.Len(); got != len(tt.want) {
				t.Errorf("Len() = %d, want %d", got, len(tt.want))
			}
			for id, w := range tt.want {
				if got := v.ID(w); got != id {
					t.Errorf("ID(%q) = %d, want %d", w, got, id)
				}
			}
		})
	}
}

func TestBuildVocabTooSmall(t *testing.T) {
	tests := []struct {
		name    string
		size    int
		wantErr string
	}{
		{"two", 2, "tokenize: vocabulary size 2 is too small, need at least 3 (<pad>, <unk> and one word)"},
		{"zero", 0, "tokenize: vocabulary size 0 is too small, need at least 3 (<pad>, <unk> and one word)"},
		{"negative", -1, "tokenize: vocabulary size -1 is too small, need at least 3 (<pad>, <unk> and one word)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := BuildVocab(map[string]int{"a": 1}, tt.size)
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("error\n got %v\nwant %s", err, tt.wantErr)
			}
		})
	}
}

func TestNewVocab(t *testing.T) {
	tests := []struct {
		name    string
		words   []string
		wantErr string
	}{
		{"valid", []string{PadToken, UnkToken, "good", "bad"}, ""},
		{"only reserved", []string{PadToken, UnkToken}, ""},
		{"nil", nil, "tokenize: vocabulary has 0 words, need at least <pad> and <unk>"},
		{"one word", []string{PadToken}, "tokenize: vocabulary has 1 words, need at least <pad> and <unk>"},
		{"pad missing", []string{"good", UnkToken}, `tokenize: vocabulary word 0 is "good", want "<pad>"`},
		{"unk missing", []string{PadToken, "good"}, `tokenize: vocabulary word 1 is "good", want "<unk>"`},
		{"swapped", []string{UnkToken, PadToken}, `tokenize: vocabulary word 0 is "<unk>", want "<pad>"`},
		{"duplicate", []string{PadToken, UnkToken, "good", "bad", "good"}, `tokenize: vocabulary word "good" appears twice, as 2 and 4`},
		{"reserved again", []string{PadToken, UnkToken, PadToken}, `tokenize: vocabulary word "<pad>" appears twice, as 0 and 2`},
		{"empty word", []string{PadToken, UnkToken, "good", ""}, "tokenize: vocabulary word 3 is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := NewVocab(tt.words)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Errorf("error\n got %v\nwant %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := v.Words(); !slices.Equal(got, tt.words) {
				t.Errorf("words\n got %q\nwant %q", got, tt.words)
			}
		})
	}
}

func TestNewVocabCopies(t *testing.T) {
	words := []string{PadToken, UnkToken, "good"}
	v, err := NewVocab(words)
	if err != nil {
		t.Fatal(err)
	}
	words[2] = "bad"
	if got := v.Words()[2]; got != "good" {
		t.Errorf("word 2 changed with the caller's slice: got %q, want %q", got, "good")
	}
}

func TestVocabRoundTrip(t *testing.T) {
	counts := map[string]int{}
	CountTokens(counts, Tokenize("A fine film, a fine cast and a dull end."))
	v, err := BuildVocab(counts, 6)
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewVocab(v.Words())
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"a fine end", "an unknown film"} {
		if got, want := w.EncodeText(text, 0), v.EncodeText(text, 0); !slices.Equal(got, want) {
			t.Errorf("EncodeText(%q) after NewVocab = %v, want %v", text, got, want)
		}
	}
}

func TestWord(t *testing.T) {
	v, err := NewVocab([]string{PadToken, UnkToken, "fine"})
	if err != nil {
		t.Fatal(err)
	}
	v.SetSubwords(true)
	cases := []struct {
		name string
		id   int
		want string
		ok   bool
	}{
		{"a word", 2, "fine", true},
		{"<unk> is a word of the vocabulary", UnkID, UnkToken, true},
		{"an id read through n-grams", v.Read("zzyzx"), "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got, ok := v.Word(tc.id); got != tc.want || ok != tc.ok {
				t.Errorf("Word(%d) = %q, %v, want %q, %v", tc.id, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestEncode(t *testing.T) {
	v, err := NewVocab([]string{PadToken, UnkToken, "not", "bad", "!", "great"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		tokens []string
		maxLen int
		want   []int
	}{
		{"all known", []string{"not", "bad", "!"}, 0, []int{2, 3, 4}},
		{"unknown", []string{"not", "awful"}, 0, []int{2, UnkID}},
		{"reserved words are just words", []string{PadToken}, 0, []int{PadID}},
		{"empty", []string{}, 0, []int{UnkID}},
		{"nil with a limit", nil, 3, []int{UnkID}},
		{"keeps the end", []string{"great", "not", "bad", "!"}, 2, []int{3, 4}},
		{"limit equals length", []string{"not", "bad"}, 2, []int{2, 3}},
		{"limit above length", []string{"not", "bad"}, 9, []int{2, 3}},
		{"negative limit", []string{"not", "bad", "!"}, -1, []int{2, 3, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := v.Encode(tt.tokens, tt.maxLen); !slices.Equal(got, tt.want) {
				t.Errorf("Encode(%q, %d) = %v, want %v", tt.tokens, tt.maxLen, got, tt.want)
			}
		})
	}
}

func TestEncodeText(t *testing.T) {
	v, err := NewVocab([]string{PadToken, UnkToken, "was", "n't", "bad"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		text   string
		maxLen int
		want   []int
	}{
		{"contraction", "It wasn't BAD", 0, []int{UnkID, 2, 3, 4}},
		{"truncated", "It wasn't BAD", 2, []int{3, 4}},
		{"no tokens", " <br /> ", 0, []int{UnkID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := v.EncodeText(tt.text, tt.maxLen); !slices.Equal(got, tt.want) {
				t.Errorf("EncodeText(%q, %d) = %v, want %v", tt.text, tt.maxLen, got, tt.want)
			}
		})
	}
}

func TestCountTokens(t *testing.T) {
	counts := map[string]int{"good": 1}
	CountTokens(counts, []string{"good", "film", "good"})
	CountTokens(counts, nil)
	want := map[string]int{"good": 3, "film": 1}
	if !maps.Equal(counts, want) {
		t.Errorf("counts = %v, want %v", counts, want)
	}
}

func TestCoverage(t *testing.T) {
	v, err := NewVocab([]string{PadToken, UnkToken, "the", "good"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		counts map[string]int
		n      int
		want   Coverage
	}{
		{
			name:   "half covered",
			counts: map[string]int{"the": 4, "good": 1, "dull": 3, "yak": 1, "zoo": 1},
			n:      3,
			want: Coverage{
				Tokens: 10, Types: 5, Covered: 5, OOVRate: 0.5,
				Top: []WordCount{{"the", 4}, {"dull", 3}, {"good", 1}},
			},
		},
		{
			name:   "n above types",
			counts: map[string]int{"the": 2, "good": 2},
			n:      5,
			want: Coverage{
				Tokens: 4, Types: 2, Covered: 4, OOVRate: 0,
				Top: []WordCount{{"good", 2}, {"the", 2}},
			},
		},
		{
			name:   "reserved words are not covered",
			counts: map[string]int{PadToken: 1, UnkToken: 1, "the": 2},
			n:      0,
			want:   Coverage{Tokens: 4, Types: 3, Covered: 2, OOVRate: 0.5},
		},
		{
			name:   "empty corpus",
			counts: map[string]int{},
			n:      3,
			want:   Coverage{Top: []WordCount{}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := v.Coverage(tt.counts, tt.n)
			if got.Tokens != tt.want.Tokens || got.Types != tt.want.Types || got.Covered != tt.want.Covered || got.OOVRate != tt.want.OOVRate {
				t.Errorf("Coverage = %+v\nwant %+v", got, tt.want)
			}
			if !slices.Equal(got.Top, tt.want.Top) {
				t.Errorf("Top = %v, want %v", got.Top, tt.want.Top)
			}
		})
	}
}

func TestReadStemsUnknownWords(t *testing.T) {
	v, err := NewVocab([]string{PadToken, UnkToken, "thrill", "thrilling", "brilliant", "bad", "mess", "love", "naïve", "film", "ééé"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, token string
		stemmed     string // what it is read as with stemming on; "" for <unk>
	}{
		{"known word", "thrilling", "thrilling"},
		{"known word, not its stem", "thrill", "thrill"},
		{"suffix of three", "thrilled", "thrill"},
		{"the longest stem", "thrillingly", "thrilling"},
		{"suffix of two", "brilliantly", "brilliant"},
		{"suffix of four", "brilliantness", "brilliant"},
		{"suffix of five is too long", "brilliantnesss", ""},
		{"stem of four letters", "messy", "mess"},
		{"stem of three letters is too short", "badly", ""},
		{"letters, not bytes: a stem of three", "éééx", ""},
		{"letters, not bytes: a suffix of four", "naïveéééé", "naïve"},
		{"a stem ends inside the word only", "lov", ""},
		{"no stem", "dreadful", ""},
		{"never <unk> as a stem", "<unk>s", ""},
		{"empty", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := UnkID
			if c.stemmed != "" {
				want = v.ID(c.stemmed)
			}
			v.SetStemUnknown(true)
			if got := v.Read(c.token); got != want {
				t.Errorf("stemming: Read(%q) = %d (%q), want %d (%q)", c.token, got, v.Words()[got], want, v.Words()[want])
			}
			if got := v.Encode([]string{c.token}, 0); got[0] != want {
				t.Errorf("stemming: Encode reads %q as %d, want %d", c.token, got[0], want)
			}
			v.SetStemUnknown(false)
			if got, want := v.Read(c.token), v.ID(c.token); got != want {
				t.Errorf("no stemming: Read(%q) = %d, want its own id %d", c.token, got, want)
			}
		})
	}
}

func TestCoverageCountsStemmedTokens(t *testing.T) {
	v, err := NewVocab([]string{PadToken, UnkToken, "the", "thrill"})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{"the": 5, "thrilling": 3, "thrilled": 1, "yak": 1}
	v.SetStemUnknown(true)
	if c := v.Coverage(counts, 0); c.Covered != 5 || c.Stemmed != 4 || c.OOVRate != 0.1 {
		t.Errorf("stemming: covered %d, stemmed %d, OOV rate %v; want 5, 4, 0.1", c.Covered, c.Stemmed, c.OOVRate)
	}
	v.SetStemUnknown(false)
	if c := v.Coverage(counts, 0); c.Covered != 5 || c.Stemmed != 0 || c.OOVRate != 0.5 {
		t.Errorf("no stemming: covered %d, stemmed %d, OOV rate %v; want 5, 0, 0.5", c.Covered, c.Stemmed, c.OOVRate)
	}
}

func TestDescribe(t *testing.T) {
	v, err := NewVocab([]string{PadToken, UnkToken, "thrill", "good"})
	if err != nil {
		t.Fatal(err)
	}
	v.SetStemUnknown(true)
	for _, tt := range []struct{ name, token, want string }{
		{"known", "good", "good:3"},
		{"by its stem", "thrilling", "thrilling:2(thrill)"},
		{"unknown", "meh", "meh:<unk>"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := v.Describe(tt.token); got != tt.want {
				t.Errorf("Describe(%q) = %q, want %q", tt.token, got, tt.want)
			}
		})
	}
}

func TestLine(t *testing.T) {
	v, err := NewVocab([]string{PadToken, UnkToken, "not", "bad"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		text  string
		vocab *Vocab
		want  string
	}{
		{"tokens without a vocabulary", "Not bad!", nil, "not bad !"},
		{"ids from the vocabulary", "Not bad!", v, "not:2 bad:3 !:<unk>"},
		{"no tokens", "  ", v, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Line(tt.text, tt.vocab); got != tt.want {
				t.Errorf("Line(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestWriteLines(t *testing.T) {
	var b strings.Builder
	if err := WriteLines(&b, []string{"Not bad!", "great \x1b[2J film"}, nil); err != nil {
		t.Fatal(err)
	}
	if want := "not bad !\ngreat [ 2j film\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

// The vocabulary's line names the model, whose file name reached the
// terminal raw: "vocabulary: 184 words (of \x1b[31mm.gob)" turned the
// report red, where its first line, naming the data, showed it escaped.
func TestCoverageWriteTextEscapesTheModelsName(t *testing.T) {
	var b strings.Builder
	if err := (Coverage{}).WriteText(&b, "d\x1b[2J.csv", 1, 3, "of \x1b[31mm.gob"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`d\x1b[2J.csv: 1 text`, `vocabulary: 3 words (of \x1b[31mm.gob), with`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("no %q in\n%s", want, b.String())
		}
	}
}
