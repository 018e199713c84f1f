package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rnnsent/rnnsent/internal/predict"
	"github.com/rnnsent/rnnsent/internal/train"
)

// smallRun is the command line of interruptSmall's run, without the
// interruption.
var smallRun = []string{"train", "--data", "train.csv", "--epochs", "4", "--patience", "0", "--hidden", "8", "--embed-dim", "8",
	"--dropout", "0.2"}

// interruptSmall starts training the small model on train.csv and cancels
// it as the first epoch ends, leaving model.gob and model.gob.resume.
func interruptSmall(t *testing.T, args ...string) {
	t.Helper()
	interruptSmallAt(t, "epoch 1/", "rnnsent: interrupted at the start of epoch 2;", args...)
}

// interruptSmallAt is interruptSmall cancelling the run once stderr shows
// match, and wanting the interruption reported as want.
func interruptSmallAt(t *testing.T, match, want string, args ...string) {
	t.Helper()
	if _, err := os.Stat("train.csv"); err != nil {
		writeFile(t, "train.csv", reviews(binary, false))
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errOut := &matchWriter{match: match, then: cancel}
	code := run(ctx, append(slices.Clone(smallRun), args...), &IOStreams{In: strings.NewReader(""), Out: &syncBuffer{}, ErrOut: errOut})
	if code != exitError || !strings.Contains(errOut.String(), want) {
		t.Fatalf("exit status %d, stderr %q; want an interruption", code, errOut.String())
	}
}

// TestResumeHintsQuoteTheFile: the command to go on with printed a name
// with a space bare, which a shell reads as two arguments.
func TestResumeHintsQuoteTheFile(t *testing.T) {
	t.Chdir(t.TempDir())
	interruptSmallAt(t, "epoch 1/", "; resume with: rnnsent train --resume 'my model.gob.resume'\n", "--model", "my model.gob")
	got := runCLI(t, "", append(slices.Clone(smallRun), "--model", "my model.gob")...)
	if want := `go on with "rnnsent train --resume 'my model.gob.resume'", or delete it`; !strings.Contains(got.stderr, want) {
		t.Errorf("stderr %q, want %q", got.stderr, want)
	}
}

// Named after the link, the run wrote link.gob beside the interrupted
// run's model.gob, took link.gob's lock, and at its end removed the link
// and left model.gob.resume, as of a run still to finish.
func TestResumeThroughALinkGoesOnWithTheRunsOwnFiles(t *testing.T) {
	t.Chdir(t.TempDir())
	interruptSmall(t)
	if err := os.Symlink("model.gob.resume", "link.gob.resume"); err != nil {
		t.Fatal(err)
	}
	got := runCLI(t, "", "train", "--resume", "link.gob.resume", "--quiet")
	if got.code != exitOK || !strings.HasSuffix(got.stdout, "; saved model.gob\n") {
		t.Fatalf("exit status %d, stdout %q, stderr %q; want 0 and the model saved in model.gob", got.code, got.stdout, got.stderr)
	}
	for _, name := range []string{"link.gob", "model.gob.resume"} {
		if _, err := os.Lstat(name); err == nil {
			t.Errorf("%s is there after the run", name)
		}
	}
}

func TestResumeGoesOnWithTheStoredSettings(t *testing.T) {
	t.Chdir(t.TempDir())
	// A "but" in the vocabulary, for the contrast examples.
	writeFile(t, "train.csv", reviews(binary, false)+"The plot is dull but the cast is great,1\n")
	// Settings the resumed run must take from the file rather than the defaults.
	settings := []string{"--augment-contrast", "50", "--negation-forms", "all", "--lr-decay", "0.8", "--pool", "last+max", "--average", "0.9", "--weight-decay", "0.5"}
	interruptSmall(t, append([]string{"--model", "whole.gob"}, settings...)...)
	os.Remove("whole.gob.resume")
	got := runCLI(t, "", append(slices.Concat(smallRun, []string{"--model", "whole.gob", "--quiet"}), settings...)...)
	if got.code != exitOK {
		t.Fatalf("uninterrupted run: exit status %d, stderr %q", got.code, got.stderr)
	}
	interruptSmall(t, settings...)

	got = runCLI(t, "", "train", "--resume", "model.gob.resume", "--json")
	if got.code != exitOK {
		t.Fatalf("resumed run: exit status %d, stderr %q", got.code, got.stderr)
	}
	if want := "resuming model.gob.resume at the start of epoch 2\n"; !strings.HasPrefix(got.stderr, want) {
		t.Errorf("stderr %q, want it to start %q", got.stderr, want)
	}
	lines := strings.Split(strings.TrimSpace(got.stdout), "\n")
	var sum struct {
		Epochs int `json:"epochs"`
	}
	if len(lines) != 4 || json.Unmarshal([]byte(lines[3]), &sum) != nil || sum.Epochs != 4 {
		t.Errorf("stdout %q, want epochs 2 to 4 and a summary of all four", got.stdout)
	}
	a, b := decodeModel(t, "model.gob"), decodeModel(t, "whole.gob")
	if a.Record.AugmentContrast != 50 || a.Config.Pool != "last+max" {
		t.Errorf("resumed model has --augment-contrast %d and --pool %q, want 50 and last+max", a.Record.AugmentContrast, a.Config.Pool)
	}
	if !reflect.DeepEqual(a.Tensors, b.Tensors) || a.Record.BestEpoch != b.Record.BestEpoch || a.Record.Epochs != 4 {
		t.Errorf("the resumed model (best epoch %d of %d) differs from the uninterrupted one (best %d)",
			a.Record.BestEpoch, a.Record.Epochs, b.Record.BestEpoch)
	}
	if _, err := os.Stat("model.gob.resume"); !os.IsNotExist(err) {
		t.Errorf("model.gob.resume outlived the run (%v)", err)
	}
}

// TestResumedRunCountsItsOwnEpochs checks the epoch lines of a resumed
// run: they said "epoch 2/10", train's default, of a run of 4 epochs.
func TestResumedRunCountsItsOwnEpochs(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "train.csv", reviews(binary, false))
	interruptSmall(t)
	got := runCLI(t, "", "train", "--resume", "model.gob.resume")
	if got.code != exitOK || !strings.Contains(got.stderr, "\nepoch 2/4 ") || strings.Contains(got.stderr, "/10 ") {
		t.Errorf("exit status %d, stderr %q; want epochs 2/4 to 4/4", got.code, got.stderr)
	}
}

