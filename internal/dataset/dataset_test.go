package dataset

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/tokenize"
	"github.com/rnnsent/rnnsent/internal/train"
)

func examples(labels ...string) []tokenize.Example {
	var out []tokenize.Example
	for i, l := range labels {
		out = append(out, tokenize.Example{Text: "text", Label: l, Line: i + 2})
	}
	return out
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestLabelsAreSortedAndNeedTwoClasses(t *testing.T) {
	tests := []struct {
		name     string
		examples []tokenize.Example
		want     []string
		wantErr  string
	}{
		{"binary digits", examples("1", "0", "1"), []string{"0", "1"}, ""},
		{"three words sorted", examples("positive", "neutral", "negative", "neutral"),
			[]string{"negative", "neutral", "positive"}, ""},
		{"one class", examples("1", "1"), nil,
			`train.csv: every row has the label "1"; training needs at least two classes`},
		{"no rows", nil, nil, "train.csv: no rows after the header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Labels(tt.examples, "train.csv")
			if errString(err) != tt.wantErr {
				t.Fatalf("error %q, want %q", errString(err), tt.wantErr)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDisplayNamesSpellOutBinaryDigits(t *testing.T) {
	tests := []struct {
		name   string
		labels []string
		want   []string
	}{
		{"binary digits become words", []string{"0", "1"}, []string{"negative", "positive"}},
		{"words stay", []string{"negative", "neutral", "positive"}, []string{"negative", "neutral", "positive"}},
		{"other digits stay", []string{"0", "1", "2"}, []string{"0", "1", "2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DisplayNames(tt.labels); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEncodeMapsTokensAndLabelsToIDs(t *testing.T) {
	exs := []tokenize.Example{
		{Text: "Not bad!", Label: "1", Line: 2},
		{Text: "bad, bad movie", Label: "0", Line: 3},
	}
	counts := Counts(exs)
	if want := map[string]int{"not": 1, "bad": 3, "!": 1, ",": 1, "movie": 1}; !mapsEqual(counts, want) {
		t.Fatalf("Counts = %v, want %v", counts, want)
	}
	// Ids after <pad> and <unk> go by frequency, ties by string: bad=2 !=3 ,=4 movie=5 not=6.
	vocab, err := tokenize.BuildVocab(counts, 10)
	if err != nil {
		t.Fatal(err)
	}
	labels := []string{"0", "1"}

	tests := []struct {
		name       string
		examples   []tokenize.Example
		maxLen     int
		wantSeqs   [][]int
		wantLabels []int
		wantErr    string
	}{
		{"whole texts", exs, 0, [][]int{{6, 2, 3}, {2, 4, 2, 5}}, []int{1, 0}, ""},
		{"long texts keep their end", exs, 2, [][]int{{2, 3}, {2, 5}}, []int{1, 0}, ""},
		{"unseen word", []tokenize.Example{{Text: "great", Label: "1", Line: 7}}, 0, [][]int{{tokenize.UnkID}}, []int{1}, ""},
		{"unknown label", []tokenize.Example{{Text: "meh", Label: "neutral", Line: 9}}, 0, nil, nil,
			`dev.csv:9: label "neutral" is not one the model knows (0, 1)`},
		{"no examples", nil, 0, nil, nil, "dev.csv: no rows after the header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Encode(tt.examples, vocab, labels, tt.maxLen, "dev.csv")
			if errString(err) != tt.wantErr {
				t.Fatalf("error %q, want %q", errString(err), tt.wantErr)
			}
			if !slices.EqualFunc(got.Seqs, tt.wantSeqs, slices.Equal) || !slices.Equal(got.Labels, tt.wantLabels) {
				t.Errorf("got %v %v, want %v %v", got.Seqs, got.Labels, tt.wantSeqs, tt.wantLabels)
			}
		})
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestSplitHoldsOutTheSameExamplesAsTrainSplit(t *testing.T) {
	var exs []tokenize.Example
	set := train.Set{}
	for i := range 50 {
		exs = append(exs, tokenize.Example{Text: fmt.Sprint("review ", i), Label: fmt.Sprint(i % 2), Line: i + 2})
		set.Seqs = append(set.Seqs, []int{i})
		set.Labels = append(set.Labels, i%2)
	}
	gotTrain, gotVal := Split(exs, 0.2, 7)
	wantTrain, wantVal := train.Split(set, 0.2, 7)
	lines := func(exs []tokenize.Example) []int {
		var out []int
		for _, ex := range exs {
			out = append(out, ex.Line-2)
		}
		return out
	}
	flat := func(s train.Set) []int {
		var out []int
		for _, q := range s.Seqs {
			out = append(out, q[0])
		}
		return out
	}
	if !slices.Equal(lines(gotTrain), flat(wantTrain)) || !slices.Equal(lines(gotVal), flat(wantVal)) {
		t.Errorf("Split gave train %v val %v, train.Split gave %v and %v",
			lines(gotTrain), lines(gotVal), flat(wantTrain), flat(wantVal))
	}
	if len(gotVal) != 10 {
		t.Errorf("held out %d of 50 examples, want 10", len(gotVal))
	}
}

func TestFileSHA256IsHexDigest(t *testing.T) {
	path := filepath.Join(t.TempDir(), "abc.csv")
	if err := os.WriteFile(path, []byte("abc"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := FileSHA256(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// checkpoint encodes a small untrained binary model.
func checkpoint(t *testing.T, tokenizerVersion int) []byte {
	t.Helper()
	return ensembleCheckpoint(t, tokenizerVersion, 1)
}

// ensembleCheckpoint is a checkpoint of networks networks.
func ensembleCheckpoint(t *testing.T, tokenizerVersion, networks int) []byte {
	t.Helper()
	vocab := []string{tokenize.PadToken, tokenize.UnkToken, "good", "bad"}
	cfg := model.Config{Arch: model.ArchRecurrent, Cell: model.CellGRU, Vocab: len(vocab), Embed: 3, Hidden: 2,
		Layers: 1, Classes: 2}
	var ns [][]model.Tensor
	for seed := range uint64(networks) {
		m, err := model.New[float32](cfg, rand.New(rand.NewPCG(1+seed, 1)))
		if err != nil {
			t.Fatal(err)
		}
		ns = append(ns, m.Tensors())
	}
	c := model.Checkpoint{Config: cfg, TokenizerVersion: tokenizerVersion, MaxLen: 2, Vocab: vocab,
		Labels: []string{"0", "1"}}
	c.SetNetworks(ns)
	var buf bytes.Buffer
	if err := c.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestLoadRebuildsPredictorOrSaysWhyNot(t *testing.T) {
	good := checkpoint(t, tokenize.Version)
	tests := []struct {
		name    string
		data    []byte
		wantErr string
	}{
		{"checkpoint", good, ""},
		{"not a checkpoint", []byte("text,label\nfine,1\n"), "not an rnnsent checkpoint"},
		{"truncated", good[:len(good)/2], "checkpoint is truncated"},
		{"other tokenizer", checkpoint(t, tokenize.StemmingVersion+1),
			fmt.Sprintf("the model was trained with tokenizer version %d, this rnnsent reads versions %d and %d; train it again",
				tokenize.StemmingVersion+1, tokenize.Version, tokenize.StemmingVersion)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Load(bytes.NewReader(tt.data))
			if errString(err) != tt.wantErr {
				t.Fatalf("error %q, want %q", errString(err), tt.wantErr)
			}
			if err != nil {
				return
			}
			if got, want := p.Names(), []string{"negative", "positive"}; !slices.Equal(got, want) {
				t.Errorf("Names() = %q, want %q", got, want)
			}
			// MaxLen 2 keeps the last two tokens.
			if got, want := p.Encode("so very bad"), []int{tokenize.UnkID, 3}; !slices.Equal(got, want) {
				t.Errorf("Encode = %v, want %v", got, want)
			}
			if _, err := p.Model.Predict([][]int{p.Encode("good")}); err != nil {
				t.Errorf("Predict: %v", err)
			}
		})
	}
}

// A checkpoint's tokenizer version says whether its model reads unknown
// words by their stems; one from before stemming reads them as <unk>.
func TestLoadReadsUnknownWordsAsTheCheckpointSays(t *testing.T) {
	for _, stem := range []bool{false, true} {
		t.Run(fmt.Sprintf("stem_%v", stem), func(t *testing.T) {
			version := tokenize.Version
			if stem {
				version = tokenize.StemmingVersion
			}
			p, err := Load(bytes.NewReader(checkpoint(t, version)))
			if err != nil {
				t.Fatal(err)
			}
			want := []int{tokenize.UnkID, 3} // goodness, bad
			if stem {
				want[0] = 2 // good
			}
			if got := p.Encode("goodness bad"); !slices.Equal(got, want) {
				t.Errorf("Encode = %v, want %v", got, want)
			}
		})
	}
}

func TestLoadKeepsEveryNetworkOfAnEnsemble(t *testing.T) {
	for _, n := range []int{1, 3} {
		p, err := Load(bytes.NewReader(ensembleCheckpoint(t, tokenize.Version, n)))
		if err != nil {
			t.Fatal(err)
		}
		if got := len(p.Model.Members()); got != n {
			t.Errorf("a checkpoint of %d networks loads %d", n, got)
		}
	}
}
