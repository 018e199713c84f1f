package model

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rnnsent/rnnsent/internal/tokenize"
)

func testCheckpoint(t *testing.T, cfg Config) (*Model[float32], *Checkpoint) {
	t.Helper()
	vocab := []string{"<pad>", "<unk>"}
	for len(vocab) < cfg.Vocab {
		vocab = append(vocab, strings.Repeat("w", len(vocab)))
	}
	m, err := New[float32](cfg, vocab, rand.New(rand.NewPCG(3, 4)))
	if err != nil {
		t.Fatal(err)
	}
	labels := []string{"negative", "positive", "neutral"}[:cfg.Classes]
	return m, &Checkpoint{Config: cfg, TokenizerVersion: 1, MaxLen: 50, Vocab: vocab, Labels: labels,
		Tensors: m.Tensors(), About: []byte(`{"data":"train.csv"}`)}
}

// smallConfigs are one network of each kind, small enough to check whole.
var smallConfigs = []Config{
	{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 2, Vocab: 12, Embed: 5, Hidden: 6},
	{Arch: ArchRecurrent, Cell: CellGRU, Layers: 2, Bidirectional: true, Classes: 3, Vocab: 12, Embed: 5, Hidden: 6},
	{Arch: ArchBOW, Classes: 2, Vocab: 12, Embed: 5, Hidden: 6},
}

func TestCheckpointRoundTripPredictsIdentically(t *testing.T) {
	for _, cfg := range smallConfigs {
		t.Run(caseName(cfg), func(t *testing.T) {
			m, c := testCheckpoint(t, cfg)
			back := roundTrip(t, c)
			m2, err := FromCheckpoint[float32](back)
			if err != nil {
				t.Fatal(err)
			}
			seqs := [][]int{{2, 3, 4}, {5}, {11, 10, 9, 8, 7, 6}}
			want, _ := m.Predict(seqs)
			got, _ := m2.Predict(seqs)
			for i := range want {
				for k := range want[i] {
					if got[i][k] != want[i][k] {
						t.Fatalf("prediction %d class %d: %v after loading, %v before", i, k, got[i][k], want[i][k])
					}
				}
			}
			if string(back.About) != `{"data":"train.csv"}` || back.Labels[1] != "positive" || back.MaxLen != 50 {
				t.Errorf("metadata did not survive: %q", back.About)
			}
		})
	}
}

func TestDecodeRejectsDamagedFiles(t *testing.T) {
	cfg := Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 2, Vocab: 12, Embed: 5, Hidden: 6}
	_, c := testCheckpoint(t, cfg)
	var buf bytes.Buffer
	if err := c.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	edit := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	huge := edit(func(b []byte) []byte {
		binary.BigEndian.PutUint64(b[len(Magic)+4:], 1<<40)
		return b
	})
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not an rnnsent checkpoint"},
		{"text file", []byte("text,label\nfine,1\n"), "not an rnnsent checkpoint"},
		{"truncated by one byte", good[:len(good)-1], "checkpoint is truncated"},
		{"header only", good[:len(Magic)+12], "checkpoint is truncated"},
		{"flipped payload byte", edit(func(b []byte) []byte { b[len(b)/2] ^= 0x40; return b }), "checksum does not match"},
		{"flipped checksum byte", edit(func(b []byte) []byte { b[len(b)-1] ^= 1; return b }), "checksum does not match"},
		{"newer version", edit(func(b []byte) []byte { b[len(Magic)+3] = 9; return b }), "format version 9"},
		{"claims a terabyte", huge, "more than the"},
		{"trailing data", append(append([]byte(nil), good...), 0), "unexpected data after"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(bytes.NewReader(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got error %v, want one containing %q", err, tc.want)
			}
		})
	}
	if _, err := Decode(bytes.NewReader(nil)); !errors.Is(err, ErrNotCheckpoint) {
		t.Errorf("empty input: got %v, want ErrNotCheckpoint", err)
	}
}

