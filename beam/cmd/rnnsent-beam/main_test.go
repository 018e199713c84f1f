package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/rnnsent/rnnsent/beam/corpus"
	"github.com/rnnsent/rnnsent/internal/stream"
)

func TestMain(m *testing.M) {
	ptest.MainWithDefault(m, "prism")
}

// TestEvalOfNoScoredRowSaysSo: with every row set aside, the job said it
// had scored 0 texts into a report, then failed to open it: "open
// out.eval.json: no such file or directory".
func TestEvalOfNoScoredRowSaysSo(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "dev.csv")
	if err := os.WriteFile(input, []byte("text,label\ngreat,neutral\nbad,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	o := corpus.Options{Inputs: []string{input}, Format: stream.Auto, TextCol: "text", LabelCol: "label", Output: out,
		OutputFormat: corpus.JSONL, Shards: 2, BatchSize: 256, Eval: true}
	err := run(context.Background(), o)
	want := "no text scored, so no report; 2 rows set aside in " + out + ".dead-*-of-00002.jsonl"
	if err == nil || err.Error() != want {
		t.Errorf("run = %v, want %q", err, want)
	}
}
