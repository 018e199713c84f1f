package model

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// The reference shape: batch 32, 40 steps, E=128, H=200, V=2500.
func benchBatch(rng *rand.Rand) ([][]int, []int) {
	seqs := make([][]int, 32)
	labels := make([]int, 32)
	for i := range seqs {
		seqs[i] = make([]int, 40)
		for t := range seqs[i] {
			seqs[i][t] = 2 + rng.IntN(2498)
		}
		labels[i] = i % 2
	}
	return seqs, labels
}

// benchModel is the reference network, changed by edit; word 2 is "not".
func benchModel(b *testing.B, edit func(*Config)) *Model[float32] {
	cfg := Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 2, Vocab: 2500, Embed: 128, Hidden: 200}
	edit(&cfg)
	words := make([]string, cfg.Vocab)
	for i := range words {
		words[i] = fmt.Sprintf("word%d", i)
	}
	words[notID] = "not"
	m, err := New[float32](cfg, words, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		b.Fatal(err)
	}
	return m
}

const notID = 2

func plain(*Config) {}

func BenchmarkLSTMTrainStep(b *testing.B) { benchTrainStep(b, plain, false) }

// BenchmarkLSTMTrainStepWordGrams is the cost of --subword-words: every
// word also reads its n-grams from a table of 16,384 rows.
func BenchmarkLSTMTrainStepWordGrams(b *testing.B) {
	benchTrainStep(b, func(c *Config) { c.Subwords, c.WordGrams = 16384, true }, false)
}

// BenchmarkLSTMTrainStepNegationScope is the cost of --negation-scope 16
// on texts with a "not" as their sixth token: 34 tokens of 40 mapped.
func BenchmarkLSTMTrainStepNegationScope(b *testing.B) {
	benchTrainStep(b, func(c *Config) { c.NegationRank = 16 }, true)
}

// BenchmarkLSTMTrainStepScopeLoss is the cost of --scope-loss: a
// logistic unit read from every token's state, on the same texts.
func BenchmarkLSTMTrainStepScopeLoss(b *testing.B) {
	benchTrainStep(b, func(c *Config) { c.ScopeLoss = 1 }, true)
}

func benchTrainStep(b *testing.B, edit func(*Config), negated bool) {
	m := benchModel(b, edit)
	seqs, labels := benchBatch(rand.New(rand.NewPCG(2, 2)))
	for _, s := range seqs {
		if negated {
			s[5] = notID
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := m.Step(seqs, labels, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(32*40*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkLSTMInferenceBatch(b *testing.B) {
	m := benchModel(b, plain)
	seqs, _ := benchBatch(rand.New(rand.NewPCG(2, 2)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := m.Predict(seqs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(32*40*b.N)/b.Elapsed().Seconds(), "tokens/s")
}
