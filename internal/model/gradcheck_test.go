package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/rnnsent/rnnsent/internal/tokenize"
	"gonum.org/v1/gonum/diff/fd"
)

// gradCases covers every cell, direction and depth, binary and multi-class.
var gradCases = []Config{
	{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 2},
	{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 3},
	{Arch: ArchRecurrent, Cell: CellGRU, Layers: 1, Classes: 2},
	{Arch: ArchRecurrent, Cell: CellGRU, Layers: 1, Classes: 3},
	{Arch: ArchRecurrent, Cell: CellRNN, Layers: 1, Classes: 2},
	{Arch: ArchRecurrent, Cell: CellRNN, Layers: 1, Classes: 4},
	{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Bidirectional: true, Classes: 2},
	{Arch: ArchRecurrent, Cell: CellGRU, Layers: 1, Bidirectional: true, Classes: 3},
	{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 2, Classes: 2},
	{Arch: ArchRecurrent, Cell: CellRNN, Layers: 2, Classes: 3},
	{Arch: ArchRecurrent, Cell: CellGRU, Layers: 2, Bidirectional: true, Classes: 2},
	{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 2, Bidirectional: true, Classes: 3},
	{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 2, Pool: "max"},
	{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 3, Pool: "last+max+mean"},
	{Arch: ArchRecurrent, Cell: CellRNN, Layers: 1, Classes: 2, Pool: "mean"},
	{Arch: ArchRecurrent, Cell: CellGRU, Layers: 1, Bidirectional: true, Classes: 2, Pool: "mean+last"},
	{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 2, Bidirectional: true, Classes: 3, Pool: "max+last"},
	{Arch: ArchBOW, Classes: 2},
	{Arch: ArchBOW, Classes: 3},
}

func caseName(c Config) string {
	if c.Arch == ArchBOW {
		return fmt.Sprintf("bow/classes=%d", c.Classes) + dropoutNames(c)
	}
	name := fmt.Sprintf("%s/layers=%d/bi=%v/classes=%d", c.Cell, c.Layers, c.Bidirectional, c.Classes)
	if c.Pool != "" {
		name += "/pool=" + c.Pool
	}
	return name + dropoutNames(c)
}

// dropoutNames names the dropout rates of c that are not 0.
func dropoutNames(c Config) string {
	var name string
	for _, d := range []struct {
		name string
		rate float64
	}{{"dropout", c.Dropout}, {"word-dropout", c.WordDropout}, {"feature-dropout", c.FeatureDropout}} {
		if d.rate > 0 {
			name += fmt.Sprintf("/%s=%g", d.name, d.rate)
		}
	}
	return name
}

// TestGradientsMatchFiniteDifferences checks every element of every
// parameter tensor's analytic gradient against central differences.
func TestGradientsMatchFiniteDifferences(t *testing.T) {
	seqs := [][]int{{3, 5, 2, 7, 1, 4}, {4, 6}, {2, 2, 6}, {8}, {1, 3, 5, 7, 2}}
	for _, cfg := range gradCases {
		cfg.Vocab, cfg.Embed, cfg.Hidden = 9, 3, 4
		t.Run(caseName(cfg), func(t *testing.T) { checkGradients(t, cfg, seqs, noDropout) })
	}
}

// TestSubwordGradientsMatchFiniteDifferences checks the n-gram table's
// gradient, and the others' through it, for words outside the vocabulary:
// seven rows, so that n-grams share rows, and words sharing n-grams.
func TestSubwordGradientsMatchFiniteDifferences(t *testing.T) {
	vocab, err := tokenize.NewVocab([]string{tokenize.PadToken, tokenize.UnkToken, "the", "film", "was", "not", "good"})
	if err != nil {
		t.Fatal(err)
	}
	vocab.SetSubwords(true)
	var seqs [][]int
	for _, text := range []string{"the film was unwatchable", "goodish", "not watchable , was it", "a", "film", "films"} {
		seqs = append(seqs, vocab.EncodeText(text, 0))
	}
	if !slices.ContainsFunc(seqs, func(q []int) bool { return slices.Max(q) >= vocab.Len() }) {
		t.Fatal("no word is read through its n-grams")
	}
	for _, cfg := range []Config{
		{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 2},
		{Arch: ArchRecurrent, Cell: CellGRU, Layers: 2, Bidirectional: true, Classes: 3, Pool: "max+last"},
		{Arch: ArchBOW, Classes: 2},
	} {
		cfg.Vocab, cfg.Embed, cfg.Hidden, cfg.Subwords = vocab.Len(), 3, 4, 7
		t.Run(caseName(cfg), func(t *testing.T) { checkGradients(t, cfg, seqs, noDropout) })
		// Every word through its n-grams too: the vocabulary's words add
		// them to their own rows, and "film" shares n-grams with "films".
		// Word dropout, its masks fixed, reads a dropped word as <unk>
		// without its n-grams.
		cfg.WordGrams, cfg.WordDropout = true, 0.3
		t.Run(caseName(cfg)+" word n-grams", func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			m := jitteredModel(t, cfg, vocab.Words(), rng)
			checkModelGradients(t, m, seqs, func() *rand.Rand { return rand.New(rand.NewPCG(7, 8)) }, rng)
		})
	}
}

