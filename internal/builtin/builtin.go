// Package builtin holds the model rnnsent answers with when no --model is
// given: the default LSTM(200) trained on the GLUE SST-2 training set, its
// weights rounded to half precision and stored as float32, which rnnsent
// uses in place (see tools/builtinmodel). scripts/builtin-model.sh is its
// recipe; the README gives its provenance and accuracy, and the model's
// About its training record.
package builtin

import _ "embed"

// Name is how messages and reports refer to the built-in model.
const Name = "built-in SST-2 model"

// Checkpoint is the model file, embedded in the binary.
//
//go:embed sst2.ckpt
var Checkpoint []byte
