package job_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/rnnsent/rnnsent/internal/job"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/predict"
	"github.com/rnnsent/rnnsent/internal/train"
)

// Example trains a model and labels texts with it from Go, without the
// command line: what a server or a pipeline does.
func Example() {
	dir, _ := os.MkdirTemp("", "job-example")
	defer os.RemoveAll(dir)
	var csv strings.Builder
	csv.WriteString("text,label\n")
	for i := range 40 {
		fmt.Fprintf(&csv, "a great film number %d,1\nan awful film number %d,0\n", i, i)
	}
	data := filepath.Join(dir, "train.csv")
	os.WriteFile(data, []byte(csv.String()), 0o644)

	j, err := job.New(context.Background(), job.Options{
		Data: data, Model: filepath.Join(dir, "model.gob"), TextCol: "text", LabelCol: "label",
		VocabSize: 100, MaxLen: 20, ValSplit: 0.2, Ensemble: 1,
		Net:   model.Config{Arch: model.ArchRecurrent, Cell: model.CellLSTM, Embed: 8, Hidden: 8, Layers: 1, Pool: "last"},
		Train: train.Options{Epochs: 3, BatchSize: 8, LR: 0.01, Seed: 1},
	}, job.Hooks{})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := j.Run(context.Background(), job.Hooks{})
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := predict.Load(filepath.Join(dir, "model.gob"))
	if err != nil {
		fmt.Println(err)
		return
	}
	probs, _ := p.Texts([]string{"a great film", "an awful film"}, 64)
	fmt.Println("epochs:", res.Record.Epochs, "classes:", p.Names())
	fmt.Printf("great: %s, awful: %s\n", p.Names()[model.Argmax(probs[0])], p.Names()[model.Argmax(probs[1])])
	// Output:
	// epochs: 3 classes: [negative positive]
	// great: positive, awful: negative
}
