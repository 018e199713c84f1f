package model

import (
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

func benchModel(b *testing.B) *Model[float32] {
	cfg := Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 2, Vocab: 2500, Embed: 128, Hidden: 200}
	m, err := New[float32](cfg, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		b.Fatal(err)
	}
	return m
}

func BenchmarkLSTMTrainStep(b *testing.B) {
	m := benchModel(b)
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
	m := benchModel(b)
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
