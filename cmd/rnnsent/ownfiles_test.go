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
		{name: "dev the same file as the data", files: map[string]string{"train.csv": data},
			args: append(train, "--data", "train.csv", "--dev", "./train.csv"), code: exitError,
			last: `^rnnsent: \./train.csv is both the training file and the validation file; validation must be on other rows$`},
		{name: "a file that is not a model", files: map[string]string{"train.csv": data, "notes.txt": "my notes\n"},
			args: append(train, "--data", "train.csv", "--model", "notes.txt"), code: exitError,
			last: `^rnnsent: notes.txt exists and is not an rnnsent model; --force replaces it$`},
		{name: "a file that is not a model, with --force", files: map[string]string{"train.csv": data, "notes.txt": "my notes\n"},
			args: append(train, "--data", "train.csv", "--model", "notes.txt", "--force"), code: exitOK, changed: []string{"notes.txt"}},
		{name: "text and label the same column", files: map[string]string{"train.csv": data},
			args: append(train, "--data", "train.csv", "--text-col", "label"), code: exitUsage,
			last: `^rnnsent: --text-col and --label-col both name "label"; the text and the label are different columns$`},
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
