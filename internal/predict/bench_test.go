package predict

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/rnnsent/rnnsent/internal/model"
)

// BenchmarkLoad loads the built-in model, and a model file the size that
// training with the default flags writes (LSTM(200), E=256, 2,500 words,
// float32: 4 MB), as "rnnsent predict" does before it reads a word. In a
// new process, page faults and the first garbage collection add to it.
func BenchmarkLoad(b *testing.B) {
	builtin, err := Load("")
	if err != nil {
		b.Fatal(err)
	}
	c := *builtin.Checkpoint
	m, err := model.New[float32](c.Config, c.Vocab, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		b.Fatal(err)
	}
	c.SetNetworks([][]model.Tensor{m.Tensors()})
	path := filepath.Join(b.TempDir(), "model.gob")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := c.Encode(f); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct{ name, path string }{{"builtin", ""}, {"default-size file", path}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Load(bc.path); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
