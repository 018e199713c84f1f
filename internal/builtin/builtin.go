// Package builtin holds the model rnnsent answers with when no --model is
// given: the default LSTM(200) trained on the GLUE SST-2 training set, its
// weights in half precision. scripts/builtin-model.sh is its recipe; the
// README gives its provenance and accuracy.
package builtin

import (
	"bytes"
	_ "embed"

	"github.com/rnnsent/rnnsent/internal/dataset"
)

// Name is how messages and reports refer to the built-in model.
const Name = "built-in SST-2 model"

//go:embed sst2.ckpt
var checkpoint []byte

// Load rebuilds the built-in model.
func Load() (*dataset.Predictor, error) {
	return dataset.Load(bytes.NewReader(checkpoint))
}