// jitteredModel is a float64 network of cfg for the vocabulary words whose
// every weight, biases too, is moved at random, so that no gate sits at a
// special point.
func jitteredModel(t *testing.T, cfg Config, words []string, rng *rand.Rand) *Model[float64] {
	t.Helper()
	m, err := New[float64](cfg, words, rng)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range m.params {
		for i := range p.W {
			p.W[i] += 0.3 * rng.NormFloat64()
		}
	}
	return m
}

// TestDropoutGradientsMatchFiniteDifferences checks the gradients through
// every dropout, each mask drawn the same for every evaluation of the loss.
func TestDropoutGradientsMatchFiniteDifferences(t *testing.T) {
	seqs := [][]int{{3, 5, 2, 7, 1, 4}, {4, 6}, {2, 2, 6}, {8}, {1, 3, 5, 7, 2}}
	masks := func() *rand.Rand { return rand.New(rand.NewPCG(7, 8)) }
	for _, cfg := range []Config{
		{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 2, Classes: 2, Pool: "last+max", Dropout: 0.3, FeatureDropout: 0.4},
		{Arch: ArchRecurrent, Cell: CellGRU, Layers: 1, Bidirectional: true, Classes: 3, Pool: "mean", FeatureDropout: 0.5},
		{Arch: ArchRecurrent, Cell: CellRNN, Layers: 1, Classes: 2, WordDropout: 0.3, Dropout: 0.2},
		{Arch: ArchBOW, Classes: 2, Dropout: 0.3, FeatureDropout: 0.4},
	} {
		cfg.Vocab, cfg.Embed, cfg.Hidden = 9, 3, 4
		t.Run(caseName(cfg), func(t *testing.T) { checkGradients(t, cfg, seqs, masks) })
	}
}

// noDropout is checkGradients' masks for a network that drops nothing.
func noDropout() *rand.Rand { return nil }

// checkGradients checks every element of every parameter tensor's analytic
// gradient against central differences, for a network of cfg reading seqs,
// with dropout drawn from masks() at every evaluation.
func checkGradients(t *testing.T, cfg Config, seqs [][]int, masks func() *rand.Rand) {
	rng := rand.New(rand.NewPCG(1, 2))
	checkModelGradients(t, jitteredModel(t, cfg, nil, rng), seqs, masks, rng)
}

// checkModelGradients is checkGradients for the network m, whose labels
// for seqs it draws from rng.
func checkModelGradients(t *testing.T, m *Model[float64], seqs [][]int, masks func() *rand.Rand, rng *rand.Rand) {
	labels := make([]int, len(seqs))
	for i := range labels {
		labels[i] = rng.IntN(m.cfg.Classes)
	}
	if _, _, err := m.Step(seqs, labels, masks()); err != nil {
		t.Fatal(err)
	}
	analytic := make([][]float64, len(m.params))
	for i, p := range m.params {
		analytic[i] = append([]float64(nil), p.G...)
	}
	for pi, p := range m.params {
		orig := append([]float64(nil), p.W...)
		numeric := fd.Gradient(nil, func(x []float64) float64 {
			copy(p.W, x)
			loss, _, err := m.Step(seqs, labels, masks())
			if err != nil {
				t.Fatal(err)
			}
			return loss
		}, orig, &fd.Settings{Formula: fd.Central, Step: 1e-6})
		copy(p.W, orig)
		for i, a := range analytic[pi] {
			if d := math.Abs(a - numeric[i]); d > 1e-8+1e-6*math.Abs(numeric[i]) {
				t.Errorf("%s[%d]: analytic %.10g, finite difference %.10g", p.Name, i, a, numeric[i])
			}
		}
	}
}

