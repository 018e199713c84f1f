package job

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/train"
)

func TestResumeRefusesWhatIsNotAResumeFile(t *testing.T) {
	dir := t.TempDir()
	copyTo := func(src, name string) string {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	old := copyTo("../model/testdata/v2-2026-11-run.resume", "old.gob.resume")
	finished := copyTo("../model/testdata/v1-2026-11-lstm-record.ckpt", "done.gob.resume")
	text := filepath.Join(dir, "notes.gob.resume")
	os.WriteFile(text, []byte("text,label\n"), 0o644)
	missing := filepath.Join(dir, "gone.gob.resume")
	tests := []struct {
		name, path, want string
	}{
		{"an earlier rnnsent's resume file", old, old + ": " + ErrOldResumeFile.Error()},
		{"a finished model", finished, finished + ": a finished model, not the state of an interrupted run"},
		{"text", text, text + ": " + ErrNotResumeFile.Error()},
		{"missing", missing, missing + ": no such file; an interrupted run leaves it beside its model"},
		{"no .resume suffix", finished[:len(finished)-len(ResumeSuffix)], finished[:len(finished)-len(ResumeSuffix)] + ": a resume file's name ends in .resume"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Resume(context.Background(), tt.path, 0, 0, "", Hooks{})
			if err == nil || err.Error() != tt.want {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestEstimateGrowsWithWhatTakesMemory(t *testing.T) {
	// More examples than the larger batch, which would otherwise hold
	// every one of them.
	var set dataset.Set
	for i := range 300 {
		set.Seqs = append(set.Seqs, []int{2, 3, 4}[:2+i%2])
		set.Labels = append(set.Labels, i%2)
	}
	base := Options{Train: train.Options{BatchSize: 32}, Ensemble: 1}
	cfg := model.Config{Arch: model.ArchRecurrent, Cell: model.CellLSTM, Layers: 1, Vocab: 2500, Embed: 256, Hidden: 200, Classes: 2}
	at := estimate(cfg, base, set, set)
	wider, deeper, bigger, more, subwords := cfg, cfg, base, base, cfg
	wider.Hidden = 400
	subwords.Subwords = 1 << 14
	deeper.Layers = 2
	bigger.Train.BatchSize = 256
	more.Ensemble = 3
	for _, tt := range []struct {
		name string
		got  int64
	}{
		{"wider", estimate(wider, base, set, set)},
		{"deeper", estimate(deeper, base, set, set)},
		{"larger batches", estimate(cfg, bigger, set, set)},
		{"an ensemble", estimate(cfg, more, set, set)},
		{"an n-gram table", estimate(subwords, base, set, set)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got <= at {
				t.Errorf("estimate %d, not above the default's %d", tt.got, at)
			}
		})
	}
}

func TestResumeFileFromBeforeNegationFormsTwinsWithNotAlone(t *testing.T) {
	// The Options of a resume file written before NegationForms existed.
	type before struct{ AugmentNegation int }
	var payload bytes.Buffer
	if err := gob.NewEncoder(&payload).Encode(struct{ Options before }{before{3}}); err != nil {
		t.Fatal(err)
	}
	var f resumeFile
	if err := gob.NewDecoder(&payload).Decode(&f); err != nil {
		t.Fatalf("a resume file from before NegationForms does not decode: %v", err)
	}
	if f.Options.AugmentNegation != 3 || f.Options.NegationForms != nil {
		t.Errorf("options %+v, want AugmentNegation 3 and no NegationForms, which dataset.AugmentNegation reads as \"not\" alone", f.Options)
	}
}

// TestAResumeFileOfTheLargestModelCanBeRead: a resume file holds the model
// file's content and, beside it, the network in training, Adam's two
// moments and the average of its weights, so it is several times the model
// file; the most a resume file may hold must leave room for that at the
// largest model file a run may write (model.MaxPayload), or the run that
// trained such a model could not be resumed.
func TestAResumeFileOfTheLargestModelCanBeRead(t *testing.T) {
	dir := t.TempDir()
	data := WriteRounds(t, dir, "train.csv", "a fine film %[1]d,1\na dull film %[1]d,0\n", 40, "")
	o := Options{
		Data: data, Model: filepath.Join(dir, "m.gob"), TextCol: "text", LabelCol: "label",
		VocabSize: 100, MaxLen: 20, ValSplit: 0.25, Ensemble: 1, Init: InitNone,
		Net:   model.Config{Arch: model.ArchRecurrent, Cell: model.CellLSTM, Embed: 64, Hidden: 64, Layers: 1, Pool: "last"},
		Train: train.Options{Epochs: 3, BatchSize: 8, LR: 0.01, Seed: 1, Average: 0.9},
	}
	j, err := New(context.Background(), o, Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	epochs := 0
	_, err = j.Run(ctx, Hooks{
		Epoch: func(int, train.Epoch) { epochs++ },
		Batch: func(_, _, _, _ int, _ float64) {
			if epochs > 0 {
				cancel()
			}
		},
	})
	if _, ok := errors.AsType[*Interrupted](err); !ok {
		t.Fatalf("got %v, want the run interrupted in its second epoch", err)
	}
	size := func(path string) float64 {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return float64(info.Size())
	}
	ratio := size(ResumePath(o.Model)) / size(o.Model)
	if room := float64(resumeFormat.MaxPayload) / model.MaxPayload; ratio > room {
		t.Errorf("the resume file is %.2f times its model file, and may hold %.2f times the largest model file", ratio, room)
	}
}
