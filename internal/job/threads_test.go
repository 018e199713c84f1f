package job_test

import (
	"context"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/rnnsent/rnnsent/internal/job"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/train"
)

// TestThreadsBeyondTheCoresTrainOnEveryCore checks the goroutines a run's
// matrix products get: what --threads asks, but never more than the cores.
func TestThreadsBeyondTheCoresTrainOnEveryCore(t *testing.T) {
	dir := t.TempDir()
	data := job.WriteRounds(t, dir, "train.csv", "a great film number %[1]d,1\nan awful film number %[1]d,0\n", 20, "")
	cores := runtime.NumCPU()
	for _, tt := range []struct {
		name          string
		threads, want int
	}{
		{"one", 1, 1},
		{"every core", cores, cores},
		{"one more than the cores", cores + 1, cores},
		{"ten thousand", 10000, cores},
	} {
		t.Run(tt.name, func(t *testing.T) {
			j, err := job.New(context.Background(), job.Options{
				Data: data, Model: filepath.Join(dir, "model.gob"), TextCol: "text", LabelCol: "label",
				VocabSize: 50, MaxLen: 10, ValSplit: 0.2, Ensemble: 1, Threads: tt.threads,
				Net:   model.Config{Arch: model.ArchRecurrent, Cell: model.CellGRU, Embed: 4, Hidden: 4, Layers: 1, Pool: "last"},
				Train: train.Options{Epochs: 1, BatchSize: 8, LR: 0.01, Seed: 1},
			}, job.Hooks{})
			if err != nil {
				t.Fatal(err)
			}
			got := 0
			if _, err := j.Run(context.Background(), job.Hooks{Epoch: func(int, train.Epoch) { got = runtime.GOMAXPROCS(0) }}); err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("trained with GOMAXPROCS %d, want %d", got, tt.want)
			}
		})
	}
}
