package job

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rnnsent/rnnsent/internal/builtin"
	"github.com/rnnsent/rnnsent/internal/framed"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/train"
)

// TestInitStartsFromTheModelNamed checks what each --init starts a run's
// network from, and what the run records of it.
func TestInitStartsFromTheModelNamed(t *testing.T) {
	dir := t.TempDir()
	const rows = "a fine film %[1]d,1\na dull film %[1]d,0\n"
	data := WriteRounds(t, dir, "train.csv", rows, 40, "")
	// Labels in words, as rnnsent shows 0 and 1.
	words := WriteRounds(t, dir, "words.csv", "a fine film %[1]d,Positive\na dull film %[1]d,Negative\n", 40, "")
	three := WriteRounds(t, dir, "three.csv", rows, 40, "a film,2\nthe film,2\nfilm,2\n")
	neutral := WriteRounds(t, dir, "neutral.csv", "a fine film %[1]d,positive\na dull film %[1]d,negative\n", 40, "a film,neutral\nthe film,neutral\nfilm,neutral\n")
	small := model.Config{Arch: model.ArchRecurrent, Cell: model.CellGRU, Embed: 6, Hidden: 5, Layers: 1, Pool: "last"}
	opt := func(name, init string, net model.Config, ensemble int) Options {
		return Options{
			Data: data, Model: filepath.Join(dir, name), TextCol: "text", LabelCol: "label", Init: init,
			VocabSize: 30, MaxLen: 20, ValSplit: 0.25, Ensemble: ensemble, Net: net,
			Train: train.Options{Epochs: 1, BatchSize: 16, LR: 0.02, Seed: 5},
		}
	}
	for _, o := range []Options{opt("first.gob", InitNone, small, 1), opt("two.gob", "", small, 2)} {
		j, err := New(context.Background(), o, Hooks{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := j.Run(context.Background(), Hooks{}); err != nil {
			t.Fatal(err)
		}
	}
	first := filepath.Join(dir, "first.gob")
	firstBytes, _ := os.ReadFile(first)
	firstSum := sha256.Sum256(firstBytes)
	builtinCkpt, err := model.DecodeBytes(builtin.Checkpoint)
	if err != nil {
		t.Fatal(err)
	}
	builtinSum := sha256.Sum256(builtin.Checkpoint)
	resume := filepath.Join(dir, "r.gob.resume")
	if err := os.WriteFile(resume, []byte(framed.ResumeMagic+"\x00\x00\x00\x01rest of the run"), 0o644); err != nil {
		t.Fatal(err)
	}
	gzipped := filepath.Join(dir, "first.gob.gz")
	if err := os.WriteFile(gzipped, []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03rest"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		data     string
		init     string
		net      model.Config
		wantFrom string // "" from scratch
		wantSum  []byte
		wantErr  string
	}{
		{"none", "", InitNone, small, "", nil, ""},
		{"a model file", "", first, small, first, firstSum[:], ""},
		{"auto, the built-in model's shape", "", InitAuto, builtinCkpt.Config, builtin.Name, builtinSum[:], ""},
		{"auto, another shape", "", InitAuto, small, "", nil, ""},
		{"auto, the built-in model's classes in words", words, InitAuto, builtinCkpt.Config, builtin.Name, builtinSum[:], ""},
		{"auto, other classes", three, InitAuto, builtinCkpt.Config, "", nil, ""},
		{"auto, negative and positive among three classes", neutral, InitAuto, builtinCkpt.Config, builtin.Name, builtinSum[:], ""},
		{"builtin, other classes", three, InitBuiltin, builtinCkpt.Config, builtin.Name, builtinSum[:], ""},
		{"builtin, another shape", "", InitBuiltin, small, "", nil, "built-in SST-2 model: cannot start this run: its cell is lstm, this network's gru"},
		{"a model of another shape", "", first, builtinCkpt.Config, "", nil, "first.gob: cannot start this run: its cell is gru, this network's lstm"},
		{"an ensemble", "", filepath.Join(dir, "two.gob"), small, "", nil, "two.gob: an ensemble of 2 networks; a run starts from one network"},
		{"a missing file", "", filepath.Join(dir, "missing.gob"), small, "", nil, "missing.gob: no such file; --init takes a model file, builtin, auto or none"},
		{"not a model", "", data, small, "", nil, "train.csv: not an rnnsent checkpoint; --init takes a model file, builtin, auto or none"},
		// "not an rnnsent checkpoint", where predict and eval say what it is.
		{"a resume file", "", resume, small, "", nil, "r.gob.resume: not a model but the resume file of an interrupted training run; rnnsent train --resume goes on with it; --init takes a model file, builtin, auto or none"},
		// "not an rnnsent checkpoint", of a model compressed to be copied.
		{"a gzip-compressed model", "", gzipped, small, "", nil, "first.gob.gz: gzip-compressed data, not a model file; decompress it first (zcat); --init takes a model file, builtin, auto or none"},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := opt("m.gob", c.init, c.net, 1)
			if c.data != "" {
				o.Data = c.data
			}
			j, err := New(context.Background(), o, Hooks{})
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("got %v, want %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer j.Close()
			r := j.saver.record
			if r.InitFrom != c.wantFrom || r.InitSHA256 != hex.EncodeToString(c.wantSum) || j.Info().InitFrom != c.wantFrom {
				t.Errorf("recorded %q, %s; want %q, %x", r.InitFrom, r.InitSHA256, c.wantFrom, c.wantSum)
			}
			if c.wantFrom == "" {
				if j.opt.Init != InitNone {
					t.Errorf("Init recorded as %q, want %q", j.opt.Init, InitNone)
				}
				return
			}
			// The recurrent layer's weights are the source's.
			src := j.init.net.Params()[1]
			got := j.m.Params()[1]
			if got.Name != src.Name || !slices.Equal(got.W, src.W) {
				t.Errorf("%s does not start as the source's %s", got.Name, src.Name)
			}
		})
	}
	t.Run("a resumed run whose model file changed", func(t *testing.T) {
		j, err := New(context.Background(), opt("m.gob", first, small, 1), Hooks{})
		if err != nil {
			t.Fatal(err)
		}
		defer j.Close()
		j.init, j.saver.record.InitSHA256 = nil, "0123"
		if err := j.reloadInitial(); err == nil || !strings.Contains(err.Error(), "first.gob has changed since the run began") {
			t.Errorf("got %v", err)
		}
	})
}

func TestTrainedOn(t *testing.T) {
	builtinCkpt, err := model.DecodeBytes(builtin.Checkpoint)
	if err != nil {
		t.Fatal(err)
	}
	recorded := &model.Checkpoint{About: (&Record{DataSHA256: "ab12"}).json()}
	for _, c := range []struct {
		name string
		ckpt *model.Checkpoint
		sum  string
		want bool
	}{
		{"its data", recorded, "ab12", true},
		{"other data", recorded, "cd34", false},
		{"no record", &model.Checkpoint{}, "ab12", false},
		// The GLUE SST-2 training file of ../shared/data, by its hash.
		{"the built-in model's training data", builtinCkpt, "9cffe6e39992836897d7a4ac556d954f3b2ffe8c7003a57744282a5342e100e3", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := trainedOn(c.ckpt, c.sum); got != c.want {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

func TestClassesFromMatchesClassesByName(t *testing.T) {
	for _, c := range []struct {
		name        string
		labels, src []string
		want        []int
	}{
		{"the same", []string{"0", "1"}, []string{"0", "1"}, []int{0, 1}},
		{"0 and 1 are negative and positive", []string{"negative", "positive"}, []string{"0", "1"}, []int{0, 1}},
		{"whatever the case", []string{"Negative", "POSITIVE"}, []string{"0", "1"}, []int{0, 1}},
		{"neg and pos", []string{"neg", "pos"}, []string{"0", "1"}, []int{0, 1}},
		{"among three", []string{"negative", "neutral", "positive"}, []string{"0", "1"}, []int{0, -1, 1}},
		{"two of three", []string{"negative", "positive"}, []string{"negative", "neutral", "positive"}, []int{0, 2}},
		{"0, 1 and 2 are numbers", []string{"0", "1", "2"}, []string{"0", "1"}, []int{-1, -1, -1}},
		{"other classes", []string{"bad", "good"}, []string{"0", "1"}, []int{-1, -1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := classesFrom(c.labels, c.src); !slices.Equal(got, c.want) {
				t.Errorf("classesFrom(%q, %q) = %v, want %v", c.labels, c.src, got, c.want)
			}
		})
	}
}

// TestAnEnsembleFineTunedInPlaceResumes interrupts an ensemble that
// fine-tunes its own model file (--init m.gob --model m.gob) in its first
// network, once that network's first epoch has replaced the file: the
// resumed run starts the second network from the model the run began
// with, as the uninterrupted run does, where it refused, the file
// "changed since the run began", and could never finish.
func TestAnEnsembleFineTunedInPlaceResumes(t *testing.T) {
	dir := t.TempDir()
	data := WriteRounds(t, dir, "train.csv", "a fine film %[1]d,1\na dull film %[1]d,0\n", 40, "")
	small := model.Config{Arch: model.ArchRecurrent, Cell: model.CellGRU, Embed: 6, Hidden: 5, Layers: 1, Pool: "last"}
	opt := func(name string, ensemble int) Options {
		path := filepath.Join(dir, name)
		return Options{
			Data: data, Model: path, TextCol: "text", LabelCol: "label", Init: path,
			VocabSize: 30, MaxLen: 20, ValSplit: 0.25, Ensemble: ensemble, Net: small,
			Train: train.Options{Epochs: 2, BatchSize: 16, LR: 0.02, Seed: 5},
		}
	}
	run := func(o Options, ctx context.Context, h Hooks) error {
		j, err := New(ctx, o, h)
		if err != nil {
			t.Fatal(err)
		}
		_, err = j.Run(ctx, h)
		return err
	}
	start := opt("start.gob", 1)
	start.Init = InitNone
	if err := run(start, context.Background(), Hooks{}); err != nil {
		t.Fatal(err)
	}
	startBytes, _ := os.ReadFile(start.Model)
	for _, name := range []string{"whole.gob", "cut.gob"} {
		if err := os.WriteFile(filepath.Join(dir, name), startBytes, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := run(opt("whole.gob", 2), context.Background(), Hooks{}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	err := run(opt("cut.gob", 2), ctx, Hooks{Epoch: func(int, train.Epoch) { cancel() }})
	if _, ok := errors.AsType[*Interrupted](err); !ok {
		t.Fatalf("got %v, want the run interrupted in its first network", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "cut.gob")); string(b) == string(startBytes) {
		t.Fatal("the first network's epoch did not replace the model it started from")
	}
	j, err := Resume(context.Background(), ResumePath(filepath.Join(dir, "cut.gob")), 0, 0, "", Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := j.Run(context.Background(), Hooks{}); err != nil {
		t.Fatalf("resumed: %v", err)
	}
	whole, cut := decodeTensors(t, filepath.Join(dir, "whole.gob")), decodeTensors(t, filepath.Join(dir, "cut.gob"))
	if len(whole) != 2 || len(cut) != 2 {
		t.Fatalf("%d and %d networks, want 2", len(whole), len(cut))
	}
	for k := range whole {
		for i := range whole[k] {
			if !slices.Equal(whole[k][i].Bytes, cut[k][i].Bytes) {
				t.Errorf("network %d, %s: the resumed run's weights differ from the uninterrupted run's", k+1, whole[k][i].Name)
			}
		}
	}
}

func decodeTensors(t *testing.T, path string) [][]model.Tensor {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := model.DecodeBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	return c.Networks()
}
