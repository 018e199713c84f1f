package job

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/rnnsent/rnnsent/internal/csvread"
	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/predict"
	"github.com/rnnsent/rnnsent/internal/train"
)

// TestEnsembleAccuracyIsTheSavedEnsembles checks the running sum that
// scores an ensemble after each epoch against the ensemble as saved,
// scored whole: the figure in the record must be the model's own.
func TestEnsembleAccuracyIsTheSavedEnsembles(t *testing.T) {
	dir := t.TempDir()
	data := WriteRounds(t, dir, "train.csv", "a fine film %[1]d,1\na dull film %[1]d,0\nnot a dull film %[1]d,1\nnot a fine film %[1]d,0\n", 60, "")
	o := Options{
		Data: data, Model: filepath.Join(dir, "m.gob"), TextCol: "text", LabelCol: "label",
		VocabSize: 100, MaxLen: 20, ValSplit: 0.25, Ensemble: 3,
		Net:   model.Config{Arch: model.ArchRecurrent, Cell: model.CellGRU, Embed: 6, Hidden: 5, Layers: 1, Pool: "last"},
		Train: train.Options{Epochs: 3, BatchSize: 16, LR: 0.02, Seed: 5},
	}
	j, err := New(context.Background(), o, Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := j.Run(context.Background(), Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := predict.Load(o.Model)
	if err != nil {
		t.Fatal(err)
	}
	f, err := csvread.ReadFile(data, csvread.Options{NeedLabel: true})
	if err != nil {
		t.Fatal(err)
	}
	_, val := dataset.Split(dataset.Tokenize(f.Rows), o.ValSplit, o.Train.Seed)
	set, err := dataset.Encode(val, p.Vocab, p.Labels(), o.MaxLen, data)
	if err != nil {
		t.Fatal(err)
	}
	mt, err := train.Evaluate(p.Model, set, 2, 64)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Model.Members()) != 3 || res.Record.BestValAccuracy != mt.Accuracy {
		t.Errorf("%d networks, recorded accuracy %v; the saved ensemble scores %v", len(p.Model.Members()), res.Record.BestValAccuracy, mt.Accuracy)
	}
}
