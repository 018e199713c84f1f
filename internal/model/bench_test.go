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

// benchModel is the reference network; with wordGrams, every word also
// reads its n-grams from a table of 16,384 rows (--subword-words).
func benchModel(b *testing.B, wordGrams bool) *Model[float32] {
	cfg := Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 2, Vocab: 2500, Embed: 128, Hidden: 200}
	if wordGrams {
		cfg.Subwords, cfg.WordGrams = 16384, true
	}
	words := make([]string, cfg.Vocab)
	for i := range words {
		words[i] = fmt.Sprintf("word%d", i)
	}
	m, err := New[float32](cfg, words, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		b.Fatal(err)
	}
	return m
}

func BenchmarkLSTMTrainStep(b *testing.B) { benchTrainStep(b, false) }

// BenchmarkLSTMTrainStepWordGrams is the cost of --subword-words.
func BenchmarkLSTMTrainStepWordGrams(b *testing.B) { benchTrainStep(b, true) }

func benchTrainStep(b *testing.B, wordGrams bool) {
	m := benchModel(b, wordGrams)
	seqs, labels := benchBatch(rand.New(rand.NewPCG(2, 2)))
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
	m := benchModel(b, false)
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
