package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/rnnsent/rnnsent/internal/fsfault"
	"github.com/rnnsent/rnnsent/internal/predict"
)

// hostileBase is the binary fixture: a header and 60 rows, the first
// "The film was dull.,0" on line 2.
var hostileBase = reviews(binary, false)

// editRows returns the fixture with line n (from 1) replaced by row; several
// lines may be given as n, row, n, row...
func editRows(pairs ...any) string {
	lines := strings.Split(hostileBase, "\n")
	for i := 0; i < len(pairs); i += 2 {
		lines[pairs[i].(int)-1] = pairs[i+1].(string)
	}
	return strings.Join(lines, "\n")
}

func gzipped(s string) string {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write([]byte(s))
	w.Close()
	return buf.String()
}

// summary is the first line train prints for 54 training and 6 validation
// rows of the fixture with the given tokens, vocabulary and parameters.
func summary(tokens, vocab, params int) string {
	return fmt.Sprintf("54 training examples (%d tokens), 6 validation, 2 classes (negative, positive), vocabulary %d, %d parameters\n",
		tokens, vocab, params)
}

// TestHostileInput runs train and eval on every kind of damaged or odd file
// the robustness docs list, checking the exact outcome: a documented result,
// or one error line naming the file (and line) with exit status 1. A panic
// would show as "internal error" on stderr instead.
func TestHostileInput(t *testing.T) {
	t.Chdir(t.TempDir())
	// One review of 10 MB among the others; max-len keeps its last 200 tokens.
	long := strings.Repeat("so very good ", 800_000) + "but in the end awful"
	gz := gzipped(strings.Repeat(hostileBase, 30))
	normal := summary(270, 19, 250)
	tests := []struct {
		name   string
		file   string
		data   string
		args   []string // after the command and --data FILE
		code   exitCode
		stderr string
	}{
		{"invalid UTF-8 in a text reads as U+FFFD", "h.csv", editRows(2, "The \xff\xfe film was dull.,0"), nil, exitOK, summary(272, 20, 254)},
		{"NUL byte in a text is dropped", "h.csv", editRows(2, "The \x00film was dull.,0"), nil, exitOK, normal},
		{"NUL byte in the header", "h.csv", "te\x00xt,label\n" + editRows(1, "")[1:], nil, exitError,
			"rnnsent: h.csv: not a CSV text file (the first line holds binary data)\n"},
		{"byte-order mark", "h.csv", "\ufeff" + hostileBase, nil, exitOK, normal},
		{"CRLF line ends", "h.csv", strings.ReplaceAll(hostileBase, "\n", "\r\n"), nil, exitOK, normal},
		{"a review of 10 MB", "h.csv", editRows(2, long+",0"), nil, exitOK, summary(465, 25, 274)},
		{"a row with an extra field", "h.csv", editRows(3, "The film was awful.,0,extra"), nil, exitError,
			"rnnsent: h.csv:3: row has 3 fields, the header has 2\n"},
		{"a row missing a field", "h.csv", editRows(3, "The film was awful."), nil, exitError,
			"rnnsent: h.csv:3: row has 1 field, the header has 2\n"},
		{"an empty text", "h.csv", editRows(4, `"  ",0`), nil, exitError, "rnnsent: h.csv:4: empty text\n"},
		{"an empty label", "h.csv", editRows(4, "The film was boring., "), nil, exitError, "rnnsent: h.csv:4: empty label\n"},
		// The model trained, and its class's name reached the terminal.
		{"an escape sequence in a label", "h.csv", editRows(4, "The film was boring.,\"0\x1b]0;pwned\x07\""), nil, exitError,
			`rnnsent: h.csv:4: label "0\x1b]0;pwned\a" holds a control character; a class's name is printable text on one line` + "\n"},
		{"labels with surrounding spaces are trimmed", "h.csv", strings.ReplaceAll(hostileBase, ",1\n", ", 1 \n"), nil, exitOK, normal},
		{"duplicate header names", "h.csv", editRows(1, "text,label,text"), nil, exitError,
			`rnnsent: h.csv:1: duplicate column "text" in the header` + "\n"},
		{"a truncated gzip file", "h.csv.gz", gz[:len(gz)/2], nil, exitError,
			"rnnsent: h.csv.gz: truncated gzip data after the row on line 47\n"},
		{"a gzip file whole", "h.csv.gz", gzipped(hostileBase), nil, exitOK, normal},
		{"not CSV at all: a PNG", "h.png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", nil, exitError,
			"rnnsent: h.png: not a CSV text file (the first line holds binary data)\n"},
		{"not CSV at all: prose", "h.txt", "It was a dark and stormy night; the rain fell in torrents.\n", nil, exitError,
			`rnnsent: h.txt: no column "text" in the header (columns: It was a dark and stormy night; the rain...)` + "\n"},
		{"UTF-16 text", "h.csv", "\xff\xfet\x00e\x00x\x00t\x00", nil, exitError, "rnnsent: h.csv: the file is UTF-16 text; save it as UTF-8\n"},
		{"an empty file", "h.csv", "", nil, exitError, `rnnsent: h.csv: empty file, expected a header line with a "text" column` + "\n"},
		{"a quote left open", "h.csv", editRows(3, `"The film was awful.,0`), []string{"--skip-bad-rows"}, exitError,
			`rnnsent: h.csv:3: quoted field is not closed properly (each " inside quotes must be doubled); it runs on to line 61` + "\n"},
		{"bad rows skipped", "h.csv", editRows(3, "The film was awful.,0,extra", 5, "The film", 9, ",1"), []string{"--skip-bad-rows"}, exitOK,
			"h.csv: skipped 3 bad rows, on lines 3, 5 and 9\n" +
				"51 training examples (255 tokens), 6 validation, 2 classes (negative, positive), vocabulary 19, 250 parameters\n"},
		{"bad rows skipped, many", "h.csv", editRows(3, "x,0,1", 4, "x", 5, "x", 6, "x", 7, "x", 8, "x", 12, " ,1"), []string{"--skip-bad-rows"}, exitOK,
			"h.csv: skipped 7 bad rows, on lines 3, 4, 5, 6, 7 and 2 more\n" +
				"48 training examples (240 tokens), 5 validation, 2 classes (negative, positive), vocabulary 19, 250 parameters\n"},
		{"a bad row skipped in the dev file", "h.csv", hostileBase, []string{"--skip-bad-rows", "--dev", "dev.csv"}, exitOK,
			"dev.csv: skipped 1 bad row, on line 2\n" +
				"60 training examples (300 tokens), 59 validation, 2 classes (negative, positive), vocabulary 19, 250 parameters\n"},
		{"skipping keeps a broken file fatal", "h.csv.gz", gz[:len(gz)/2], []string{"--skip-bad-rows"}, exitError,
			"rnnsent: h.csv.gz: truncated gzip data after the row on line 47\n"},
	}
	writeFile(t, "dev.csv", editRows(2, "only one field"))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			writeFile(t, tt.file, tt.data)
			// No contrast examples: the summary lines count the file's rows
			// alone; no n-gram table, whose rows would be most of the
			// parameters they count.
			args := append([]string{"train", "--data", tt.file, "--model", "h.gob", "--epochs", "1", "--augment-contrast", "0", "--hidden", "4",
				"--embed-dim", "4", "--subword-buckets", "0", "--quiet"}, tt.args...)
			got := runCLI(t, "", args...)
			if got.code != tt.code || got.stderr != tt.stderr {
				t.Errorf("exit status %d, stderr\n%q\nwant %d and\n%q", got.code, got.stderr, tt.code, tt.stderr)
			}
			os.Remove("h.gob")
		})
	}
}

