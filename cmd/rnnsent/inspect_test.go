package main

import (
	"context"
	"encoding/json"
	"image/png"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestInspectGatesOfTheBuiltinModel(t *testing.T) {
	t.Chdir(t.TempDir())
	text := runCLI(t, "", "inspect", "gates", "Not bad!")
	if text.code != exitOK || text.stderr != builtinNote+"\n" {
		t.Fatalf("exit status %d, stderr %q; want the built-in model's note", text.code, text.stderr)
	}
	for _, want := range []string{"model  built-in SST-2 model (lstm)\n", "token  input  forget  output\n", "\nnot    0.", "\nbad    0.", "\n!      0."} {
		if !strings.Contains(text.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, text.stdout)
		}
	}

	got := runCLI(t, "", "inspect", "gates", "--json", "--plot", "gates.png", "Not bad!")
	var out struct {
		Model, Cell string
		Tokens      []string
		Means       map[string][]float64
	}
	if err := json.Unmarshal([]byte(got.stdout), &out); err != nil || got.code != exitOK {
		t.Fatalf("exit status %d, stdout not JSON (%v): %s", got.code, err, got.stdout)
	}
	if out.Cell != "lstm" || !slices.Equal(out.Tokens, []string{"not", "bad", "!"}) || len(out.Means) != 3 {
		t.Errorf("JSON %s: want the LSTM's three gates over not, bad, !", got.stdout)
	}
	for gate, means := range out.Means {
		if len(means) != 3 || slices.ContainsFunc(means, func(v float64) bool { return !(v > 0 && v < 1) }) {
			t.Errorf("gate %s: means %v, want 3 in (0, 1)", gate, means)
		}
	}
	checkPNGFile(t, "gates.png")
}

func TestInspectGradientsOfTheBuiltinModel(t *testing.T) {
	t.Chdir(t.TempDir())
	text := runCLI(t, "", "inspect", "gradients", "Not bad!")
	for _, want := range []string{"token  distance  gradient (c)  gradient (h)\n", "\nnot    2   ", "\n!      0         1             1\n"} {
		if text.code != exitOK || !strings.Contains(text.stdout, want) {
			t.Errorf("exit status %d, output lacks %q:\n%s", text.code, want, text.stdout)
		}
	}
	got := runCLI(t, "", "inspect", "gradients", "--json", "--plot", "gradients.png", "Not bad!")
	var out struct {
		Cell, State string
		Tokens      []string
		Norms       []float64
		HiddenNorms []float64 `json:"hidden_norms"`
	}
	if err := json.Unmarshal([]byte(got.stdout), &out); err != nil || got.code != exitOK {
		t.Fatalf("exit status %d, stdout not JSON (%v): %s", got.code, err, got.stdout)
	}
	if out.State != "c" || len(out.Norms) != 3 || out.Norms[0] != 1 || len(out.HiddenNorms) != 3 {
		t.Errorf("JSON %s: want the norms of c and h at distances 0 to 2, from 1", got.stdout)
	}
	checkPNGFile(t, "gradients.png")
}

// TestInspectGradientsOfTheSyntheticTask runs the experiment at a short
// distance, where it takes a moment.
func TestInspectGradientsOfTheSyntheticTask(t *testing.T) {
	t.Chdir(t.TempDir())
	got := runCLI(t, "", "inspect", "gradients", "--json", "--distance", "2", "--cell", "rnn,lstm", "--plot", "norms.png")
	lines := strings.Split(strings.TrimSpace(got.stdout), "\n")
	if got.code != exitOK || len(lines) != 2 {
		t.Fatalf("exit status %d, stderr %q, want a line per cell:\n%s", got.code, got.stderr, got.stdout)
	}
	for i, cell := range []string{"rnn", "lstm"} {
		var out struct {
			Cell, State  string
			Distance     int
			Accuracy     *float64
			Norms        []float64
			InitialNorms []float64 `json:"initial_norms"`
			HiddenNorms  []float64 `json:"hidden_norms"`
		}
		if err := json.Unmarshal([]byte(lines[i]), &out); err != nil {
			t.Fatalf("line %d is not JSON: %v", i+1, err)
		}
		if out.Cell != cell || out.Distance != 2 || out.Accuracy == nil || len(out.Norms) != 3 || out.Norms[0] != 1 ||
			len(out.InitialNorms) != 3 || (cell == "lstm") != (out.HiddenNorms != nil) {
			t.Errorf("line %d: %s; want %s at distance 2 with accuracy and 3 norms before and after", i+1, lines[i], cell)
		}
	}
	checkPNGFile(t, "norms.png")

	text := runCLI(t, "", "inspect", "gradients", "--distance", "2", "--cell", "gru")
	if text.code != exitOK || !strings.Contains(text.stdout, "cell  state  accuracy  d=1") || !strings.Contains(text.stdout, "\ngru   h      ") {
		t.Errorf("exit status %d, output:\n%s", text.code, text.stdout)
	}
}

