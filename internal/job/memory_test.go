package job_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rnnsent/rnnsent/internal/job"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/train"
)

// TestAModelFileNoLoaderReadsIsRefused: a subword table of 4,194,304 rows
// of 64 weights fits a large machine's memory, but its model file, over
// model.MaxPayload, is one every loader refuses; the run is refused
// before it allocates, once the memory it needs is allowed.
func TestAModelFileNoLoaderReadsIsRefused(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "train.csv")
	if err := os.WriteFile(data, []byte("text,label\ngood film,positive\nbad film,negative\ngreat,positive\nawful,negative\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	o := job.Options{
		Data: data, Model: filepath.Join(dir, "m.gob"), TextCol: "text", LabelCol: "label", Init: job.InitNone,
		VocabSize: 30, MaxLen: 20, ValSplit: 0.25, Ensemble: 1, MaxMemory: 1 << 50,
		Net:   model.Config{Arch: model.ArchRecurrent, Cell: model.CellGRU, Embed: 64, Hidden: 4, Layers: 1, Pool: "last", Subwords: model.MaxVocab},
		Train: train.Options{Epochs: 1, BatchSize: 4, LR: 0.01, Seed: 1},
	}
	_, err := job.New(context.Background(), o, job.Hooks{})
	tooBig, ok := errors.AsType[*job.ErrTooBig](err)
	if !ok || !tooBig.File || tooBig.Need <= model.MaxPayload {
		t.Fatalf("got %v, want the model file refused", err)
	}
	const want = "more than the 1,073,741,824 (1.0 GiB) a model file may hold, so that no command could load it"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("message %q, want it to say %q", err, want)
	}
}