func TestEvalSkipsBadRows(t *testing.T) {
	t.Chdir(t.TempDir())
	trainSmall(t)
	writeFile(t, "dev.csv", editRows(3, "The film was awful.,0,extra"))
	writeFile(t, "allbad.csv", "text,label\n,1\nThe film was awful.,0,extra\n")
	tests := []struct {
		name   string
		args   []string
		code   exitCode
		stderr string
	}{
		{"stops at a bad row", nil, exitError, builtinNote + "\nrnnsent: dev.csv:3: row has 3 fields, the header has 2\n"},
		{"skips it when asked", []string{"--skip-bad-rows"}, exitOK, builtinNote + "\ndev.csv: skipped 1 bad row, on line 3\n"},
		// Told as "no rows after the header", without the rows it skipped.
		{"every row bad", []string{"--skip-bad-rows", "--data", "allbad.csv"}, exitError,
			builtinNote + "\nrnnsent: allbad.csv: skipped 2 bad rows, on lines 2 and 3; no row is left\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, "", append([]string{"eval", "--data", "dev.csv", "--json"}, tt.args...)...)
			if got.code != tt.code || got.stderr != tt.stderr {
				t.Errorf("exit status %d, stderr %q; want %d and %q", got.code, got.stderr, tt.code, tt.stderr)
			}
			if tt.code == exitOK && !strings.Contains(got.stdout, `"n":59,`) {
				t.Errorf("stdout %s, want 59 texts scored", got.stdout)
			}
		})
	}
}