func TestCheckpointShapeMismatchIsAnError(t *testing.T) {
	cfg := Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 2, Vocab: 12, Embed: 5, Hidden: 6}
	_, c := testCheckpoint(t, cfg)
	c.Tensors[1].Bytes = c.Tensors[1].Bytes[:12]
	if _, err := FromCheckpoint[float32](c); err == nil || !strings.Contains(err.Error(), "l0.fwd.wx") {
		t.Fatalf("got %v, want an error naming the tensor", err)
	}
	var buf bytes.Buffer
	if err := c.Encode(&buf); err == nil {
		t.Fatal("Encode accepted an inconsistent checkpoint")
	}
}

func TestHalfPrecisionCheckpointPredictsAlmostTheSame(t *testing.T) {
	cfg := Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 3, Vocab: 40, Embed: 16, Hidden: 24}
	m, c := testCheckpoint(t, cfg)
	for i := range c.Tensors {
		c.Tensors[i].ToHalf()
	}
	back := roundTrip(t, c)
	half, err := FromCheckpoint[float32](back)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	var seqs [][]int
	for range 50 {
		seq := make([]int, 1+rng.IntN(30))
		for j := range seq {
			seq[j] = rng.IntN(40)
		}
		seqs = append(seqs, seq)
	}
	want, _ := m.Predict(seqs)
	got, _ := half.Predict(seqs)
	for i := range want {
		for k := range want[i] {
			if d := got[i][k] - want[i][k]; d > 0.01 || d < -0.01 {
				t.Errorf("text %d class %d: %.4f in half precision, %.4f in full", i, k, got[i][k], want[i][k])
			}
		}
	}
}

func TestFinite(t *testing.T) {
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	// 11 values: 8 go through the loop that reads 8 at a time, 3 after it.
	tests := []struct {
		name string
		at   int // where v goes
		v    float32
		want bool
	}{
		{"largest float", 2, math.MaxFloat32, true},
		{"smallest float", 9, -math.MaxFloat32, true},
		{"subnormal", 5, math.SmallestNonzeroFloat32, true},
		{"negative zero", 0, float32(math.Copysign(0, -1)), true},
		{"+Inf among the first 8", 7, inf, false},
		{"-Inf among the first 8", 0, -inf, false},
		{"NaN among the first 8", 3, nan, false},
		{"+Inf in the tail", 10, inf, false},
		{"NaN in the tail", 8, nan, false},
		{"negative NaN", 4, float32(math.Copysign(float64(nan), -1)), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vs := []float32{0.5, -1, 2, 1e-3, -7, 1e30, 3, -0.25, 9, 1, -2}
			vs[tt.at] = tt.v
			if got := finite(vs); got != tt.want {
				t.Errorf("finite with %v at %d = %v, want %v", tt.v, tt.at, got, tt.want)
			}
			if got := finite(vs[tt.at : tt.at+1]); got != tt.want {
				t.Errorf("finite of %v alone = %v, want %v", tt.v, got, tt.want)
			}
		})
	}
	if !finite(nil) {
		t.Error("finite(nil) = false, want true")
	}
}

// TestSubwordCheckpointRoundTrip: the n-gram table travels in the file, so
// a loaded model reads a word outside its vocabulary as the trained one
// did, and a file whose config asks for the table but lacks it is refused.
func TestSubwordCheckpointRoundTrip(t *testing.T) {
	cfg := Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 2, Vocab: 12, Embed: 5, Hidden: 6, Subwords: 16}
	m, c := testCheckpoint(t, cfg)
	vocab, err := tokenize.NewVocab(c.Vocab)
	if err != nil {
		t.Fatal(err)
	}
	vocab.SetSubwords(true)
	seqs := [][]int{vocab.EncodeText("ww unheard-of www", 0), vocab.EncodeText("splendiferous", 0)}
	if seqs[1][0] < cfg.Vocab {
		t.Fatalf("an unknown word encoded as %d, not through its n-grams", seqs[1][0])
	}
	back := roundTrip(t, c)
	if back.Config.Subwords != 16 || back.Tensors[len(back.Tensors)-1].Name != "subword" {
		t.Fatalf("config %+v, last tensor %q: the table did not survive", back.Config, back.Tensors[len(back.Tensors)-1].Name)
	}
	want, _ := m.Predict(seqs)
	loadsTheSame(t, back, seqs, want)
	back.Tensors = back.Tensors[:len(back.Tensors)-1]
	if _, err := FromCheckpoint[float32](back); err == nil {
		t.Error("a checkpoint with Subwords but no table loaded")
	}
}