func TestInspectRefusesBadInput(t *testing.T) {
	t.Chdir(t.TempDir())
	trainSmall(t, "--arch", "bow", "--model", "bow.gob")
	trainSmall(t, "--cell", "rnn", "--model", "rnn.gob")
	for _, tt := range []struct {
		name string
		args []string
		code exitCode
		want string
	}{
		{"unknown cell", []string{"gradients", "--cell", "rnn,cnn"}, exitUsage, `rnnsent: --cell must be lstm, gru or rnn, got "cnn"`},
		{"a cell twice", []string{"gradients", "--cell", "gru,gru"}, exitUsage, `rnnsent: --cell must be each cell once, got "gru,gru"`},
		{"no distance", []string{"gradients", "--distance", "0"}, exitUsage, "rnnsent: --distance must be between 1 and 1000, got 0"},
		{"a distance too long to hold in memory", []string{"gradients", "--distance", "9223372036854775807"}, exitUsage, "rnnsent: --distance must be between 1 and 1000, got 9223372036854775807"},
		{"a model without a text", []string{"gradients", "--model", "bow.gob"}, exitUsage, "rnnsent: --model needs a TEXT to measure the model on"},
		{"a text with a task flag", []string{"gradients", "--seed", "2", "Not bad!"}, exitUsage, "rnnsent: --seed sets up the synthetic task, which a TEXT replaces"},
		{"gradients of an empty text", []string{"gradients", ""}, exitUsage, "rnnsent: the TEXT is empty: give words for the model to read"},
		{"gates of a blank text", []string{"gates", "  "}, exitUsage, "rnnsent: the TEXT is empty: give words for the model to read"},
		{"gates without a text", []string{"gates"}, exitUsage, "rnnsent: rnnsent inspect gates needs a TEXT to read"},
		{"gates of two texts", []string{"gates", "Not bad!", "Good."}, exitUsage, "rnnsent: rnnsent inspect gates takes one TEXT, got 2"},
		{"a plot that is no PNG", []string{"gates", "--plot", "gates.jpg", "Not bad!"}, exitUsage, `rnnsent: --plot must name a .png file, got "gates.jpg"`},
		{"an unknown subcommand", []string{"weights"}, exitUsage, `rnnsent: unknown command "weights" for rnnsent inspect; choose gradients or gates`},
		{"gates of a bag of words", []string{"gates", "--model", "bow.gob", "Not bad!"}, exitError, "rnnsent: bow.gob: a bag-of-words model has no gates"},
		{"gradients of a bag of words", []string{"gradients", "--model", "bow.gob", "Not bad!"}, exitError, "rnnsent: bow.gob: a bag-of-words model has no hidden states"},
		{"gates of a simple rnn", []string{"gates", "--model", "rnn.gob", "Not bad!"}, exitError, "rnnsent: rnn.gob: a simple RNN has no gates"},
		{"no such model", []string{"gates", "--model", "none.gob", "Not bad!"}, exitError, "rnnsent: none.gob: no such file"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, "", append([]string{"inspect"}, tt.args...)...)
			if got.code != tt.code || !strings.HasPrefix(got.stderr, tt.want) || strings.Count(got.stderr, "\n") != 1 || got.stdout != "" {
				t.Errorf("exit status %d, stdout %q, stderr %q; want status %d and one line starting %q", got.code, got.stdout, got.stderr, tt.code, tt.want)
			}
		})
	}
}

func TestInspectGradientsStopsWhenInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	got := runCLIContext(t, ctx, "", "inspect", "gradients", "--cell", "lstm")
	if got.code != exitError || got.stderr != "rnnsent: interrupted while training the lstm\n" || got.stdout != "" {
		t.Errorf("exit status %d, stdout %q, stderr %q; want status 1 and the interruption", got.code, got.stdout, got.stderr)
	}
}

func checkPNGFile(t *testing.T, name string) {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := png.DecodeConfig(f); err != nil {
		t.Errorf("%s is not a PNG: %v", name, err)
	}
}
