package main

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// fileCase is a command run among files a user owns: before it, files and
// links are made; after it, the exit status and the last line of stderr
// must be as given, and every file that existed before must hold the same
// bytes (unless the case expects it to change).
type fileCase struct {
	name    string
	files   map[string]string // name → contents
	links   map[string]string // name → target
	modes   map[string]os.FileMode
	args    []string
	code    exitCode
	last    string   // a regular expression for stderr's last line; "" for none
	changed []string // files the command is meant to write
}

func runFileCase(t *testing.T, tc fileCase) result {
	t.Helper()
	t.Chdir(t.TempDir())
	for name, content := range tc.files {
		writeFile(t, name, content)
		if mode, ok := tc.modes[name]; ok {
			os.Chmod(name, mode)
		}
	}
	for name, target := range tc.links {
		if err := os.Symlink(target, name); err != nil {
			t.Fatal(err)
		}
	}
	before := map[string][]byte{}
	for name := range tc.files {
		before[name], _ = os.ReadFile(name)
	}
	got := runCLI(t, "", tc.args...)
	lines := strings.Split(strings.TrimSuffix(got.stderr, "\n"), "\n")
	last := lines[len(lines)-1]
	if got.code != tc.code || (tc.last != "" && !regexp.MustCompile(tc.last).MatchString(last)) {
		t.Errorf("exit status %d, stderr %q; want %d and a last line matching %s", got.code, got.stderr, tc.code, tc.last)
	}
	for _, name := range slices.Sorted(maps.Keys(before)) {
		if slices.Contains(tc.changed, name) {
			continue
		}
		now, err := os.ReadFile(name)
		if err != nil || string(now) != string(before[name]) {
			t.Errorf("%s changed (%v)", name, err)
		}
	}
	return got
}

// TestTrainNeverOverwritesWhatTheUserOwns covers the data-loss cases of the
// robustness docs: no output over an input or another output, no file that
// is not a model replaced without --force.
func TestTrainNeverOverwritesWhatTheUserOwns(t *testing.T) {
	data := reviews(binary, false)
	train := append([]string{"train"}, small...)
	tests := []fileCase{
		{name: "model over the data", files: map[string]string{"reviews.csv": data},
			args: append(train, "--data", "reviews.csv", "--model", "reviews.csv"), code: exitError,
			last: `^rnnsent: reviews.csv is both read and written by the run$`},
		{name: "model over the data by another spelling", files: map[string]string{"reviews.csv": data},
			args: append(train, "--data", "reviews.csv", "--model", "./reviews.csv"), code: exitError,
			last: `^rnnsent: \./reviews.csv and reviews.csv are the same file, which the run would both read and write$`},
		{name: "model over the dev file through a link", files: map[string]string{"train.csv": data, "dev.csv": data},
			links: map[string]string{"model.gob": "dev.csv"},
			args:  append(train, "--data", "train.csv", "--dev", "dev.csv", "--model", "model.gob"), code: exitError,
			last: `^rnnsent: model.gob and dev.csv are the same file, which the run would both read and write$`},
		{name: "resume file over the data", files: map[string]string{"m.resume": data},
			args: append(train, "--data", "m.resume", "--model", "m"), code: exitError,
			last: `^rnnsent: m.resume is both read and written by the run$`},
		{name: "plot over the model", files: map[string]string{"train.csv": data},
			args: append(train, "--data", "train.csv", "--model", "m.png", "--plot", "m.png"), code: exitUsage,
			last: `^rnnsent: --plot m.png is m.png, which the command reads or writes too$`},
		// The plot went where the run writes its resume file, which then
		// read as an interrupted run and kept the next run from starting.
		{name: "plot a link to the model's resume file", files: map[string]string{"train.csv": data},
			links: map[string]string{"p.png": "m.gob.resume"},
			args:  append(train, "--data", "train.csv", "--model", "m.gob", "--plot", "p.png", "--checkpoint-every", "1"), code: exitUsage,
			last: `^rnnsent: --plot p.png is m.gob.resume, which the command reads or writes too$`},
		// The plot went where the run's lock is, which the next run emptied and removed.
		{name: "plot a link to the model's lock file", files: map[string]string{"train.csv": data},
			links: map[string]string{"p.png": "m.gob.lock"},
			args:  append(train, "--data", "train.csv", "--model", "m.gob", "--plot", "p.png"), code: exitUsage,
			last: `^rnnsent: --plot p.png is m.gob.lock, which the command reads or writes too$`},
		// The plot replaced the model the run started from.
		{name: "plot over the model of --init", files: map[string]string{"train.csv": data, "start.png": "the model the run starts from\n"},
			args: append(train, "--data", "train.csv", "--init", "start.png", "--plot", "start.png"), code: exitUsage,
			last: `^rnnsent: --plot start.png is start.png, which the command reads or writes too$`},
		{name: "dev the same file as the data", files: map[string]string{"train.csv": data},
			args: append(train, "--data", "train.csv", "--dev", "./train.csv"), code: exitError,
			last: `^rnnsent: \./train.csv is both the training file and the validation file; validation must be on other rows$`},
		// It trained, validating on the rows it trained on.
		{name: "dev a copy of the data", files: map[string]string{"train.csv": data, "dev.csv": data},
			args: append(train, "--data", "train.csv", "--dev", "dev.csv"), code: exitError,
			last: `^rnnsent: dev.csv holds the same bytes as train.csv: its rows are the training rows; validation must be on other rows$`},
		{name: "a file that is not a model", files: map[string]string{"train.csv": data, "notes.txt": "my notes\n"},
			args: append(train, "--data", "train.csv", "--model", "notes.txt"), code: exitError,
			last: `^rnnsent: notes.txt exists and is not an rnnsent model; --force replaces it$`},
		{name: "a file that is not a model, with --force", files: map[string]string{"train.csv": data, "notes.txt": "my notes\n"},
			args: append(train, "--data", "train.csv", "--model", "notes.txt", "--force"), code: exitOK, changed: []string{"notes.txt"}},
		{name: "text and label the same column", files: map[string]string{"train.csv": data},
			args: append(train, "--data", "train.csv", "--text-col", "label"), code: exitUsage,
			last: `^rnnsent: --label-col must be a column name other than --text-col's, got "label"$`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { runFileCase(t, tc) })
	}
}