// TestTerminalStdin checks the commands when standard input is a terminal:
// those that read texts from it say so, so that a silent wait is not taken
// for a hang (predict has its own test); train and eval never read it.
func TestTerminalStdin(t *testing.T) {
	t.Chdir(t.TempDir())
	trainSmall(t)
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"tokenize", []string{"tokenize"}, stdinHint + "\n"},
		{"eval", []string{"eval", "--data", "train.csv"}, builtinNote + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut syncBuffer
			ios := &IOStreams{In: strings.NewReader("Not bad!\n"), Out: &out, ErrOut: &errOut, InTTY: true}
			if code := run(t.Context(), tt.args, ios); code != exitOK || errOut.String() != tt.stderr {
				t.Errorf("exit status %d, stderr %q; want 0 and %q", code, errOut.String(), tt.stderr)
			}
		})
	}
}

// TestUnwritableModelFailsBeforeTraining checks that an output that cannot be
// written stops train before it reads any data, and that a model already
// there is left as it was.
func TestUnwritableModelFailsBeforeTraining(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.Mkdir("ro", 0o755); err != nil {
		t.Fatal(err)
	}
	trainSmall(t, "--model", "ro/model.gob")
	before, _ := os.ReadFile("ro/model.gob")
	os.Chmod("ro", 0o555)
	t.Cleanup(func() { os.Chmod("ro", 0o755) })
	tests := []struct {
		name, model, want string
		needsNonRoot      bool // root writes into read-only directories
	}{
		{"a device", os.DevNull, "cannot write " + os.DevNull + ": it is not a regular file", false},
		{"a directory", "ro", "cannot write ro: it is a directory", false},
		{"a read-only directory", "ro/model.gob", `cannot write ro/model.gob: permission denied in directory "ro"`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.needsNonRoot && os.Geteuid() == 0 {
				t.Skip("permissions are not enforced for root")
			}
			got := runCLI(t, "", "train", "--data", "missing.csv", "--model", tt.model)
			if want := "rnnsent: " + tt.want + "\n"; got.code != exitError || got.stderr != want {
				t.Errorf("exit status %d, stderr %q; want 1 and %q", got.code, got.stderr, want)
			}
			if after, _ := os.ReadFile("ro/model.gob"); !bytes.Equal(after, before) {
				t.Error("ro/model.gob changed")
			}
		})
	}
}

// TestFailuresAfterTheModelIsSavedSaySo makes what train writes after the
// model fail: the message said only "cannot write plots/p.png: ...", as if
// the model were lost too.
func TestFailuresAfterTheModelIsSavedSaySo(t *testing.T) {
	tests := []struct {
		name string
		args []string
		out  io.Writer
		want string // after "the model is saved in model.gob, but "
	}{
		{"the plot's folder replaced by a file", []string{"--plot", "plots/p.png"}, &syncBuffer{}, `cannot write plots/p.png: "plots" is not a directory`},
		{"stdout on a full disk", nil, fullWriter{}, "write /dev/stdout: no space left on device"},
		{"--json on a full disk", []string{"--json"}, fullWriter{}, "write /dev/stdout: no space left on device"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			writeFile(t, "train.csv", hostileBase)
			if err := os.Mkdir("plots", 0o755); err != nil {
				t.Fatal(err)
			}
			// Once training has begun, past the checks of --plot.
			errOut := &matchWriter{match: "training examples", then: func() {
				os.Remove("plots")
				os.WriteFile("plots", nil, 0o644)
			}}
			args := append(append([]string{"train", "--data", "train.csv"}, small...), tt.args...)
			code := run(context.Background(), args, &IOStreams{In: strings.NewReader(""), Out: tt.out, ErrOut: errOut})
			lines := strings.Split(strings.TrimSuffix(errOut.String(), "\n"), "\n")
			if want := "rnnsent: the model is saved in model.gob, but " + tt.want; code != exitError || lines[len(lines)-1] != want {
				t.Errorf("exit status %d, stderr %q; want 1 and a last line %q", code, errOut.String(), want)
			}
			if _, err := predict.Load("model.gob"); err != nil {
				t.Errorf("the model does not load: %v", err)
			}
		})
	}
}

