package predict

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/rnnsent/rnnsent/internal/csvread"
	"github.com/rnnsent/rnnsent/internal/framed"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/tokenize"
)

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// checkpoint encodes a small untrained binary model.
func checkpoint(t *testing.T, tokenizerVersion int) []byte {
	t.Helper()
	return ensembleCheckpoint(t, tokenizerVersion, 1)
}

// ensembleCheckpoint is a checkpoint of networks networks.
func ensembleCheckpoint(t *testing.T, tokenizerVersion, networks int) []byte {
	t.Helper()
	vocab := []string{tokenize.PadToken, tokenize.UnkToken, "good", "bad"}
	cfg := model.Config{Arch: model.ArchRecurrent, Cell: model.CellGRU, Vocab: len(vocab), Embed: 3, Hidden: 2,
		Layers: 1, Classes: 2}
	var ns [][]model.Tensor
	for seed := range uint64(networks) {
		m, err := model.New[float32](cfg, nil, rand.New(rand.NewPCG(1+seed, 1)))
		if err != nil {
			t.Fatal(err)
		}
		ns = append(ns, m.Tensors())
	}
	c := model.Checkpoint{Config: cfg, TokenizerVersion: tokenizerVersion, MaxLen: 2, Vocab: vocab,
		Labels: []string{"0", "1"}}
	c.SetNetworks(ns)
	var buf bytes.Buffer
	if err := c.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestLoadRebuildsPredictorOrSaysWhyNot(t *testing.T) {
	good := checkpoint(t, tokenize.Version)
	tests := []struct {
		name    string
		data    []byte
		wantErr string
	}{
		{"checkpoint", good, ""},
		{"not a checkpoint", []byte("text,label\nfine,1\n"), "not an rnnsent checkpoint"},
		{"truncated", good[:len(good)/2], "checkpoint is truncated"},
		{"other tokenizer", checkpoint(t, tokenize.StemmingVersion+1),
			fmt.Sprintf("the model was trained with tokenizer version %d, this rnnsent reads versions %d and %d; train it again",
				tokenize.StemmingVersion+1, tokenize.Version, tokenize.StemmingVersion)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Decode(bytes.NewReader(tt.data))
			if errString(err) != tt.wantErr {
				t.Fatalf("error %q, want %q", errString(err), tt.wantErr)
			}
			if err != nil {
				return
			}
			if got, want := p.Names(), []string{"negative", "positive"}; !slices.Equal(got, want) {
				t.Errorf("Names() = %q, want %q", got, want)
			}
			// MaxLen 2 keeps the last two tokens.
			if got, want := p.Encode("so very bad"), []int{tokenize.UnkID, 3}; !slices.Equal(got, want) {
				t.Errorf("Encode = %v, want %v", got, want)
			}
			if _, err := p.Model.Predict([][]int{p.Encode("good")}); err != nil {
				t.Errorf("Predict: %v", err)
			}
		})
	}
}

// A checkpoint's tokenizer version says whether its model reads unknown
// words by their stems; one from before stemming reads them as <unk>.
func TestLoadReadsUnknownWordsAsTheCheckpointSays(t *testing.T) {
	for _, stem := range []bool{false, true} {
		t.Run(fmt.Sprintf("stem_%v", stem), func(t *testing.T) {
			version := tokenize.Version
			if stem {
				version = tokenize.StemmingVersion
			}
			p, err := Decode(bytes.NewReader(checkpoint(t, version)))
			if err != nil {
				t.Fatal(err)
			}
			want := []int{tokenize.UnkID, 3} // goodness, bad
			if stem {
				want[0] = 2 // good
			}
			if got := p.Encode("goodness bad"); !slices.Equal(got, want) {
				t.Errorf("Encode = %v, want %v", got, want)
			}
		})
	}
}

func TestLoadKeepsEveryNetworkOfAnEnsemble(t *testing.T) {
	for _, n := range []int{1, 3} {
		p, err := Decode(bytes.NewReader(ensembleCheckpoint(t, tokenize.Version, n)))
		if err != nil {
			t.Fatal(err)
		}
		if got := len(p.Model.Members()); got != n {
			t.Errorf("a checkpoint of %d networks loads %d", n, got)
		}
	}
}

