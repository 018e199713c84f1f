package corpus

import (
	"bytes"
	"context"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/rnnsent/rnnsent/internal/metrics"
	"github.com/rnnsent/rnnsent/internal/stream"
)

// tallyFn counts answers into a metrics.Tally, which merges across workers
// into what one pass of rnnsent eval counts, to the last bit.
type tallyFn struct {
	Classes int
}

func (f *tallyFn) CreateAccumulator() metrics.Tally { return metrics.NewTally(f.Classes) }

func (f *tallyFn) AddInput(t metrics.Tally, a answer) metrics.Tally {
	t.Add(a.Probs, a.Class, a.Category)
	return t
}

func (f *tallyFn) MergeAccumulators(t, u metrics.Tally) metrics.Tally {
	t.Merge(u)
	return t
}

// reportFn writes eval's report of the tally of the whole corpus.
type reportFn struct {
	File, Model, Data string
	Names             []string
}

func (f *reportFn) ProcessElement(ctx context.Context, t metrics.Tally) error {
	var buf bytes.Buffer
	if err := stream.WriteJSON(&buf, metrics.NewReport(f.Model, f.Data, f.Names, t.Metrics(), t.Categories())); err != nil {
		return err
	}
	fs, err := filesystem.New(ctx, f.File)
	if err != nil {
		return err
	}
	defer fs.Close()
	return filesystem.Write(ctx, fs, f.File, buf.Bytes())
}

// A tally crosses between workers as its exact binary form: Beam's default
// coder, JSON, would see none of its fields.
func init() {
	beam.RegisterCoder(reflect.TypeFor[metrics.Tally](), encodeTally, decodeTally)
}

func encodeTally(t metrics.Tally) ([]byte, error) { return t.MarshalBinary() }

func decodeTally(b []byte) (metrics.Tally, error) {
	var t metrics.Tally
	err := t.UnmarshalBinary(b)
	return t, err
}
