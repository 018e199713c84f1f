package job_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rnnsent/rnnsent/internal/job"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/tokenize"
	"github.com/rnnsent/rnnsent/internal/train"
)

func TestMeasureVocab(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	labelled := write("labelled.csv", "text,label\ngreat film,1\nawful film,0\ngreat cast,1\nawful plot,0\ngreat plot,1\n")
	unlabelled := write("unlabelled.csv", "text,label\ngreat film,1\nawful film,\n")
	given, err := tokenize.BuildVocab(map[string]int{"film": 3}, 10)
	if err != nil {
		t.Fatal(err)
	}
	opt := job.Options{TextCol: "text", LabelCol: "label", VocabSize: 10, ValSplit: 0.2}
	for _, c := range []struct {
		name, data string
		vocab      *tokenize.Vocab
		wantSource string
		wantTexts  int
		wantCover  int // running tokens in the vocabulary
	}{
		{"a model's vocabulary", labelled, given, "of m.gob", 5, 2},
		{"built as train builds it", labelled, nil, "as train builds it with --vocab-size 10", 5, 10},
		{"rows without labels count words alone", unlabelled, nil, "by frequency alone, with --vocab-size 10", 2, 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := opt
			o.Data = c.data
			r, err := job.MeasureVocab(o, c.vocab, "of m.gob", 3)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(r.Source, c.wantSource) || r.Texts != c.wantTexts || r.File != c.data || r.Covered != c.wantCover {
				t.Errorf("source %q, %d texts, file %s, %d covered; want %q…, %d, %s, %d", r.Source, r.Texts, r.File, r.Covered, c.wantSource, c.wantTexts, c.data, c.wantCover)
			}
			var out strings.Builder
			if err := r.WriteText(&out); err != nil || !strings.Contains(out.String(), r.Source) {
				t.Errorf("WriteText: %v\n%s", err, out.String())
			}
		})
	}
	if _, err := job.MeasureVocab(job.Options{Data: filepath.Join(dir, "missing.csv"), TextCol: "text", LabelCol: "label"}, given, "", 3); err == nil {
		t.Error("a missing file: no error")
	}
}

// TestTrainingTextsWithoutTokensAreRefused: texts of zero-width spaces and
// lone combining marks, pasted from a web page, leave a vocabulary of
// <pad> and <unk>, which the model's check once blamed on --vocab-size.
func TestTrainingTextsWithoutTokensAreRefused(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "marks.csv")
	rows := "text,label\n\"\u200b\u200b\",positive\n\"\u0301\",negative\n\"\u200b\",positive\n\"\u0301\u0301\",negative\n"
	if err := os.WriteFile(data, []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	o := job.Options{
		Data: data, Model: filepath.Join(dir, "m.gob"), TextCol: "text", LabelCol: "label", Init: job.InitNone,
		VocabSize: 30, MaxLen: 20, ValSplit: 0.25, Ensemble: 1,
		Net:   model.Config{Arch: model.ArchRecurrent, Cell: model.CellGRU, Embed: 4, Hidden: 4, Layers: 1, Pool: "last"},
		Train: train.Options{Epochs: 1, BatchSize: 4, LR: 0.01, Seed: 1},
	}
	_, err := job.New(context.Background(), o, job.Hooks{})
	want := "marks.csv: the training texts hold no tokens, only characters the tokenizer drops (zero-width spaces, lone combining marks, controls); there is nothing to learn from"
	if err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Fatalf("got %v, want …%s", err, want)
	}
	if _, statErr := os.Stat(o.Model); !os.IsNotExist(statErr) {
		t.Errorf("a model was written: %v", statErr)
	}
	// tokenize --data measured "vocabulary: 2 words (as train builds it
	// with --vocab-size 30)", of a file train refuses.
	if _, err := job.MeasureVocab(o, nil, "", 20); err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("MeasureVocab: got %v, want …%s", err, want)
	}
}
