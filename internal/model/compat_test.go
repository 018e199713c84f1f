package model

import (
	"bytes"
	"flag"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the checkpoints under testdata/ instead of reading them")

// Checkpoints written by earlier versions of rnnsent stay in testdata/ for
// good, with the probabilities they gave when written, so a format change
// that stops old models from loading (or changes what they predict) fails
// here. -update writes them anew: only for a new file, never to paper over
// a change.
var compatCases = []struct {
	file string
	cfg  Config
	want [][]float64
}{
	{"v1-lstm-binary.ckpt", Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 2, Vocab: 12, Embed: 5, Hidden: 6},
		[][]float64{{0.8261249327830905, 0.17387506721690948}, {0.8182536870835689, 0.18174631291643104}}},
	{"v1-bigru-2layer-3class.ckpt", Config{Arch: ArchRecurrent, Cell: CellGRU, Layers: 2, Bidirectional: true, Classes: 3, Vocab: 12, Embed: 5, Hidden: 6},
		[][]float64{{0.022995140367496093, 0.8562396783855328, 0.12076518124697119}, {0.2834832046313349, 0.0433302118740973, 0.6731865834945678}}},
	{"v1-bow-binary.ckpt", Config{Arch: ArchBOW, Classes: 2, Vocab: 12, Embed: 5, Hidden: 6},
		[][]float64{{0.27920991935916084, 0.7207900806408392}, {0.7818389309131554, 0.21816106908684463}}},
}

// Files written by the rnnsent of November 2026 (commit 7adf284), before
// the model file lost its training record and the resume file became a
// format of its own: a model with its record, an ensemble, and the resume
// file of an interrupted run, which loads as the model it held. Loading
// skips what is not the model. Their probabilities were taken with that
// commit's code on amd64; they are never written anew.
var recordCases = []struct {
	file string
	want [][]float64
}{
	{"v1-2026-11-lstm-record.ckpt", [][]float64{{0.5017562179081937, 0.4982437820918063}, {0.5025918198037647, 0.49740818019623534}}},
	{"v2-2026-11-ensemble.ckpt", [][]float64{{0.5043661516897032, 0.4956338483102968}, {0.5014684659839714, 0.49853153401602857}}},
	{"v2-2026-11-run.resume", [][]float64{{0.5044734793037474, 0.4955265206962526}, {0.5032141205971598, 0.49678587940284025}}},
}

// A file of format version 3 as rnnsent wrote it in December 2026: an
// ensemble of two LSTMs, the second in half precision, with an About. Its
// probabilities are those it gave then on amd64; it is never written anew.
const (
	rawFile  = "v3-2026-12-ensemble-half.ckpt"
	rawAbout = `{"ensemble":2}`
)

var rawWant = [][]float64{{0.4984076040655565, 0.5015923959344435}, {0.5023475160907994, 0.4976524839092006}}

func TestFirstRawFormatCheckpointStillLoadsAndPredictsTheSame(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", rawFile))
	if err != nil {
		t.Fatal(err)
	}
	c, err := DecodeBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	if string(c.About) != rawAbout || len(c.Members) != 1 || !c.Members[0][0].Half {
		t.Errorf("About %q, %d members: want %q and a half-precision second network", c.About, len(c.Members), rawAbout)
	}
	e, err := EnsembleFromCheckpoint[float32](c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.Predict([][]int{{2, 3, 4}, {11, 1, 5, 6}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range rawWant {
		for k := range rawWant[i] {
			// Within rounding: the portable kernels add in another order.
			if math.Abs(got[i][k]-rawWant[i][k]) > 1e-6 {
				t.Errorf("sequence %d class %d: %v, written as %v", i, k, got[i][k], rawWant[i][k])
			}
		}
	}
}

func TestCheckpointsWithTrainingRecordsStillLoadAndPredictTheSame(t *testing.T) {
	seqs := [][]int{{2, 3, 4}, {11, 1, 5, 6}}
	for _, tc := range recordCases {
		t.Run(tc.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			c, err := Decode(f)
			if err != nil {
				t.Fatal(err)
			}
			if c.About != nil {
				t.Errorf("About = %q, want none in a file from before it", c.About)
			}
			e, err := EnsembleFromCheckpoint[float32](c)
			if err != nil {
				t.Fatal(err)
			}
			got, err := e.Predict(seqs)
			if err != nil {
				t.Fatal(err)
			}
			closeTo(t, got, tc.want)
		})
	}
}

func TestOldCheckpointsStillLoadAndPredictTheSame(t *testing.T) {
	seqs := [][]int{{2, 3, 4}, {11, 1, 5, 6}}
	for _, tc := range compatCases {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", tc.file)
			if *update {
				_, c := testCheckpoint(t, tc.cfg)
				// Larger weights than a fresh model's, so the probabilities are far from 0.5 and tell models apart,
				// stored as float slices, the way these first checkpoints held them.
				rng := rand.New(rand.NewPCG(9, 9))
				for i := range c.Tensors {
					tensor := &c.Tensors[i]
					data := make([]float32, tensor.Rows*tensor.Cols)
					tensor.decode(data)
					for j := range data {
						data[j] += float32(rng.NormFloat64())
					}
					*tensor = Tensor{Name: tensor.Name, Rows: tensor.Rows, Cols: tensor.Cols, Data: data}
				}
				if err := os.WriteFile(path, frame(gobPayload(t, c)), 0o644); err != nil {
					t.Fatal(err)
				}
				m, _ := FromCheckpoint[float32](c)
				got, _ := m.Predict(seqs)
				t.Logf("%s: %#v", tc.file, got)
				return
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			c, err := Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			m, err := FromCheckpoint[float32](c)
			if err != nil {
				t.Fatal(err)
			}
			got, err := m.Predict(seqs)
			if err != nil {
				t.Fatal(err)
			}
			closeTo(t, got, tc.want)
		})
	}
}

// closeTo checks probabilities against those a file was written with,
// within rounding: the portable kernels add in another order.
func closeTo(t *testing.T, got, want [][]float64) {
	t.Helper()
	for i := range want {
		for k := range want[i] {
			if math.Abs(got[i][k]-want[i][k]) > 1e-6 {
				t.Errorf("sequence %d class %d: %v, written as %v", i, k, got[i][k], want[i][k])
			}
		}
	}
}
