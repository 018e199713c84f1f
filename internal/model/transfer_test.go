package model

import (
	"math"
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
		{"two layers", func(c *Config) { c.Layers = 2 }, "layer count is 1, this network's 2"},
		{"both directions", func(c *Config) { c.Bidirectional = true }, "reading in both directions is off, this network's on"},
		{"another pooling", func(c *Config) { c.Pool = "last" }, "pooling is last+max, this network's last"},
		{"other subword buckets", func(c *Config) { c.Subwords = 32 }, "subword buckets"},
		{"no subwords for vocabulary words", func(c *Config) { c.WordGrams = false }, "reading of vocabulary words through subwords is on, this network's off"},
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
		name                string
		srcClasses, classes int
		srcScope, scope     float64
		classFrom           []int
		wantOwnScope        bool
	}{
		{"the same classes", 2, 2, 0, 0, []int{0, 1}, false},
		{"the same two classes the other way round", 2, 2, 0, 0, []int{1, 0}, false},
		{"the same number of classes, other labels", 2, 2, 0, 0, []int{-1, -1}, false},
		{"other classes", 2, 3, 0, 0, []int{-1, -1, -1}, false},
		{"negative and positive among three", 2, 3, 0, 0, []int{0, -1, 1}, false},
		{"two of three", 3, 2, 0, 0, []int{0, 2}, false},
		{"three in another order", 3, 3, 0, 0, []int{2, 0, 1}, false},
		{"a scope unit in both", 2, 2, 3, 1, []int{0, 1}, false},
		{"a scope unit the source lacks", 2, 2, 0, 3, []int{0, 1}, true},
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
			if err := Transfer(m, src, words, srcWords, c.classFrom); err != nil {
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
					continue
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
			checkOutputs(t, m, src, own, c.classFrom)
		})
	}
	other := cfg
	other.Vocab, other.Classes, other.Hidden = len(words), 2, 5
	src, _ := New[float32](Config{Arch: ArchRecurrent, Cell: CellGRU, Vocab: len(srcWords), Embed: 4, Hidden: 3, Layers: 1, Classes: 2, Pool: "last", Subwords: 8, WordGrams: true}, srcWords, rand.New(rand.NewPCG(1, 1)))
	m, _ := New[float32](other, words, rand.New(rand.NewPCG(2, 2)))
	if err := Transfer(m, src, words, srcWords, []int{0, 1}); err == nil || !strings.Contains(err.Error(), "hidden size") {
		t.Errorf("a network of another shape: %v", err)
	}
}

// checkOutputs checks m's output layer after Transfer from src: between any
// two classes that classFrom maps, m's log-odds on any features are src's
// between their classes (the same two classes bit for bit), and a class it
// does not map keeps m's own weights, which own holds.
func checkOutputs(t *testing.T, m, src *Model[float32], own map[string][]float32, classFrom []int) {
	t.Helper()
	// logOdds is class a's logit over class b's for features x; a layer of
	// one output gives class 1's over class 0's.
	logOdds := func(net *Model[float32], x []float32, a, b int) float64 {
		W, B, K := net.denseW.W, net.denseB.W, net.denseW.Cols
		logit := func(k int) float64 {
			z := float64(B[k])
			for f, v := range x {
				z += float64(v) * float64(W[f*K+k])
			}
			return z
		}
		if K == 1 {
			return float64(a-b) * logit(0)
		}
		return logit(a) - logit(b)
	}
	rng := rand.New(rand.NewPCG(3, 3))
	x := make([]float32, m.denseW.Rows)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	for a, ja := range classFrom {
		for b, jb := range classFrom {
			if a == b || ja < 0 || jb < 0 {
				continue
			}
			if got, want := logOdds(m, x, a, b), logOdds(src, x, ja, jb); math.Abs(got-want) > 1e-4*(1+math.Abs(want)) {
				t.Errorf("log-odds of class %d over %d: %v, want the source's %v", a, b, got, want)
			}
		}
	}
	K := m.denseW.Cols
	for _, p := range []*Param[float32]{m.denseW, m.denseB} {
		for i, w := range p.W {
			if k := i % K; K > 1 && classFrom[k] < 0 && w != own[p.Name][i] {
				t.Fatalf("%s: class %d, which the source lacks, does not keep its own weights", p.Name, k)
			}
		}
	}
	if K == 1 && (classFrom[0] < 0 || classFrom[1] < 0) && !slices.Equal(m.denseW.W, own["dense.w"]) {
		t.Error("dense.w: classes the source lacks do not keep their own weights")
	}
	if slices.Equal(classFrom, []int{0, 1}) && m.denseW.Cols == src.denseW.Cols && !slices.Equal(m.denseW.W, src.denseW.W) {
		t.Error("dense.w: the same classes are not the source's weights bit for bit")
	}
}