// TestResumedRunKeepsCheckpointing resumes, with the command the
// interruption suggests, a run that wrote its resume file every 3
// batches, and interrupts it again: it went on writing none, so that a
// crash of the resumed run lost everything since the resume.
func TestResumedRunKeepsCheckpointing(t *testing.T) {
	t.Chdir(t.TempDir())
	interruptSmall(t, "--checkpoint-every", "3", "--epochs", "8")
	for _, tc := range []struct {
		args []string
		want int
	}{{nil, 3}, {[]string{"--checkpoint-every", "5"}, 5}, {[]string{"--checkpoint-every", "0"}, 0}} {
		ctx, cancel := context.WithCancel(context.Background())
		errOut := &matchWriter{match: "/8  loss", then: cancel}
		code := run(ctx, append([]string{"train", "--resume", "model.gob.resume"}, tc.args...), &IOStreams{In: strings.NewReader(""), Out: &syncBuffer{}, ErrOut: errOut})
		cancel()
		if code != exitError {
			t.Fatalf("%q: exit status %d, stderr %q; want an interruption", tc.args, code, errOut.String())
		}
		if got := decodeResume(t, "model.gob.resume").Options.CheckpointEvery; got != tc.want {
			t.Errorf("resumed with %q, the run wrote its resume file every %d batches, want %d", tc.args, got, tc.want)
		}
	}
}