// scopeWords is the vocabulary of the negation scope's tests: two
// negations, a clause end, a turn and a comma, which is none.
var scopeWords = []string{tokenize.PadToken, tokenize.UnkToken, "the", "film", "was", "not", "good", "never", ",", ".", "but"}

// checkScopeGradients checks every gradient of a network of each config
// (its sizes set here) reading texts with a negation near and far, a
// second negation, a clause end, and a word outside the vocabulary inside
// a scope.
func checkScopeGradients(t *testing.T, configs []Config) {
	vocab, err := tokenize.NewVocab(scopeWords)
	if err != nil {
		t.Fatal(err)
	}
	vocab.SetSubwords(true)
	var seqs [][]int
	for _, text := range []string{"the film was not , the film , good", "never not good", "not good . good", "good", "not unwatchable but good"} {
		seqs = append(seqs, vocab.EncodeText(text, 0))
	}
	for _, cfg := range configs {
		cfg.Vocab, cfg.Embed, cfg.Hidden, cfg.Subwords = vocab.Len(), 3, 4, 7
		t.Run(caseName(cfg)+fmt.Sprintf("/negation-rank=%d/scope-loss=%g", cfg.NegationRank, cfg.ScopeLoss), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			m := jitteredModel(t, cfg, vocab.Words(), rng)
			checkModelGradients(t, m, seqs, func() *rand.Rand { return rand.New(rand.NewPCG(7, 8)) }, rng)
		})
	}
}

// TestNegationScopeGradientsMatchFiniteDifferences checks the gradient of
// the map of negated tokens, and the others' through it.
func TestNegationScopeGradientsMatchFiniteDifferences(t *testing.T) {
	checkScopeGradients(t, []Config{
		{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 2, Pool: "last+max", Dropout: 0.3, NegationRank: 2},
		{Arch: ArchRecurrent, Cell: CellGRU, Layers: 1, Bidirectional: true, Classes: 3, WordGrams: true, WordDropout: 0.3, NegationRank: 2},
		{Arch: ArchBOW, Classes: 2, NegationRank: 2},
	})
}

// TestNegationScopeMarksNegatedTokens checks which rows of a packed batch
// get the scope's row: texts of several lengths, so that packing sorts
// them, and a word outside the vocabulary, which plays no part in a scope.
func TestNegationScopeMarksNegatedTokens(t *testing.T) {
	words := scopeWords
	vocab, err := tokenize.NewVocab(words)
	if err != nil {
		t.Fatal(err)
	}
	vocab.SetSubwords(true)
	cfg := Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 2, Vocab: vocab.Len(), Embed: 3, Hidden: 4,
		Subwords: 7, NegationRank: 2}
	m, err := New[float64](cfg, words, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{ // text: one letter a token, n negated
		"good":                               ".",
		"not good . good":                    ".n..",
		"the film was not , the film , good": "....nnnnn",
		"never not good":                     ".n.",
		"not nope good but good":             ".nn..",
	}
	var seqs [][]int
	var want []string
	for text, scope := range texts {
		seqs = append(seqs, vocab.EncodeText(text, 0))
		want = append(want, scope)
	}
	if err := m.forward(seqs, nil, false); err != nil {
		t.Fatal(err)
	}
	if !slices.IsSorted(m.negRows) {
		t.Errorf("negated rows %v out of order", m.negRows)
	}
	p := &m.pk
	for i, o := range p.order {
		var got strings.Builder
		for t := range p.lengths[i] {
			got.WriteByte(map[bool]byte{true: 'n', false: '.'}[slices.Contains(m.negRows, p.offsets[t]+i)])
		}
		if got.String() != want[o] {
			t.Errorf("sequence %d: negated %s, want %s", o, got.String(), want[o])
		}
	}
}

// TestScopeLossGradientsMatchFiniteDifferences checks the scope task's
// gradient, its unit's and the others' through the states it reads, in
// both directions, stacked, with dropout and beside the scope's map.
func TestScopeLossGradientsMatchFiniteDifferences(t *testing.T) {
	checkScopeGradients(t, []Config{
		{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 2, Pool: "last+max", Dropout: 0.3, ScopeLoss: 0.7},
		{Arch: ArchRecurrent, Cell: CellGRU, Layers: 2, Bidirectional: true, Classes: 3, ScopeLoss: 2},
		{Arch: ArchRecurrent, Cell: CellRNN, Layers: 1, Classes: 2, Pool: "mean", WordDropout: 0.3, ScopeLoss: 1},
		{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 2, WordGrams: true, NegationRank: 2, ScopeLoss: 0.5},
	})
}

