package model

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/rnnsent/rnnsent/internal/tokenize"
)

func TestCarriesOver(t *testing.T) {
	base := Config{Arch: ArchRecurrent, Cell: CellLSTM, Vocab: 50, Embed: 8, Hidden: 6, Layers: 1, Classes: 2, Pool: "last+max", Subwords: 16, WordGrams: true}
	for _, c := range []struct {
		name   string
		change func(*Config)
		want   string // in the error; "" for none
	}{
		{"the same", func(*Config) {}, ""},
		{"another vocabulary and other classes", func(c *Config) { c.Vocab, c.Classes = 70, 3 }, ""},
		{"what only training reads", func(c *Config) { c.Dropout, c.WordDropout, c.FeatureDropout, c.ScopeLoss = 0.3, 0.1, 0.2, 0 }, ""},
		{"a wider hidden layer", func(c *Config) { c.Hidden = 7 }, "hidden size is 6, this network's 7"},
		{"another cell", func(c *Config) { c.Cell = CellGRU }, "cell is lstm, this network's gru"},
		{"bag of words", func(c *Config) { c.Arch, c.Cell, c.Pool = ArchBOW, "", "" }, "architecture is recurrent, this network's bow"},
		{"a wider embedding", func(c *Config) { c.Embed = 9 }, "embedding width"},
		{"two layers", func(c *Config) { c.Layers = 2 }, "layers is 1, this network's 2"},
		{"both directions", func(c *Config) { c.Bidirectional = true }, "bidirectional"},
		{"another pooling", func(c *Config) { c.Pool = "last" }, "pooling is last+max, this network's last"},
		{"other subword buckets", func(c *Config) { c.Subwords = 32 }, "subword buckets"},
		{"no subwords for vocabulary words", func(c *Config) { c.WordGrams = false }, "subwords for vocabulary words"},
		{"a negation map", func(c *Config) { c.NegationRank = 2 }, "negation rank"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := base
			c.change(&cfg)
			err := cfg.CarriesOver(base)
			if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
				t.Errorf("got %v, want %q", err, c.want)
			}
		})
	}
	// A model file from before pooling could be chosen pools the last
	// state, as "last" does.
	old, last := base, base
	old.Pool, last.Pool = "", "last"
	if err := last.CarriesOver(old); err != nil {
		t.Errorf("last from a model without pooling: %v", err)
	}
}

func TestTransferCarriesOverByWordAndClass(t *testing.T) {
	srcWords := []string{tokenize.PadToken, tokenize.UnkToken, "good", "bad", "not", "film"}
	words := []string{tokenize.PadToken, tokenize.UnkToken, "bad", "plot", "good"}
	cfg := Config{Arch: ArchRecurrent, Cell: CellGRU, Embed: 4, Hidden: 3, Layers: 1, Pool: "last", Subwords: 8, WordGrams: true}
	for _, c := range []struct {
		name                    string
		srcClasses, classes     int
		srcScope, scope         float64
		sameClasses             bool
		wantDense, wantOwnScope bool // dense from src; scope unit of its own
	}{
		{"the same classes", 2, 2, 0, 0, true, true, false},
		{"the same number of classes, other labels", 2, 2, 0, 0, false, false, false},
		{"other classes", 2, 3, 0, 0, false, false, false},
		{"a scope unit in both", 2, 2, 3, 1, true, true, false},
		{"a scope unit the source lacks", 2, 2, 0, 3, true, true, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			sc, dc := cfg, cfg
			sc.Vocab, sc.Classes, sc.ScopeLoss = len(srcWords), c.srcClasses, c.srcScope
			dc.Vocab, dc.Classes, dc.ScopeLoss = len(words), c.classes, c.scope
			src, err := New[float32](sc, srcWords, rand.New(rand.NewPCG(1, 1)))
			if err != nil {
				t.Fatal(err)
			}
			m, err := New[float32](dc, words, rand.New(rand.NewPCG(2, 2)))
			if err != nil {
				t.Fatal(err)
			}
			own := map[string][]float32{}
			for _, p := range m.params {
				own[p.Name] = slices.Clone(p.W)
			}
			if err := Transfer(m, src, words, srcWords, c.sameClasses); err != nil {
				t.Fatal(err)
			}
			from := map[string][]float32{}
			for _, p := range src.params {
				from[p.Name] = p.W
			}
			E := cfg.Embed
			row := func(w []float32, i int) []float32 { return w[i*E : (i+1)*E] }
			for i, w := range words {
				want := row(own["embedding"], i)
				if j := slices.Index(srcWords, w); j >= 0 {
					want = row(from["embedding"], j)
				}
				if got := row(m.emb.W, i); !slices.Equal(got, want) {
					t.Errorf("embedding of %q: %v, want %v", w, got, want)
				}
			}
			for _, p := range m.params {
				var want []float32
				switch {
				case p == m.emb:
					continue
				case p == m.denseW || p == m.denseB:
					want = own[p.Name]
					if c.wantDense {
						want = from[p.Name]
					}
				case p == m.scopeW || p == m.scopeB:
					want = from[p.Name]
					if c.wantOwnScope {
						want = own[p.Name]
					}
				default:
					want = from[p.Name]
				}
				if !slices.Equal(p.W, want) {
					t.Errorf("%s: %v, want %v", p.Name, p.W, want)
				}
			}
		})
	}
	other := cfg
	other.Vocab, other.Classes, other.Hidden = len(words), 2, 5
	src, _ := New[float32](Config{Arch: ArchRecurrent, Cell: CellGRU, Vocab: len(srcWords), Embed: 4, Hidden: 3, Layers: 1, Classes: 2, Pool: "last", Subwords: 8, WordGrams: true}, srcWords, rand.New(rand.NewPCG(1, 1)))
	m, _ := New[float32](other, words, rand.New(rand.NewPCG(2, 2)))
	if err := Transfer(m, src, words, srcWords, true); err == nil || !strings.Contains(err.Error(), "hidden size") {
		t.Errorf("a network of another shape: %v", err)
	}
}