func TestResumeGoesOnWithTheEnsembleMemberInTraining(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "train.csv", reviews(binary, false))
	ensemble := []string{"--ensemble", "3"}
	if got := runCLI(t, "", slices.Concat(smallRun, ensemble, []string{"--model", "whole.gob", "--quiet"})...); got.code != exitOK {
		t.Fatalf("uninterrupted run: exit status %d, stderr %q", got.code, got.stderr)
	}
	interruptSmallAt(t, "member 2/3  epoch 1/",
		"rnnsent: interrupted in member 2/3 at the start of epoch 2; the best model so far (2 of 3 members) is in model.gob; "+
			"resume with: rnnsent train --resume model.gob.resume", ensemble...)

	// The model holds the finished member and the best epoch of the second;
	// the resume file the finished member beside the weights of now.
	whole, kept, paused := decodeModel(t, "whole.gob"), decodeModel(t, "model.gob"), decodeResume(t, "model.gob.resume")
	if len(kept.Members) != 1 || !reflect.DeepEqual(kept.Tensors, whole.Tensors) || len(kept.Record.Members) != 2 || kept.Record.Epochs != 5 {
		t.Errorf("model.gob holds %d networks, records %+v; want member 1 as finished and member 2 after one epoch", len(kept.Networks()), kept.Record)
	}
	if ns := paused.Model.Networks(); len(ns) != 2 || !reflect.DeepEqual(ns[0], whole.Tensors) {
		t.Errorf("model.gob.resume holds %d networks, want member 1 finished and member 2's best epoch", len(ns))
	}

	got := runCLI(t, "", "train", "--resume", "model.gob.resume", "--json")
	if got.code != exitOK {
		t.Fatalf("resumed run: exit status %d, stderr %q", got.code, got.stderr)
	}
	if want := "resuming model.gob.resume in member 2/3 at the start of epoch 2\n"; !strings.HasPrefix(got.stderr, want) {
		t.Errorf("stderr %q, want it to start %q", got.stderr, want)
	}
	lines := strings.Split(strings.TrimSpace(got.stdout), "\n")
	var sum struct {
		Epochs  int `json:"epochs"`
		Members []struct {
			Seed uint64 `json:"seed"`
		} `json:"members"`
	}
	if len(lines) != 8 || json.Unmarshal([]byte(lines[7]), &sum) != nil || sum.Epochs != 12 || len(sum.Members) != 3 || sum.Members[2].Seed != 3 {
		t.Errorf("stdout %q, want epochs 2 to 4 of member 2, the four of member 3 and a summary of all three members", got.stdout)
	}
	a := decodeModel(t, "model.gob")
	if !reflect.DeepEqual(a.Networks(), whole.Networks()) || !reflect.DeepEqual(a.Record.Members, whole.Record.Members) ||
		a.Record.BestValAccuracy != whole.Record.BestValAccuracy || a.Record.Epochs != 12 {
		t.Errorf("the resumed ensemble (%d networks, record %+v) differs from the uninterrupted one (%+v)",
			len(a.Networks()), a.Record, whole.Record)
	}
	if _, err := os.Stat("model.gob.resume"); !os.IsNotExist(err) {
		t.Errorf("model.gob.resume outlived the run (%v)", err)
	}
}

func TestCheckpointEveryChangesNothingButTheFiles(t *testing.T) {
	t.Chdir(t.TempDir())
	trainSmall(t, "--model", "plain.gob", "--dropout", "0.2")
	trainSmall(t, "--model", "saved.gob", "--dropout", "0.2", "--checkpoint-every", "1")
	if a, b := decodeModel(t, "plain.gob"), decodeModel(t, "saved.gob"); !reflect.DeepEqual(a.Tensors, b.Tensors) {
		t.Error("--checkpoint-every changed the model")
	}
	if entries, _ := os.ReadDir("."); len(entries) != 3 {
		t.Errorf("directory holds %d files, want train.csv and the two models", len(entries))
	}
}