// TestWordGramsCheckpointRoundTrip: a network that reads its vocabulary's
// words through their n-grams as well cannot be built without all of them,
// reads them differently from one that does not, and loads from its
// checkpoint with the words it was saved with.
func TestWordGramsCheckpointRoundTrip(t *testing.T) {
	cfg := Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 2, Vocab: 12, Embed: 5, Hidden: 6, Subwords: 16, WordGrams: true}
	m, c := testCheckpoint(t, cfg)
	seqs := [][]int{{2, 3, 4}, {5}}
	for _, words := range [][]string{nil, c.Vocab[:5]} {
		if _, err := New[float32](cfg, words, rand.New(rand.NewPCG(3, 4))); err == nil {
			t.Errorf("a network of 12 words with word n-grams was built from %d words", len(words))
		}
	}
	want, err := m.Predict(seqs)
	if err != nil {
		t.Fatal(err)
	}
	plain := *c
	plain.Config.WordGrams = false
	without, err := FromCheckpoint[float32](&plain)
	if err != nil {
		t.Fatal(err)
	}
	if other, _ := without.Predict(seqs); other[0][1] == want[0][1] {
		t.Error("the word n-grams changed nothing")
	}
	back := roundTrip(t, c)
	if !back.Config.WordGrams {
		t.Fatal("WordGrams did not survive the round trip")
	}
	loadsTheSame(t, back, seqs, want)
}

// loadsTheSame checks that the network of c gives seqs the probabilities
// want, to the bit.
func loadsTheSame(t *testing.T, c *Checkpoint, seqs [][]int, want [][]float64) {
	t.Helper()
	m, err := FromCheckpoint[float32](c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := m.Predict(seqs)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if got[i][1] != want[i][1] {
			t.Errorf("text %d: %v after loading, %v before", i, got[i][1], want[i][1])
		}
	}
}

// roundTrip encodes c and decodes it back.
func roundTrip(t *testing.T, c *Checkpoint) *Checkpoint {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return back
}

func TestNegationScopeCheckpointRoundTrip(t *testing.T) {
	cfg := Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 2, Vocab: 6, Embed: 5, Hidden: 6, NegationRank: 2}
	words := []string{"<pad>", "<unk>", "the", "film", "not", "good"}
	if _, err := New[float32](cfg, nil, rand.New(rand.NewPCG(3, 4))); err == nil {
		t.Error("a network with a negation scope was built without its words")
	}
	m, err := New[float32](cfg, words, rand.New(rand.NewPCG(3, 4)))
	if err != nil {
		t.Fatal(err)
	}
	seqs := [][]int{{4, 5}, {2, 3, 4, 2, 5}, {5}}
	before, err := m.Predict(seqs)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range m.scopeV.W {
		m.scopeV.W[i] = float32(rng.NormFloat64())
	}
	want, err := m.Predict(seqs)
	if err != nil {
		t.Fatal(err)
	}
	for i, changes := range []bool{true, true, false} { // "good" alone is in no scope
		if (want[i][1] != before[i][1]) != changes {
			t.Errorf("text %d: the map changed its probability from %v to %v", i, before[i][1], want[i][1])
		}
	}
	c := &Checkpoint{Config: cfg, TokenizerVersion: 1, MaxLen: 50, Vocab: words, Labels: []string{"negative", "positive"},
		Tensors: m.Tensors()}
	back := roundTrip(t, c)
	if back.Config.NegationRank != 2 {
		t.Fatal("NegationRank did not survive the round trip")
	}
	loadsTheSame(t, back, seqs, want)
}