// TestAFailedSaveSaysWhereTheBestModelIs fails the model's writes once the
// last epoch has ended, as a full disk would: the save that records the
// epochs run said only "cannot write model.gob: ...", though the best
// epoch's model was on disk, whole.
func TestAFailedSaveSaysWhereTheBestModelIs(t *testing.T) {
	tests := []struct {
		name, match string
		want        *regexp.Regexp
	}{
		{"the save after the last epoch", "epoch 2/2",
			regexp.MustCompile(`^rnnsent: cannot write model\.gob: file too large; the best model so far \(epoch [12]\) is in model\.gob$`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			writeFile(t, "train.csv", hostileBase)
			restore := func() {}
			errOut := &matchWriter{match: tt.match, then: func() { restore = fsfault.LimitFileSize(t, 4<<20) }}
			// 16,384 subword rows of 256 make a model of 17 MB, over the limit.
			args := []string{"train", "--data", "train.csv", "--epochs", "2", "--patience", "0", "--hidden", "8", "--embed-dim", "256"}
			code := run(context.Background(), args, &IOStreams{In: strings.NewReader(""), Out: &syncBuffer{}, ErrOut: errOut})
			restore()
			lines := strings.Split(strings.TrimSuffix(errOut.String(), "\n"), "\n")
			if code != exitError || !tt.want.MatchString(lines[len(lines)-1]) {
				t.Fatalf("exit status %d, stderr %q; want 1 and a last line matching %s", code, errOut.String(), tt.want)
			}
			if _, err := predict.Load("model.gob"); err != nil {
				t.Errorf("the best model does not load: %v", err)
			}
		})
	}
}

func TestPredictTakesATenMegabyteLine(t *testing.T) {
	t.Chdir(t.TempDir())
	trainSmall(t)
	long := strings.Repeat("so very good ", 800_000) + "but in the end awful"
	got := runCLI(t, "Not bad!\n"+long+"\n", "predict", "--model", "model.gob")
	lines := strings.Split(strings.TrimSuffix(got.stdout, "\n"), "\n")
	if got.code != exitOK || got.stderr != "" || len(lines) != 2 || !strings.HasSuffix(lines[1], "but in the end awful") {
		t.Errorf("exit status %d, stderr %q, %d lines; want 0, nothing and two answers", got.code, got.stderr, len(lines))
	}
}

func TestHelpDocumentsExitStatus(t *testing.T) {
	got := runCLI(t, "", "--help")
	want := "Exit status:\n  0  success\n  1  failure at run time: "
	if got.code != exitOK || !strings.Contains(got.stdout, want) || !strings.Contains(got.stdout, "\n  2  wrong usage: ") {
		t.Errorf("rnnsent --help does not list the exit statuses:\n%s", got.stdout)
	}
}

// TestFileNamesReachTheTerminalEscaped: a file's name is printed in lines
// besides the error line (saved, evaluate it with, the reports' headers,
// the skipped rows), where an escape sequence in it reached the terminal
// raw, able to retitle or clear it.
func TestFileNamesReachTheTerminalEscaped(t *testing.T) {
	t.Chdir(t.TempDir())
	data, clean, model := "re\x1b]0;x\x07views.csv", "cl\x1b[2Jean.csv", "m\x1b[2J.gob"
	writeFile(t, data, reviews(binary, true)+"a,row,with,too many fields\n")
	writeFile(t, clean, reviews(binary, false))
	for _, args := range [][]string{
		append([]string{"train", "--data", data, "--model", model, "--init", "none", "--skip-bad-rows"}, small...),
		{"eval", "--model", model, "--data", data, "--skip-bad-rows"},
		{"tokenize", "--data", clean},
		{"check", "--model", model},
	} {
		t.Run(args[0], func(t *testing.T) {
			r := runCLI(t, "", args...)
			if r.code != exitOK {
				t.Fatalf("exit status %d, stderr %q", r.code, r.stderr)
			}
			if out := r.stdout + r.stderr; strings.ContainsAny(out, "\x1b\x07") {
				t.Errorf("a control character reached the output:\n%q", out)
			}
		})
	}
}