func TestResumeUsageErrors(t *testing.T) {
	// A case let through would start a run, which must find nothing to
	// read or overwrite.
	t.Chdir(t.TempDir())
	if err := os.Symlink("m.gob", "lnk.gob.resume"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"a setting of the run", []string{"--resume", "m.gob.resume", "--lr", "0.1"},
			"--lr cannot be used with --resume: a resumed run keeps the settings it started with"},
		{"the data", []string{"--resume", "m.gob.resume", "--data", "other.csv"},
			"--data cannot be used with --resume: a resumed run keeps the settings it started with"},
		{"the model path", []string{"--resume", "m.gob.resume", "--model", "other.gob"},
			"--model cannot be used with --resume: a resumed run keeps the settings it started with"},
		{"the contrast augmentation", []string{"--resume", "m.gob.resume", "--augment-contrast", "0"},
			"--augment-contrast cannot be used with --resume: a resumed run keeps the settings it started with"},
		{"the ensemble", []string{"--resume", "m.gob.resume", "--ensemble", "2"},
			"--ensemble cannot be used with --resume: a resumed run keeps the settings it started with"},
		{"not a resume file", []string{"--resume", "m.gob"}, `--resume wants the MODEL.resume file an interrupted run leaves, got "m.gob"`},
		{"only the suffix", []string{"--resume", ".resume"}, `--resume wants the MODEL.resume file an interrupted run leaves, got ".resume"`},
		{"an empty name, as from an unset variable", []string{"--resume", ""}, `--resume wants the MODEL.resume file an interrupted run leaves, got ""`},
		{"a link named .resume to a file that is not", []string{"--resume", "lnk.gob.resume"}, `--resume wants the MODEL.resume file an interrupted run leaves, got "lnk.gob.resume", a link to "m.gob"`},
		{"negative checkpoint interval", []string{"--checkpoint-every", "-1"},
			"--checkpoint-every must be at least 0, got -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, "", append([]string{"train"}, tt.args...)...)
			if want := "rnnsent: " + tt.want + "\n"; got.code != exitUsage || got.stderr != want {
				t.Errorf("exit status %d, stderr %q; want %d and %q", got.code, got.stderr, exitUsage, want)
			}
		})
	}
}

func TestResumeRuntimeErrors(t *testing.T) {
	t.Chdir(t.TempDir())
	trainSmall(t, "--model", "done.gob")
	done, _ := os.ReadFile("done.gob")
	writeFile(t, "done.gob.resume", string(done))
	writeFile(t, "notes.gob.resume", "text,label\n")
	interruptSmall(t)
	writeFile(t, "dev.csv", reviews(binary, true)) // not a copy of train.csv, which is refused
	interruptSmall(t, "--model", "changed.gob", "--dev", "dev.csv")
	interruptSmall(t, "--model", "crafted.gob")
	editState(t, "crafted.gob.resume", func(st *train.State) { st.AdamV = st.AdamV[1:] })
	interruptSmall(t, "--model", "reseeded.gob")
	editState(t, "reseeded.gob.resume", func(st *train.State) { st.Options.Seed = 5 })
	writeFile(t, "train.png", reviews(binary, false))
	interruptSmall(t, "--model", "plotted.gob", "--data", "train.png")

	tests := []struct {
		name  string
		setup func()
		args  []string
		want  string
	}{
		{"no such file", nil, []string{"--resume", "none.gob.resume"},
			"none.gob.resume: no such file; an interrupted run leaves it beside its model"},
		{"a finished model", nil, []string{"--resume", "done.gob.resume"},
			"done.gob.resume: a finished model, not the state of an interrupted run"},
		{"not a checkpoint", nil, []string{"--resume", "notes.gob.resume"}, "notes.gob.resume: not the resume file of an interrupted run"},
		{"a fresh run over an interrupted one", nil, []string{"--data", "train.csv"},
			`model.gob.resume holds an interrupted run; go on with "rnnsent train --resume model.gob.resume", or delete it to start afresh`},
		// It trained, and replaced the interrupted run's best model.
		{"a fresh run over an interrupted one, through a link", func() { os.Symlink("model.gob", "link.gob") }, []string{"--data", "train.csv", "--model", "link.gob"},
			`model.gob.resume holds an interrupted run; go on with "rnnsent train --resume model.gob.resume", or delete it to start afresh`},
		{"a state that does not fit the model", nil, []string{"--resume", "crafted.gob.resume"},
			"crafted.gob.resume: cannot resume from this state: Adam's second moment: 9 tensors for 10 parameters"},
		{"a state of another ensemble member", nil, []string{"--resume", "reseeded.gob.resume"},
			"reseeded.gob.resume: cannot resume from this state: its training state has seed 5, member 1's is 1"},
		// It went on, then drew its plot over the data it had read.
		{"a plot over the data the resumed run reads", nil, []string{"--resume", "plotted.gob.resume", "--plot", "train.png"},
			"train.png is both read and written by the run"},
		{"the same through a link", func() { os.Symlink("train.png", "link.png") }, []string{"--resume", "plotted.gob.resume", "--plot", "link.png"},
			"link.png and train.png are the same file, which the run would both read and write"},
		{"the data moved", func() { os.Rename("train.csv", "moved.csv") }, []string{"--resume", "model.gob.resume"},
			"train.csv: no such file or directory"},
		{"the data changed", func() {
			os.Rename("moved.csv", "train.csv")
			writeFile(t, "dev.csv", reviews(binary, true)+"The film was fine.,1,template1\n")
		}, []string{"--resume", "changed.gob.resume"},
			"dev.csv has changed since the run began; a resumed run must read the same data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.setup != nil {
				tt.setup()
			}
			got := runCLI(t, "", append([]string{"train"}, tt.args...)...)
			if want := "rnnsent: " + tt.want + "\n"; got.code != exitError || got.stderr != want {
				t.Errorf("exit status %d, stderr %q; want %d and %q", got.code, got.stderr, exitError, want)
			}
		})
	}
}