// What a long-running process reads leaves nothing behind: every way of
// answering gives back the words it read through their n-grams, so a
// server's memory and answers do not depend on what it was sent before.
func TestAnswersHoldNoWordsAfterwards(t *testing.T) {
	p, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"The zorkish plot was blorpy.", "Not unzorkable, frankly."}
	want, err := p.Texts(texts, 8)
	if err != nil {
		t.Fatal(err)
	}
	held := tokenize.SpellingsHeld()
	tests := []struct {
		name string
		run  func() error
	}{
		{"Texts", func() error { _, err := p.Texts(texts, 8); return err }},
		{"Trace", func() error { _, err := p.Trace(texts[0]); return err }},
		{"EvaluateFile", func() error {
			path := filepath.Join(t.TempDir(), "test.csv")
			if err := os.WriteFile(path, []byte("text,label\n\""+texts[1]+"\",1\n"), 0o644); err != nil {
				return err
			}
			_, _, err := p.EvaluateFile(path, csvread.Options{NeedLabel: true}, 8)
			return err
		}},
		{"the same new words answered at the same time", func() error {
			// Each caller reads the shared made-up words beside words of
			// its own: a shared word given back while another caller still
			// reads it would let a caller's own new word take its number,
			// and change the other's answer.
			errs := make(chan error, 4)
			for g := range 4 {
				c, err := p.Copy() // a Predictor answers one caller at a time
				if err != nil {
					return err
				}
				go func() {
					for i := range 100 {
						got, err := c.Texts([]string{texts[0], fmt.Sprintf("a %dqq%dzz film", g, i), texts[1]}, 8)
						if err == nil && (!slices.Equal(got[0], want[0]) || !slices.Equal(got[2], want[1])) {
							err = fmt.Errorf("answers %v, want %v", got, want)
						}
						if err != nil {
							errs <- err
							return
						}
					}
					errs <- nil
				}()
			}
			for range 4 {
				if err := <-errs; err != nil {
					return err
				}
			}
			return nil
		}},
		{"a flood of new words", func() error {
			for i := range 50 {
				if _, err := p.Texts([]string{fmt.Sprintf("qx%dzz wq%dvv", i, i)}, 8); err != nil {
					return err
				}
			}
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.run(); err != nil {
				t.Fatal(err)
			}
			if got := tokenize.SpellingsHeld(); got != held {
				t.Errorf("%d words held afterwards, want %d", got, held)
			}
		})
	}
	got, err := p.Texts(texts, 8)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("answers %v after the others, %v before", got, want)
	}
}

// TestLoadSaysACompressedModelIsCompressed: a model compressed to be
// copied, m.gob.gz, was "not an rnnsent checkpoint", as a text file is.
func TestLoadSaysACompressedModelIsCompressed(t *testing.T) {
	for _, c := range []struct{ name, head, want string }{
		{"gzip", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", "gzip-compressed data, not a model file; decompress it first (zcat)"},
		{"xz", "\xfd7zXZ\x00\x00\x04\xe6\xd6", "xz-compressed data, not a model file; decompress it first (unxz)"},
		{"zip", "PK\x03\x04\x14\x00\x00\x00\x08\x00", "a zip archive, not a model file; decompress it first (unzip)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "m.gob.z")
			if err := os.WriteFile(path, []byte(c.head+"rest of the archive"), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := Load(path); errString(err) != path+": "+c.want {
				t.Errorf("error %q, want %q", errString(err), path+": "+c.want)
			}
		})
	}
}

// TestLoadSaysAResumeFileIsNotAModel: given the resume file of an
// interrupted run, predict, eval and serve said "not an rnnsent
// checkpoint", which left the user to guess what the file was.
func TestLoadSaysAResumeFileIsNotAModel(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.gob.resume")
	if err := os.WriteFile(path, []byte(framed.ResumeMagic+"\x00\x00\x00\x01rest of the run"), 0o644); err != nil {
		t.Fatal(err)
	}
	want := path + ": not a model but the resume file of an interrupted training run; rnnsent train --resume goes on with it"
	if _, err := Load(path); errString(err) != want {
		t.Errorf("error %q, want %q", errString(err), want)
	}
}
