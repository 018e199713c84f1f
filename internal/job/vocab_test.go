package job_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rnnsent/rnnsent/internal/job"
	"github.com/rnnsent/rnnsent/internal/tokenize"
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