// TestTrainWritesThroughLinksAndKeepsModes replaces a model the way a
// user's setup has it: through a symbolic link, keeping its permissions.
func TestTrainWritesThroughLinksAndKeepsModes(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "train.csv", reviews(binary, false))
	trainSmall(t, "--model", "real.gob")
	os.Chmod("real.gob", 0o600)
	os.Mkdir("models", 0o755)
	os.Symlink("../real.gob", filepath.Join("models", "current.gob"))
	trainSmall(t, "--model", filepath.Join("models", "current.gob"), "--seed", "2")
	info, err := os.Lstat(filepath.Join("models", "current.gob"))
	if err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("models/current.gob is no longer a link (%v)", err)
	}
	real, err := os.Stat("real.gob")
	if err != nil || real.Mode().Perm() != 0o600 {
		t.Errorf("real.gob: mode %v (%v), want 0600 kept", real.Mode().Perm(), err)
	}
	if r := decodeModel(t, "real.gob").Record; r.Seed != 2 {
		t.Errorf("real.gob holds the run of seed %d, want the second run's", r.Seed)
	}
}

// TestHostileUseLeavesFilesAlone runs the in-process cases of the
// robustness docs that are not about where train writes: each exits as
// documented with its one line, and every file that was there before is
// byte for byte as it was. The signal, lock and named-pipe cases need the
// real binary: TestBinary runs them.
func TestHostileUseLeavesFilesAlone(t *testing.T) {
	data := reviews(binary, false)
	named := reviews(map[string]string{"negative": "negative", "positive": "positive"}, false)
	train := append([]string{"train"}, small...)
	tests := []fileCase{
		{name: "more memory than allowed", files: map[string]string{"train.csv": data},
			args: append(train, "--data", "train.csv", "--max-memory", "10M"), code: exitUsage,
			last: `^rnnsent: training needs about \d+ MiB of memory, more than the 10 MiB allowed; `},
		{name: "labels that differ only in case", files: map[string]string{"train.csv": data + "Fine.,NEGATIVE\nGood.,negative\n"},
			args: append(train, "--data", "train.csv"), code: exitError,
			last: `^rnnsent: train.csv: labels "NEGATIVE" and "negative" differ only in case; write each class one way$`},
		{name: "a missing --data", args: append(train, "--data", "nope.csv"), code: exitError,
			last: `^rnnsent: nope.csv: no such file or directory; --data names the training file$`},
		{name: "eval with names on a model of digits", files: map[string]string{"dev.csv": named},
			args: []string{"eval", "--data", "dev.csv"}, code: exitOK},
		{name: "an unknown label", files: map[string]string{"dev.csv": "text,label\nfine,2\n"},
			args: []string{"eval", "--data", "dev.csv"}, code: exitError,
			last: `^rnnsent: dev.csv:2: label "2" is not one the model knows \(0, 1; shown as negative, positive\)$`},
		{name: "a CSV header read as lines", files: map[string]string{"in.txt": "id,text\n1,Not bad!\n"},
			args: []string{"predict", "-i", "in.txt"}, code: exitOK,
			last: `^warning: in.txt:1 looks like a CSV header with a "text" column; --input-format csv reads it as CSV$`},
		{name: "an unknown shell", args: []string{"completion", "tcsh"}, code: exitUsage,
			last: `^rnnsent: rnnsent completes bash, zsh, fish and powershell, not "tcsh"$`},
		{name: "a plot over the data", files: map[string]string{"dev.png": data},
			args: []string{"eval", "--data", "dev.png", "--plot", "dev.png"}, code: exitUsage,
			last: `^rnnsent: --plot dev.png is dev.png, which the command reads or writes too$`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { runFileCase(t, tc) })
	}
}
