// Command builtinmodel turns a trained checkpoint into the model embedded in
// the rnnsent binary: the same checkpoint, About and all, with its weights
// rounded to half precision, which moves no prediction by more than 0.01 (it
// checks that on the texts given with -check before writing). The rounded
// weights are stored as float32 all the same, so that rnnsent uses the
// embedded bytes as its weights: widening half-precision weights at every
// start took longer than the rest of a prediction, for 2 MB less binary.
//
// scripts/builtin-model.sh is the recipe that trains the model and runs this.
//
//	go run ./tools/builtinmodel -in model.gob -check dev.csv -out internal/builtin/sst2.ckpt
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"

	"github.com/rnnsent/rnnsent/internal/atomicfile"
	"github.com/rnnsent/rnnsent/internal/csvread"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/predict"
)

func main() {
	in := flag.String("in", "model.gob", "trained checkpoint")
	out := flag.String("out", "internal/builtin/sst2.ckpt", "where the checkpoint with half-precision weights goes")
	check := flag.String("check", "", "CSV file whose texts must score within 0.01 of the full-precision model")
	flag.Parse()
	if err := run(*in, *out, *check); err != nil {
		fmt.Fprintln(os.Stderr, "builtinmodel:", err)
		os.Exit(1)
	}
}

func run(in, out, check string) error {
	full, err := predict.Load(in)
	if err != nil {
		return err
	}
	c := *full.Checkpoint
	var halves [][]model.Tensor
	for _, ts := range c.Networks() {
		ts = slices.Clone(ts)
		for i := range ts {
			ts[i].ToHalf()
		}
		halves = append(halves, ts)
	}
	c.SetNetworks(halves)
	rounded, err := model.EnsembleFromCheckpoint[float32](&c)
	if err != nil {
		return err
	}
	var widened [][]model.Tensor
	for _, m := range rounded.Members() {
		widened = append(widened, m.Tensors())
	}
	c.SetNetworks(widened)
	var buf bytes.Buffer
	if err := c.Encode(&buf); err != nil {
		return err
	}
	builtin, err := predict.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		return err
	}
	if check != "" {
		worst, err := largestDifference(full, builtin, check)
		if err != nil {
			return err
		}
		fmt.Printf("largest probability difference on %s: %.5f\n", check, worst)
		if worst > 0.01 {
			return errors.New("half precision moves a prediction by more than 0.01")
		}
	}
	if err := atomicfile.Write(out, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err }); err != nil {
		return err
	}
	fmt.Printf("wrote %s: %d bytes\n", out, buf.Len())
	return nil
}

func largestDifference(a, b *predict.Predictor, file string) (float64, error) {
	f, err := csvread.ReadFile(file, csvread.Options{})
	if err != nil {
		return 0, err
	}
	texts := make([]string, len(f.Rows))
	for i, r := range f.Rows {
		texts[i] = r.Text
	}
	pa, err := a.Texts(texts, 256)
	if err != nil {
		return 0, err
	}
	pb, err := b.Texts(texts, 256)
	if err != nil {
		return 0, err
	}
	worst := 0.0
	for i := range pa {
		for k := range pa[i] {
			worst = math.Max(worst, math.Abs(pa[i][k]-pb[i][k]))
		}
	}
	return worst, nil
}