func TestDivergingTrainingKeepsTheBestModel(t *testing.T) {
	t.Chdir(t.TempDir())
	// Products of weights near ±1e20 overflow float32, and +Inf meeting
	// -Inf makes NaN: a bag of words, with nothing to saturate, diverges on
	// its second batch. Where a saner rate diverges depends on rounding, so
	// to diverge after a best epoch the test raises the rate stored in an
	// interrupted run's state.
	trainSmall(t)
	trained, _ := os.ReadFile("model.gob")
	interruptSmall(t, "--model", "run.gob", "--arch", "bow")
	editState(t, "run.gob.resume", func(st *train.State) { st.Options.LR, st.Options.WeightDecay = 1e20, 0 })
	best, _ := os.ReadFile("run.gob")

	tests := []struct {
		name  string
		args  []string
		model string
		was   []byte
		want  *regexp.Regexp // the last line of stderr
	}{
		{"before the first epoch ends", []string{"--data", "train.csv", "--arch", "bow", "--lr", "1e20", "--weight-decay", "0", "--hidden", "4", "--embed-dim", "4"},
			"model.gob", trained, regexp.MustCompile(`^rnnsent: epoch 1, batch 2: the loss is not finite; try a lower learning rate$`)},
		{"after a best epoch", []string{"--resume", "run.gob.resume"}, "run.gob", best,
			regexp.MustCompile(`^rnnsent: epoch 2, batch \d+: the (loss|gradient) is not finite; try a lower learning rate; ` +
				`the best model so far \(epoch 1\) is in run\.gob$`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, "", append([]string{"train", "--quiet"}, tt.args...)...)
			lines := strings.Split(strings.TrimSuffix(got.stderr, "\n"), "\n")
			if got.code != exitError || !tt.want.MatchString(lines[len(lines)-1]) {
				t.Fatalf("exit status %d, stderr %q; want 1 and a last line matching %s", got.code, got.stderr, tt.want)
			}
			if after, _ := os.ReadFile(tt.model); !bytes.Equal(after, tt.was) {
				t.Errorf("%s changed", tt.model)
			}
			if _, err := predict.Load(tt.model); err != nil {
				t.Errorf("the best model does not load: %v", err)
			}
		})
	}
	if _, err := os.Stat("model.gob.resume"); !os.IsNotExist(err) {
		t.Errorf("a diverged run left a resume file (%v)", err)
	}
}