// TestScopeLossTargetsTheNegatedTokens checks what the scope task is
// trained towards: with its unit reading nothing but its bias b, each
// text's loss is the mean over its tokens of softplus(b) − b for a negated
// token and softplus(b) for any other, so the loss tells how many of each
// text's tokens were taken for negated.
func TestScopeLossTargetsTheNegatedTokens(t *testing.T) {
	words := scopeWords
	vocab, err := tokenize.NewVocab(words)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 2, Vocab: vocab.Len(), Embed: 3, Hidden: 4, ScopeLoss: 1.5}
	m, err := New[float64](cfg, words, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	zero(m.scopeW.W)
	const b = 0.7
	m.scopeB.W[0] = b
	for _, c := range []struct {
		name, text string
		negated    int
	}{
		{"no negation", "the film was good", 0},
		{"the rest of the clause", "the film was not , the film , good", 5},
		{"a clause end closes it", "not good . good", 1},
		{"a second negation takes it back", "never not good", 1},
		{"a word outside the vocabulary plays no part", "not nope good but good", 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			seq := vocab.EncodeText(c.text, 0)
			if err := m.forward([][]int{seq}, nil, true); err != nil {
				t.Fatal(err)
			}
			n := float64(len(seq))
			want := cfg.ScopeLoss * (n*softplus(b) - float64(c.negated)*b) / n
			if got := m.scopeLoss(1); math.Abs(got-want) > 1e-12 {
				t.Errorf("scope loss %.12g, want %.12g (%d of %d tokens negated)", got, want, c.negated, len(seq))
			}
		})
	}
}

// TestScopeLossLeavesPredictionAlone checks that the scope task changes
// training only: a network with it, drawn from the same seed as one
// without, has the same weights but for the task's unit, and predicts
// exactly what that one does.
func TestScopeLossLeavesPredictionAlone(t *testing.T) {
	words := scopeWords
	vocab, err := tokenize.NewVocab(words)
	if err != nil {
		t.Fatal(err)
	}
	var seqs [][]int
	for _, text := range []string{"the film was not , the film , good", "never not good", "good", "not nope good but good"} {
		seqs = append(seqs, vocab.EncodeText(text, 0))
	}
	predict := func(scopeLoss float64) ([][]float64, int) {
		cfg := Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 2, Vocab: vocab.Len(), Embed: 3, Hidden: 4, ScopeLoss: scopeLoss}
		m, err := New[float64](cfg, words, rand.New(rand.NewPCG(1, 2)))
		if err != nil {
			t.Fatal(err)
		}
		probs, err := m.Predict(seqs)
		if err != nil {
			t.Fatal(err)
		}
		return probs, len(m.Params())
	}
	with, n := predict(2)
	without, n0 := predict(0)
	if n != n0+2 {
		t.Errorf("%d tensors with the scope task, %d without: want its unit's two more", n, n0)
	}
	for i := range with {
		if !slices.Equal(with[i], without[i]) {
			t.Errorf("text %d: %v with the scope task, %v without", i, with[i], without[i])
		}
	}
}

// TestScopeLossLeavesStateGradientsAlone checks that inspect's gradients
// are the labels' loss's alone: the scope task's would reach every state
// directly. A network with the task, drawn from the same seed as one
// without, gives the same state gradients.
func TestScopeLossLeavesStateGradientsAlone(t *testing.T) {
	vocab, err := tokenize.NewVocab(scopeWords)
	if err != nil {
		t.Fatal(err)
	}
	seq := vocab.EncodeText("the film was not , the film , good", 0)
	stateGradients := func(scopeLoss float64) (h, c [][]float64) {
		cfg := Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 2, Vocab: vocab.Len(), Embed: 3, Hidden: 4, ScopeLoss: scopeLoss}
		m, err := New[float64](cfg, scopeWords, rand.New(rand.NewPCG(1, 2)))
		if err != nil {
			t.Fatal(err)
		}
		h, c, err = m.StateGradients(seq, 1)
		if err != nil {
			t.Fatal(err)
		}
		return h, c
	}
	hWith, cWith := stateGradients(2)
	hWithout, cWithout := stateGradients(0)
	for l := range hWith {
		if !slices.Equal(hWith[l], hWithout[l]) || !slices.Equal(cWith[l], cWithout[l]) {
			t.Errorf("layer %d: h %v, c %v with the scope task; h %v, c %v without", l, hWith[l], cWith[l], hWithout[l], cWithout[l])
		}
	}
}
